"""Ford Power-Up version history (elmedico27/fordpowerup, CC BY-SA 4.0): parsing.

The history is two Markdown tables (``README.md`` from 7.x on, ``Archive.md``
before): version, North-American and European release month, the change
notes, the modules updated and how long the car is unavailable. Facts carry
over (version, months, modules, downtime, the Ford recall numbers a note says
the update completes); the notes' sentences do not, since the licence would
bind the portal's text to CC BY-SA: summaries are written from the facts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime

from .common import ImportFileError

_MONTH = re.compile(r"^(January|February|March|April|May|June|July|August|September|October|November|December)\s+(\d{4})$")
# Ford's own recall numbers: year, S (safety) or C (compliance), two digits: 22S41, 25C69.
FORD_RECALL = re.compile(r"\b(\d{2}[SC]\d{2})\b")
_RECALL_CONTEXT = re.compile(r"recall", re.IGNORECASE)
_TAG = re.compile(r"<[^>]+>")


@dataclass
class FordVersion:
    version: str  # as Ford names it: SYNC-25.1.7.10.1, PT-26.13.6, 4.2.6
    versions: list[str]  # every number of a row that names several
    month_na: date | None
    month_eu: date | None
    modules: list[str]
    downtime_minutes: int | None
    unavailable: bool | None
    recalls: list[str]  # Ford recall numbers the notes say the update completes or addresses
    programs: list[str] = field(default_factory=list)  # Customer Satisfaction Programs (not recalls)
    notes_words: int = 0
    line: int = 0
    file: str = ""

    @property
    def month(self) -> date | None:
        months = [m for m in (self.month_na, self.month_eu) if m]
        return min(months) if months else None


def parse_history(texts: list[str], source: str) -> list[FordVersion]:
    """Every table row of the given files, in file order; ImportFileError on a row that cannot be read."""
    versions: list[FordVersion] = []
    for text in texts:
        versions.extend(_parse_one(text, source))
    if not versions:
        raise ImportFileError(source, "no version table (| Version | Release Date NA | …) found")
    return versions


def _parse_one(text: str, source: str) -> list[FordVersion]:
    text = re.sub(r"<!--.*?-->", "", text, flags=re.DOTALL)
    rows, header = [], None
    for number, line in enumerate(text.splitlines(), 1):
        if not line.startswith("|"):
            header = None if not line.strip() else header
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if cells and cells[0].lower() == "version":
            header = [c.lower() for c in cells]
            continue
        if header is None or set(cells[0]) <= set("-: "):
            continue
        if len(cells) < 6:
            raise ImportFileError(source, f"expected 6 columns, found {len(cells)}", number)
        rows.append(_row(cells, source, number))
    return rows


def _row(cells: list[str], source: str, line: int) -> FordVersion:
    names = [_plain(part) for part in re.split(r"<br\s*/?>", cells[0]) if _plain(part)]
    if not names:
        raise ImportFileError(source, "a row has no version", line)
    notes = cells[3]
    plain_notes = _plain(notes.replace("<br>", " "))
    recalls = []
    for sentence in re.split(r"(?<=[.!])\s+|<br>", notes):
        if _RECALL_CONTEXT.search(sentence):
            recalls.extend(FORD_RECALL.findall(sentence))
    programs = re.findall(r"Customer Satisfaction Program (\d{2}[A-Z]\d{2})", notes)
    unavailable, minutes = _downtime(cells[5])
    return FordVersion(
        version=names[0], versions=names, month_na=_month(cells[1], source, line),
        month_eu=_month(cells[2], source, line), modules=_modules(cells[4]), downtime_minutes=minutes,
        unavailable=unavailable, recalls=sorted(set(recalls)), programs=sorted(set(programs)),
        notes_words=len(plain_notes.split()), line=line, file=source,
    )


def _plain(text: str) -> str:
    return re.sub(r"\s+", " ", _TAG.sub(" ", text).replace("*", "")).strip()


def _month(cell: str, source: str, line: int) -> date | None:
    text = _plain(cell)
    if not text or text.lower() in ("not available", "n/a", "tbd", "-"):
        return None
    match = _MONTH.match(text)
    if not match:
        return None  # a note instead of a month ("Limited"): no date is stated
    return datetime.strptime(f"{match.group(1)} {match.group(2)}", "%B %Y").date()


def _modules(cell: str) -> list[str]:
    text = _plain(re.sub(r"\*[^*]*:\*", " ", cell))
    parts = re.split(r"[,\s]+", text)
    return sorted({p.strip("_") for p in parts if re.fullmatch(r"[A-Z][A-Z0-9_\[\],]*", p) and p.strip("_")})


def _downtime(cell: str) -> tuple[bool | None, int | None]:
    text = _plain(cell)
    if not text:
        return None, None
    minutes = re.search(r"\((\d+)\)", text)
    if text.lower().startswith(("yes", "y")):
        return True, int(minutes.group(1)) if minutes else None
    if text.lower().startswith(("no", "n")):
        return False, None
    return None, int(minutes.group(1)) if minutes else None
