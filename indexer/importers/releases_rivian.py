"""Rivian releases from the community OTA changelog (``CHANGELOG.md``).

Each ``## `` heading is one release; a heading may name several point versions
(``## 2023.22.00, 2023.22.01``) and may carry a build hash in parentheses,
which is not part of the version and is dropped. The release date is the
"Initial public release" line. The one release without it (2021.45.01,
"shipped with earliest vehicles") gets ``date: null`` rather than a date
estimated from year.week: for the 27 dated releases the public release came
18 to 46 days after the Monday of the version's week, so a week-based date
would be reliably wrong.

A release whose section only says "(Same release notes as 2022.39.01. See
below.)" gets that release's notes and story links, so it is categorised by
the same feature titles instead of reading as a release with no notes.

Source links inside HTML comments were hidden by the changelog's editors and
are not cited; every release also cites the changelog itself.
"""

from __future__ import annotations

import re
from datetime import date, datetime

from indexer.importers.common import ImportFileError
from indexer.importers.releases_common import Note, ParsedRelease, sorted_point_versions
from portal.versions import is_version

CHANGELOG = {
    "title": "Rivian OTA changelog (rivian-community/ota-changelog, commit "
    "dd14d01cef0f1e5fbe84b79169861e1b28e4f2c7), CHANGELOG.md",
    "url": "https://github.com/rivian-community/ota-changelog/blob/"
    "dd14d01cef0f1e5fbe84b79169861e1b28e4f2c7/CHANGELOG.md",
    "date": date(2023, 8, 20),
}
MODELS = [
    {"model": "r1s", "name": "R1S", "years": None},
    {"model": "r1t", "name": "R1T", "years": None},
]
_HEADING = re.compile(r"^## (.*)$")
_FEATURE = re.compile(r"^### (.*\S)\s*$")
_BUILD_HASH = re.compile(r"\s*\([0-9A-Za-z]+\)$")
_RELEASED = re.compile(r"^Initial public release:\s*(.*\S)\s*$")
_LINK = re.compile(r"\[([^\]]+)\]\((https://stories\.rivian\.com/[^)\s]+)\)")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_SAME_AS = re.compile(r"^\(Same release notes as (\d+(?:\.\d+)+)\.")


def _uncommented(text: str) -> str:
    # Blank out comments but keep their newlines so line numbers still match the file.
    return _COMMENT.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)


def heading_versions(heading: str) -> list[str]:
    """``"2023.22.00, 2023.22.01"`` -> both; ``"2023.10.01 (30311129)"`` -> ``["2023.10.01"]``."""
    versions = [_BUILD_HASH.sub("", part.strip()) for part in heading.split(",")]
    if not versions or not all(is_version(v) for v in versions):
        raise ValueError(heading)
    return versions


def parse(text: str, source: str) -> list[ParsedRelease]:
    lines = _uncommented(text).splitlines()
    starts = [i for i, line in enumerate(lines) if _HEADING.match(line)]
    if not starts:
        raise ImportFileError(source, "no '## <version>' release headings found", 1)
    releases: list[ParsedRelease] = []
    seen: set[str] = set()
    for index, start in enumerate(starts):
        end = starts[index + 1] if index + 1 < len(starts) else len(lines)
        release = _release(lines, start, end, source)
        clash = seen.intersection(p["version"] for p in release.point_versions)
        if clash:
            raise ImportFileError(source, f"version {sorted(clash)[0]} appears under two headings", start + 1)
        seen.update(p["version"] for p in release.point_versions)
        releases.append(release)
    _share_notes(releases, lines, starts, source)
    return releases


def _share_notes(releases: list[ParsedRelease], lines: list[str], starts: list[int], source: str) -> None:
    """Give a release that says "Same release notes as X" the notes and story links of release X."""
    by_version = {p["version"]: release for release in releases for p in release.point_versions}
    for release, start in zip(releases, starts):
        end = starts[starts.index(start) + 1] if start != starts[-1] else len(lines)
        same = next((m for m in map(_SAME_AS.match, lines[start + 1:end]) if m), None)
        if same is None or release.notes:
            continue
        origin = by_version.get(same.group(1))
        if origin is None:
            raise ImportFileError(source, f"'Same release notes as {same.group(1)}': no such release", start + 1)
        release.notes = [Note(note.title, note.text) for note in origin.notes]
        release.features = list(origin.features)
        stories = [dict(entry) for entry in origin.sources if entry["url"] != CHANGELOG["url"]]
        release.sources = stories + release.sources


def _release(lines: list[str], start: int, end: int, source: str) -> ParsedRelease:
    heading = _HEADING.match(lines[start]).group(1).strip()
    try:
        versions = heading_versions(heading)
    except ValueError:
        raise ImportFileError(
            source, f"release heading {heading!r} is not a list of dotted versions", start + 1
        ) from None
    released, notes, sources = None, [], []
    for number in range(start + 1, end):
        line = lines[number]
        if match := _RELEASED.match(line):
            try:
                released = datetime.strptime(match.group(1), "%B %d, %Y").date()
            except ValueError:
                raise ImportFileError(
                    source, f"release date {match.group(1)!r} is not like 'August 15, 2023'", number + 1
                ) from None
        elif match := _FEATURE.match(line):
            notes.append(Note(match.group(1).strip()))
        elif notes:
            # The body is kept only for the recall rule, which looks for remedy wording.
            notes[-1].text += line + "\n"
        for label, url in _LINK.findall(line):
            sources.append({"title": f"Rivian {label} software update {versions[0]}", "url": url, "date": released})
    version = versions[0]
    for entry in sources:
        entry["date"] = released
    return ParsedRelease(
        make="rivian",
        version=version,
        title={"en": f"Rivian software {version}", "zh": f"Rivian 软件 {version}"},
        date=released,
        date_estimated=False,
        markets=["US"],
        models=[dict(m) for m in MODELS],
        point_versions=sorted_point_versions(dict.fromkeys(versions)),
        notes=notes,
        remedies=[],
        sources=sources + [dict(CHANGELOG)],
        line=start + 1,
    )
