"""Tesla release families from the tesla-info.com dataset (``release_families.json``).

Tesla publishes no release dates, so a family's date is the Monday of the ISO
week its name encodes (``2023.44`` = week 44 of 2023) and is marked
``date_estimated``. Upstream lists ``2020.04`` and ``2020.4`` as two families
with different point versions and notes (two tesla-info pages); both are kept
as given, under the distinct names ``2020.04.md`` and ``2020.4.md``, and
each file says the other exists so that nobody merges them by mistake.
"""

from __future__ import annotations

import json
import re
from datetime import date
from typing import Any

from indexer.importers.common import ImportFileError
from indexer.importers.releases_common import (
    Note,
    ParsedRelease,
    column_of,
    line_of,
    nhtsa_ids_in_text,
    sorted_point_versions,
)
from portal.versions import is_version, version_key

PAGE_URL = "https://tesla-info.com/release/{family}"
DATASET = {
    "title": "Tesla-Release-Information dataset (aliraeisdanaei/Tesla-Release-Information, "
    "commit 69a6ce4d13f8edd45ddb8410c7afbed5790d37cb), Data/release_families.json",
    "url": "https://github.com/aliraeisdanaei/Tesla-Release-Information/blob/"
    "69a6ce4d13f8edd45ddb8410c7afbed5790d37cb/Data/release_families.json",
    "date": date(2024, 2, 21),
}
MODELS = [
    {"model": "model-s", "name": "Model S", "years": None},
    {"model": "model-x", "name": "Model X", "years": None},
    {"model": "model-3", "name": "Model 3", "years": None},
    {"model": "model-y", "name": "Model Y", "years": None},
]
_FAMILY_RE = re.compile(r"^(\d{4})\.(\d{1,2})$")
# tesla-info appends "Seen in US CA ...Seen on M3Y" to a note: markets it was observed in.
_SEEN_IN = re.compile(r"Seen in ((?:[A-Z]{2} ?)+)")


def family_date(family: str) -> date:
    """Monday of the ISO week a family name encodes: ``2023.44`` -> 2023-10-30."""
    match = _FAMILY_RE.match(family)
    if not match:
        raise ValueError(f"not a year.week family name: {family!r}")
    return date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)


def markets_of(notes: list[Note]) -> list[str]:
    """US (the tracker follows US releases) plus every market a note was seen in."""
    seen = {"US"}
    for note in notes:
        for group in _SEEN_IN.findall(note.text):
            seen.update(group.split())
    return sorted(seen)


def parse(text: str, source: str) -> list[ParsedRelease]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFileError(source, f"not valid JSON: {exc.msg} (column {exc.colno})", exc.lineno) from None
    if not isinstance(data, list):
        raise ImportFileError(source, "expected a JSON list of release families", 1)
    return _one_per_version([_family(item, text, source) for item in data])


def _plain(version: str) -> bool:
    return all(not (part.startswith("0") and len(part) > 1) for part in version.split("."))


def _one_per_version(releases: list[ParsedRelease]) -> list[ParsedRelease]:
    """One release per version number: the source lists 2020.04 and 2020.4 as two families.

    Both spellings name one Tesla release (Tesla writes ``2020.4.1``; week numbers carry no
    leading zero), and their notes are the same list but for one entry. They become one release
    under the plain spelling, with both families' point versions, notes, remedies and sources.
    """
    groups: dict[str, list[ParsedRelease]] = {}
    for release in releases:
        groups.setdefault(version_key(release.version), []).append(release)
    merged = []
    for group in groups.values():
        main = next((r for r in group if _plain(r.version)), group[0])
        others = [r for r in group if r is not main]
        if others:
            points = {p["version"]: p for r in [main, *others] for p in r.point_versions}
            main.point_versions = sorted(points.values(), key=lambda p: version_key(p["version"]))
            titles = {n.title for n in main.notes}
            main.notes += [n for r in others for n in r.notes if n.title not in titles and not titles.add(n.title)]
            main.remedies = sorted({i for r in group for i in r.remedies})
            main.markets = sorted({m for r in group for m in r.markets})
            main.sources = [main.sources[0], *(r.sources[0] for r in others), *main.sources[1:]]
            main.body_en, main.body_zh = _twin_note(main.version, [r.version for r in others])
        merged.append(main)
    return merged


def _family(item: Any, text: str, source: str) -> ParsedRelease:
    name = item.get("release_family_name") if isinstance(item, dict) else None
    needle = f'"release_family_name": "{name}"'
    line = line_of(text, needle, 1) if isinstance(name, str) else 1
    column = column_of(text, needle) if isinstance(name, str) else None
    where = f" (column {column})" if column else ""

    def fail(message: str) -> ImportFileError:
        return ImportFileError(source, f"family {name!r}{where}: {message}", line)

    if not isinstance(name, str) or not _FAMILY_RE.match(name):
        raise fail("release_family_name must be year.week, e.g. 2023.44")
    try:
        released = family_date(name)
    except ValueError:
        raise fail("the week in the family name is not an ISO week of that year") from None
    shares = item.get("releases")
    if not isinstance(shares, dict) or not shares:
        raise fail("releases must be a non-empty mapping of version to fleet share")
    for version, share in shares.items():
        if not is_version(version) or not (version == name or version.startswith(name + ".")):
            raise fail(f"point version {version!r} is not a version of this family")
        if share is not None and (isinstance(share, bool) or not isinstance(share, (int, float))):
            raise fail(f"fleet share of {version} is not a number")
    updates = item.get("updates")
    if not isinstance(updates, list) or not all(
        isinstance(u, dict) and isinstance(u.get("update_name"), str) for u in updates
    ):
        raise fail("updates must be a list of {update_name, update_desc}")
    notes = [Note(u["update_name"].strip(), str(u.get("update_desc") or "")) for u in updates]
    remedies = sorted({i for n in notes for i in nhtsa_ids_in_text(n.title + " " + n.text)})
    return ParsedRelease(
        make="tesla",
        version=name,
        title={"en": f"Tesla software {name}", "zh": f"特斯拉软件 {name}"},
        date=released,
        date_estimated=True,
        markets=markets_of(notes),
        models=[dict(m) for m in MODELS],
        point_versions=sorted_point_versions(shares),
        notes=notes,
        remedies=remedies,
        sources=[
            {"title": f"tesla-info.com release notes for {name}", "url": PAGE_URL.format(family=name), "date": None},
            dict(DATASET),
        ],
        line=line,
    )


def _twin_note(name: str, twins: list[str]) -> tuple[str, str]:
    others = ", ".join(twins)
    return (
        f"The source lists this release twice, as {name} and as {others}, with different point versions; "
        f"both spellings name one version number, so the portal shows it once, with the point versions "
        f"and notes of both.",
        f"数据来源把这个版本列了两次（{name} 与 {others}），小版本不同；两种写法是同一个版本号，"
        f"本站合并为一个版本，列出两者的小版本和说明。",
    )
