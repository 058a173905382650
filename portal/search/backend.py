"""The search seam: every Whoosh query the web process makes goes through here.

Pages and the JSON API depend on :class:`SearchBackend` only, so tests can use
:class:`NullSearch` and another engine can replace Whoosh without touching a
route. User text is untrusted: whatever it contains (quotes, operators, control
characters, ten thousand characters) the caller gets a result, never a parser
error. The index is opened read-only once; each thread keeps one searcher and
a new one is opened when the build step swaps a new index into the directory.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from itertools import chain
from pathlib import Path
from typing import Mapping, Protocol

from whoosh import query as wq
from whoosh.index import EmptyIndexError, open_dir
from whoosh.sorting import FieldFacet, TranslateFacet

from portal.search import ids
from portal.search.analyzers import has_cjk, segment_cjk
from portal.search.documents import snippet_html
from portal.search.schema import FACET_FIELDS, clean_query, filter_query, parse_user_query

PAGE_SIZE = 20
# A search checks at most this often whether the build swapped in a new index.
REFRESH_CHECK_SECONDS = 1.0
# Words "did you mean" may correct: Latin letters only, too short ones are left alone.
_WORD_RE = re.compile(r"[A-Za-z]{3,}")


class IndexMissingError(RuntimeError):
    """No search index where the instance says it is."""


@dataclass(frozen=True)
class Hit:
    type: str
    id: str
    ref: str
    title: str
    snippet: str  # HTML: text escaped, matches wrapped in <mark>
    url: str
    date: str | None
    make: str | None
    model: tuple[str, ...] = ()


@dataclass
class SearchResult:
    query: str = ""
    page: int = 1
    total: int = 0
    hits: list[Hit] = field(default_factory=list)
    facets: dict[str, dict[str, int]] = field(default_factory=dict)
    suggestion: str | None = None
    redirect: str | None = None
    page_size: int = PAGE_SIZE

    @property
    def pages(self) -> int:
        return (self.total + self.page_size - 1) // self.page_size


class SearchBackend(Protocol):
    def search(self, query: str, filters: Mapping[str, object] | None = None, page: int = 1,
               lang: str = "en", sort: str = "relevance") -> SearchResult: ...


class NullSearch:
    """Finds nothing; for tests and for pages that must render without an index."""

    def search(self, query, filters=None, page=1, lang="en", sort="relevance") -> SearchResult:
        return SearchResult(query=clean_query(query), page=_page(page))


def _page(page: object) -> int:
    try:
        return min(max(1, int(page)), 10_000)
    except (TypeError, ValueError, OverflowError):
        return 1


class WhooshSearch:
    """Search over the index the build wrote to ``index_dir``."""

    def __init__(self, index_dir: Path | str):
        self._dir = Path(index_dir)
        self._lock = threading.Lock()
        self._state = _IndexState.open(self._dir)
        self._checked = time.monotonic()

    def search(self, query, filters=None, page=1, lang="en", sort="relevance") -> SearchResult:
        text, page = clean_query(query), _page(page)
        lang = "zh" if str(lang).lower().startswith("zh") else "en"
        result = SearchResult(query=text, page=page, page_size=PAGE_SIZE)
        if not text:
            return result
        state = self._current()
        searcher = state.searcher()
        result.redirect = _redirect(searcher, text)
        restrict = filter_query(filters or {})
        parsed = parse_user_query(searcher.schema, text)
        docs = _matching(searcher, parsed, restrict)
        if not docs and has_cjk(text):  # a whole Chinese sentence: accept any of its words
            parsed = parse_user_query(searcher.schema, segment_cjk(text))
            docs = _matching(searcher, parsed, restrict)
        result.total, result.facets = len(docs), state.facet_counts(docs)
        if docs:
            result.hits = _page_hits(searcher, parsed, restrict, page, lang, sort)
        result.suggestion = _suggestion(searcher, text)
        return result

    def _current(self) -> "_IndexState":
        if time.monotonic() - self._checked >= REFRESH_CHECK_SECONDS:
            with self._lock:
                self._checked = time.monotonic()
                try:
                    if _stamp(self._dir) != self._state.stamp:
                        self._state = _IndexState.open(self._dir)
                except (OSError, IndexMissingError):
                    pass  # mid-swap or removed: keep serving the index already open
        return self._state


class _IndexState:
    """One opened index generation: its per-thread searchers and facet table."""

    def __init__(self, index, stamp):
        self.index, self.stamp = index, stamp
        self._local = threading.local()
        self._facets: dict[str, list[tuple[str, ...]]] | None = None
        self._lock = threading.Lock()

    @classmethod
    def open(cls, index_dir: Path) -> "_IndexState":
        try:
            stamp = _stamp(index_dir)
            return cls(open_dir(str(index_dir), readonly=True), stamp)
        except (OSError, EmptyIndexError) as exc:
            raise IndexMissingError(f"no search index in {index_dir}; run `ota-portal build`") from exc

    def searcher(self):
        searcher = getattr(self._local, "searcher", None)
        if searcher is None:
            searcher = self._local.searcher = self.index.searcher()
        return searcher

    def facet_counts(self, docs: set[int]) -> dict[str, dict[str, int]]:
        table = self._facet_table()
        counts = {}
        for name, values in table.items():
            counter = Counter(chain.from_iterable(values[doc] for doc in docs))
            counts[name] = dict(sorted(counter.items(), key=lambda item: (-item[1], item[0])))
        return counts

    def _facet_table(self) -> dict[str, list[tuple[str, ...]]]:
        """Facet values of every document, read once per index generation.

        Counting then costs one pass over the matched document numbers, for the
        whole result set rather than the page, without reading stored fields.
        """
        with self._lock:
            if self._facets is None:
                reader = self.searcher().reader()
                table = {}
                for name, fieldname in FACET_FIELDS.items():
                    values: list[tuple[str, ...]] = [()] * reader.doc_count_all()
                    for term in reader.field_terms(fieldname):
                        for doc in reader.postings(fieldname, term).all_ids():
                            values[doc] = values[doc] + (term,)
                    table[name] = values
                self._facets = table
            return self._facets


def _stamp(index_dir: Path) -> tuple:
    """Identity of the index in the directory: changes when a build swaps a new one in."""
    info = os.stat(index_dir)
    tocs = sorted(name for name in os.listdir(index_dir) if name.endswith(".toc"))
    return info.st_dev, info.st_ino, info.st_mtime_ns, tuple(tocs)


def _matching(searcher, parsed: wq.Query, restrict: wq.Query | None) -> set[int]:
    if parsed is wq.NullQuery:
        return set()
    docs = set(searcher.docs_for_query(parsed))
    if docs and restrict is not None:
        docs &= set(searcher.docs_for_query(restrict))
    return docs


def _newest_first(value: int) -> tuple[bool, int]:
    # The date column stores "no date" as its largest value; undated records go last.
    return value >= _NO_DATE, -value


_NO_DATE = 2**64 - 1
# Sort orders besides "relevance" (the default, also for any unknown value).
_SORTS = {
    "newest": TranslateFacet(_newest_first, FieldFacet("date")),
    "oldest": FieldFacet("date"),
}


def _page_hits(searcher, parsed, restrict, page, lang, sort) -> list[Hit]:
    results = searcher.search(parsed, filter=restrict, limit=page * PAGE_SIZE, sortedby=_SORTS.get(sort if isinstance(sort, str) else ""))
    terms = set(parsed.iter_all_terms())
    hits = []
    # A slice reads the ranked top only; list(results) would recount every match.
    for hit in results[(page - 1) * PAGE_SIZE:]:
        stored = hit.fields()
        other = "en" if lang == "zh" else "zh"
        title = stored.get(f"title_{lang}") or stored.get(f"title_{other}", "")
        when = stored.get("date")
        hits.append(Hit(
            type=stored["type"], id=stored["id"], ref=stored["ref"], title=title,
            snippet=snippet_html(searcher.schema, stored, terms, lang),
            url=stored["url"], date=when.date().isoformat() if when else None,
            make=stored.get("make"), model=tuple(filter(None, stored.get("model", "").split(","))),
        ))
    return hits


def _redirect(searcher, text: str) -> str | None:
    """The page for an exact recall id or the version of exactly one release."""
    candidates = [ids.normalise_recall_id(text), text, text.lower()]
    for candidate in filter(None, candidates):
        if " " not in candidate:
            stored = searcher.document(id=f"recall:{candidate}")
            if stored:
                return stored["url"]
    version = ids.normalise_version(text)
    if version:
        matches = list(searcher.docs_for_query(
            wq.And([wq.Term("ids", version), wq.Term("type", "release")])))
        if len(matches) == 1:
            return searcher.stored_fields(matches[0])["url"]
    return None


def _suggestion(searcher, text: str) -> str | None:
    """Replace words the index has never seen with the closest word it has."""
    changed, suggestion = False, text
    for word in dict.fromkeys(_WORD_RE.findall(text)):
        lower = word.lower()
        if searcher.doc_frequency("spell", lower):
            continue
        candidates = searcher.suggest("spell", lower, limit=1, maxdist=2, prefix=1)
        if candidates and candidates[0] != lower:
            suggestion = re.sub(rf"\b{re.escape(word)}\b", candidates[0], suggestion)
            changed = True
    return suggestion if changed else None
