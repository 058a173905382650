"""One input row of any NHTSA format, and the checks every field must pass.

NHTSA data reaches us in several shapes (flat file, API JSON, reshaped CSVs),
each with its own date format and column names. The format parsers reduce every
record to a :class:`Row` so that everything after parsing (grouping, merging,
classification) is written once. The checks live here so that a malformed id
or date is rejected the same way, naming the line, whatever the format.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from .common import ImportFileError

# Two-digit year, a report type letter, then six characters. The flat file
# carries a few real ids with letters among the digits (``21V00M000``), so the
# serial part accepts letters; the length and shape are still enforced.
CAMPAIGN_ID_RE = re.compile(r"^\d{2}[A-Z][0-9A-Z]{3}\d{3}$")
UNKNOWN_YEAR = 9999  # the flat file's "model year unknown or not applicable"


@dataclass
class Row:
    """What one input record says about one campaign and one (model, year)."""

    line: int
    campaign: str
    make: str
    model: str
    year: int | None  # None: the authority did not give a model year
    component: str = ""
    manufacturer: str | None = None
    report_date: date | None = None
    population: int | None = None
    production_from: date | None = None
    production_to: date | None = None
    summary: str = ""
    consequence: str = ""
    remedy: str = ""
    notes: str = ""
    ota_flag: bool | None = None  # None: the format has no such flag
    park_it_flag: bool | None = None
    park_outside_flag: bool | None = None


class FieldChecker:
    """Validates the fields of one record, raising errors that name the line."""

    def __init__(self, source: str, line: int):
        self.source, self.line = source, line

    def fail(self, message: str) -> ImportFileError:
        return ImportFileError(self.source, message, self.line)

    def campaign(self, value: object) -> str:
        text = _text(value).replace("-", "").upper()
        if not CAMPAIGN_ID_RE.match(text):
            raise self.fail(f"malformed NHTSA campaign id {value!r} (expected e.g. 23V838000)")
        return text

    def required(self, value: object, name: str) -> str:
        text = _text(value)
        if not text:
            raise self.fail(f"{name} is empty")
        return text

    def year(self, value: object) -> int | None:
        text = _text(value)
        if not re.fullmatch(r"\d{4}", text):
            raise self.fail(f"malformed model year {value!r}")
        return None if int(text) == UNKNOWN_YEAR else int(text)

    def count(self, value: object, zero_is_unknown: bool = False) -> int | None:
        text = _text(value).replace(",", "")
        if not text:
            return None
        if not text.isdigit():
            raise self.fail(f"malformed number of vehicles {value!r}")
        number = int(text)
        return None if zero_is_unknown and number == 0 else number

    def date(self, value: object, layout: str, required: bool = True) -> date | None:
        """Parse ``YYYY-MM-DD``, ``YYYYMMDD`` or ``DD/MM/YYYY`` as the format declares."""
        text = _text(value)
        if not text:
            if required:
                raise self.fail("date is empty")
            return None
        patterns = {
            "iso": r"(\d{4})-(\d{2})-(\d{2})",
            "compact": r"(\d{4})(\d{2})(\d{2})",
            "dmy": r"(\d{2})/(\d{2})/(\d{4})",
        }
        match = re.fullmatch(patterns[layout], text)
        try:
            if not match:
                raise ValueError
            parts = [int(part) for part in match.groups()]
            return date(parts[2], parts[1], parts[0]) if layout == "dmy" else date(*parts)
        except ValueError:
            raise self.fail(f"malformed date {value!r}") from None

    def flag(self, value: object, name: str) -> bool:
        if isinstance(value, bool):
            return value
        text = _text(value).lower()
        if text in ("true", "yes", "y", "1"):
            return True
        if text in ("false", "no", "n", "0", ""):
            return False
        raise self.fail(f"{name} is not true/false: {value!r}")


def _text(value: object) -> str:
    if value is None:
        return ""
    # Upstream files sometimes carry doubled spaces around fields; inner spacing is NHTSA's.
    return str(value).strip()
