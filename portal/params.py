"""The one integer parser for numbers that arrive in a request (page, year, ids).

``str.isdigit()`` is true for superscripts (``²``) that ``int()`` rejects, and
``int()`` itself accepts Arabic-Indic digits, underscores and surrounding
space. A request number is plain ASCII digits, a few of them, inside known
bounds, or it is not a number at all: callers then answer 400 (API) or fall
back to a default (pages), never 500.
"""

from __future__ import annotations

import re

_ASCII_DIGITS = re.compile(r"[0-9]{1,9}")


def ascii_int(raw: object, low: int, high: int) -> int | None:
    """``raw`` as an int when it is 1-9 ASCII digits within ``low..high``, else None."""
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    if not _ASCII_DIGITS.fullmatch(text):
        return None
    value = int(text)
    return value if low <= value <= high else None


# Row ids in the runtime tables are 32-bit on PostgreSQL (``Integer``); a larger one names no row, and
# SQLite and psycopg refuse to bind one past 64 bits (``OverflowError``) rather than find nothing.
ROW_ID_MAX = 2**31 - 1


def row_ids(values: list[str], limit: int) -> list[int]:
    """The request's row ids that are plain in-range numbers, at most ``limit`` of them; the rest are skipped."""
    ids = (ascii_int(value, 1, ROW_ID_MAX) for value in values)
    return [value for value in ids if value is not None][:limit]
