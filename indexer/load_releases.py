"""Turn one release content file (plus its editorial file, if any) into a ReleaseRecord."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from indexer.frontmatter import Document
from indexer.load_common import read_sources, read_vehicles
from indexer.records import Change, ReleaseRecord
from indexer.validation import ContentError, FieldReader
from portal.versions import version_key
from portal.vocab import CATEGORIES, CHANGE_KINDS

RELEASE_FIELDS = (
    "make", "version", "title", "date", "date_estimated", "markets", "models", "point_versions",
    "category", "category_reason", "filing_number", "remedies", "features", "changes", "summary", "sources",
)
EDITORIAL_RELEASE_FIELDS = ("summary", "changes", "category", "category_reason", "remedies")


def read_release(path: Path, doc: Document, folder_make: str, errors: list[ContentError]) -> ReleaseRecord | None:
    before = len(errors)
    reader = FieldReader(str(path), doc.meta, errors)
    make = reader.slug("make") or ""
    version = reader.version("version", required=True) or ""
    if make and make != folder_make:
        reader.error("make", f"is {make!r} but the file is in releases/{folder_make}/")
    if version and path.stem != version:
        reader.error("version", f"must match the file name {path.stem!r} (got {version!r})")
    markets = [str(m) for m in reader.list_of("markets")]
    for index, market in enumerate(markets):
        reader.child("markets", {index: market}).market(index)
    record = ReleaseRecord(
        make=make,
        version=version,
        title=reader.bilingual("title"),
        markets=markets,
        models=read_vehicles(reader, "models"),
        point_versions=_read_point_versions(reader, version),
        category=reader.choice("category", CATEGORIES) or "",
        category_reason=reader.text("category_reason"),
        sources=read_sources(reader),
        path=str(path),
        date=reader.date("date"),
        date_estimated=reader.boolean("date_estimated"),
        filing_number=reader.text("filing_number", required=False) or None,
        remedies=[str(r) for r in reader.list_of("remedies")],
        features=[str(f) for f in reader.list_of("features")],
        changes=read_changes(reader),
        summary=reader.bilingual("summary", required=False) if doc.meta.get("summary") else {"en": "", "zh": ""},
        body_en=doc.body_en,
        body_zh=doc.body_zh,
    )
    reader.unknown_fields(RELEASE_FIELDS)
    return record if len(errors) == before else None


def _read_point_versions(reader: FieldReader, family: str) -> list[tuple[str, float | None]]:
    points: dict[str, float | None] = {}
    for index, item in enumerate(reader.list_of("point_versions")):
        sub = reader.child(f"point_versions[{index}]", item if isinstance(item, dict) else {"version": item})
        version = sub.version("version", required=True)
        share = item.get("fleet_share_pct") if isinstance(item, dict) else None
        if share is not None and not isinstance(share, (int, float)):
            sub.error("fleet_share_pct", f"must be a number (got {share!r})")
            share = None
        if version:
            if version in points:
                sub.error("version", f"{version} is listed twice")
            points[version] = float(share) if share is not None else None
    if family and family not in points:
        points[family] = None  # the release's own version is installable too
    return sorted(points.items(), key=lambda item: version_key(item[0]))


def read_changes(reader: FieldReader) -> list[Change]:
    changes = []
    for index, item in enumerate(reader.list_of("changes")):
        sub = reader.child(f"changes[{index}]", item if isinstance(item, dict) else {})
        if not isinstance(item, dict):
            sub.error(None, "must be a mapping {kind, en, zh}")
            continue
        kind = sub.choice("kind", CHANGE_KINDS)
        en, zh = sub.text("en"), sub.text("zh")
        sub.unknown_fields(("kind", "en", "zh"))
        if kind and en and zh:
            changes.append(Change(kind, en, zh))
    return changes


def apply_release_editorial(record: ReleaseRecord, path: Path, data: Any, errors: list[ContentError]) -> None:
    """Merge own-words summary, change list and a reviewed category onto an imported release."""
    if not isinstance(data, dict):
        errors.append(ContentError(str(path), None, "must be a YAML mapping"))
        return
    reader = FieldReader(str(path), data, errors)
    if "summary" in data:
        record.summary = reader.bilingual("summary")
    if "changes" in data:
        record.changes = read_changes(reader)
    if "category" in data:
        record.category = reader.choice("category", CATEGORIES) or record.category
        record.category_reason = reader.text("category_reason")
        record.category_assigned = "editorial"
    record.remedies = sorted(set(record.remedies) | {str(r) for r in reader.list_of("remedies")})
    reader.unknown_fields(EDITORIAL_RELEASE_FIELDS)
