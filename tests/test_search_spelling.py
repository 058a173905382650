"""'Did you mean' from the words held in memory is the suggestion Whoosh's own corrector makes."""

from __future__ import annotations

import random

from whoosh.index import open_dir

from portal.search.spelling import MemoryCorrector


def _typos(words: list[str], count: int) -> list[str]:
    """One letter dropped or one added, in the middle of real words of the index (fixed seed)."""
    rng = random.Random(7)
    typos = []
    for word in rng.sample([w for w in words if len(w) >= 4], count):
        at = rng.randrange(1, len(word))
        typos.append(word[:at] + word[at + 1:] if rng.random() < 0.5 else word[:at] + "q" + word[at:])
    return typos


def test_memory_corrector_suggests_what_whoosh_suggests(shipped_whoosh_index):
    index = open_dir(str(shipped_whoosh_index), readonly=True)
    try:
        with index.searcher() as searcher:
            corrector = MemoryCorrector.of(searcher.reader())
            assert len(corrector.words) > 500
            for typo in _typos(corrector.words, 150) + ["camra", "brak", "autostear", "rearveiw", "zzzzzz"]:
                expected = searcher.suggest("spell", typo, limit=1, maxdist=2, prefix=1)
                assert corrector.suggest(typo, limit=1, maxdist=2, prefix=1) == expected, typo
    finally:
        index.close()


def test_an_empty_field_suggests_nothing():
    assert MemoryCorrector([], {}).suggest("camra", limit=1, maxdist=2, prefix=1) == []
