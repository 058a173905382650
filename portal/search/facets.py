"""Which documents match, and exact facet counts over them, as bit sets.

Counting facets by walking every matched document costs Python work per
match: a broad Chinese query over a few thousand records spent most of its
time there, and again in Whoosh's matchers merely listing the matches. Here a
set of documents is one Python ``int`` used as a bit set (bit *n* = document
number *n*): the posting list of a term is read once per index generation and
kept as such a set, a query's Boolean structure becomes ``&``, ``|`` and ``~``
on them, the total is ``bit_count()``, and the count for a facet value is the
bit count of the result ANDed with that value's set. Counts stay exact; the
cost no longer grows with the number of matches.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping

from cachetools import LRUCache
from whoosh import query as wq

from portal.search.schema import FACET_FIELDS

# Term bit sets kept per index generation; a set for 30,000 documents is ~4 KB.
TERM_CACHE_SIZE = 4096


def mask_of(ids) -> int:
    """The bit set of an iterable of document numbers."""
    ids = list(ids)
    if not ids:
        return 0
    bits = bytearray(max(ids) // 8 + 1)
    for doc in ids:
        bits[doc >> 3] |= 1 << (doc & 7)
    return int.from_bytes(bits, "little")


def docs_of(mask: int) -> list[int]:
    """Document numbers in a bit set, ascending (used for short sets only)."""
    docs, base = [], 0
    for byte in mask.to_bytes((mask.bit_length() + 7) // 8, "little"):
        while byte:
            low = byte & -byte
            docs.append(base + low.bit_length() - 1)
            byte ^= low
        base += 8
    return docs


class DocSets:
    """Bit sets of one opened index generation: every live document, terms, facet values."""

    def __init__(self, searcher_of_thread):
        """``searcher_of_thread()`` gives the calling thread's own searcher: a Whoosh searcher reads its
        files through shared handles and is not safe to use from two threads at once."""
        self._searcher_of_thread = searcher_of_thread
        self.all = mask_of(searcher_of_thread().reader().all_doc_ids())
        self._terms: LRUCache[tuple[str, str], int] = LRUCache(TERM_CACHE_SIZE)
        self._facets: dict[str, dict[str, int]] | None = None
        self._lock = threading.Lock()

    # -- matching ---------------------------------------------------------
    def term(self, fieldname: str, text: str) -> int:
        key = (fieldname, text)
        with self._lock:
            cached = self._terms.get(key)
        if cached is not None:
            return cached
        reader = self._searcher_of_thread().reader()
        mask = mask_of(reader.postings(fieldname, text).all_ids()) if (fieldname, text) in reader else 0
        with self._lock:
            self._terms[key] = mask
        return mask

    def matching(self, query: wq.Query) -> int:
        """The documents ``query`` matches; Boolean structure evaluated on bit sets."""
        if isinstance(query, type(wq.NullQuery)):
            return 0
        if isinstance(query, wq.Term):
            text = query.text
            if not isinstance(text, str):  # a non-text field's encoded term
                return self._fallback(query)
            return self.term(query.fieldname, text) & self.all
        if isinstance(query, (wq.Or, wq.DisjunctionMax)):
            mask = 0
            for sub in query.subqueries:
                mask |= self.matching(sub)
            return mask
        if isinstance(query, wq.And):
            mask = self.all
            for sub in query.subqueries:
                mask &= self.matching(sub)
                if not mask:
                    break
            return mask
        if isinstance(query, wq.Not):
            return self.all & ~self.matching(query.query)
        if isinstance(query, wq.AndNot):
            return self.matching(query.a) & ~self.matching(query.b)
        if isinstance(query, wq.Require):
            return self.matching(query.a) & self.matching(query.b)
        if isinstance(query, wq.AndMaybe):
            return self.matching(query.a)
        if isinstance(query, wq.Otherwise):
            return self.matching(query.a) or self.matching(query.b)
        return self._fallback(query)

    def _fallback(self, query: wq.Query) -> int:
        # Phrases and anything else: Whoosh's own matcher, once per index generation, into a bit set.
        key = ("", repr(query))
        with self._lock:
            cached = self._terms.get(key)
        if cached is None:
            cached = mask_of(self._searcher_of_thread().docs_for_query(query)) & self.all
            with self._lock:
                self._terms[key] = cached
        return cached

    def restricting(self, filters: Mapping[str, object] | None) -> int:
        """Documents that pass the facet filters (values OR-ed within a facet, facets AND-ed)."""
        mask = self.all
        for name, values in normalise_filters(filters or {}).items():
            table = self.facet_values().get(name, {})
            allowed = 0
            for value in values:
                allowed |= table.get(value, 0)
            mask &= allowed
        return mask

    # -- facet counts ------------------------------------------------------
    def facet_values(self) -> dict[str, dict[str, int]]:
        """Facet name -> value -> bit set, read once per index generation."""
        with self._lock:
            if self._facets is None:
                reader = self._searcher_of_thread().reader()
                self._facets = {
                    name: {term: mask_of(reader.postings(fieldname, term).all_ids())
                           for term in reader.field_terms(fieldname)}
                    for name, fieldname in FACET_FIELDS.items()
                }
            return self._facets

    def counts(self, mask: int) -> dict[str, dict[str, int]]:
        """Exact count per facet value among ``mask``; most frequent first, zeros left out."""
        result = {}
        for name, table in self.facet_values().items():
            counted = ((value, (mask & bits).bit_count()) for value, bits in table.items())
            result[name] = dict(sorted(((v, n) for v, n in counted if n), key=lambda item: (-item[1], item[0])))
        return result


def normalise_filters(filters: Mapping[str, object]) -> dict[str, list[str]]:
    """``{"make": "Tesla", "type": ["recall"]}`` -> index values per known facet."""
    result = {}
    for name in FACET_FIELDS:
        raw = filters.get(name)
        values = list(raw) if isinstance(raw, (list, tuple, set, frozenset)) else [raw]
        values = [str(value).strip() for value in values if value is not None and str(value).strip()]
        # Index values are slugs and ids in their published case: NHTSA, SAMR, tesla, ota.
        values = [value.upper() if name == "authority" else value.lower() for value in values]
        if values:
            result[name] = values
    return result
