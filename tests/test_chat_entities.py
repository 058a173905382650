"""Entity table: what owners type -> the canonical entity the engine uses."""

from __future__ import annotations

import pytest

from portal.chat.engine import DEFAULT_QA_DIR
from portal.chat.entities import EntityFinder, normalise_recall_id
from portal.chat.facts import CatalogueEntry

CATALOGUE = [
    CatalogueEntry("tesla", None, ("tesla", "Tesla", "特斯拉")),
    CatalogueEntry("tesla", "model-y", ("model-y", "Model Y", "Model Y")),
    CatalogueEntry("xiaomi", "su7", ("su7", "SU7", "SU7")),
]
FINDER = EntityFinder(CATALOGUE, DEFAULT_QA_DIR / "aliases.yaml")


@pytest.mark.parametrize("text, expected", [
    ("23V838", "23V838000"), ("23V-838", "23V838000"), ("23V838000", "23V838000"),
    ("23V-838-000", "23V838000"), ("23v838", "23V838000"), ("S2025M0149I", "S2025M0149I"),
    ("s2025m0149i", "S2025M0149I"), ("S-2025-M-0149-I", "S2025M0149I"), ("E2024M0001V", "E2024M0001V"),
    ("23X838", None), ("S2025M0149", None), ("hello", None),
])
def test_recall_id_forms(text, expected):
    assert normalise_recall_id(text) == expected


@pytest.mark.parametrize("question, expected", [
    ("Is 5YJYGDEE7MF123456 affected by any recall?", {"vin": "5YJYGDEE7MF123456"}),
    ("vin 5yj3e1ea2kf317000 please", {"vin": "5YJ3E1EA2KF317000"}),
    ("ABCDEFGHJKLMNPRST is a word not a VIN", {}),
    ("5YJ3E1EA2KF31700I has an I", {"bad_vin": "5YJ3E1EA2KF31700I"}),  # answered with the VIN page's error
    ("Tell me about recall 24V-051.", {"recall_id": "24V051000"}),
    ("我的车S2025M0149I召回升级完成了吗？", {"recall_id": "S2025M0149I"}),
    ("召回23V838怎么回事", {"recall_id": "23V838000"}),
    ("What changed in 2023.44.30?", {"version": "2023.44.30"}),
    ("2024.2版本更新了什么？", {"version": "2024.2"}),
    ("what is in 2023.44.30.14.", {"version": "2023.44.30.14"}),
    ("xiaomi 1.10.0 notes", {"version": "1.10.0", "make": "xiaomi"}),
    ("I drive 4.5 km a day", {}),
    ("latest for the Model Y?", {"model": "model-y", "make": "tesla"}),
    ("my model3 and modely", {"model": "model-3", "make": "tesla"}),
    ("小米SU7最新的OTA版本是哪个？", {"model": "su7", "make": "xiaomi"}),
    ("特斯拉有召回吗", {"make": "tesla"}),
    ("ＳＵ７ 全角", {"model": "su7", "make": "xiaomi"}),
    ("the models of 2024", {}),
])
def test_entities_in_questions(question, expected):
    assert FINDER.find(question) == expected
