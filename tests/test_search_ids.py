"""Recall ids and versions in the forms owners type."""

from __future__ import annotations

import pytest

from portal.search.ids import id_token, normalise_recall_id, normalise_version, recall_id_forms


@pytest.mark.parametrize("text, expected", [
    ("23V838000", "23V838000"),
    ("23V838", "23V838000"),
    ("23V-838", "23V838000"),
    ("23v-838-000", "23V838000"),
    (" 23V 838 ", "23V838000"),
    ("24E012000", "24E012000"),
    ("S2025M0149I", "S2025M0149I"),
    ("s2025m0149i", "S2025M0149I"),
    ("S-2025-M-0149-I", "S2025M0149I"),
    ("23X838", None),
    ("23V83", None),
    ("S2025M149I", None),
    ("cn-2023-05-tesla-regen-braking", None),
    ("", None),
])
def test_normalise_recall_id(text, expected):
    assert normalise_recall_id(text) == expected


def test_recall_id_forms():
    assert recall_id_forms("23V838000") == ["23V838000", "23V838", "23V-838"]
    assert recall_id_forms("S2025M0149I") == ["S2025M0149I"]
    assert recall_id_forms("cn-2023-05-tesla-regen-braking") == ["cn-2023-05-tesla-regen-braking"]


@pytest.mark.parametrize("text, expected", [
    ("2023.44.30.14", "2023.44.30.14"), ("v2023.44", "2023.44"), ("V 1.10.0", "1.10.0"),
    ("version 2024.2.6", "2024.2.6"), ("2023", None), ("2023.44.x", None), ("", None),
])
def test_normalise_version(text, expected):
    assert normalise_version(text) == expected


@pytest.mark.parametrize("text, expected", [("23V-838", "23v838000"), ("v2023.44", "2023.44"), ("ABC", "abc")])
def test_id_token(text, expected):
    assert id_token(text) == expected
