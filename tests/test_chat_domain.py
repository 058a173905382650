"""A question that uses a word of the domain is answered, never met with "I can't answer".

When no rule is sure of a question that says recall, OTA, VIN, version, 召回,
车架号 or 备案, the engine reads it through what it names (a recall number, a
version), the nearest paraphrase at a lower floor, the rule it half matched,
or, failing all, an overview with where to look. Questions with no such word
still fall back, so out-of-scope questions stay out.
"""

from __future__ import annotations

import pytest

from portal.chat.engine import Engine
from portal.chat.fuzzy import in_domain
from portal.chat.normalise import normalise


@pytest.fixture(scope="module")
def engine():
    return Engine()


@pytest.mark.parametrize("question,lang", [
    ("recall thingy, something something", "en"),
    ("how many characters does a VIN have", "en"),
    ("车架号和VIN是一回事吗", "zh"),
    ("OTA备案找谁", "zh"),
    ("我是2024.44.25.3，还需要升级吗？", "zh"),
])
def test_a_domain_question_is_answered(engine, question, lang):
    answer = engine.ask(question, lang)
    assert not answer.fallback and answer.intent, answer.trace
    assert answer.sources, answer.intent


@pytest.mark.parametrize("question", ["How much are Michelin Pilot Sport 4S tyres right now?", "what's the weather in Shanghai",
                                      "tell me a joke"])
def test_a_question_without_a_domain_word_still_falls_back(engine, question):
    assert not in_domain(normalise(question))
    assert engine.ask(question, "en").fallback


def test_the_overview_answers_when_nothing_is_close(engine):
    answer = engine.ask("zzqx recall blorf", "en")
    assert not answer.fallback
    assert answer.intent in {"domain_overview"} or answer.confidence > 0, answer.trace


@pytest.mark.parametrize("question,lang,intent,words", [
    ("I bought my car used, am I still entitled to the free recall repair?", "en", "recall_rights", ["follows the car"]),
    ("I paid for a repair before the recall was announced, can I get reimbursed?", "en", "recall_rights", ["receipts"]),
    ("I ignored a recall letter for a year, is there a deadline?", "en", "recall_rights", ["soon", "free"]),
    ("Is every OTA update a recall?", "en", "ota_not_always_recall", ["not every"]),
    ("What is the difference between an OTA recall and a dealer recall?", "en", "ota_vs_dealer_recall", ["no visit needed"]),
    ("Where can I look up official recalls?", "en", "recall_lookup", ["NHTSA", "SAMR"]),
    ("is a recall a sign the car is bad quality", "en", "recall_quality", ["defect", "free"]),
    ("召回升级可以点稍后吗", "zh", "update_postpone", ["尽快", "安全缺陷"]),
    ("do I need to go to the dealer for an OTA recall?", "en", "dealer_visit", ["you do not need a visit"]),
    ("OTA备案要向哪个部门", "zh", "ota_approval", ["工业和信息化部", "市场监督管理总局"]),
])
def test_owners_questions_no_rule_used_to_read(engine, question, lang, intent, words):
    answer = engine.ask(question, lang)
    assert answer.intent == intent, answer.trace
    for word in words:
        assert word in answer.answer, (word, answer.answer)


@pytest.fixture(scope="module")
def content_engine():
    from test_chat_engine import build_sample_db

    from portal.chat.facts import SqlContentFacts

    return Engine(content=SqlContentFacts(build_sample_db()))


@pytest.mark.parametrize("question,lang", [("what changed in the latest Xiaomi SU7 update?", "en"), ("小米SU7这次更新了什么", "zh")])
def test_a_release_question_without_a_version_names_the_model_asked_about(content_engine, question, lang):
    answer = content_engine.ask(question, lang)
    assert answer.intent == "latest_release", answer.trace
    assert "SU7" in answer.answer and "1.10.0" in answer.answer


def test_a_feature_question_naming_a_version_answers_with_that_release(content_engine):
    answer = content_engine.ask("what did Tesla 2023.44.30 change, was anything removed?", "en")
    assert answer.intent == "release_changes", answer.trace
    assert "2023.44" in answer.answer


def test_a_chinese_answer_uses_the_chinese_model_name_the_catalogue_lacks():
    from portal.chat.engine import DEFAULT_QA_DIR, _names_zh

    assert _names_zh(DEFAULT_QA_DIR / "aliases.yaml")["qin-plus-dm-i"].startswith("秦PLUS")


def test_a_staff_member_explaining_an_ota_recall_hears_about_the_defect(engine):
    for question, lang, word in (("I'm 4S staff, how do I explain an OTA recall to a customer?", "en", "defect"),
                                 ("我是4S店员工，怎么跟客户解释OTA召回", "zh", "缺陷")):
        answer = engine.ask(question, lang)
        assert answer.intent == "ota_recall_why" and word in answer.answer, answer.trace


def test_a_recall_named_by_another_word_for_its_subject_is_found(content_engine):
    answer = content_engine.ask("which software version fixes the tesla autopilot recall", "en")
    assert answer.intent == "recall_details", answer.trace
    assert "23V838000" in answer.answer and "2023.44.30" in answer.answer, answer.answer
