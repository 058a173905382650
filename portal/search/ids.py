"""Recognise recall ids and software versions in the forms people actually type.

Owners copy ids from letters, dealer paperwork and news articles, so the same
NHTSA campaign arrives as ``23V838000``, ``23V838``, ``23V-838`` or ``23v 838``,
and a SAMR recall as ``S2025M0149I`` or ``s2025m0149i``. Search reduces every
form to the one the authority publishes, both when it indexes and when it reads
a query, so any form finds the record and an exact id can jump straight to it.
"""

from __future__ import annotations

import re

from portal.versions import is_version

# NHTSA: two-digit year, campaign type (Vehicle, Equipment, Tire, Child seat),
# three-digit sequence, and a three-digit suffix that is "000" for vehicle campaigns.
_NHTSA_RE = re.compile(r"^(\d{2})[\s-]*([VETC])[\s-]*(\d{3})(?:[\s-]*(\d{3}))?$", re.IGNORECASE)
# SAMR recall numbers: S + year + M + four-digit sequence + I.
_SAMR_RE = re.compile(r"^S[\s-]*(\d{4})[\s-]*M[\s-]*(\d{4})[\s-]*I$", re.IGNORECASE)
_VERSION_PREFIX_RE = re.compile(r"^(?:version|ver\.?|v)\s*", re.IGNORECASE)


def normalise_recall_id(text: str) -> str | None:
    """The published form of a recall id (``23v-838`` -> ``23V838000``), or None."""
    text = (text or "").strip()
    match = _NHTSA_RE.match(text)
    if match:
        year, kind, sequence, suffix = match.groups()
        return f"{year}{kind.upper()}{sequence}{suffix or '000'}"
    match = _SAMR_RE.match(text)
    if match:
        return f"S{match.group(1)}M{match.group(2)}I"
    return None


def recall_id_forms(recall_id: str) -> list[str]:
    """Common written forms of one recall id, published form first."""
    canonical = normalise_recall_id(recall_id) or recall_id
    forms = [canonical]
    match = _NHTSA_RE.match(canonical)
    if match and match.group(4) == "000":
        year, kind, sequence = match.group(1), match.group(2), match.group(3)
        forms += [f"{year}{kind}{sequence}", f"{year}{kind}-{sequence}"]
    return forms


def normalise_version(text: str) -> str | None:
    """A dotted numeric version from ``2023.44.30.14`` or ``v2023.44.30.14``, or None."""
    text = _VERSION_PREFIX_RE.sub("", (text or "").strip())
    return text if is_version(text) and "." in text else None


def id_token(text: str) -> str:
    """The single normal form the ``ids`` index field stores for one typed token."""
    recall_id = normalise_recall_id(text)
    if recall_id:
        return recall_id.lower()
    version = normalise_version(text)
    if version:
        return version
    return (text or "").lower()
