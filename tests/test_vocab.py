"""One vocabulary: every OpenAPI enum for authorities, markets, categories, remedy and recall types and statuses is portal.vocab's.

The OpenAPI description (portal/api/openapi/*.yaml) is written by hand; a code
added to portal.vocab and forgotten there, or the reverse, fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from indexer import load_software
from indexer.validation import NHTSA_RECALL_TYPES
from portal import vocab
from portal.recall_ids import normalise_recall_id
from portal.vehicles import market as market_module

OPENAPI = Path(__file__).resolve().parent.parent / "portal" / "api" / "openapi"
EMPTY = ("", None)  # "" = a form's "any"; None = nullable
# Field or parameter name -> the codes its enum must hold (the API's authority filter takes either case).
EXPECTED = {
    "authority": [set(vocab.AUTHORITY_CODES),
                  set(vocab.AUTHORITY_CODES) | {code.lower() for code in vocab.AUTHORITY_CODES}],
    "market": [set(vocab.RECALL_MARKETS)],
    "market_other": [set(vocab.RECALL_MARKETS)],
    "category": [set(vocab.CATEGORIES)],
    "remedy_type": [set(vocab.REMEDY_TYPES)],
    "recall_type": [set(vocab.RECALL_TYPES)],
    # The remedy versions' own codes, which the indexer checks in the editorial file; ``basis`` is
    # either where a recall's vehicle comes from or why two recalls are related.
    "match": [set(load_software.MATCHES)],
    "reliability": [set(load_software.RELIABILITY)],
    "basis": [set(vocab.VEHICLE_BASES), set(load_software.RELATED_BASES)],
}
# ``status`` names two things in the API: a recall's status for a car (this vocabulary) and coverage's.
COVERAGE_STATUSES = {"covered", "partial", "not_covered"}


def enums(node, name=None, where=""):
    """(field or parameter name, enum values, location) for every enum in an OpenAPI document."""
    if isinstance(node, dict):
        if "enum" in node:
            yield name, node["enum"], where
        if "name" in node and "schema" in node:  # a parameter: its name is the field's
            yield from enums(node["schema"], node["name"], f"{where}/{node['name']}")
            return
        for key, value in node.items():
            inner = key if key not in ("schema", "items", "properties", "allOf", "oneOf", "anyOf") else name
            yield from enums(value, inner, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from enums(value, name, f"{where}/{i}")


def all_enums():
    for path in sorted(OPENAPI.glob("*.yaml")):
        for name, values, where in enums(yaml.safe_load(path.read_text(encoding="utf-8"))):
            yield path.name, name, [v for v in values if v not in EMPTY], where


def test_every_vocabulary_enum_in_the_openapi_files_is_the_vocabulary_module():
    checked = set()
    wrong = []
    for file, name, values, where in all_enums():
        if name in EXPECTED:
            checked.add(name)
            if set(values) not in EXPECTED[name] or len(values) != len(set(values)):
                wrong.append(f"{file}{where}: {values}")
        elif name == "status" and set(values) != COVERAGE_STATUSES:
            checked.add(name)
            if set(values) != set(vocab.STATUSES):
                wrong.append(f"{file}{where}: {values}, not {list(vocab.STATUSES)}")
    assert not wrong, "OpenAPI enums that differ from portal.vocab:\n" + "\n".join(wrong)
    assert checked == set(EXPECTED) | {"status"}  # each vocabulary was found, so a renamed field cannot hide


def test_the_enum_walk_finds_a_parameter_and_a_nested_property():
    document = {"parameters": [{"name": "category", "in": "query", "schema": {"type": "string", "enum": ["", "x"]}}],
                "components": {"schemas": {"R": {"properties": {"items": {"type": "array", "items": {
                    "properties": {"authority": {"type": "string", "enum": ["NHTSA"]}}}}}}}}}
    assert [(name, values) for name, values, _ in enums(document)] == [("category", ["", "x"]),
                                                                       ("authority", ["NHTSA"])]


def test_each_authority_has_a_labelled_market_a_lookup_and_id_patterns():
    for code, authority in vocab.AUTHORITIES.items():
        assert authority.market in vocab.MARKET_LABELS and vocab.AUTHORITY_FOR_MARKET[authority.market] == code
        assert str(authority.label) and authority.lookup_url.startswith("https://")
        assert re.compile(authority.id_pattern) and re.compile(authority.written_id_pattern)
    assert vocab.lookup_url("NHTSA", "5YJ3E1EA8KF000001") == "https://www.nhtsa.gov/recalls?vin=5YJ3E1EA8KF000001"
    assert vocab.lookup_url("KBA", "5YJ3E1EA8KF000001") is None
    # A written id in any accepted form normalises to a stored id that the authority's id pattern accepts.
    for written, code in (("23v-838", "NHTSA"), ("s2025-m0149i", "SAMR")):
        assert re.fullmatch(vocab.AUTHORITIES[code].id_pattern, normalise_recall_id(written))


def test_every_code_has_a_label():
    for labels in (vocab.CATEGORY_LABELS, vocab.CATEGORY_EXPLANATIONS, vocab.REMEDY_LABELS, vocab.STATUS_LABELS,
                   vocab.AUTHORITY_LABELS, vocab.MARKET_LABELS, vocab.REMEDY_KIND_LABELS, vocab.RECALL_TYPE_LABELS,
                   vocab.VEHICLE_BASIS_LABELS, vocab.CHANGE_KIND_LABELS):
        assert all(str(label) for label in labels.values())
    assert set(vocab.CATEGORY_EXPLANATIONS) == set(vocab.CATEGORIES)
    assert set(vocab.OTA_REMEDY_TYPES) <= set(vocab.REMEDY_TYPES)
    assert set(NHTSA_RECALL_TYPES.values()) == set(vocab.RECALL_TYPES)  # each NHTSA id letter names one type


@pytest.mark.parametrize("held_by, offered", [("EU", "EU"), ("CN", "CN"), (None, None)])
def test_the_other_market_offered_is_any_market_holding_cars_built_alike(monkeypatch, held_by, offered):
    """With a third market, the VIN lookup offers whichever other market names cars built like this one."""
    monkeypatch.setattr(market_module, "MARKETS", ("US", "CN", "EU"))
    monkeypatch.setattr(market_module, "names_cars_built_like", lambda _s, _make, market, _vin: market == held_by)
    choice = market_module.choose_market(None, "5YJ3E1EA8KF000001", "tesla", None)
    assert (choice.market, choice.source, choice.other_market) == ("US", market_module.FROM_VIN, offered)


@pytest.mark.parametrize("question, authority", [
    ("any recalls in china for the model 3", "SAMR"),
    ("特斯拉在中国的召回", "SAMR"),
    ("tell us about the recalls in china", "SAMR"),  # "us" counts only when no market is named
    ("model 3 recalls in the usa", "NHTSA"),
    ("美国 召回", "NHTSA"),
    ("what about the us recalls", "NHTSA"),
    ("any recalls for the model 3", None),
])
def test_a_question_names_an_authority_by_its_market(question, authority):
    assert vocab.authority_named_in(question) == authority


def test_every_authority_has_words_for_its_market():
    for authority in vocab.AUTHORITIES.values():
        assert authority.market_words and all(word == word.lower() for word in authority.market_words)


def test_a_recall_page_is_the_authoritys_own_where_it_has_one():
    """NHTSA's campaign page is the source the importer writes and the notice's source when a file has no URL."""
    assert vocab.recall_page_url("NHTSA", "23V838000") == "https://www.nhtsa.gov/recalls?nhtsaId=23V838000"
    assert vocab.recall_page_url("SAMR", "S2025M0149I") is None  # SAMR has no page per recall
    assert vocab.recall_page_url("KBA", "X") is None
