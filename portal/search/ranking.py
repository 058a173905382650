"""Which documents fill a relevance page: the best-scored without scoring every match.

Used only through :class:`portal.search.rankers.ImpactRanking`, which keeps
it to the Whoosh versions it was tested on: it reads Whoosh internals
(``CoordMatcher._termcount``, ``Or.scale``).

A broad query ("recall", "特斯拉 制动") matches most of a large index, and
Whoosh's collector scores every match in Python: its block-quality skipping
rarely fires because the BM25 bound of a block (largest frequency, shortest
field) is loose. Here each term's postings are scored once per index
generation into an *impact list* (document numbers by descending score, and
the score of each posting). A query made of terms, phrases, ANDs and ORs is
then ranked by the threshold algorithm: walk the terms' lists best-first,
score each new document exactly through the query tree, and stop as soon as
the page's lowest score beats the best any unseen document could still
reach. The scores are Whoosh's own (same weighting, boosts and OR
coordination bonus; a phrase scores as its words), so the order is the one
:meth:`Searcher.search` gives; other query shapes (NOT, multi-segment
indexes) are left to Whoosh. A walk that has scored ``WALK_BUDGET``
documents without being able to stop hands over to ``vector_rank``, which
scores every match at once.
"""

from __future__ import annotations

import heapq
import threading
from array import array
from bisect import bisect_left

from cachetools import LRUCache
from whoosh import query as wq
from whoosh.matching import CoordMatcher

from portal.search.vector_rank import exact_top

# Impact lists kept per index generation, by bytes: each costs 16 bytes per
# posting (never per document in the index, so a rare word costs next to
# nothing and the cache holds every term of a day's queries at 100,000
# documents; a word in every document costs 1.6 MB there).
IMPACT_CACHE_BYTES = 64 * 1024 * 1024
# Documents the walk scores one by one before it hands the query to vector_rank.exact_top, which
# scores all matches at once: about what the vectors cost at 100,000 documents.
WALK_BUDGET = 100
# A term in at least 1/DENSE_SHARE of the documents keeps a score per document.
DENSE_SHARE = 4
_ABSENT = -1.0  # BM25 scores of matching documents are always positive


class _Impact:
    """One term's postings: document numbers best-first (``order``), and ascending with their scores.

    A term in a quarter of the documents or more keeps its scores by document
    number instead (``dense``): looking one up is then an index, not a search,
    and such terms are the ones a ranking walk looks up most.
    """

    __slots__ = ("order", "docs", "scores", "dense", "size")

    def __init__(self, order: array, docs: array, scores: array, doc_count: int):
        self.order = order
        if len(docs) * DENSE_SHARE >= doc_count:
            self.dense = array("d", [_ABSENT]) * doc_count
            for doc, score in zip(docs, scores):
                self.dense[doc] = score
            self.docs = self.scores = array("i")
        else:
            self.dense, self.docs, self.scores = None, docs, scores
        self.size = sum(column.itemsize * len(column) for column in (order, self.docs, self.scores)) \
            + (self.dense.itemsize * len(self.dense) if self.dense is not None else 0)

    def score(self, doc: int) -> float | None:
        """The document's score for this term, None if the term is not in it."""
        if self.dense is not None:
            score = self.dense[doc] if doc < len(self.dense) else _ABSENT
            return None if score == _ABSENT else score
        at = bisect_left(self.docs, doc)
        return self.scores[at] if at < len(self.docs) and self.docs[at] == doc else None

    def score_at(self, rank: int) -> float:
        """The score of the ``rank``-th best document."""
        return self.score(self.order[rank])

    def vectors(self, doc_count: int):
        """(present, score) of every document as NumPy arrays, score 0.0 where absent (``vector_rank``)."""
        import numpy as np

        if self.dense is not None:
            scores = np.frombuffer(self.dense, dtype=np.float64)[:doc_count].copy()
            present = scores != _ABSENT
            scores[~present] = 0.0
            return present, scores
        docs = np.frombuffer(self.docs, dtype=np.int32) if len(self.docs) else np.zeros(0, dtype=np.int32)
        present = np.zeros(doc_count, dtype=bool)
        scores = np.zeros(doc_count)
        present[docs] = True
        scores[docs] = np.frombuffer(self.scores, dtype=np.float64) if len(self.scores) else 0.0
        return present, scores


