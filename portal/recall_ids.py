"""Recall identifiers in the forms people write them, and the one form the portal stores.

NHTSA campaign numbers are written ``23V838``, ``23V-838``, ``23v838000`` or
``23V-838-000``; SAMR recall numbers (GB/T 39061-2020) ``S2025M0149I`` or
``s2025-m0149i``. Search, the assistant and the pages all accept any of them,
so the recognition lives here once.
"""

from __future__ import annotations

import re

from portal.vocab import AUTHORITIES

# NHTSA: two-digit year, record type (V vehicle, E equipment, T tyre, C child seat),
# three-digit sequence, optional three-digit suffix (000 when omitted).
NHTSA_PATTERN = AUTHORITIES["NHTSA"].written_id_pattern
# SAMR: S safety / E emissions, year, M (motor vehicle), four-digit sequence,
# V voluntary / I after a regulator's investigation / O ordered.
SAMR_PATTERN = AUTHORITIES["SAMR"].written_id_pattern
_NHTSA_RE = re.compile(NHTSA_PATTERN)
_SAMR_RE = re.compile(SAMR_PATTERN)


def normalise_recall_id(text: str) -> str | None:
    """The stored form of a recall id (``23v-838`` -> ``23V838000``), or None if ``text`` is not one."""
    text = (text or "").strip()
    match = _NHTSA_RE.fullmatch(text)
    if match:
        year, kind, sequence, suffix = match.groups()
        return f"{year}{kind.upper()}{sequence}{suffix or '000'}"
    match = _SAMR_RE.fullmatch(text)
    if match:
        return "".join(match.groups()).upper()
    return None


def recall_id_forms(recall_id: str) -> list[str]:
    """Common written forms of one recall id, the stored form first."""
    canonical = normalise_recall_id(recall_id) or recall_id
    forms = [canonical]
    match = _NHTSA_RE.fullmatch(canonical)
    if match and match.group(4) == "000":
        year, kind, sequence = match.group(1), match.group(2), match.group(3)
        forms += [f"{year}{kind}{sequence}", f"{year}{kind}-{sequence}"]
    return forms
