"""Recall identifiers in the forms people write them, and the one form the portal stores.

NHTSA campaign numbers are written ``23V838``, ``23V-838``, ``23v838000`` or
``23V-838-000``; SAMR recall numbers (GB/T 39061-2020) ``S2025M0149I`` or
``s2025-m0149i``. Search, the assistant and the pages all accept any of them,
so the recognition lives here once, driven by each authority's patterns in
:mod:`portal.vocab`: a new authority's ids are recognised by adding it there.
"""

from __future__ import annotations

import re

from portal.vocab import AUTHORITIES

# Each authority's ids as people write them (NHTSA: two-digit year, record type, three-digit
# sequence, optional suffix; SAMR: S/E, year, M, four-digit sequence, V/I/O).
WRITTEN_ID_PATTERNS = {code: authority.written_id_pattern for code, authority in AUTHORITIES.items()}
_WRITTEN_RES = {code: re.compile(pattern) for code, pattern in WRITTEN_ID_PATTERNS.items()}


def _stored(code: str, groups: tuple[str | None, ...]) -> str:
    suffix = AUTHORITIES[code].omitted_suffix
    if suffix and groups[-1] is None:
        groups = (*groups[:-1], suffix)
    return "".join(group or "" for group in groups).upper()


def normalise_recall_id(text: str) -> str | None:
    """The stored form of a recall id (``23v-838`` -> ``23V838000``), or None if ``text`` is not one."""
    text = (text or "").strip()
    for code, regex in _WRITTEN_RES.items():
        match = regex.fullmatch(text)
        if match:
            return _stored(code, match.groups())
    return None


def recall_id_forms(recall_id: str) -> list[str]:
    """Common written forms of one recall id, the stored form first."""
    canonical = normalise_recall_id(recall_id) or recall_id
    forms = [canonical]
    for code, regex in _WRITTEN_RES.items():
        authority, match = AUTHORITIES[code], regex.fullmatch(canonical)
        if match and authority.short_forms and match.groups()[-1] == authority.omitted_suffix:
            forms += [form.format(*match.groups()) for form in authority.short_forms]
            break
    return forms
