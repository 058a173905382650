"""An exact recall id puts that recall first, whichever search backend ranks the rest.

Someone who types ``S2025M0149I`` or ``22V-263`` wants that recall. Scoring alone
does not promise it: a release that remedies the recall carries the same id in
its cross-references and can score higher. This rule sits above the backend seam
(:class:`portal.search.backend.SearchBackend`), so the Whoosh and any other
backend share it and the page and the JSON API agree. Pages keep their size and
no hit is shown twice: the recall leads page 1 and every other hit moves down
one place in the backend's order.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace

from portal.recall_ids import normalise_recall_id
from portal.search.schema import clean_query
from portal.vocab import AUTHORITIES

# Stored ids with no written form of their own: the portal's keys for notices without a number
# (SAMR: cn-2024-01-tesla-door-latch), taken as typed in lower case.
_STORED_ID_RES = tuple(re.compile(authority.id_pattern) for authority in AUTHORITIES.values())


def exact_recall_id(query: str) -> str | None:
    """The stored recall id a query consists of (any written form), or None."""
    text = clean_query(query)
    recall_id = normalise_recall_id(text) if text else None
    if recall_id:
        return recall_id
    key = text.lower() if text else ""
    return key if key and any(regex.fullmatch(key) for regex in _STORED_ID_RES) else None


def pinned_search(backend, query: str, filters: Mapping[str, object] | None = None, page: int = 1,
                  lang: str = "en", sort: str = "relevance"):
    """``backend.search`` with the recall an exact id names first (relevance order only)."""
    result = backend.search(query, filters, page, lang, sort)
    target = exact_recall_id(query)
    if target is None or sort not in (None, "", "relevance") or not result.total:
        return result
    pinned = next((hit for hit in result.hits if hit.type == "recall" and hit.ref == target), None)
    if pinned is None:
        recall_filters = {**(filters or {}), "type": ["recall"]}
        found = backend.search(query, recall_filters, 1, lang, "relevance")
        pinned = next((hit for hit in found.hits if hit.ref == target), None)
    if pinned is None:  # filtered out (another make, type=release) or not in the portal
        return result
    size, page = result.page_size, result.page
    if page == 1:
        hits = [pinned] + [hit for hit in result.hits if hit is not pinned and hit.ref != target]
        return replace(result, hits=hits[:size])
    before = backend.search(query, filters, page - 1, lang, sort).hits
    window = [hit for hit in before + result.hits if not (hit.type == "recall" and hit.ref == target)]
    # The pinned recall sat somewhere before this window or inside it; either way one place is taken on page 1.
    return replace(result, hits=window[size - 1:2 * size - 1])
