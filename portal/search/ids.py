"""Recognise recall ids and software versions in the forms people actually type.

Owners copy ids from letters, dealer paperwork and news articles, so the same
NHTSA campaign arrives as ``23V838000``, ``23V838``, ``23V-838`` or ``23v 838``,
and a SAMR recall as ``S2025M0149I`` or ``s2025m0149i``. Search reduces every
form to the one the authority publishes, both when it indexes and when it reads
a query, so any form finds the record and an exact id can jump straight to it.
Recall ids are recognised by :mod:`portal.recall_ids`, shared with the pages
and the assistant, so search accepts exactly the forms the rest of the portal does.
"""

from __future__ import annotations

import re

from portal.recall_ids import normalise_recall_id, recall_id_forms
from portal.versions import is_version

__all__ = ["id_token", "normalise_recall_id", "normalise_version", "recall_id_forms"]

_VERSION_PREFIX_RE = re.compile(r"^(?:version|ver\.?|v)\s*", re.IGNORECASE)


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
