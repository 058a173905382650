"""A symptom told in a few words: a part word and a fault word, each matched loosely.

Drivers in trouble write tersely, misspell and mix languages: "rear cam black
and beeping", "camra no image when reversing", "倒车camera黑屏", "smels like
burning". Whole phrases cannot foresee those, so a report is recognised by its
meaning instead: one word naming a part of the car (camera, brakes, screen,
方向盘 …) and one word saying something is wrong with it (black, beeping,
jerks, 抖, 没画面 …), anywhere in the message. Words that are alarming on
their own (smoke, burning, melting, 冒烟) need no part.

Latin words are compared by their stems and, when no stem matches, by
character trigrams (Dice similarity over ``#word#`` trigrams), so one or two
wrong letters still meet the word ("stearing", "camra", "flickring"); a misspelling keeps
the first letter and the length within one ("thing" is not "nothing").
Chinese words are substrings (the text is already Simplified). The word
lists are data (``parts``, ``faults``, ``alarms`` in ``content/qa/symptoms.yaml``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from portal.chat.normalise import normalise

_LATIN = re.compile(r"[a-z0-9]+")
_CJK = re.compile(r"[\u3400-\u9fff]")
# Trigram overlap (Dice) at or above which a misspelt word is the listed one; words under
# MIN_FUZZY_LEN letters must be spelt right ("cam" is not "car").
MIN_DICE = 0.5
MIN_FUZZY_LEN = 5


def trigrams(word: str) -> set[str]:
    padded = f"#{word}#"
    return {padded[i:i + 3] for i in range(len(padded) - 2)}


def dice(a: str, b: str) -> float:
    ta, tb = trigrams(a), trigrams(b)
    return 2 * len(ta & tb) / (len(ta) + len(tb))


@dataclass(frozen=True)
class _Word:
    text: str  # normalised; several words for a phrase
    stem: bool  # "flicker*": any word it begins
    chinese: bool


def _word(raw: str) -> _Word:
    stem = str(raw).strip().endswith("*")
    text = normalise(str(raw).strip().rstrip("*"))
    return _Word(text, stem, bool(_CJK.search(text)))


class WordList:
    """Words of one meaning; ``in_(norm)`` says whether the normalised text has one of them."""

    def __init__(self, words):
        self.words = [w for w in (_word(r) for r in words or ()) if w.text]
        # Single Latin words that may be misspelt by the asker.
        self._fuzzy = [w for w in self.words if not w.chinese and " " not in w.text and len(w.text) >= MIN_FUZZY_LEN]

    def in_(self, norm: str, tokens: list[str], spelt: frozenset[str] = frozenset()) -> str | None:
        """The listed word found (its listed form), else None.

        ``spelt``: tokens that are correctly spelt words of another list ("screen" is a part,
        not a misspelt "screech"); they are never read as a misspelling of one of these.
        """
        padded = f" {' '.join(tokens)} "
        for w in self.words:
            if w.chinese:
                if w.text in norm:
                    return w.text
            elif w.stem:
                if any(t.startswith(w.text) for t in tokens) or (" " in w.text and f" {w.text}" in padded):
                    return w.text
            elif f" {w.text} " in padded:
                return w.text
        for token in tokens:
            if len(token) < MIN_FUZZY_LEN or token in spelt:
                continue
            for w in self._fuzzy:
                base = token[:len(w.text) + 1] if w.stem else token
                if base[0] == w.text[0] and abs(len(base) - len(w.text)) <= 1 and dice(base, w.text) >= MIN_DICE:
                    return w.text
        return None


class PartAndFault:
    """``find(norm)`` -> (kind name, why) for a part word with a fault word, or an alarm word; else None."""

    def __init__(self, parts: dict, faults, alarms, alarm_kind: str, real_words=()):
        self.parts = [(kind, WordList(words)) for kind, words in (parts or {}).items()]
        self.faults, self.alarms, self.alarm_kind = WordList(faults), WordList(alarms), alarm_kind
        # Correctly spelt words never read as a misspelt fault: the parts, and words such as "filing" ("failing").
        self._spelt = frozenset(w.text for _, words in self.parts for w in words.words if not w.chinese and " " not in w.text) \
            | frozenset(str(w).lower() for w in real_words or ())

    def find(self, norm: str) -> tuple[str, str] | None:
        tokens = _LATIN.findall(norm)
        alarm = self.alarms.in_(norm, tokens)
        if alarm:
            return self.alarm_kind, f"alarm word {alarm!r}"
        fault = self.faults.in_(norm, tokens, spelt=self._spelt)
        if not fault:
            return None
        for kind, words in self.parts:
            part = words.in_(norm, tokens)
            if part:
                return kind, f"part {part!r} with fault {fault!r}"
        return None
