"""Every stem in the rule files against an English word list: none may match a word it must not.

Terms match whole words; a term ending in ``*`` is a stem and matches any
word it begins. A loose stem ("fee*") silently claims unrelated words
("feel"), so each one is run here against a real word list (SCOWL, in
tests/data) and against the words listed in stems_must_not_match.txt.
"""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
import yaml

from portal.chat.engine import DEFAULT_QA_DIR
from portal.chat.rules import compile_term

DATA = Path(__file__).parent / "data"
WORDS = gzip.open(DATA / "english_words.txt.gz", "rt", encoding="utf-8").read().split()
MUST_NOT = [w for w in (DATA / "stems_must_not_match.txt").read_text(encoding="utf-8").split("\n")
            if w.strip() and not w.startswith("#")]


def _terms(node) -> list[str]:
    if isinstance(node, str):
        return [node]
    if isinstance(node, list):
        return [t for item in node for t in _terms(item)]
    if isinstance(node, dict):
        return [t for value in node.values() for t in _terms(value)]
    return []


def stems() -> list[str]:
    """Every term with a ``*`` stem in an ASCII word, from both languages' vocabulary and rules."""
    found = set()
    for lang in ("en", "zh"):
        for name in ("vocabulary.yaml", "rules.yaml"):
            data = yaml.safe_load((DEFAULT_QA_DIR / lang / name).read_text(encoding="utf-8"))
            for term in _terms(data):
                if any(tok.endswith("*") and tok[:-1].isascii() and tok[:-1].replace("-", "").isalpha()
                       for tok in str(term).split()):
                    found.add(str(term))
    return sorted(found)


STEMS = stems()


def test_there_are_stems_and_words():
    assert len(STEMS) > 20 and len(WORDS) > 50_000 and "feel" in MUST_NOT


@pytest.mark.parametrize("term", STEMS)
def test_stem_never_matches_a_forbidden_word(term):
    regex = compile_term(term)
    bad = [w for w in MUST_NOT if regex.fullmatch(w)]
    assert not bad, f"{term!r} matches {bad}: list the wanted word forms instead of a stem"


@pytest.mark.parametrize("term", [t for t in STEMS if " " not in t])
def test_stem_matches_few_dictionary_words(term):
    """A one-word stem that claims dozens of words is a prefix, not a stem."""
    regex = compile_term(term)
    matched = [w for w in WORDS if regex.fullmatch(w)]
    assert len(matched) <= 16, f"{term!r} matches {len(matched)} words, e.g. {matched[:20]}"


@pytest.mark.parametrize("text,term", [("the brakes feel soft", "fee"), ("ask the seller", "sell"),
                                       ("in the meantime", "mean")])
def test_whole_words_by_default(text, term):
    assert not compile_term(term).search(text)