class Ranker:
    """Impact lists of one opened index generation, and top-N ranking with them."""

    def __init__(self, searcher_of_thread):
        """``searcher_of_thread()`` gives the calling thread's own searcher (a Whoosh searcher is not
        safe to share between threads); the impact lists it builds are shared by all of them."""
        self._searcher_of_thread = searcher_of_thread
        self._doc_count = searcher_of_thread().reader().doc_count_all()
        self._impacts: LRUCache[tuple, _Impact] = LRUCache(IMPACT_CACHE_BYTES, getsizeof=lambda impact: impact.size)
        self._lock = threading.Lock()

    def top(self, query: wq.Query, mask: int, wanted: int) -> list[int] | None:
        """Document numbers of the ``wanted`` best matches in ``mask``; None if the query's shape is not handled."""
        searcher = self._searcher_of_thread()
        if not searcher.is_atomic():
            return None
        shape = _shape(query.accept(_phrase_as_and))
        if shape is None:
            return None
        root, scale = shape
        termcount = 0
        if scale:  # Whoosh's coordination bonus counts the query's terms the index holds
            matcher = query.matcher(searcher, searcher.context())
            termcount = matcher._termcount if isinstance(matcher, CoordMatcher) else 0
        leaves = []
        tree = self._tree(root, leaves)
        scale = scale if termcount else None
        found = _threshold_top(tree, leaves, mask, wanted, scale, termcount, WALK_BUDGET)
        if found is None:  # the bound falls too slowly: score every match at once instead
            found = exact_top(tree, mask, wanted, self._doc_count, scale, termcount)
        return found

    def _tree(self, node, leaves: list):
        if isinstance(node, wq.Term):
            impact = self.impact(node)
            leaves.append(impact)
            return impact
        kind = "and" if isinstance(node, wq.And) else "or"
        return (kind, [self._tree(sub, leaves) for sub in node.subqueries])

    def impact(self, term: wq.Term) -> _Impact:
        key = (term.fieldname, term.text, term.boost)
        with self._lock:
            impact = self._impacts.get(key)
        if impact is not None:
            return impact
        impact = self._score_postings(term)
        with self._lock:
            if key not in self._impacts and impact.size <= IMPACT_CACHE_BYTES:  # a larger one is used, not kept
                self._impacts[key] = impact
        return impact

    def _score_postings(self, term: wq.Term) -> _Impact:
        docs, scores = array("i"), array("d")
        searcher = self._searcher_of_thread()
        matcher = term.matcher(searcher, searcher.context())
        while matcher.is_active():  # postings come in ascending document order
            docs.append(matcher.id())
            scores.append(matcher.score())
            matcher.next()
        order = sorted(range(len(docs)), key=lambda at: (-scores[at], docs[at]))
        return _Impact(array("i", (docs[at] for at in order)), docs, scores, self._doc_count)


def _phrase_as_and(node: wq.Query) -> wq.Query:
    """A phrase scores as all of its words (Whoosh's phrase matcher passes their scores through);
    ``mask`` already holds only the documents where the words stand together."""
    if isinstance(node, wq.Phrase) and node.slop == 1:
        return wq.And([wq.Term(node.fieldname, word, boost=node.boost) for word in node.words])
    return node


def _shape(query: wq.Query):
    """``(tree, coordination scale)`` when the query is terms under AND/OR with no boosts, else None."""
    scale = getattr(query, "scale", None) if isinstance(query, wq.Or) else None
    return (query, scale) if _plain(query, root=True) else None


def _plain(node, root: bool = False) -> bool:
    if isinstance(node, wq.Term):
        return isinstance(node.text, str)
    if type(node) in (wq.Or, wq.And) and node.boost == 1.0 and node.subqueries:
        if isinstance(node, wq.Or) and (node.minmatch or (getattr(node, "scale", None) and not root)):
            return False
        return all(_plain(sub) for sub in node.subqueries)
    return False


def _evaluate(node, doc: int) -> tuple[bool, float, int]:
    """(matches, score, matching terms) of one document, summed the way Whoosh's matchers do."""
    if isinstance(node, _Impact):
        score = node.score(doc)
        return (True, score, 1) if score is not None else (False, 0.0, 0)
    kind, children = node
    total, count, matched = 0.0, 0, False
    for child in children:
        ok, score, terms = _evaluate(child, doc)
        if ok:
            matched = True
            total += score
            count += terms
        elif kind == "and":
            return False, 0.0, 0
    return matched, total, count


def _coordinated(score: float, matching: int, termcount: int, scale: float) -> float:
    # Whoosh's CoordMatcher ("SQR"): more of the query's terms in a document scores higher.
    if termcount == 0 or termcount == scale:
        return 0.0
    return (score + ((matching - 1) / (termcount - scale) ** 2)) * ((termcount - 1) / termcount)


def _threshold_top(tree, leaves: list[_Impact], mask: int, wanted: int,
                   scale: float | None, termcount: int, budget: int | None = None) -> list[int] | None:
    """The walk; None once it has scored more than ``budget`` documents without being able to stop."""
    bits = mask.to_bytes((mask.bit_length() + 7) // 8 or 1, "little")
    limit = len(bits) * 8
    heap: list[tuple[float, int]] = []  # (score, -doc): the page's weakest entry first
    seen: set[int] = set()
    cursors = [0] * len(leaves)
    live = [i for i, leaf in enumerate(leaves) if len(leaf.order)]
    while live:
        for i in live:
            leaf = leaves[i]
            doc = leaf.order[cursors[i]]
            cursors[i] += 1
            if doc in seen:
                continue
            seen.add(doc)
            if doc >= limit or not bits[doc >> 3] >> (doc & 7) & 1:
                continue
            if budget is not None:
                budget -= 1
                if budget < 0:
                    return None
            ok, score, matching = _evaluate(tree, doc)
            if not ok:
                continue
            if scale is not None:
                score = _coordinated(score, matching, termcount, scale)
            entry = (score, -doc)
            if len(heap) < wanted:
                heapq.heappush(heap, entry)
            elif entry > heap[0]:
                heapq.heapreplace(heap, entry)
        live = [i for i in live if cursors[i] < len(leaves[i].order)]
        if len(heap) == wanted:
            if not live:
                break
            bound = sum(leaves[i].score_at(cursors[i]) for i in live)
            if scale is not None:
                bound = _coordinated(bound, termcount, termcount, scale)
            weakest_score, weakest_doc = heap[0][0], -heap[0][1]
            if weakest_score > bound:
                break
            if weakest_score == bound and max(leaves[i].order[cursors[i]] for i in live) > weakest_doc:
                # Only a document scoring exactly the bound could still tie the page's weakest entry, and it
                # wins the tie only with a lower number. To score the bound it must hold every live term at
                # that term's next score, and each impact list orders equal scores by ascending number, so
                # it is numbered at least every list's next document: higher than the weakest. Copies of a
                # document tie this way by the hundred, and walking all of them changed nothing.
                break
    return [-doc for _score, doc in sorted(heap, reverse=True)]
