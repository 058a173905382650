"""Every common written form of a recall id maps to the one stored form."""

import pytest

from portal.recall_ids import normalise_recall_id, recall_id_forms


@pytest.mark.parametrize(
    "written, stored",
    [
        ("23V838", "23V838000"),
        ("23v-838", "23V838000"),
        ("23V838000", "23V838000"),
        ("23V-838-000", "23V838000"),
        ("24E 012", "24E012000"),
        ("S2025M0149I", "S2025M0149I"),
        ("s2025-m0149i", "S2025M0149I"),
        ("S2024M0012V", "S2024M0012V"),
        ("E2023M0101O", "E2023M0101O"),
    ],
)
def test_written_forms_normalise(written, stored):
    assert normalise_recall_id(written) == stored


@pytest.mark.parametrize("text", ["", "23V83", "2023V838", "S2025M149I", "S2025M0149X", "hello", "5YJ3E1EA2KF317000"])
def test_non_ids_are_rejected(text):
    assert normalise_recall_id(text) is None


def test_forms_of_an_nhtsa_id():
    assert recall_id_forms("23V838000") == ["23V838000", "23V838", "23V-838"]
