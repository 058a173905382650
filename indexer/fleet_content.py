"""What the demo fleet is generated from: the release and recall content files.

Reads front matter directly (the fleet is written before a build exists) and
answers the two questions the generator asks: does a recall apply to a car,
and which real point versions may that car install.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from indexer import frontmatter
from indexer.fleet_cars import Car, day, plate_for
from portal.versions import version_key
from portal.yaml_text import safe_load


def load_content(content_dir: Path) -> tuple[list[dict], list[dict]]:
    """Releases and recalls (front matter), recalls with editorial remedy facts merged in."""
    releases = [frontmatter.read(p).meta for p in sorted((content_dir / "releases").glob("*/*.md"))]
    recalls = []
    stated_file = content_dir / "editorial" / "remedy_versions.yaml"
    stated = (safe_load(stated_file.read_text(encoding="utf-8")) or {}) if stated_file.exists() else {}
    for path in sorted((content_dir / "recalls").glob("*/*.md")):
        meta = dict(frontmatter.read(path).meta)
        editorial = content_dir / "editorial" / "recalls" / f"{meta.get('id')}.yaml"
        if editorial.exists():
            extra = safe_load(editorial.read_text(encoding="utf-8")) or {}
            meta.update({k: extra[k] for k in ("remedy_version", "affected_software") if extra.get(k)})
        meta["stated_versions"] = _stated_versions(meta, stated.get(meta.get("id")) or {})
        recalls.append(meta)
    return releases, recalls


def _stated_versions(meta: dict, editorial: dict) -> list[str]:
    """Remedy versions a source states (editorial/remedy_versions.yaml, the notice's own unless replaced).

    Only the showcase labels use them: the portal shows a status other than
    "unknown" only for a recall with a stated remedy version.
    """
    found = [str(e["version"]) for e in editorial.get("remedy_versions") or [] if e.get("version")]
    if meta.get("remedy_version") and not editorial.get("replaces_notice_version"):
        found.append(str(meta["remedy_version"]))
    return found


def applies_to(entries: list[dict] | None, model: str, year: int) -> bool:
    """A ``models``/``vehicles`` list covers the car (an empty list covers every model)."""
    if not entries:
        return True
    return any(e.get("model") == model and (not e.get("years") or year in e["years"]) for e in entries)


def recall_applies(recall: dict, car: Car) -> bool:
    if recall.get("make") != car.make or recall.get("market") not in (None, car.market):
        return False
    production = recall.get("production") or {}
    start, end = day(production.get("from")), day(production.get("to"))
    if (start and car.production < start) or (end and car.production > end):
        return False
    # A SAMR entry for imported (or China-built) cars covers only cars built that way; the
    # demo car's VIN pattern says where it was built.
    plate = plate_for(car.make, car.market, car.model, car.year)
    built = "domestic" if plate and plate[0].startswith("L") else "imported"
    vehicles = [v for v in recall.get("vehicles") or [] if v.get("origin") in (None, built)]
    return bool(vehicles) and applies_to(vehicles, car.model, car.year)


def point_versions(releases: list[dict], car: Car) -> list[tuple[str, date, str]]:
    """(version, release date, release) a car may install: its make, market, model and year; version order.

    A release's ``markets`` limit it only when some release of the make names the
    car's market at all; otherwise the content simply has no market data for it
    (Tesla's lists come from cars reporting outside China), not an exclusion.
    """
    own = [r for r in releases if r.get("make") == car.make]
    market_known = any(car.market in (r.get("markets") or []) for r in own)
    found = {}
    for release in own:
        released = day(release.get("date"))
        markets = release.get("markets") or []
        if released is None or (market_known and markets and car.market not in markets):
            continue
        if not applies_to(release.get("models"), car.model, car.year):
            continue
        for point in release.get("point_versions") or []:
            found.setdefault(str(point["version"]), (released, str(release.get("version"))))
    return sorted(((v, d, family) for v, (d, family) in found.items()), key=lambda item: version_key(item[0]))


def with_remedy_versions(recalls: list[dict], releases: list[dict]) -> list[dict]:
    """Recalls whose remedy version is unnamed take it from the releases that list them in ``remedies``.

    Open cars stay below the first such release and remedied cars install the
    last one, so either reading of "the remedy version" gives the same status.
    """
    linked: dict[str, list[str]] = {}
    for release in sorted(releases, key=lambda r: version_key(str(r["version"]))):
        for recall_id in release.get("remedies") or []:
            linked.setdefault(recall_id, []).append(str(release["version"]))
    found = []
    for recall in recalls:
        named, links = recall.get("remedy_version"), linked.get(recall["id"]) or [None]
        found.append(dict(recall, remedy_version=named or links[0], remedied_by=named or links[-1]))
    return found
