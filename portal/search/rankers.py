"""How the Whoosh backend orders a result page and finds "did you mean" words: one seam, two implementations.

* :class:`WhooshRanking` uses Whoosh's own public API only: ``Searcher.search``
  told the page end as its ``limit``, and ``Searcher.corrector`` over the
  ``spell`` field. It is the reference the other one is tested against.
* :class:`ImpactRanking` is the hand-written layer (``ranking.py``,
  ``vector_rank.py``, ``spelling.py``): same pages and suggestions, made
  fast for broad queries over tens of thousands of documents by reading
  Whoosh internals (matcher and query attributes, the automaton module).
  Internals change without notice, so it is used only with the
  Whoosh-Reloaded versions its tests ran on (:data:`TESTED_WHOOSH`, also the
  range pinned in ``pyproject.toml``); any other version gets
  :class:`WhooshRanking`, slower on broad queries but correct.

Ordering by date needs no ranking: every document number is sorted once per
index generation from the ``date`` column (public API) and a page is the
first matches in that order.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

# The Whoosh-Reloaded versions the hand-written layer was tested with (first, last inclusive).
TESTED_WHOOSH = ((2, 7, 5), (2, 7, 5))
SPELL_FIELD = "spell"
# The date column stores "no date" as its largest value; undated records go last.
_NO_DATE = 2**64 - 1


def whoosh_version() -> tuple[int, ...]:
    try:
        return tuple(int(part) for part in version("Whoosh-Reloaded").split(".")[:3] if part.isdigit())
    except PackageNotFoundError:
        return ()


def impact_supported() -> bool:
    """Whether the installed Whoosh is one the hand-written layer was tested with."""
    low, high = TESTED_WHOOSH
    return low <= whoosh_version() <= high


class WhooshRanking:
    """Pages and suggestions from Whoosh's public API."""

    name = "whoosh"

    def __init__(self, searcher_of_thread):
        """``searcher_of_thread()`` gives the calling thread's own searcher (not safe to share)."""
        self._searcher_of_thread = searcher_of_thread

    def top(self, query, restrict, mask: int, wanted: int) -> list[int]:
        """The ``wanted`` best-scored matches (``restrict``: the facet filter as a query, or None)."""
        results = self._searcher_of_thread().search(query, filter=restrict, limit=wanted, terms=False)
        return [docnum for _score, docnum in results.top_n]

    def suggest(self, word: str) -> str | None:
        found = self._searcher_of_thread().corrector(SPELL_FIELD).suggest(word, limit=1, maxdist=2, prefix=1)
        return found[0] if found else None


class ImpactRanking(WhooshRanking):
    """The same answers from impact lists and an in-memory word list (see ``ranking.py``, ``spelling.py``)."""

    name = "impact"

    def __init__(self, searcher_of_thread):
        from portal.search.ranking import Ranker
        from portal.search.spelling import MemoryCorrector

        super().__init__(searcher_of_thread)
        self._ranker = Ranker(searcher_of_thread)
        self._corrector = MemoryCorrector.of(searcher_of_thread().reader(), SPELL_FIELD)

    def top(self, query, restrict, mask: int, wanted: int) -> list[int]:
        found = self._ranker.top(query, mask, wanted)
        # Shapes the ranker leaves alone (phrases over several fields, NOT): Whoosh's collector.
        return found if found is not None else super().top(query, restrict, mask, wanted)

    def suggest(self, word: str) -> str | None:
        found = self._corrector.suggest(word, limit=1, maxdist=2, prefix=1)
        return found[0] if found else None


RANKINGS = {"whoosh": WhooshRanking, "impact": ImpactRanking}
# What the Whoosh backend uses unless told otherwise (bench/search.py --ranking compares the two).
DEFAULT_RANKING = "impact"


def ranking_for(name: str, searcher_of_thread) -> WhooshRanking:
    """The named ranking; the hand-written one only on a tested Whoosh, else Whoosh's own."""
    if name == "impact" and not impact_supported():
        name = "whoosh"
    return RANKINGS[name](searcher_of_thread)


class DateOrder:
    """Every document number by date, newest or oldest first; undated last either way."""

    def __init__(self, searcher):
        column = searcher.reader().column_reader("date", translate=False)
        dates = [column[doc] for doc in range(len(column))]
        self._orders = {
            False: sorted(range(len(dates)), key=lambda doc: (dates[doc] >= _NO_DATE, dates[doc], doc)),
            True: sorted(range(len(dates)), key=lambda doc: (dates[doc] >= _NO_DATE, -dates[doc], doc)),
        }

    def first(self, mask: int, wanted: int, newest: bool) -> list[int]:
        """The first ``wanted`` documents of ``mask`` in date order."""
        bits = mask.to_bytes((mask.bit_length() + 7) // 8 or 1, "little")
        limit = len(bits) * 8
        found = []
        for doc in self._orders[newest]:
            if doc < limit and bits[doc >> 3] >> (doc & 7) & 1:
                found.append(doc)
                if len(found) >= wanted:
                    break
        return found
