"""Readable names from NHTSA's upper-case make, model and component text.

The flat file writes ``RANGE ROVER SPORT`` and ``330I`` where the API writes
``Model 3`` and ``F-150``. Pages and titles need one readable spelling, and the
model slug must not depend on which file a campaign came from, so names are
normalised here and slugs are always taken from the normalised name.
"""

from __future__ import annotations

import re
from pathlib import Path

from portal.slugs import slugify
from portal.yaml_text import safe_load

# Letter groups that are names of their own, not words to title-case.
_ACRONYMS = {
    "ABS", "ADAS", "AWD", "BEV", "CC", "EPB", "ESC", "EV", "GS", "GT", "GTI", "GTL", "GTS", "HEV",
    "HECU", "LED", "PHEV", "RR", "RS", "RT", "SRS", "ST", "SUV", "TPMS", "XL", "XR", "II", "III",
    "US", "SAV", "SAC", "XE", "XF", "XJ", "VAH", "VHD", "VNL", "VNR",
}
_GENERIC_PARTS = {"SOFTWARE", "HARDWARE", "WIRING", "SENSOR", "MODULE", "CONTROL UNIT/MODULE", "OTHER"}
# BMW-style names: a number with a trim suffix written in lower case by the maker (330i, 740Li, M340i).
_TRIM_SUFFIX_RE = re.compile(r"^(M?\d{3})([A-Z]{1,2})$")


class MakeTable:
    """Makes known to the portal (``content/makes.yaml``), looked up by NHTSA's make text."""

    def __init__(self, entries: list[dict]):
        self.by_slug = {entry["slug"]: entry for entry in entries}

    @classmethod
    def load(cls, content_dir: Path) -> MakeTable:
        path = content_dir / "makes.yaml"
        return cls(safe_load(path.read_text(encoding="utf-8")) or [])

    def slug_for(self, make_text: str) -> str | None:
        slug = slugify(make_text)
        return slug if slug in self.by_slug else None

    def name(self, slug: str, lang: str) -> str:
        return self.by_slug[slug][lang]


def model_name(text: str) -> str:
    """``RANGE ROVER SPORT`` -> ``Range Rover Sport``; ``Model 3``, ``F-150``, ``X5`` kept."""
    text = " ".join(text.split())
    if any(char.islower() for char in text):
        return text  # already written by someone who chose the case
    return " ".join(_word(word) for word in text.split(" "))


def _word(word: str) -> str:
    return "-".join(_part(part) for part in word.split("-"))


def _part(part: str) -> str:
    if not part or part in _ACRONYMS or len(part) == 1:
        return part
    trim = _TRIM_SUFFIX_RE.match(part)
    if trim:
        number, suffix = trim.groups()
        return number + (suffix.capitalize() if suffix.startswith("L") and len(suffix) == 2 else suffix.lower())
    if any(char.isdigit() for char in part):
        return part  # X5, ID.4, LR4, HP2: model codes stay as written
    if len(part) == 2 and not re.search(r"[AEIOUY]", part):
        return part  # letter codes such as "CX", "MX"
    return part.capitalize()


def component_title(component: str) -> str:
    """``ELECTRICAL SYSTEM:ADAS:AUTONOMOUS/SELF DRIVING:SOFTWARE`` -> ``Electrical system: autonomous/self driving, software``.

    The top level names the system and the deepest level the part, which keeps
    titles short on deep NHTSA paths; a generic deepest level ("software") is
    qualified by the level above it.
    """
    levels = [level.strip() for level in component.split(":") if level.strip()]
    if not levels:
        return "Vehicle"
    head = _sentence(levels[0])
    head = head[0].upper() + head[1:]
    if len(levels) == 1:
        return head
    part = _sentence(levels[-1])
    if levels[-1].upper() in _GENERIC_PARTS and len(levels) > 2:
        part = f"{_sentence(levels[-2])} {part}"
    return f"{head}: {part}"


def _sentence(text: str) -> str:
    words = []
    for word in text.split():
        core = word.strip("(),")
        words.append(word if core.upper() in _ACRONYMS else word.lower())
    return " ".join(words)


def models_phrase(names: list[str], limit: int = 2, joiner: str = ", ", more: str = " and {n} more") -> str:
    """``Model 3, Model Y and 2 more`` — titles stay short for campaigns with many models."""
    shown = joiner.join(names[:limit])
    extra = len(names) - limit
    return shown + more.format(n=extra) if extra > 0 else shown
