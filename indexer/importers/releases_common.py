"""The release record every release-notes format is turned into, and its file form.

Tesla's JSON, Rivian's changelog and the plain YAML list differ only in how
they are read. Keeping one ``ParsedRelease`` and one writer means the content
files look the same whichever maker they came from, and the category rules see
the same shape of notes for all of them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from indexer.frontmatter import Document
from portal.versions import version_key

# NHTSA campaign numbers as release notes write them: "23V-838", "#23V838",
# "24V-051", "23V085000". The first three digits after the V are the
# campaign; the trailing three (component suffix) are almost always 000.
_NHTSA_IN_TEXT = re.compile(r"(?<![0-9A-Za-z])(\d{2})V-?(\d{3})(\d{3})?(?![0-9])")


def nhtsa_ids_in_text(text: str) -> list[str]:
    """NHTSA campaign ids cited in free text, normalised to 9 characters (``23V838000``)."""
    found: list[str] = []
    for year, number, suffix in _NHTSA_IN_TEXT.findall(text or ""):
        campaign = f"{year}V{number}{suffix or '000'}"
        if campaign not in found:
            found.append(campaign)
    return found


def line_of(text: str, needle: str, default: int | None = None) -> int | None:
    """1-based line of the first occurrence of ``needle``; lets JSON checks name a line."""
    index = text.find(needle)
    return text.count("\n", 0, index) + 1 if index >= 0 else default


def column_of(text: str, needle: str) -> int | None:
    """1-based column of ``needle``: one-line JSON files need it, every record is on line 1."""
    index = text.find(needle)
    return index - text.rfind("\n", 0, index) if index >= 0 else None


@dataclass
class Note:
    """One feature note as the maker titled it; ``text`` is read by rules, never shown."""

    title: str
    text: str = ""


@dataclass
class ParsedRelease:
    make: str
    version: str
    title: dict[str, str]
    date: date | None
    date_estimated: bool
    markets: list[str]
    models: list[dict[str, Any]]
    point_versions: list[dict[str, Any]]
    notes: list[Note]
    remedies: list[str]
    sources: list[dict[str, Any]]
    line: int | None = None
    category: str | None = None
    category_reason: str | None = None
    filing_number: str | None = None
    body_en: str = ""
    body_zh: str = ""
    features: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        if not self.features:
            # Titles repeat inside a family when a note is re-issued; one is enough.
            self.features = list(dict.fromkeys(n.title for n in self.notes if n.title))


def sorted_point_versions(shares: dict[str, float | None]) -> list[dict[str, Any]]:
    """``{version: share}`` as the content list, in numeric (not text) order."""
    return [
        {"version": v, "fleet_share_pct": None if shares[v] is None else float(shares[v])}
        for v in sorted(shares, key=version_key)
    ]


def without_aliases(value: Any) -> Any:
    """A copy in which no date object appears twice.

    PyYAML writes an object met twice as an anchor and alias (``&id001``);
    dates are the one shared value type it does not exempt, and aliases would
    make hand-reading the files needlessly hard.
    """
    if isinstance(value, dict):
        return {k: without_aliases(v) for k, v in value.items()}
    if isinstance(value, list):
        return [without_aliases(v) for v in value]
    if isinstance(value, date):
        return date(value.year, value.month, value.day)
    return value


def to_document(release: ParsedRelease) -> Document:
    """The content file, keys in the order content/README.md lists them."""
    meta = {
        "make": release.make,
        "version": release.version,
        "title": dict(release.title),
        "date": release.date,
        "date_estimated": release.date_estimated,
        "markets": list(release.markets),
        "models": [dict(m) for m in release.models],
        "point_versions": [dict(p) for p in release.point_versions],
        "category": release.category,
        "category_reason": release.category_reason,
        "filing_number": release.filing_number,
        "remedies": list(release.remedies),
        "features": list(release.features),
        # Own-words changes and summaries live in editorial/; importers never write them.
        "changes": [],
        "summary": None,
        "sources": [dict(s) for s in release.sources],
    }
    return Document(without_aliases(meta), release.body_en, release.body_zh)
