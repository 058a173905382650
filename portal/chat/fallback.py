"""What a fallback offers instead of an answer: a search that finds something, and the closest questions.

Echoing the question's own words as a search link sends people to empty
result pages, so the suggestion drops stop words and, when a search service is
at hand, is checked: all the words first, then each word alone (longest
first), and only a query with hits is offered. The closest intents — rules
whose required word groups the question half-matched — are offered as example
questions (``examples`` in ``responses.yaml``) that the chat page shows as
buttons.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote_plus

from portal.chat.answers import Responses, fill
from portal.chat.normalise import content_words
from portal.chat.rules import Rule

MAX_INTENT_SUGGESTIONS = 3
MAX_SEARCH_TRIES = 4


def near_intents(rules: list[Rule], norm: str) -> list[str]:
    """Intents whose rules matched at least half of their required word groups, closest first."""
    scores: dict[str, float] = {}
    for rule in rules:
        if rule.intent is None or not rule.require or any(g.match(norm) for g in rule.exclude):
            continue
        hits = sum(1 for g in rule.require if g.match(norm))
        if hits and hits * 2 >= len(rule.require):
            score = hits / len(rule.require) + 0.01 * hits
            scores[rule.intent] = max(scores.get(rule.intent, 0.0), score)
    return sorted(scores, key=lambda i: (-scores[i], i))


class Suggester:
    def __init__(self, responses: Responses, rules: dict[str, list[Rule]],
                 search_hits: Callable[[str, str], int | None] | None = None):
        self._responses, self._rules, self._hits = responses, rules, search_hits

    def search_query(self, question: str, lang: str) -> str | None:
        words = content_words(question)
        if not words:
            return None
        if self._hits is None:
            return " ".join(words)  # nothing to check against (command line, tests without an index)
        tries = [" ".join(words)] + sorted((w for w in words if len(words) > 1), key=len, reverse=True)
        for query in tries[:MAX_SEARCH_TRIES]:
            try:
                if (self._hits(query, lang) or 0) > 0:
                    return query
            except Exception:  # noqa: BLE001 - a search outage only costs the suggestion
                return None
        return None

    def suggest(self, question: str, norm: str, lang: str) -> list[dict]:
        out = []
        query = self.search_query(question, lang)
        if query:
            out.append({"kind": "search", "title": fill(self._responses.text(lang, "suggestion"), {"q": query}),
                        "url": f"/search?q={quote_plus(query)}&lang={lang}"})
        examples = self._responses.by_lang[lang].get("examples") or {}
        for intent in near_intents(self._rules[lang], norm)[:MAX_INTENT_SUGGESTIONS]:
            example = examples.get(intent)
            if example:
                out.append({"kind": "intent", "intent": intent, "title": example,
                            "url": f"/ask?q={quote_plus(example)}&lang={lang}"})
        return out
