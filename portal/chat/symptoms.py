"""Symptoms a driver reports, and the recalls of the car that name the same part.

"My screen went black while driving" is first a safety question: the answer
must say what to do now (stop safely, hazard lights, roadside help, do not
drive if …) before anything else, and never "you can keep driving". Then it
connects the symptom to any recall of this car whose title names the same
component, with that recall's status and certainty, as the VIN page words them.

The kinds, their words in both languages and their components are data
(``content/qa/symptoms.yaml``), matched with the rule files' term syntax.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from portal.chat.normalise import normalise
from portal.chat.rules import Group, RuleError, Term, anchor_of, compile_term
from portal.chat.symptom_words import PartAndFault
from portal.yaml_text import safe_load


def _group(terms, where: str, optional: bool = False) -> Group:
    if optional and terms is None:
        return Group(())  # a rules file from before the list existed: the check it serves is off
    if not isinstance(terms, list) or not terms:
        raise RuleError(f"{where}: expected a non-empty list of terms")
    return Group(tuple(Term(str(t), compile_term(str(t)), False, anchor_of(str(t)))
                       for t in terms if normalise(str(t))))


@dataclass(frozen=True)
class Kind:
    name: str
    terms: Group
    components: tuple[str, ...]
    always: bool = False  # urgent whatever the wording (smoke): no sign of it happening is needed
    # Words that only name the part ("dash", "仪表"): told through these alone, the kind gives way to
    # another kind told in the same question ("the dash shows a red triangle" is a warning, not a screen fault).
    part_only: Group = Group(())


class Symptoms:
    """``find(norm)`` -> the symptom kind a question reports, or None."""

    def __init__(self, path: Path):
        try:
            data = safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise RuleError(f"{path}: cannot read: {exc}") from exc
        kinds = data.get("kinds")
        if not isinstance(kinds, dict) or not kinds:
            raise RuleError(f"{path}: kinds: expected a mapping of kind -> terms and components")
        self.kinds = [Kind(name, _group(raw.get("terms"), f"{path}: kinds.{name}.terms"),
                           tuple(normalise(str(c)) for c in raw.get("components") or ()), bool(raw.get("always")),
                           _group(raw.get("part_only"), f"{path}: kinds.{name}.part_only", optional=True))
                      for name, raw in kinds.items()]
        self.happening = _group(data.get("happening"), f"{path}: happening")
        self.not_symptom = _group(data.get("not_symptom"), f"{path}: not_symptom")
        self.names_the_vin = _group(data.get("names_the_vin"), f"{path}: names_the_vin", optional=True)
        # "The rear camera recall", "黑屏那个召回": a recall named by its symptom, asked about, not reported.
        self.names_recall = _group(data.get("names_a_recall"), f"{path}: names_a_recall")
        self.now = _group(data.get("happening_now"), f"{path}: happening_now")
        self.list_question = _group(data.get("list_question"), f"{path}: list_question")
        self.asks_fixed = _group(data.get("asks_fixed"), f"{path}: asks_fixed", optional=True)
        self.asks_fixed_about = _group(data.get("asks_fixed_about"), f"{path}: asks_fixed_about", optional=True)
        self.on_the_road = _group(data.get("on_the_road"), f"{path}: on_the_road", optional=True)
        self.told = _group(data.get("told_as_happening"), f"{path}: told_as_happening", optional=True)
        self._part_recall = _part_recall_pattern(data.get("parts") or {})
        # The car itself: a fault with no part named ("the car jerks") gets the general advice only.
        self.general = Kind("general", Group(()), ())
        alarm_kind = next((k.name for k in self.kinds if k.always), self.kinds[0].name)
        self.words = PartAndFault(data.get("parts"), data.get("faults"), data.get("alarms"), alarm_kind, data.get("real_words"),
                                  data.get("not_of_the_car"))

    def find(self, norm: str, recall_named: bool = False) -> Kind | None:
        """The kind a question reports: its phrases (file order: the most urgent first), else a part with a fault.

        ``recall_named``: the question names a recall by its number. Such a question, or one that
        names a recall by its symptom ("the rear camera recall", "黑屏那个召回"), asks about that
        recall unless it also says the fault is happening now ("while driving", "突然") or happened
        to the car ("stayed black twice this week", "went heavy once"): then it is answered safety first.
        """
        told = self.told.find(norm) is not None or self.on_the_road.find(norm) is not None
        if self.not_symptom.find(norm) is not None and not told:
            return None  # "what counts as a defect?", "how do I report one?" — unless a fault is told as happening
        if self.names_the_vin.find(norm) is not None and not told and not _VIN_GIVEN.search(norm):
            return None  # "the VIN on the dash looks different by one character": the VIN asked about
        if (recall_named or self.names_a_recall(norm)) and self.now.find(norm) is None and not told:
            return None
        if self.asks_whether_fixed(norm, recall_named):
            return None
        if self.list_question.find(norm) is not None and self.now.find(norm) is None \
                and self.words.faults.in_(norm, re.findall(r"[a-z0-9]+", norm)) is None:
            return None  # "Which recalls cover steering on my car?": a list asked for, no fault told
        told = [kind for kind in self.kinds
                 if kind.terms.find(norm) is not None and (kind.always or self.happening.find(norm) is not None)]
        urgent = [kind for kind in told if kind.always]
        if urgent:
            return urgent[0]  # smoke, a hood or door open, a car steering itself: whatever else is told
        if len(told) > 1:
            named_only = [kind for kind in told if _only_part_named(kind, norm)]
            told = [kind for kind in told if kind not in named_only] or told
        if told:
            # Several parts told: the one told first is the subject ("the wipers stopped and the screen says
            # autopilot unavailable"; "两块屏都黑了，除雾也开不了").
            return min(told, key=lambda kind: _first_at(kind.terms, norm))
        found = self.words.find(norm)
        if found is None and self.on_the_road.find(norm) is not None:
            # "screan went blak while drivng": a part of the car and the road, the fault word unreadable.
            part = self.topic(norm)
            return part
        if found is None:
            return None
        return self.kind(found[0]) or self.general

    def asks_whether_fixed(self, norm: str, recall_named: bool = False) -> bool:
        """"刹车液那个修好了吗", "does 2022.36.5 fix the steering recall?": a recall's fix asked about.

        Words of the recall's own title ("突然", "black") do not make it a report; a word saying
        the fault is on the road now, or that it happened to the car ("twice this week", "偶尔"), does.
        """
        if self.asks_fixed.find(norm) is None or self.on_the_road.find(norm) is not None or self.told.find(norm) is not None:
            return False
        return recall_named or _VERSION.search(norm) is not None or self.asks_fixed_about.find(norm) is not None

    def topic(self, norm: str) -> Kind | None:
        """The part a question is about, fault or none ("which recalls cover steering?"), for ordering a list."""
        tokens = re.findall(r"[a-z0-9]+", norm)
        for name, words in self.words.parts:
            if name != "general" and words.in_(norm, tokens):
                return self.kind(name)
        return None

    def names_a_recall(self, norm: str) -> bool:
        """"The rear camera recall", "黑屏那个召回", "the steering one": a recall named by what it is about."""
        return self.names_recall.find(norm) is not None or self._part_recall.search(norm) is not None

    def why(self, norm: str) -> str:
        """Which words made ``norm`` a symptom report (for the answer's trace)."""
        found = self.words.find(norm)
        return found[1] if found else "a listed phrase"

    def kind(self, name: str) -> Kind | None:
        return next((k for k in self.kinds if k.name == name), None)


def _only_part_named(kind: Kind, norm: str) -> bool:
    """Whether every term of the kind found in the question is one that only names the part."""
    if not kind.part_only.terms:
        return False
    bare = {term.text for term in kind.part_only.terms}
    found = [term for term in kind.terms.terms if term.text not in bare and term.search(norm)]
    return not found


def _first_at(group: Group, norm: str) -> int:
    """Where the first of a group's terms occurs in ``norm``."""
    spots = [m.start() for term in group.terms if term.anchor in norm for m in [term.regex.search(norm)] if m]
    return min(spots, default=len(norm))


_VIN_GIVEN = re.compile(r"(?<![a-z0-9])[a-hj-npr-z0-9]{17}(?![a-z0-9])")
_VERSION = re.compile(r"(?<![\d.])20\d\d\.\d{1,2}(?:\.\d+)*")


def _part_recall_pattern(parts: dict) -> re.Pattern:
    """A part word before the word recall: "camera recall", "hood latch recall", "屏召回", "转向的召回"."""
    latin, chinese = [], []
    for kind, words in parts.items():
        if kind == "general":  # "我的车召回了吗" names no recall
            continue
        for raw in words or ():
            word = normalise(str(raw).rstrip("*"))
            if not word:
                continue
            (chinese if re.search(r"[\u3400-\u9fff]", word) else latin).append(re.escape(word))
    alternatives = []
    if latin:
        parts = "|".join(sorted(latin, key=len, reverse=True))
        alternatives.append(r"(?<![a-z0-9])(?:" + parts + r")[a-z]* ?(?:recall|召回|one\b)")
        # "frunk/hood latch recall", "power steering assist recall": up to two words between, one recall
        # ("fire-related recalls" asks for a list).
        alternatives.append(r"(?<![a-z0-9])(?:" + parts + r")[a-z]*(?:[\s/-]+[a-z]+){1,2}(?:[\s/-]+(?:recall(?![a-z])|one\b|thing\b)|\s*召回)")
        # "frunk那个recall", "eps的召回": a Latin part word, a Chinese pointer, then the word recall.
        alternatives.append(r"(?<![a-z0-9])(?:" + parts + r")[a-z]*\s*(?:那个|这个|嗰个|呢个|的)\s*(?:recall|召回)")
        # "a recall about the brake/ABS warning light font": the word recall, then what it is about.
        alternatives.append(r"recall (?:about|for|on|over|concerning|regarding|related to|to do with) (?:the |a |an |my )?"
                            r"(?:[a-z]+[\s/-]+){0,3}(?:" + parts + r")")
    if chinese:
        # "转向召回", "转向的召回": a part word, then the word recall.
        alternatives.append(r"(?:" + "|".join(sorted(chinese, key=len, reverse=True)) + r")(?:的|嘅)?召回")
        # "转向助力召回", "刹车软件召回": a part word of two characters or more, two more characters, then the word
        # recall (a one-character part such as 门 would read "哪门子召回" as a door recall).
        alternatives.append(r"(?:" + "|".join(sorted((w for w in chinese if len(w) > 1), key=len, reverse=True))
                            + r")[\u4e00-\u9fff]{1,2}?(?:的|嘅)?召回")
        # "制动液位感应器嗰个召回", "倒车镜头画面消失那个召回": a part word, a few words, then a pointer and the word recall,
        # in one clause ("仪表会黑屏，这个有召回吗" reports a fault, then asks).
        alternatives.append(r"(?:" + "|".join(sorted((w for w in chinese if len(w) > 1), key=len, reverse=True))
                            + r")[^，。？！?,.!\s]{0,10}?(?:那个|这个|嗰个|呢个|那项|这项|那次|嗰次)[^，。？！?,.!\s]{0,4}?(?:召回|recall)")
        # "美国那边有个仪表盘软件的召回", "听说有个CarPlay的召回": a recall heard of, named by what it is about.
        alternatives.append(r"(?:有个|有一个|听说|据说|关于)[^，。？！?,.!\s]{0,14}?召回")
        # "嗰个仪表板字体太细嘅召回": a pointer, a few words of what it is about, then the word recall.
        alternatives.append(r"(?:那个|这个|嗰个|呢个|那项|这项)[^，。？！?,.!]{0,14}?(?:" + "|".join(
            sorted(chinese, key=len, reverse=True)) + r")[^，。？！?,.!]{0,10}召回")
    return re.compile("|".join(alternatives) or r"(?!)")


def names_part(kind: Kind, title: str | None) -> bool:
    """Whether a recall title names the symptom's component."""
    title = normalise(title or "")
    return any(c and c in title for c in kind.components)


def matching_recalls(kind: Kind, recalls) -> list:
    """The car's recalls whose title names the symptom's component."""
    return [item for item in recalls if names_part(kind, getattr(item, "title", ""))]
