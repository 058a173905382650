"""Fuzzy matching of a question against each intent's paraphrases (``content/qa/paraphrases.yaml``).

The rule files match whole words and stems; people also misspell, write in
texting style or phrase a question no rule foresaw. When no rule is confident,
the question is compared with every paraphrase by TF-IDF cosine over character
n-grams (3-grams inside Latin words with word edges, 1- and 2-grams of Chinese
characters, plus whole words), so "recals" still meets "recalls" and
"车架号在哪" meets "VIN在哪里看". Deterministic: the best paraphrase decides, ties
go to the intent named first in the file (the more specific ones are listed
first). No model, no network.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml

from portal.chat.normalise import normalise
from portal.chat.rules import RuleError
from portal.yaml_text import safe_load

_LATIN = re.compile(r"[a-z0-9]+")
_CJK_RUN = re.compile(r"[\u3400-\u9fff]+")
# Below this cosine a paraphrase is no reading of the question.
MIN_SIMILARITY = 0.42
# Between MIN_SIMILARITY and this, the question must also use a word of the portal's domain:
# "TSLA price today?" shares letters with "recall and trade in price", not a topic.
SURE_SIMILARITY = 0.6
_DOMAIN = re.compile(r"(?<![a-z])(recal|ota|updat|upgrad|softwar|firmwar|version|vin|dealer|subscri|paywall|featur|"
                     r"defect|fix|remed|nhtsa|samr|miit|dpac|regulat|warrant|servic|4s)|召回|升级|更新|软件|版本|车架号|缺陷|修|"
                     r"功能|订阅|付费|收费|厂|店|补救|监管|投诉|举报|通知|代理商|备案|审批|工信部|市场监管|识别代号|稍后")


# With a word of the domain in the question, a paraphrase this close is still a better answer than
# "I can't answer": the question is about recalls or updates, only worded in a way no rule foresaw.
DOMAIN_SIMILARITY = 0.25


# The words that make a question the portal's own whatever else it says ("Pilot Sport 4S tyres" is not).
_CORE = re.compile(r"(?<![a-z])(recal|ota(?![a-z])|otas|over the air|updat|upgrad|softwar|firmwar|version|vin(?![a-z])|nhtsa|samr|miit|dpac)"
                   r"|召回|升级|更新|软件|版本|车架号|识别代号|备案|工信部|市场监管|缺陷")


def in_domain(norm: str) -> bool:
    """Whether the question uses a core word of the portal's domain (recall, OTA, VIN, version, 召回, 车架号 …)."""
    return _CORE.search(norm) is not None


def features(norm: str) -> Counter:
    out: Counter = Counter()
    for word in _LATIN.findall(norm):
        out["w:" + word] += 1
        padded = f"#{word}#"
        for i in range(len(padded) - 2):
            out["c:" + padded[i:i + 3]] += 1
    for run in _CJK_RUN.findall(norm):
        for i, ch in enumerate(run):
            out["u:" + ch] += 1
            if i + 1 < len(run):
                out["b:" + run[i:i + 2]] += 2
    return out


@dataclass(frozen=True)
class Match:
    intent: str
    similarity: float
    paraphrase: str


class Paraphrases:
    def __init__(self, path: Path, known_intents):
        try:
            data = safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise RuleError(f"{path}: cannot read: {exc}") from exc
        if not isinstance(data, dict):
            raise RuleError(f"{path}: expected a mapping of intent -> paraphrases")
        self._items: list[tuple[str, str, Counter]] = []
        for intent, phrases in data.items():
            if intent not in known_intents:
                raise RuleError(f"{path}: {intent}: not a known intent")
            if not isinstance(phrases, list) or not phrases:
                raise RuleError(f"{path}: {intent}: expected a non-empty list of paraphrases")
            for phrase in phrases:
                self._items.append((intent, str(phrase), features(normalise(str(phrase)))))
        documents = Counter()
        for _, _, feats in self._items:
            documents.update(feats.keys())
        total = len(self._items) or 1
        self._idf = {f: math.log(1 + total / n) for f, n in documents.items()}
        self._vectors = [(intent, phrase, self._weigh(feats)) for intent, phrase, feats in self._items]

    def _weigh(self, feats: Counter) -> dict:
        vec = {f: (1 + math.log(n)) * self._idf.get(f, 0.0) for f, n in feats.items() if f in self._idf}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        return {f: v / norm for f, v in vec.items()}

    def best(self, norm: str, allowed=None, floor: float = MIN_SIMILARITY) -> Match | None:
        """The best paraphrase at or above ``floor`` (None: nothing close)."""
        query = self._weigh(features(norm))
        if not query:
            return None
        best: Match | None = None
        for intent, phrase, vec in self._vectors:
            if allowed is not None and intent not in allowed:
                continue
            score = sum(v * vec.get(f, 0.0) for f, v in query.items())
            if best is None or score > best.similarity + 1e-9:
                best = Match(intent, round(score, 3), phrase)
        if best is None or best.similarity < floor:
            return None
        if best.similarity < SURE_SIMILARITY and not _DOMAIN.search(norm):
            return None
        return best
