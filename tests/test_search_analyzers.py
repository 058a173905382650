"""Analyzers: Chinese segmentation with offsets, Latin words stemmed inside Chinese text, ids."""

from __future__ import annotations

import pickle

import pytest

from portal.search.analyzers import (
    chinese_analyzer,
    english_analyzer,
    has_cjk,
    identifier_analyzer,
    segment_cjk,
)

MIXED = "小米SU7的辅助驾驶与Autosteer功能在2023.44.30.14版本中被召回 for the cars"


def tokens(analyzer, text, **kwargs):
    return [t.text for t in analyzer(text, **kwargs)]


def test_mixed_sentence_is_segmented_and_latin_words_are_stemmed():
    words = tokens(chinese_analyzer(), MIXED)
    assert words == ["小米", "su7", "辅助", "驾驶", "autost", "功能", "2023.44.30.14", "版本", "中",
                     "召回", "car"]


def test_character_offsets_point_at_the_original_text():
    for token in chinese_analyzer()(MIXED, chars=True, positions=True):
        assert MIXED[token.startchar:token.endchar].lower().startswith(token.text[:2])


def test_search_mode_also_emits_the_words_inside_a_long_word():
    assert {"摄像", "摄像头"} <= set(tokens(chinese_analyzer(), "后视摄像头"))


def test_chinese_and_english_analyzers_agree_on_english_words():
    text = "Rearview cameras stopped displaying"
    assert tokens(chinese_analyzer(), text) == tokens(english_analyzer(), text)


def test_stop_words_are_kept_for_highlighting_when_asked():
    stopped = [t.text for t in chinese_analyzer()("召回的车", removestops=False) if t.stopped]
    assert stopped == ["的"]
    assert tokens(chinese_analyzer(), "召回的车") == ["召回", "车"]


@pytest.mark.parametrize("text, expected", [
    ("23V838000 23V838 23v-838", ["23v838000"] * 3),
    ("S2025M0149I, s2025m0149i", ["s2025m0149i"] * 2),
    ("2023.44.30.14 v2023.44", ["2023.44.30.14", "2023.44"]),
    ("FN-2025-001", ["fn-2025-001"]),
])
def test_identifier_analyzer_reduces_forms(text, expected):
    assert tokens(identifier_analyzer(), text) == expected


def test_analyzers_survive_pickling_into_the_index_schema():
    analyzer = pickle.loads(pickle.dumps(chinese_analyzer()))
    assert tokens(analyzer, "辅助驾驶") == ["辅助", "驾驶"]


@pytest.mark.parametrize("text, expected", [("辅助驾驶召回", "辅助 驾驶 召回"), ("SU7召回", "SU7 召回"), ("abc", "abc")])
def test_segment_cjk(text, expected):
    assert " ".join(segment_cjk(text).split()) == expected


@pytest.mark.parametrize("text, expected", [("召回", True), ("recall", False), ("", False), ("SU7 辅助", True)])
def test_has_cjk(text, expected):
    assert has_cjk(text) is expected
