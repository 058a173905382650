"""Every recall's title names its defect in the project's own words; the build merges and checks them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from indexer.load_recall_texts import OWN_WORDS_NOTE_ZH
from indexer.loader import load_content
from indexer.validation import ContentValidationError

REPO = Path(__file__).resolve().parents[1]
SHIPPED = REPO / "content"
SMALL = Path(__file__).parent / "data" / "content_small"
TITLES = "editorial/recall_titles.yaml"
TEXT_ZH = "editorial/recall_text_zh.yaml"
MAX_EN_TITLE = 70
OTA_TYPES = ("ota", "ota+dealer")


@pytest.fixture(scope="module")
def shipped():
    return load_content(SHIPPED)


@pytest.fixture(scope="module")
def own_titles() -> dict:
    """Own-words titles by recall id: the collection file, else a per-recall editorial file."""
    titles = {}
    for path in sorted((SHIPPED / "editorial" / "recalls").glob("*.yaml")):
        title = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("title")
        if title:
            titles[path.stem] = title
    titles.update(yaml.safe_load((SHIPPED / TITLES).read_text(encoding="utf-8")))
    return titles


@pytest.fixture(scope="module")
def collection_titles() -> dict:
    return yaml.safe_load((SHIPPED / TITLES).read_text(encoding="utf-8"))


@pytest.fixture
def content(tmp_path) -> Path:
    target = tmp_path / "content"
    shutil.copytree(SMALL, target)
    return target


def _needs_zh(recall) -> bool:
    return recall.authority == "SAMR" or recall.remedy_type in OTA_TYPES


def test_every_recall_has_an_own_words_title(shipped, own_titles):
    missing = sorted(set(shipped.recalls) - set(own_titles))
    assert not missing, f"{len(missing)} recalls keep the generated title; add them to content/{TITLES}: {missing}"


def test_the_collection_file_wins_over_a_per_recall_title(shipped, collection_titles):
    assert shipped.recalls["22V037000"].title["en"] == collection_titles["22V037000"]["en"]


def test_every_ota_and_samr_recall_has_a_chinese_title(shipped, own_titles):
    missing = sorted(rid for rid, recall in shipped.recalls.items()
                     if _needs_zh(recall) and not (own_titles.get(rid) or {}).get("zh"))
    assert not missing, f"over-the-air and SAMR recalls without a Chinese own-words title: {missing}"


def test_titles_are_short_and_name_the_defect_not_the_car(shipped, collection_titles):
    makes = {slug: make.en.lower() for slug, make in shipped.makes.items()}
    for rid, entry in collection_titles.items():
        title = entry["en"]
        assert len(title) <= MAX_EN_TITLE, (rid, title)
        assert " — " not in title, (rid, title)  # the generated "Make Model — Component" shape
        assert makes[shipped.recalls[rid].make] not in title.lower(), (rid, title)


def test_the_build_uses_the_own_words_title(shipped):
    recall = shipped.recalls["22V263000"]
    assert recall.title["en"] == "Speed unit may vanish in Track Mode"
    assert "赛道模式" in recall.title["zh"]


def test_ota_recalls_get_own_words_chinese_text(shipped):
    for rid, recall in shipped.recalls.items():
        if recall.authority == "NHTSA" and recall.remedy_type in OTA_TYPES:
            zh = recall.text["zh"]
            assert zh["notes"] == OWN_WORDS_NOTE_ZH, rid
            assert "见 NHTSA 英文原文" not in zh["consequence"], rid


def test_a_recall_without_an_entry_keeps_its_generated_title(content):
    (content / TITLES).write_text("24V051000: {en: Warning lights shown in too small a font}\n", encoding="utf-8")
    bundle = load_content(content)
    assert bundle.recalls["24V051000"].title["en"] == "Warning lights shown in too small a font"
    assert bundle.recalls["24V051000"].title["zh"]  # no zh given: the generated Chinese title stays
    generated = load_content(SMALL).recalls["24V153000"].title
    assert bundle.recalls["24V153000"].title == generated


@pytest.mark.parametrize("relative, text, field, words", [
    (TITLES, "99V999000: {en: No such recall}\n", "99V999000", "no recall with id 99V999000"),
    (TITLES, "24V051000: {zh: 只有中文}\n", "24V051000.en", "is required"),
    (TITLES, "24V051000: {en: Fine, colour: red}\n", "24V051000.colour", "not a known field"),
    (TITLES, "24V051000: {en: " + "x" * 120 + "}\n", "24V051000.en", "at most"),
    (TEXT_ZH, "24V051000: {summary: 概要, consequence: 风险}\n", "24V051000.remedy", "is required"),
    (TEXT_ZH, "S2025M0149I: {summary: 概要, consequence: 风险, remedy: 补救}\n", "S2025M0149I", "SAMR"),
])
def test_a_bad_entry_names_the_file_and_field(content, relative, text, field, words):
    (content / relative).write_text(text, encoding="utf-8")
    with pytest.raises(ContentValidationError) as caught:
        load_content(content)
    messages = [str(error) for error in caught.value.errors]
    assert any(relative in m and f"field '{field}'" in m and words in m for m in messages), messages
