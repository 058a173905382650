"""The search seam: every Whoosh query the web process makes goes through here.

Pages and the JSON API depend on :class:`SearchBackend` only, so tests can use
:class:`NullSearch` and another engine can replace Whoosh without touching a
route. User text is untrusted: whatever it contains (quotes, operators, control
characters, ten thousand characters) the caller gets a result, never a parser
error. The index is opened read-only once; each thread keeps one searcher and
a new one is opened when the build step swaps a new index into the directory.
Which documents fill a relevance page, and "did you mean", come from one
ranking behind :mod:`portal.search.rankers`: Whoosh's own collector, or the
faster hand-written layer on the Whoosh versions it was tested on.
"""

from __future__ import annotations

import os
import re
import threading
import time
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from cachetools import LRUCache
from whoosh import query as wq
from whoosh.index import EmptyIndexError, open_dir

from portal.search import ids
from portal.search.analyzers import has_cjk, segment_cjk
from portal.search.facets import DocSets, normalise_filters
from portal.search.rankers import DEFAULT_RANKING, DateOrder, WhooshRanking, ranking_for
from portal.search.schema import clean_query, filter_query, parse_user_query
from portal.search.snippets import snippet_html
from portal.search.synonyms import expand

PAGE_SIZE = 20
# A search checks at most this often whether the build swapped in a new index.
REFRESH_CHECK_SECONDS = 1.0
# Results kept per index generation: owners repeat the same few queries (an id
# from a letter, "autosteer") and page through them. A new index starts empty.
RESULT_CACHE_SIZE = 512
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
    # True when the backend stopped counting: ``total`` matches were read and
    # there are more (shown as "1,000+"); facets then cover those ``total``.
    capped: bool = False

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
    """Search over the index the build wrote to ``index_dir``.

    ``ranking`` names a :data:`portal.search.rankers.RANKINGS` entry: ``impact`` (the default; Whoosh's
    own collector missed the 30 ms p95 at 30,000 documents in ``bench/search.py``) or ``whoosh``.
    """

    def __init__(self, index_dir: Path | str, cache_size: int = RESULT_CACHE_SIZE, ranking: str = DEFAULT_RANKING):
        self._dir = Path(index_dir)
        self._ranking = ranking
        self._cache_size = cache_size
        self._lock = threading.Lock()
        self._state = _IndexState.open(self._dir, ranking, cache_size)
        self._checked = time.monotonic()

    def search(self, query, filters=None, page=1, lang="en", sort="relevance") -> SearchResult:
        text, page = clean_query(query), _page(page)
        lang = "zh" if str(lang).lower().startswith("zh") else "en"
        result = SearchResult(query=text, page=page, page_size=PAGE_SIZE)
        if not text:
            return result
        state = self._current()
        sort = sort if sort in ("newest", "oldest") else "relevance"
        key = (text, tuple((name, tuple(values)) for name, values in sorted(normalise_filters(filters or {}).items())),
               page, lang, sort)
        cached = state.cached(key)
        if cached is not None:
            return replace(cached)
        searcher, sets = state.searcher(), state.sets()
        result.redirect = _redirect(searcher, text)
        allowed = sets.restricting(filters)
        expanded = expand(text)  # the synonyms of what was typed (刹车 -> 刹车 OR 制动)
        parsed = parse_user_query(searcher.schema, expanded)
        mask = sets.matching(parsed) & allowed
        if not mask and has_cjk(text):  # a whole Chinese sentence: accept any of its words
            parsed = parse_user_query(searcher.schema, segment_cjk(expanded))
            mask = sets.matching(parsed) & allowed
        result.total, result.facets = mask.bit_count(), sets.counts(mask)
        if mask and (page - 1) * PAGE_SIZE < result.total:
            restrict = filter_query(normalise_filters(filters or {})) if allowed != sets.all else None
            docnums = _ranked(state, parsed, restrict, mask, page, sort)
            result.hits = _hits(searcher, sets, parsed, docnums, lang)
        result.suggestion = _suggestion(searcher, state.ranker(), text)
        state.remember(key, result)
        return replace(result)

    def close(self) -> None:
        self._state.close()

    def ping(self) -> int:
        """The number of documents in the open index (the health check's probe; raises when it is gone)."""
        _stamp(self._dir)  # OSError when the index directory was removed
        return self._current().searcher().doc_count()

    def _current(self) -> _IndexState:
        if time.monotonic() - self._checked >= REFRESH_CHECK_SECONDS:
            with self._lock:
                self._checked = time.monotonic()
                try:
                    if _stamp(self._dir) != self._state.stamp:
                        self._state = _IndexState.open(self._dir, self._ranking, self._cache_size)
                except (OSError, IndexMissingError):
                    pass  # mid-swap or removed: keep serving the index already open
        return self._state


