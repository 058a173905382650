"""Query synonyms: the word an owner types also finds the word the records use.

Owners write 刹车 where SAMR notices write 制动, and "autopilot" where a
Tesla recall says Autosteer. The table is data (``synonyms.yaml``, package
data) and is applied to the query text, before either backend reads it, so
both backends find the same records and nothing is indexed differently: a
matched word or run of words becomes a group of its alternatives,
``刹车`` -> ``( 刹车 OR 制动 )``, ``rear camera`` -> ``( rear camera OR
"rearview camera" OR ... )``. The typed words stay as typed (a loose match
still counts), multi-word alternatives are phrases. Text with no synonym is
returned unchanged, so quoting, operators and odd input reach the parser as
before.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from portal.search.analyzers import has_cjk, stem_word, word_boundaries
from portal.yaml_text import safe_load

DATA_FILE = "synonyms.yaml"
# Longest run of typed words one English term may span ("back up camera").
MAX_TERM_WORDS = 4
# A quoted phrase, a parenthesis, a typed word, or a stray quote.
_UNIT_RE = re.compile(r'"[^"]*"|[()]|[^\s()"]+|"')
_WORD_RE = re.compile(r"[^\W_]+")
_OPERATORS = frozenset({"AND", "OR", "NOT", "ANDNOT", "ANDMAYBE"})


class SynonymError(ValueError):
    """The synonym file is malformed; the message names the file and the entry."""


@dataclass(frozen=True)
class Table:
    latin: dict[tuple[str, ...], tuple[str, ...]]  # stemmed words of a term -> its alternatives
    cjk: dict[str, tuple[str, ...]]  # a Chinese term -> its alternatives
    longest_cjk_first: tuple[str, ...] = ()  # the Chinese terms, longest first: 转向助力 before 转向


def _key(term: str) -> tuple[str, ...]:
    return tuple(stem_word(word.lower()) for word in _WORD_RE.findall(term))


def _terms(entry, where: str) -> list[str]:
    if not isinstance(entry, list) or not entry or not all(isinstance(t, str) and t.strip() for t in entry):
        raise SynonymError(f"{DATA_FILE}: {where}: expected a list of words, got {entry!r}")
    return [" ".join(t.split()) for t in entry]


def parse(data: object) -> Table:
    """The table of a loaded ``synonyms.yaml``."""
    if not isinstance(data, dict) or set(data) - {"equivalent", "broader"}:
        raise SynonymError(f"{DATA_FILE}: expected the keys 'equivalent' and 'broader'")
    rules: list[tuple[str, list[str]]] = []
    for n, entry in enumerate(data.get("equivalent") or [], 1):
        terms = _terms(entry, f"equivalent entry {n}")
        rules += [(term, terms) for term in terms]
    broader = data.get("broader") or {}
    if not isinstance(broader, dict):
        raise SynonymError(f"{DATA_FILE}: 'broader' must map a word to a list of words")
    for term, entry in broader.items():
        if not isinstance(term, str) or not term.strip():
            raise SynonymError(f"{DATA_FILE}: broader: {term!r} is not a word")
        rules.append((term, [term] + _terms(entry, f"broader entry {term!r}")))
    latin: dict[tuple[str, ...], list[str]] = {}
    cjk: dict[str, list[str]] = {}
    for term, alternatives in rules:
        if has_cjk(term):
            target = cjk.setdefault(term, [term])
        else:
            key = _key(term)
            if not key or len(key) > MAX_TERM_WORDS:
                raise SynonymError(f"{DATA_FILE}: {term!r}: 1 to {MAX_TERM_WORDS} words")
            target = latin.setdefault(key, [term])
        target += [t for t in alternatives if t not in target]
    return Table({k: tuple(v) for k, v in latin.items()}, {k: tuple(v) for k, v in cjk.items()},
                 tuple(sorted(cjk, key=len, reverse=True)))


@lru_cache(maxsize=1)
def table() -> Table:
    """The shipped table, read once per process."""
    text = resources.files("portal.search").joinpath(DATA_FILE).read_text(encoding="utf-8")
    return parse(safe_load(text))


def expand(text: str, synonyms: Table | None = None) -> str:
    """``text`` with each word or run of words that has synonyms replaced by a group of them."""
    synonyms = synonyms or table()
    units = list(_UNIT_RE.finditer(text))
    pieces, at, i = [], 0, 0
    while i < len(units):
        found = _match(units, i, synonyms)
        if found is None:
            i += 1
            continue
        end, group = found
        pieces += [text[at:units[i].start()], group]
        at, i = units[end - 1].end(), end
    if not pieces:
        return text
    return "".join(pieces) + text[at:]


def _plain(unit: re.Match) -> bool:
    word = unit.group()
    return word not in _OPERATORS and word[0] not in '"()'


def _match(units: list[re.Match], i: int, synonyms: Table) -> tuple[int, str] | None:
    """(index after the matched units, the group) for a match starting at ``units[i]``, else None."""
    if not _plain(units[i]):
        return None
    word = units[i].group()
    if has_cjk(word):
        bounds = word_boundaries(word)
        for term in synonyms.longest_cjk_first:
            start = word.find(term)
            while start >= 0 and not (start in bounds and start + len(term) in bounds):
                start = word.find(term, start + 1)
            if start >= 0:
                head, tail = word[:start], word[start + len(term):]
                variants = [head + alt + tail for alt in synonyms.cjk[term]]
                return i + 1, _group(variants, word)
        return None
    words: list[str] = []
    best = None
    for j in range(i, min(len(units), i + MAX_TERM_WORDS)):
        if not _plain(units[j]) or has_cjk(units[j].group()):
            break
        words += _key(units[j].group())
        if len(words) > MAX_TERM_WORDS:
            break
        if tuple(words) in synonyms.latin:
            best = j + 1, synonyms.latin[tuple(words)]
    if best is None:
        return None
    end, alternatives = best
    typed = " ".join(unit.group() for unit in units[i:end])
    others = [alt for alt in alternatives if _key(alt) != _key(typed)]
    return (end, _group([typed] + others, typed)) if others else None


def _group(alternatives: list[str], typed: str) -> str:
    """``( typed OR alt OR "two words" )``: spaces inside the parentheses keep every part a word of its own."""
    parts = [typed] + [f'"{alt}"' if " " in alt else alt for alt in dict.fromkeys(alternatives) if alt != typed]
    return "( " + " OR ".join(parts) + " )"
