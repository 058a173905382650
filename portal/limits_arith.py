"""Dividing a rate limit between workers that each count alone (the default ``memory://`` storage).

``"30 per minute"`` over 2 workers is ``"15 per minute"`` in each, so that a
client whose requests spread over both gets at most the 30 it was promised.
Only the simple ``N per unit`` / ``N/unit`` forms are divided; several limits
joined with ``;`` are divided one by one. Anything else is left as written.
"""

from __future__ import annotations

import re

_ONE = re.compile(r"^\s*(\d+)\s*(/|per)\s*(.+?)\s*$")


def divide_limit(limit: str, workers: int) -> str:
    parts = []
    for part in str(limit).split(";"):
        match = _ONE.match(part)
        if not match:
            parts.append(part.strip())
            continue
        amount = max(1, int(match.group(1)) // workers)
        parts.append(f"{amount} per {match.group(3)}")
    return "; ".join(parts)