class _IndexState:
    """One opened index generation: its per-thread searchers, bit sets and date order."""

    def __init__(self, index, stamp, ranking=DEFAULT_RANKING, cache_size=RESULT_CACHE_SIZE):
        self.index, self.stamp, self.ranking_name = index, stamp, ranking
        self._local = threading.local()
        self._lock = threading.Lock()
        # Every searcher this generation opened: each holds the index's files open
        # (one file per part), closed with the generation once nothing uses it.
        self._searchers: list = []
        self._sets: DocSets | None = None
        self._ranking: WhooshRanking | None = None
        self._by_date: DateOrder | None = None
        # The last results asked for; none kept when cache_size is 0 (a test's fresh answers).
        self._results: LRUCache[tuple, SearchResult] | None = LRUCache(cache_size) if cache_size > 0 else None

    @classmethod
    def open(cls, index_dir: Path, ranking: str = DEFAULT_RANKING, cache_size: int = RESULT_CACHE_SIZE) -> _IndexState:
        try:
            stamp = _stamp(index_dir)
            return cls(open_dir(str(index_dir), readonly=True), stamp, ranking, cache_size)
        except (OSError, EmptyIndexError) as exc:
            raise IndexMissingError(f"no search index in {index_dir}; run `ota-portal build`") from exc

    def searcher(self):
        searcher = getattr(self._local, "searcher", None)
        if searcher is None:
            searcher = self._local.searcher = self._open_searcher()
        return searcher

    def _open_searcher(self):
        searcher = self.index.searcher()
        self._searchers.append(searcher)
        return searcher

    def sets(self) -> DocSets:
        with self._lock:
            if self._sets is None:
                self._sets = DocSets(self.searcher)
            return self._sets

    def ranker(self) -> WhooshRanking:
        """This generation's ranking (see :mod:`portal.search.rankers`), made on first use."""
        with self._lock:
            if self._ranking is None:
                self._ranking = ranking_for(self.ranking_name, self.searcher)
            return self._ranking

    def by_date(self) -> DateOrder:
        with self._lock:
            if self._by_date is None:
                self._by_date = DateOrder(self.searcher())
            return self._by_date

    def cached(self, key: tuple) -> SearchResult | None:
        with self._lock:
            return None if self._results is None else self._results.get(key)

    def remember(self, key: tuple, result: SearchResult) -> None:
        if self._results is not None:
            with self._lock:
                self._results[key] = result

    def close(self) -> None:
        while self._searchers:
            self._searchers.pop().close()
        self.index.close()

    def __del__(self):
        # A generation replaced by a newer build is dropped once the last request
        # using it ends; its files are closed then.
        try:
            self.close()
        except Exception:  # interpreter shutdown: nothing left to release
            pass


def _stamp(index_dir: Path) -> tuple:
    """Identity of the index in the directory: changes when a build swaps a new one in."""
    info = os.stat(index_dir)
    tocs = sorted(name for name in os.listdir(index_dir) if name.endswith(".toc"))
    return info.st_dev, info.st_ino, info.st_mtime_ns, tuple(tocs)


def _ranked(state: _IndexState, parsed, restrict, mask: int, page: int, sort: str) -> list[int]:
    """Document numbers of one page: by score, or by date walking the precomputed order."""
    wanted = page * PAGE_SIZE
    if sort in ("newest", "oldest"):
        found = state.by_date().first(mask, wanted, newest=sort == "newest")
    else:
        found = state.ranker().top(parsed, restrict, mask, wanted)
    return found[wanted - PAGE_SIZE:]


def _hits(searcher, sets: DocSets, parsed, docnums: list[int], lang: str) -> list[Hit]:
    terms = {(fieldname, text) for fieldname, text in parsed.iter_all_terms()
             if isinstance(text, str) and fieldname.startswith("body_")}
    masks = {term: sets.term(*term) for term in terms}
    other = "en" if lang == "zh" else "zh"
    hits = []
    for docnum in docnums:
        stored = searcher.stored_fields(docnum)
        held: dict[str, list[str]] = {}  # the query's terms this document holds, per body field
        for (fieldname, text), mask in masks.items():
            if mask >> docnum & 1:
                held.setdefault(fieldname, []).append(text)
        title = stored.get(f"title_{lang}") or stored.get(f"title_{other}", "")
        when = stored.get("date")
        hits.append(Hit(
            type=stored["type"], id=stored["id"], ref=stored["ref"], title=title,
            snippet=snippet_html(stored, held, lang),
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


def _suggestion(searcher, ranking: WhooshRanking, text: str) -> str | None:
    """Replace words the index has never seen with the closest word it has."""
    changed, suggestion = False, text
    for word in dict.fromkeys(_WORD_RE.findall(text)):
        lower = word.lower()
        if searcher.doc_frequency("spell", lower):
            continue
        candidate = ranking.suggest(lower)
        if candidate and candidate != lower:
            suggestion = re.sub(rf"\b{re.escape(word)}\b", candidate, suggestion)
            changed = True
    return suggestion if changed else None
