"""Which of the four MIIT/SAMR OTA categories a release falls in, and why.

The February 2025 Notice sorts every OTA push into ``defect_recall``,
``driving_automation``, ``technical_parameters`` or ``general``, each with its
own approval path (docs/ARCHITECTURE.md §4). Makers do not publish the category, so the
importer infers it from the release notes with the rules below and writes the
rule that fired into ``category_reason``; an editorial file may override it.

The rules are tried from the strictest approval path down, so a release that
both remedies a recall and touches Autopilot is a recall.

Driving-automation and technical-parameter rules read feature *titles*:
descriptions mention Autopilot or the battery in passing (a visualisation
note that shows "while Autopilot is engaged", a media note that saves
battery), whereas a title names the function the maker changed. A list item
in a note ("- Improved Highway Assist performance") is read like a title too:
makers that gather their changes under one "Additional Improvements" heading
(Rivian) give each change its own item, so an item that names a driving
function is a change to it. Recall rules also read descriptions, because the
campaign number is only given there.

The category is the portal's reading of the notes under the Notice, not a
filing record: makers do not publish the category they filed.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from indexer.importers.releases_common import Note

# Driving-automation functions (driver assistance and automated driving), by the names makers give them.
DRIVING_AUTOMATION_TERMS = (
    "autopilot",
    "autosteer",
    "fsd",
    "full self-driving",
    "full self driving",
    "summon",
    "autopark",
    "auto lane change",
    "automatic lane change",
    "traffic aware cruise control",
    "traffic-aware cruise control",
    "adaptive cruise control",
    "traffic light and stop sign control",
    "lane departure avoidance",
    "driver assistance",
    "highway assist",
    "lane keeping assist",
    "driver+",
)

# Main technical parameters (the Notice's examples), each with the title
# phrases that show a release changes it rather than merely displays it.
TECHNICAL_PARAMETER_TERMS = {
    "power and acceleration": ("acceleration", "power increase", "peak power", "launch mode"),
    "top speed": ("top speed", "high speed performance"),
    "range": ("estimated range",),
    "charging speed": (
        "fast charging",
        "charging performance",
        "charging efficiency",
        "efficient charging",
        "battery preconditioning",
        "battery warmup",
        "battery heating performance",
    ),
    "regenerative braking": ("regenerative braking",),
    "suspension": ("suspension", "ride height"),
}

# A note that says the update itself is a recall remedy, even without a number.
_RECALL_TITLE = re.compile(r"\brecall\b", re.IGNORECASE)
_REMEDY_IN_TEXT = re.compile(
    r"\bremedy\b[^.]{0,60}\brecall\b|\brecall\b[^.]{0,60}\bremedy\b", re.IGNORECASE
)


def _term_pattern(term: str) -> re.Pattern[str]:
    # Word edges, but "driver+" ends in a symbol, so only require an edge where
    # the term itself ends in a word character.
    tail = r"\b" if term[-1].isalnum() else ""
    return re.compile(r"(?<![\w-])" + re.escape(term) + tail, re.IGNORECASE)


_DRIVING_PATTERNS = [_term_pattern(t) for t in DRIVING_AUTOMATION_TERMS]
_TECH_PATTERNS = {
    parameter: [_term_pattern(t) for t in terms] for parameter, terms in TECHNICAL_PARAMETER_TERMS.items()
}


_MAX_NAMED = 5


def _quoted(titles: Iterable[str]) -> str:
    # Enough names to check the rule against the notes; FSD families list dozens.
    unique = list(dict.fromkeys(titles))
    named = ", ".join(f"'{t}'" for t in unique[:_MAX_NAMED])
    more = len(unique) - _MAX_NAMED
    return f"{named} and {more} more" if more > 0 else named


_LIST_ITEM = re.compile(r"^\s*[-*]\s+(.*)$")
# A note with a catch-all title carries its changes in its body, list or not
# (Rivian 2023.06.05: one "Additional Improvement" paragraph about Highway Assist).
_CATCH_ALL_TITLE = re.compile(r"^(additional )?improvements?$", re.IGNORECASE)


def list_items(text: str) -> list[str]:
    """The list items of a note body, each with its wrapped continuation lines joined."""
    items: list[str] = []
    for line in text.splitlines():
        if match := _LIST_ITEM.match(line):
            items.append(match.group(1).strip())
        elif items and line.strip() and line.startswith(" "):
            items[-1] += " " + line.strip()
        elif not line.strip() and items:
            items.append("")  # a blank line ends an item; keeps prose after a list out of it
    return [item for item in items if item]


def _driving_terms(text: str) -> list[str]:
    return [m.group(0) for p in _DRIVING_PATTERNS if (m := p.search(text))]


def _driving_changes(notes: list[Note]) -> list[str]:
    """Titles, and functions named in list items, that show a driving-automation change."""
    found = [n.title for n in notes if _driving_terms(n.title)]
    for note in notes:
        if note.title in found:
            continue
        parts = [note.text] if _CATCH_ALL_TITLE.match(note.title.strip()) else list_items(note.text)
        named = [term for part in parts for term in _driving_terms(part)]
        if named:
            unique = list(dict.fromkeys(t.strip() for t in named))
            found.append(f"{note.title} ({', '.join(unique)})")
    return found


def _recall_notes(notes: list[Note]) -> list[str]:
    return [n.title for n in notes if _RECALL_TITLE.search(n.title) or _REMEDY_IN_TEXT.search(n.text)]


def categorise(notes: list[Note], remedies: list[str]) -> tuple[str, str]:
    """``(category, reason)`` for a release; the reason names the rule and the features."""
    if remedies:
        cited = [n.title for n in notes if any(r[:6] in _compact(n.title + " " + n.text) for r in remedies)]
        noun = "recalls" if len(remedies) > 1 else "recall"
        where = f" (cited in {_quoted(cited)})" if cited else ""
        return "defect_recall", f"Remedies {noun} {', '.join(remedies)}{where}."
    recall_titles = _recall_notes(notes)
    if recall_titles:
        return "defect_recall", f"Notes state the update is a recall remedy: {_quoted(recall_titles)}."
    driving = _driving_changes(notes)
    if driving:
        return "driving_automation", f"Changes driving-automation functions: {_quoted(driving)}."
    parameters, hits = [], []
    for parameter, patterns in _TECH_PATTERNS.items():
        matched = [n.title for n in notes if any(p.search(n.title) for p in patterns)]
        if matched:
            parameters.append(parameter)
            hits.extend(matched)
    if hits:
        return "technical_parameters", (
            f"Changes main technical parameters ({', '.join(parameters)}): {_quoted(hits)}."
        )
    return "general", "No recall remedy, driving-automation or technical-parameter change in the feature titles."


def _compact(text: str) -> str:
    # "23V-838" and "#23V838" both contain "23V838" once dashes are gone.
    return text.replace("-", "").upper()
