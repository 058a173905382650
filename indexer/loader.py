"""Load and validate the whole ``content/`` folder into a ContentBundle.

Every file is read and every error collected before anything is written, so a
person sees all problems at once and a broken folder never reaches the
database. Cross-record rules (unknown makes, dangling links, fleet versions
that no release has) are checked by :mod:`indexer.linking`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import yaml

from indexer import frontmatter
from indexer.linking import link_bundle
from indexer.load_fleet import read_fleet
from indexer.load_ledger import read_ledger
from indexer.load_recall_texts import apply_collection_editorial
from indexer.load_recalls import apply_recall_editorial, read_recall
from indexer.load_releases import apply_release_editorial, read_release
from indexer.load_software import apply_software_editorial
from indexer.records import ContentBundle, MakeRecord
from indexer.validation import ContentError, ContentValidationError, FieldReader
from portal.yaml_text import safe_load

Progress = Callable[[str, int, int], None]


def _quiet(_label: str, _done: int, _total: int) -> None:
    pass


def load_content(content_dir: Path, progress: Progress = _quiet) -> ContentBundle:
    content_dir = Path(content_dir)
    if not content_dir.is_dir():
        raise ContentValidationError([ContentError(str(content_dir), None, "content folder does not exist")])
    errors: list[ContentError] = []
    makes = _read_makes(content_dir / "makes.yaml", errors)
    recalls = {}
    seen_ids: dict[str, Path] = {}
    recall_files = sorted((content_dir / "recalls").glob("*/*.md"))
    for done, path in enumerate(recall_files, start=1):
        doc = _parse(path, errors)
        if doc is not None:
            recall_id = str(doc.meta.get("id", path.stem))
            if recall_id in seen_ids:
                errors.append(ContentError(str(path), "id", f"duplicate id {recall_id} (also in {seen_ids[recall_id]})"))
                continue
            seen_ids[recall_id] = path
            record = read_recall(path, doc, path.parent.name, errors)
            if record:
                recalls[record.id] = record
        progress("recalls", done, len(recall_files))
    releases = {}
    release_files = sorted((content_dir / "releases").glob("*/*.md"))
    for done, path in enumerate(release_files, start=1):
        doc = _parse(path, errors)
        record = read_release(path, doc, path.parent.name, errors) if doc is not None else None
        if record:
            if record.key in releases:
                errors.append(ContentError(str(path), "version", f"duplicate release {record.make} {record.version}"))
            else:
                releases[record.key] = record
        progress("releases", done, len(release_files))
    _apply_editorial(content_dir / "editorial", recalls, releases, errors)
    apply_software_editorial(content_dir / "editorial", recalls, errors, _read_yaml)
    vehicles, installs = read_fleet(content_dir / "fleet", errors)
    ledger = read_ledger(content_dir / "import_ledger.yaml", _read_yaml, errors)
    for row in ledger:
        if row.make not in makes:
            errors.append(ContentError(str(content_dir / "import_ledger.yaml"), "make", f"unknown make {row.make}"))
    bundle = ContentBundle(makes, recalls, releases, vehicles, installs, ledger=ledger)
    if not errors:
        link_bundle(bundle, errors)
    if errors:
        raise ContentValidationError(errors)
    return bundle


def _parse(path: Path, errors: list[ContentError]) -> frontmatter.Document | None:
    try:
        return frontmatter.read(path)
    except frontmatter.FrontMatterError as exc:
        errors.append(ContentError(exc.path, None, f"{exc.message}" + (f" (line {exc.line})" if exc.line else "")))
        return None


def _read_yaml(path: Path, errors: list[ContentError]):
    try:
        return safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark is not None else ""
        errors.append(ContentError(str(path), None, f"not valid YAML{where}: {getattr(exc, 'problem', exc)}"))
        return None


def _read_makes(path: Path, errors: list[ContentError]) -> dict[str, MakeRecord]:
    makes: dict[str, MakeRecord] = {}
    if not path.exists():
        errors.append(ContentError(str(path), None, "is missing: every make used must be listed there"))
        return makes
    data = _read_yaml(path, errors)
    if not isinstance(data, list):
        if data is not None:
            errors.append(ContentError(str(path), None, "must be a list of makes"))
        return makes
    for index, item in enumerate(data):
        reader = FieldReader(str(path), item if isinstance(item, dict) else {}, errors, f"[{index}].")
        slug, en, zh = reader.slug("slug"), reader.text("en"), reader.text("zh")
        models = item.get("models") or {} if isinstance(item, dict) else {}
        reader.unknown_fields(("slug", "en", "zh", "models"))
        if slug in makes:
            reader.error("slug", f"duplicate make {slug}")
        elif slug:
            makes[slug] = MakeRecord(slug, en, zh, {str(k): str(v) for k, v in models.items()})
    return makes


def _apply_editorial(folder: Path, recalls: dict, releases: dict, errors: list[ContentError]) -> None:
    for path in sorted((folder / "recalls").glob("*.yaml")):
        data = _read_yaml(path, errors)
        if path.stem not in recalls:
            errors.append(ContentError(str(path), None, f"no recall with id {path.stem} exists in content/recalls/"))
        elif data is not None:
            apply_recall_editorial(recalls[path.stem], path, data, errors)
    apply_collection_editorial(folder, recalls, _read_yaml, errors)
    for path in sorted((folder / "releases").glob("*/*.yaml")):
        data = _read_yaml(path, errors)
        key = (path.parent.name, path.stem)
        if key not in releases:
            errors.append(ContentError(str(path), None, f"no release {key[0]} {key[1]} exists in content/releases/"))
        elif data is not None:
            apply_release_editorial(releases[key], path, data, errors)
