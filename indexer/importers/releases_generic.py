"""A plain YAML list of releases, for makers that publish no machine-readable feed.

Xiaomi, NIO and most Chinese makers announce OTA versions only in app posts and
recall notices. Their releases are written down by hand in this format, one
file per make, with every fact sourced::

    format: ota-portal-releases/1
    make: xiaomi
    releases:
      - version: "1.10.0"
        title: {en: ..., zh: ...}          # optional; default "<Make> software <version>"
        date: 2025-09-19                   # or null
        date_estimated: false              # optional
        markets: [CN]
        models: [{model: su7, name: SU7, years: null}]
        point_versions: [{version: "1.10.0", fleet_share_pct: null}]   # optional
        features: [...]                    # optional: the maker's own feature titles
        remedies: [S2025M0149I]            # optional: recall ids the release removes
        category: ...                      # optional, with category_reason
        sources: [{title, url, date}]      # at least one

Errors name the line of the release they concern.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import yaml

from indexer.importers.common import ImportFileError
from indexer.importers.releases_common import Note, ParsedRelease, sorted_point_versions
from portal.slugs import slugify
from portal.versions import is_version
from portal.vocab import CATEGORIES
from portal.yaml_text import safe_load

FORMAT = "ota-portal-releases/1"
_KNOWN_KEYS = {
    "version", "title", "date", "date_estimated", "markets", "models", "point_versions",
    "features", "remedies", "category", "category_reason", "filing_number", "sources",
}


def looks_like(text: str) -> bool:
    return FORMAT in text.split("\n---", 1)[0][:2000]


def parse(text: str, source: str, make_names: dict[str, dict[str, str]]) -> list[ParsedRelease]:
    try:
        data = safe_load(text)
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise ImportFileError(source, f"not valid YAML: {getattr(exc, 'problem', exc)}",
                              mark.line + 1 if mark else None) from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise ImportFileError(source, f"expected a mapping with 'format: {FORMAT}'", 1)
    make = data.get("make")
    if make not in make_names:
        raise ImportFileError(source, f"make {make!r} is not listed in makes.yaml", _line(root, "make"))
    items = data.get("releases")
    if not isinstance(items, list) or not items:
        raise ImportFileError(source, "releases must be a non-empty list", _line(root, "releases"))
    lines = _item_lines(root)
    return [_release(item, make, make_names[make], source, line) for item, line in zip(items, lines)]


def _release(item: Any, make: str, names: dict[str, str], source: str, line: int) -> ParsedRelease:
    def fail(message: str) -> ImportFileError:
        return ImportFileError(source, message, line)

    if not isinstance(item, dict):
        raise fail("each release must be a mapping")
    unknown = sorted(set(item) - _KNOWN_KEYS)
    if unknown:
        raise fail(f"unknown field {unknown[0]!r}")
    version = str(item.get("version", ""))
    if not is_version(version):
        raise fail(f"version {version!r} is not a dotted numeric version (quote it in YAML)")
    released = item.get("date")
    if released is not None and not isinstance(released, date):
        raise fail(f"release {version}: date must be YYYY-MM-DD or null")
    title = item.get("title") or {"en": f"{names['en']} software {version}", "zh": f"{names['zh']}软件 {version}"}
    if not isinstance(title, dict) or not {"en", "zh"} <= set(title):
        raise fail(f"release {version}: title needs en and zh")
    models = item.get("models") or []
    for model in models:
        if not isinstance(model, dict) or slugify(str(model.get("model", ""))) != model.get("model"):
            raise fail(f"release {version}: each model needs a slug 'model', a 'name' and 'years'")
    sources = item.get("sources") or []
    if not sources or not all(isinstance(s, dict) and s.get("title") for s in sources):
        raise fail(f"release {version}: at least one source with a title is required")
    category, reason = item.get("category"), item.get("category_reason")
    if (category is None) != (reason is None) or (category is not None and category not in CATEGORIES):
        raise fail(f"release {version}: category must be one of {', '.join(CATEGORIES)}, given with category_reason")
    points = item.get("point_versions") or [{"version": version, "fleet_share_pct": None}]
    if not all(isinstance(p, dict) and is_version(str(p.get("version", ""))) for p in points):
        raise fail(f"release {version}: point_versions need dotted numeric versions")
    features = [str(f) for f in item.get("features") or []]
    return ParsedRelease(
        make=make,
        version=version,
        title={"en": str(title["en"]), "zh": str(title["zh"])},
        date=released,
        date_estimated=bool(item.get("date_estimated", False)),
        markets=[str(m) for m in item.get("markets") or []],
        models=[{"model": m["model"], "name": str(m.get("name") or m["model"]), "years": m.get("years")} for m in models],
        point_versions=sorted_point_versions({str(p["version"]): p.get("fleet_share_pct") for p in points}),
        notes=[Note(f) for f in features],
        remedies=[str(r) for r in item.get("remedies") or []],
        sources=[{"title": str(s["title"]), "url": s.get("url"), "date": s.get("date")} for s in sources],
        line=line,
        category=category,
        category_reason=reason,
        filing_number=item.get("filing_number"),
        features=features,
    )


def _line(root: yaml.Node | None, key: str) -> int | None:
    if isinstance(root, yaml.MappingNode):
        for key_node, _ in root.value:
            if key_node.value == key:
                return key_node.start_mark.line + 1
    return None


def _item_lines(root: yaml.Node) -> list[int]:
    for key_node, value in root.value:
        if key_node.value == "releases" and isinstance(value, yaml.SequenceNode):
            return [node.start_mark.line + 1 for node in value.value]
    return []
