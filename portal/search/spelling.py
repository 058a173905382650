"""'Did you mean': Whoosh's own suggestion, from the spelling words held in memory.

Whoosh's ``ReaderCorrector`` walks a Levenshtein automaton over the term
file on disk, one seek and read per step: about 25 ms for one unknown word at
100,000 documents, however few distinct words the ``spell`` field has (about
4,000). The words and their frequencies are read once per index generation
instead, and the same automaton runs over the sorted list; the score is
``ReaderCorrector``'s, so the suggestion is the one Whoosh would make.
"""

from __future__ import annotations

from whoosh.automata.fsa import find_all_matches
from whoosh.automata.lev import levenshtein_automaton
from whoosh.spelling import Corrector, ListCorrector

SPELL_FIELD = "spell"


class MemoryCorrector(Corrector):
    """Suggestions from ``words`` (sorted) ranked like ``whoosh.spelling.ReaderCorrector``."""

    def __init__(self, words: list[str], frequency: dict[str, float]):
        self.words = words
        self.frequency = frequency

    @classmethod
    def of(cls, reader, fieldname: str = SPELL_FIELD) -> MemoryCorrector:
        field = reader.schema[fieldname]
        frequency = {field.from_bytes(term): info.weight() for term, info in reader.iter_field(fieldname)}
        return cls(sorted(frequency), frequency)

    def _suggestions(self, text, maxdist, prefix):
        if not self.words:
            return
        automaton = levenshtein_automaton(text, maxdist, prefix).to_dfa()
        for word in find_all_matches(automaton, ListCorrector.Skipper(self.words)):
            # ReaderCorrector's score: the same distance term for all, then the more frequent word.
            yield 0 - (maxdist + (1.0 / (self.frequency.get(word) or 1) * 0.5)), word
