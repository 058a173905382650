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
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
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

    def find(self, norm: str) -> Kind | None:
        """The first kind (file order: the most urgent first) whose words are in the question."""
        if self.not_symptom.find(norm) is not None:
            return None
        for kind in self.kinds:
            if kind.terms.find(norm) is not None:
                return kind if kind.always or self.happening.find(norm) is not None else None
        return None

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
