"""Score a normalised question against the rules of one language.

Adapt-style: a rule applies only when every required group matches (and every
required slot is filled) and no excluding group or slot is present; its score
is the sum of the weights of the groups and slots that matched. Discriminating
words ("dealer", "resale") carry weight 2 in the rule files and generic ones
("recall", "my car") weight 1, so the more specific reading wins.

Score becomes confidence as ``1 - 0.5 ** score``: one full required group
gives 0.5, each further unit halves the remaining doubt. The trace records
every rule that was tried and why it applied or not, so staff can see why an
answer was chosen.
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.chat.rules import Rule

# A slot known only from the conversation (a remembered VIN) is weaker
# evidence than one typed in this question.
CONTEXT_SLOT_FACTOR = 0.5


@dataclass(frozen=True)
class Candidate:
    rule: Rule
    score: float
    matched: tuple[str, ...]

    @property
    def intent(self) -> str | None:
        return self.rule.intent

    @property
    def confidence(self) -> float:
        return round(1 - 0.5 ** self.score, 3)


def _try(rule: Rule, norm: str, slots: set[str], context: set[str]) -> tuple[Candidate | None, str]:
    for group in rule.exclude:
        hit = group.match(norm)
        if hit:
            return None, f"excluded by {hit!r}"
    for slot in rule.exclude_slots:
        if slot in slots:
            return None, f"excluded by slot {slot}"
    score, matched = 0.0, []
    for slot in rule.require_slots:
        if slot not in slots:
            return None, f"missing slot {slot}"
        score += 1.0
        matched.append(f"<{slot}>")
    for index, group in enumerate(rule.require):
        hit = group.match(norm)
        if hit is None:
            return None, f"missing required group {index}"
        score += group.weight
        matched.append(hit)
    for group in rule.optional:
        hit = group.match(norm)
        if hit:
            score += group.weight
            matched.append(hit)
    for slot, weight in rule.boost_slots.items():
        if slot in slots:
            score += weight
            matched.append(f"<{slot}>")
        elif slot in context:
            score += weight * CONTEXT_SLOT_FACTOR
            matched.append(f"<{slot}:context>")
    return Candidate(rule, score, tuple(matched)), "ok"


def rank(rules: list[Rule], norm: str, slots: set[str], context: set[str] = frozenset()) -> tuple[list[Candidate], list[str]]:
    """Applicable rules, best first (score, then priority), and a trace line per rule."""
    candidates: list[Candidate] = []
    trace: list[str] = []
    for rule in rules:
        candidate, why = _try(rule, norm, slots, set(context))
        if candidate is None:
            continue  # rules that did not apply are summarised, not listed one by one
        candidates.append(candidate)
        trace.append(f"{rule.name}: score {candidate.score:g} matched {list(candidate.matched)}")
    candidates.sort(key=lambda c: (c.score, c.rule.priority), reverse=True)
    trace.insert(0, f"{len(rules)} rules tried, {len(candidates)} applied")
    return candidates, trace
