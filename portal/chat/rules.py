"""Load and validate the assistant's rule files (``content/qa/<lang>/*.yaml``).

Rules are data so that support staff can add a synonym without touching code,
which means a typo in a rule file must fail loudly at load time with the file
and the field, not silently make an intent unreachable. Layout per language:

* ``vocabulary.yaml`` — named word lists (``recall: [recal*, 召回, …]``),
  referenced from rules as ``$recall``;
* ``rules.yaml`` — ``rules: [{name, intent, require, optional, exclude,
  require_slots, boost_slots, exclude_slots, priority}]``; a group is a list of
  terms (weight 1) or ``{any: [...], weight: w}``; ``intent: null`` marks an
  out-of-scope rule (weather, jokes, phones) that forces the fallback;
* ``responses.yaml`` — the answers (see :mod:`portal.chat.answers`).

Term syntax: a term matches whole words only ("fee" never matches "feel");
``recal*`` is a *stem* and matches any word starting with "recal" — use
stems sparingly (``tests/test_chat_stems.py`` runs each against an English
word list and a list of words it must not match); a lone ``*``
between words allows up to three words in between ("take * to"); ``~`` inside
Chinese allows up to five characters ("没~收到").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml

from portal.chat.intents import INTENTS, VIN_AWARE  # noqa: F401 - the one intent table; re-exported
from portal.chat.normalise import normalise
from portal.yaml_text import safe_load

SLOTS = ("vin", "recall_id", "version", "make", "model")
# Vocabulary lists whose words make a question a question ("what is", "why"):
# a rule that matched one is more specific than one that matched topic words only.
QUESTION_VOCABS = frozenset({"what_is", "why"})
LANGS = ("en", "zh")
_RULE_KEYS = {"name", "intent", "require", "optional", "exclude", "require_slots", "boost_slots",
              "exclude_slots", "priority"}


class RuleError(ValueError):
    """A rule file is wrong; the message names the file and the field."""


@dataclass(frozen=True)
class Term:
    text: str
    regex: re.Pattern
    question: bool = False  # from a question-word vocabulary (QUESTION_VOCABS)
    # The longest literal piece of the term: a plain substring test rules most terms
    # out at a fraction of a regular expression's cost.
    anchor: str = ""

    def search(self, norm: str) -> bool:
        return self.anchor in norm and self.regex.search(norm) is not None


def anchor_of(text: str) -> str:
    pieces = re.split(r"[*~]|\s\*\s", normalise(text.replace("*", " * ").replace("~", " ~ ")))
    words = [w for piece in pieces for w in piece.split(" ") if w and w not in ("*", "~")]
    return max(words, key=len) if words else ""


@dataclass(frozen=True)
class Group:
    terms: tuple[Term, ...]
    weight: float = 1.0
    # The last question tried and its result: rules share vocabulary groups (the loader
    # interns them), so one question searches each shared group once, not once per rule.
    _memo: tuple = field(default=(None, None), init=False, repr=False, compare=False)

    def find(self, norm: str) -> Term | None:
        seen, found = self._memo
        if seen == norm:
            return found
        found = None
        for term in self.terms:
            if term.anchor in norm and term.regex.search(norm):
                found = term
                break
        object.__setattr__(self, "_memo", (norm, found))  # one reference swap: safe across threads
        return found

    def match(self, norm: str) -> str | None:
        term = self.find(norm)
        return term.text if term else None


@dataclass(frozen=True)
class Rule:
    name: str
    intent: str | None
    require: tuple[Group, ...]
    optional: tuple[Group, ...] = ()
    exclude: tuple[Group, ...] = ()
    require_slots: tuple[str, ...] = ()
    boost_slots: dict = field(default_factory=dict)
    exclude_slots: tuple[str, ...] = ()
    priority: int = 0


def compile_term(text: str) -> re.Pattern:
    tokens: list[str] = []
    for raw in text.replace("~", " ~ ").split():
        if raw in ("*", "~"):
            tokens.append(raw)
            continue
        words = normalise(raw.rstrip("*")).split(" ")
        if raw.endswith("*"):
            words[-1] += "*"
        tokens.extend(w for w in words if w)
    out, previous_gap = "", True
    for token in tokens:
        if token == "*":
            out += r"\s+(?:\S+\s+){0,3}"
            previous_gap = True
            continue
        if token == "~":
            out += r".{0,5}?"
            previous_gap = True
            continue
        piece = re.escape(token.rstrip("*")) + (r"[a-z0-9]*" if token.endswith("*") else "")
        out += ("" if previous_gap else r"[\s\-]*") + piece
        previous_gap = False
    if re.match(r"[a-z0-9]", tokens[0]):
        out = r"(?<![a-z0-9])" + out
    if re.search(r"[a-z0-9]$", tokens[-1]):
        out += r"(?![a-z0-9])"
    return re.compile(out)


def _load_yaml(path: Path):
    try:
        return safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise RuleError(f"{path}: cannot read: {exc}") from exc


def load_vocabulary(path: Path) -> dict[str, list[str]]:
    data = _load_yaml(path)
    if not isinstance(data, dict):
        raise RuleError(f"{path}: expected a mapping of name -> list of terms")
    for name, terms in data.items():
        if not isinstance(terms, list) or not all(isinstance(t, (str, int)) for t in terms) or not terms:
            raise RuleError(f"{path}: {name}: expected a non-empty list of terms")
    return {name: [str(t) for t in terms] for name, terms in data.items()}


# Groups with the same terms and weight are one object (see Group._memo).
_GROUPS: dict[tuple, Group] = {}


def _group(raw, vocab: dict, where: str) -> Group:
    weight = 1.0
    if isinstance(raw, dict):
        weight = raw.get("weight", 1.0)
        if not isinstance(weight, (int, float)) or weight <= 0:
            raise RuleError(f"{where}.weight: expected a positive number")
        raw = raw.get("any")
    if not isinstance(raw, list) or not raw:
        raise RuleError(f"{where}: expected a non-empty list of terms (or {{any: [...], weight: n}})")
    terms: list[Term] = []
    for item in raw:
        item = str(item)
        question = False
        if item.startswith("$"):
            if item[1:] not in vocab:
                raise RuleError(f"{where}: unknown vocabulary {item!r}")
            texts = vocab[item[1:]]
            question = item[1:] in QUESTION_VOCABS
        else:
            texts = [item]
        terms.extend(Term(t, compile_term(t), question, anchor_of(t)) for t in texts if normalise(t))
    key = (tuple((t.text, t.question) for t in terms), float(weight))
    if key not in _GROUPS:
        _GROUPS[key] = Group(tuple(terms), float(weight))
    return _GROUPS[key]


def _slots(raw, where: str) -> tuple[str, ...]:
    raw = raw or []
    if not isinstance(raw, list) or any(s not in SLOTS for s in raw):
        raise RuleError(f"{where}: expected a list of slot names from {SLOTS}")
    return tuple(raw)


def load_rules(path: Path, vocab: dict[str, list[str]]) -> list[Rule]:
    data = _load_yaml(path)
    raw_rules = data.get("rules") if isinstance(data, dict) else None
    if not isinstance(raw_rules, list):
        raise RuleError(f"{path}: rules: expected a list")
    rules: list[Rule] = []
    for index, raw in enumerate(raw_rules):
        where = f"{path}: rules[{index}]"
        if not isinstance(raw, dict):
            raise RuleError(f"{where}: expected a mapping")
        unknown = set(raw) - _RULE_KEYS
        if unknown:
            raise RuleError(f"{where}: unknown field(s) {sorted(unknown)}")
        name = raw.get("name") or f"rule{index}"
        where = f"{path}: rules[{index}] ({name})"
        intent = raw.get("intent", "missing")
        if intent is not None and intent not in INTENTS:
            raise RuleError(f"{where}.intent: {intent!r} is not a known intent (or null for out of scope)")
        groups = {key: tuple(_group(g, vocab, f"{where}.{key}[{i}]") for i, g in enumerate(raw.get(key) or []))
                  for key in ("require", "optional", "exclude")}
        require_slots = _slots(raw.get("require_slots"), f"{where}.require_slots")
        if not groups["require"] and not require_slots:
            raise RuleError(f"{where}.require: a rule needs at least one required group or slot")
        boost = raw.get("boost_slots") or {}
        if not isinstance(boost, dict) or any(s not in SLOTS or not isinstance(w, (int, float)) for s, w in boost.items()):
            raise RuleError(f"{where}.boost_slots: expected {{slot: weight}} with slots from {SLOTS}")
        rules.append(Rule(
            name=name, intent=intent, require=groups["require"], optional=groups["optional"],
            exclude=groups["exclude"], require_slots=require_slots, boost_slots=dict(boost),
            exclude_slots=_slots(raw.get("exclude_slots"), f"{where}.exclude_slots"),
            priority=int(raw.get("priority", 0)),
        ))
    return rules


def load_language(directory: Path) -> list[Rule]:
    """All rules of one language folder (vocabulary first, then rules).

    Compiling a language's few thousand terms takes about half a second, and every
    engine needs them (each worker's, each ``ota-portal ask``, each test's), while the
    files rarely change: the rules are kept per file version (path, size, mtime) and
    read again as soon as either file changes. Rules are frozen, so sharing them is safe.
    """
    files = (directory / "vocabulary.yaml", directory / "rules.yaml")
    return list(_load_language(files, tuple(_version(path) for path in files)))


def _version(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except OSError:
        return None  # a missing file: loading it names the error
    return stat.st_size, stat.st_mtime_ns


@lru_cache(maxsize=16)
def _load_language(files: tuple[Path, Path], versions: tuple) -> tuple[Rule, ...]:
    vocabulary, rules = files
    return tuple(load_rules(rules, load_vocabulary(vocabulary)))
