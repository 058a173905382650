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

from dataclasses import dataclass
from pathlib import Path

import yaml

from portal.chat.normalise import normalise
from portal.chat.rules import Group, RuleError, Term, anchor_of, compile_term
from portal.chat.symptom_words import PartAndFault
from portal.yaml_text import safe_load


def _group(terms, where: str) -> Group:
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
                           tuple(normalise(str(c)) for c in raw.get("components") or ()), bool(raw.get("always")))
                      for name, raw in kinds.items()]
        self.happening = _group(data.get("happening"), f"{path}: happening")
        self.not_symptom = _group(data.get("not_symptom"), f"{path}: not_symptom")
        # The car itself: a fault with no part named ("the car jerks") gets the general advice only.
        self.general = Kind("general", Group(()), ())
        alarm_kind = next((k.name for k in self.kinds if k.always), self.kinds[0].name)
        self.words = PartAndFault(data.get("parts"), data.get("faults"), data.get("alarms"), alarm_kind)

    def find(self, norm: str) -> Kind | None:
        """The kind a question reports: its phrases (file order: the most urgent first), else a part with a fault."""
        if self.not_symptom.find(norm) is not None:
            return None
        for kind in self.kinds:
            if kind.terms.find(norm) is not None and (kind.always or self.happening.find(norm) is not None):
                return kind
        found = self.words.find(norm)
        if found is None:
            return None
        return self.kind(found[0]) or self.general

    def why(self, norm: str) -> str:
        """Which words made ``norm`` a symptom report (for the answer's trace)."""
        found = self.words.find(norm)
        return found[1] if found else "a listed phrase"

    def kind(self, name: str) -> Kind | None:
        return next((k for k in self.kinds if k.name == name), None)


def matching_recalls(kind: Kind, recalls) -> list:
    """The car's recalls whose title names the symptom's component."""
    out = []
    for item in recalls:
        title = normalise(getattr(item, "title", "") or "")
        if any(c and c in title for c in kind.components):
            out.append(item)
    return out
