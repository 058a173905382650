"""A recall named by its subject ("the Autosteer recall", "小米那个高速领航召回") is that recall, not a symptom."""

from __future__ import annotations

import pytest
from test_chat_engine import build_sample_db

from portal.chat.engine import DEFAULT_QA_DIR, Engine
from portal.chat.entities import EntityFinder
from portal.chat.facts import CatalogueEntry, SqlContentFacts
from portal.chat.normalise import normalise
from portal.chat.symptoms import Symptoms


@pytest.fixture(scope="module")
def content():
    return SqlContentFacts(build_sample_db())


@pytest.mark.parametrize("question, lang, recall", [
    ("特斯拉2023年那个Autosteer召回是怎么回事？", "zh", "23V838000"),
    ("小米那个高速领航召回是怎么回事", "zh", "S2025M0149I"),
    ("what's the Tesla autosteer recall about?", "en", "23V838000"),
])
def test_a_recall_named_by_its_subject_is_that_recall(content, question, lang, recall):
    answer = Engine(content=content).ask(question, lang)
    assert answer.intent == "recall_details", answer.trace
    assert answer.entities.get("recall_id") == recall, answer.trace


@pytest.mark.parametrize("question", ["后视摄像头那个召回要升到哪个版本才算修复？", "黑屏召回修好了吗",
                                      "rear camera recall 25V002000 do i need to go to service center",
                                      "The steering one, is it fixed?"])
def test_a_recall_named_by_its_symptom_is_no_symptom_report(question):
    symptoms = Symptoms(DEFAULT_QA_DIR / "symptoms.yaml")
    norm = normalise(question)
    assert symptoms.find(norm, recall_named="25v002000" in norm) is None


@pytest.mark.parametrize("question, kind", [("开车时方向盘突然变重，是不是那个转向召回？", "steering"),
                                            ("my screen went black while driving, is this the screen recall?", "screen")])
def test_a_recall_word_does_not_hide_a_symptom_happening_now(question, kind):
    found = Symptoms(DEFAULT_QA_DIR / "symptoms.yaml").find(normalise(question))
    assert found is not None and found.name == kind


def test_a_chinese_make_name_next_to_digits_is_found():
    finder = EntityFinder([CatalogueEntry("tesla", None, ("tesla", "Tesla", "特斯拉")),
                           CatalogueEntry("tesla", "model-3", ("model-3", "Model 3", "Model 3"))])
    assert finder.find("特斯拉2024年8月那个召回")["make"] == "tesla"
    assert "model" not in finder.find("model 30 是什么")


@pytest.mark.parametrize("question, lang, name, words", [
    ("理想L9能查吗", "zh", "理想汽车", ["未覆盖", "samr.gov.cn"]),
    ("小鵬 G6 有被 OTA 召回過嗎", "zh", "小鵬汽車", ["未覆蓋", "特斯拉"]),
    ("any OTA recalls on a Honda Accord?", "en", "Honda", ["Not covered", "nhtsa.gov/recalls", "Tesla"]),
])
def test_a_make_the_portal_does_not_hold_is_not_covered(content, question, lang, name, words):
    answer = Engine(content=content).ask(question, lang)
    assert answer.intent == "make_not_covered", answer.trace
    assert name in answer.answer
    for word in words:
        assert word in answer.answer


def test_a_covered_make_named_with_an_uncovered_one_is_the_covered_one(content):
    answer = Engine(content=content).ask("特斯拉Model 3有哪些召回", "zh")
    assert answer.intent != "make_not_covered"
    assert "other_make" not in answer.entities


def test_asking_whether_a_named_recall_covers_my_car_says_what_it_may_apply_to_and_asks_for_the_vin(content):
    answer = Engine(content=content).ask("小米那个高速领航召回有我吗", "zh")
    assert answer.intent == "recall_status", answer.trace
    assert "S2025M0149I" in answer.answer and "可能涉及 SU7" in answer.answer and "车架号" in answer.answer




@pytest.mark.parametrize("question, kind", [("Which recalls cover steering on my car?", None),
                                            ("my steering went heavy, which recalls cover that?", "steering")])
def test_a_list_of_recalls_asked_by_topic_is_no_symptom_unless_a_fault_is_told(question, kind):
    found = Symptoms(DEFAULT_QA_DIR / "symptoms.yaml").find(normalise(question))
    assert (found.name if found else None) == kind


class _TwoTeslaRecalls:
    """Only what the lookup of 'the other one' reads: one recall's make, and the make's recalls."""

    class _Fact:
        make = "tesla"

    def recall(self, rid, lang):
        return self._Fact()

    def model_recalls(self, lang, make, model, ota_only):
        return (("R-FRUNK", "前备箱锁未锁止时可能检测不到", None, "ota", "SAMR"),
                ("R-BELT", "驾驶员未系安全带时可能无提醒", None, "ota", "SAMR"))


def test_the_other_one_named_by_its_subject_is_that_recall_of_the_same_make():
    engine = Engine()
    engine.content = _TwoTeslaRecalls()
    assert engine._other_recall_by_title(normalise("另一个呢，就是同一年那个安全带提醒的"), "R-FRUNK", "zh") == "R-BELT"
    assert engine._other_recall_by_title(normalise("那个安全带提醒的呢"), "R-FRUNK", "zh") is None  # not "the other"
