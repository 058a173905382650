"""One search index answers many threads at once with the answers it gives one at a time.

``ota-portal serve`` runs threaded workers, so requests of one worker search the
same opened index concurrently. A Whoosh searcher reads through shared file
handles: one used by two threads at once read the wrong bytes (a ``KeyError``
for a term the index holds, a 500 on ``/api/v1/search`` under load). Each
thread must get its own searcher, while the caches built from them stay shared.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

from whoosh.index import open_dir

from portal.search import WhooshSearch

THREADS = 8


def _words(index_dir, count: int) -> list[str]:
    """Distinct common English words of the shipped index: each query below is new to the caches."""
    index = open_dir(str(index_dir), readonly=True)
    with index.searcher() as searcher:
        reader = searcher.reader()
        frequent = sorted(((reader.doc_frequency("body_en", term), term) for term in reader.field_terms("body_en")
                           if isinstance(term, str) and term.isalpha() and len(term) > 3), reverse=True)
    index.close()
    return [term for _count, term in frequent[:count]]


def _answer(search: WhooshSearch, query: str) -> tuple:
    result = search.search(query, page=1, lang="en")
    return result.total, [hit.id for hit in result.hits]


def test_concurrent_searches_match_the_same_searches_one_at_a_time(shipped_whoosh_index):
    queries = [f"{a} {b}" for a, b in zip(*[iter(_words(shipped_whoosh_index, 240))] * 2)]
    expected = {query: _answer(WhooshSearch(shipped_whoosh_index, cache_size=0), query) for query in queries}

    shared = WhooshSearch(shipped_whoosh_index, cache_size=0)  # cold caches, as after a new build
    start = threading.Barrier(THREADS)

    def run(offset: int) -> dict:
        start.wait()
        rotated = queries[offset:] + queries[:offset]
        return {query: _answer(shared, query) for query in rotated}

    with ThreadPoolExecutor(THREADS) as pool:
        answers = list(pool.map(run, range(0, THREADS * 7, 7)))
    assert all(answer == expected for answer in answers)
