"""Score a normalised question against the rules of one language.

Adapt-style: a rule applies only when every required group matches (and every
required slot is filled) and no excluding group or slot is present; its score
is the sum of the weights of the groups and slots that matched. Discriminating
words ("dealer", "resale") carry weight 2 in the rule files and generic ones
("recall", "my car") weight 1, so the more specific reading wins.

A slot known only from the conversation (a remembered VIN or recall id) fills
a required slot at half weight: "is it fixed?" after a recall was discussed is
a status question about that recall, but weaker evidence than one naming it.

Equal scores are decided by specificity, never by the order of the rule
files: a rule using the recall id typed in the question, then one that matched
a question word ("what is", "why"), then a VIN-aware intent when a VIN is
known, then the longer matched phrases, then the rule's priority; only then,
for determinism, the rule's name.

Score becomes confidence as ``1 - 0.5 ** score``: one full required group
gives 0.5, each further unit halves the remaining doubt. The trace records
every rule that applied and why, so staff can see why an answer was chosen.
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.chat.intents import VIN_AWARE
from portal.chat.rules import Rule

# A slot known only from the conversation is weaker evidence than one typed in this question.
CONTEXT_SLOT_FACTOR = 0.5


@dataclass(frozen=True)
class Candidate:
    rule: Rule
    score: float
    matched: tuple[str, ...]
    words: int = 0  # word groups matched (a candidate with none rests on entities alone)
    specificity: tuple = ()

    @property
    def intent(self) -> str | None:
        return self.rule.intent

    @property
    def confidence(self) -> float:
        return round(1 - 0.5 ** self.score, 3)

    def sort_key(self) -> tuple:
        return (self.score, *self.specificity, self.rule.priority)


def _try(rule: Rule, norm: str, slots: set[str], context: set[str]) -> tuple[Candidate | None, str]:
    for group in rule.exclude:
        hit = group.match(norm)
        if hit:
            return None, f"excluded by {hit!r}"
    for slot in rule.exclude_slots:
        if slot in slots:
            return None, f"excluded by slot {slot}"
    score, matched, words, question = 0.0, [], 0, False
    for slot in rule.require_slots:
        if slot in slots:
            score += 1.0
            matched.append(f"<{slot}>")
        elif slot in context:
            score += CONTEXT_SLOT_FACTOR
            matched.append(f"<{slot}:context>")
        else:
            return None, f"missing slot {slot}"
    for index, group in enumerate(rule.require):
        term = group.find(norm)
        if term is None:
            return None, f"missing required group {index}"
        score += group.weight
        matched.append(term.text)
        words += 1
        question = question or term.question
    for group in rule.optional:
        term = group.find(norm)
        if term:
            score += group.weight
            matched.append(term.text)
            words += 1
            question = question or term.question
    for slot, weight in rule.boost_slots.items():
        if slot in slots:
            score += weight
            matched.append(f"<{slot}>")
        elif slot in context:
            score += weight * CONTEXT_SLOT_FACTOR
            matched.append(f"<{slot}:context>")
    uses_recall = "recall_id" in slots and ("recall_id" in rule.require_slots or "recall_id" in rule.boost_slots)
    with_vin = rule.intent in VIN_AWARE and ("vin" in slots or "vin" in context)
    phrase = sum(len(m) for m in matched if not m.startswith("<"))
    specificity = (int(uses_recall), int(question), int(with_vin), phrase)
    return Candidate(rule, score, tuple(matched), words, specificity), "ok"


def rank(rules: list[Rule], norm: str, slots: set[str], context: set[str] = frozenset()) -> tuple[list[Candidate], list[str]]:
    """Applicable rules, best first (score, then specificity), and a trace line per rule."""
    candidates: list[Candidate] = []
    trace: list[str] = []
    context = set(context) - set(slots)
    for rule in rules:
        candidate, why = _try(rule, norm, slots, context)
        if candidate is None:
            continue  # rules that did not apply are summarised, not listed one by one
        candidates.append(candidate)
        trace.append(f"{rule.name}: score {candidate.score:g} matched {list(candidate.matched)}")
    # Name last and ascending: a deterministic order that does not depend on where a rule sits in its file.
    candidates.sort(key=lambda c: c.rule.name)
    candidates.sort(key=Candidate.sort_key, reverse=True)
    trace.insert(0, f"{len(rules)} rules tried, {len(candidates)} applied")
    return candidates, trace
