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


def _spelt_in(w: _Word, norm: str, tokens: list[str], padded: str) -> bool:
    """Whether ``w`` is in the text as written: a Chinese substring, a Latin stem, or a whole Latin word or phrase."""
    if w.chinese:
        return w.text in norm
    if w.stem:
        return any(t.startswith(w.text) for t in tokens) or (" " in w.text and f" {w.text}" in padded)
    return f" {w.text} " in padded


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
            if _spelt_in(w, norm, tokens, padded):
                return w.text
        for token in tokens:
            if len(token) < MIN_FUZZY_LEN or token in spelt:
                continue
            for w in self._fuzzy:
                base = token[:len(w.text) + 1] if w.stem else token
                if base[0] == w.text[0] and abs(len(base) - len(w.text)) <= 1 and dice(base, w.text) >= MIN_DICE:
                    return w.text
        return None

    def all_in(self, norm: str, tokens: list[str], spelt: frozenset[str] = frozenset()) -> list[str]:
        """Every listed word found, spelt right (in list order), then the first misspelt one, if any."""
        padded = f" {' '.join(tokens)} "
        found = [w.text for w in self.words if _spelt_in(w, norm, tokens, padded)]
        if not found:
            first = self.in_(norm, tokens, spelt)
            found = [first] if first else []
        return found


class PartAndFault:
    """``find(norm)`` -> (kind name, why) for a part word with a fault word, or an alarm word; else None."""

    def __init__(self, parts: dict, faults, alarms, alarm_kind: str, real_words=(), not_of_the_car=()):
        self.parts = [(kind, WordList(words)) for kind, words in (parts or {}).items()]
        self.faults, self.alarms, self.alarm_kind = WordList(faults), WordList(alarms), alarm_kind
        # Faults of a screen or a camera ("nothing", "blank"), no fault of the car itself: "his EV was 'nothing to worry about'".
        self.not_of_the_car = frozenset(normalise(str(w)).rstrip("*") for w in not_of_the_car or ())
        # Correctly spelt words never read as a misspelt fault: the parts, and words such as "filing" ("failing").
        self._spelt = frozenset(w.text for _, words in self.parts for w in words.words if not w.chinese and " " not in w.text) \
            | frozenset(str(w).lower() for w in real_words or ())

    def find(self, norm: str) -> tuple[str, str] | None:
        tokens = _LATIN.findall(norm)
        alarm = self.alarms.in_(norm, tokens)
        if alarm:
            return self.alarm_kind, f"alarm word {alarm!r}"
        # "Software update failed": the update's fault, not the car's; another fault word may still be told.
        faults = [f for f in self.faults.all_in(norm, tokens, spelt=self._spelt) if not _only_of_an_update(norm, f)]
        if not faults:
            return None
        for kind, words in self.parts:
            part = words.in_(norm, tokens)
            if not part:
                continue
            if kind != GENERAL:
                return kind, f"part {part!r} with fault {faults[0]!r}"
            told = next((f for f in faults if f not in self.not_of_the_car and _near(norm, part, f)), None)
            if told:
                return kind, f"part {part!r} with fault {told!r}"
        return None


# The car itself ("car", "ev", "vehicle", "这车") is named in many questions that report nothing: "the sales guy
# said it's 'nothing really'", "the update failed, will the car retry?". Its fault word must be close to it.
GENERAL = "general"
GENERAL_WINDOW = 24  # characters between the end of one word and the start of the other


# "Software update failed", "升级失败": the update's fault, not the car's.
_OF_AN_UPDATE = re.compile(r"(?:update|install\w*|download\w*|升级|更新|安装|下载)\W{0,2}$")


def _only_of_an_update(norm: str, fault: str) -> bool:
    """Whether every occurrence of ``fault`` follows an update word ("update failed", "升级失败")."""
    spots = [m.start() for m in re.finditer(re.escape(fault), norm)]
    return bool(spots) and all(_OF_AN_UPDATE.search(norm[max(0, at - 14):at]) for at in spots)


def _near(norm: str, part: str, fault: str) -> bool:
    """Whether some occurrence of ``part`` and of ``fault`` in ``norm`` lie within GENERAL_WINDOW characters."""
    parts = [m.start() for m in re.finditer(re.escape(part), norm)]
    faults = [m.start() for m in re.finditer(re.escape(fault), norm)
              if not _OF_AN_UPDATE.search(norm[max(0, m.start() - 14):m.start()])]
    if not faults and fault not in norm:
        return True  # a misspelt fault word ("brokn"): where it is cannot be told, so the reading stands
    return any(min(abs(f - (p + len(part))), abs(p - (f + len(fault)))) <= GENERAL_WINDOW
               or p <= f < p + len(part) or f <= p < f + len(fault) for p in parts for f in faults)
