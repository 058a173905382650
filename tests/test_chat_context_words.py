"""Cantonese words, full-width VINs, short questions that continue the conversation's topic."""

from __future__ import annotations

import pytest
from test_chat_engine import build_sample_db

from portal.chat.engine import Engine
from portal.chat.entities import EntityFinder
from portal.chat.facts import SqlContentFacts
from portal.chat.normalise import normalise


@pytest.fixture(scope="module")
def content():
    return SqlContentFacts(build_sample_db())


@pytest.mark.parametrize("cantonese, mandarin", [("嗰個使唔使返廠", "那个要不要返厂"), ("係咪有召回", "是不是有召回"),
                                                 ("點樣知架車做咗未", "怎样知辆车做了没"), ("有冇事", "有没有事")])
def test_cantonese_words_read_as_their_mandarin_ones(cantonese, mandarin):
    assert normalise(cantonese) == normalise(mandarin)


def test_a_question_mark_particle_is_not_a_cantonese_word():
    assert normalise("那个呢") == "那个呢"


def test_a_vin_typed_full_width_is_the_vin():
    assert EntityFinder().find("我的ＶＩＮ是５ＹＪ３Ｅ１ＥＡ０ＭＦ０８４３１７，有召回吗？")["vin"] == "5YJ3E1EA0MF084317"


def test_a_short_question_no_rule_reads_continues_the_conversations_topic(content):
    engine = Engine(content=content)
    first = engine.ask("How do I report a safety defect to the government?", "en")
    assert first.intent == "report_defect"
    again = engine.ask("what should I prepare?", "en", session=first.session)
    assert again.intent == "report_defect", again.trace


def test_a_short_question_without_a_conversation_is_not_guessed(content):
    answer = Engine(content=content).ask("what should I prepare?", "en")
    assert answer.intent != "report_defect"


@pytest.mark.parametrize("question, lang, intent", [
    ("tesla put a feature behind subscription after update, is that a recall thing", "en", "feature_change"),
    ("更新完之後我的車少了一個功能，變成要付費訂閱才能再用，這也算召回嗎？", "zh", "feature_change"),
    ("OTA召回同要入代理廠做嘅召回有咩分別？邊個嚴重啲？", "zh", "ota_vs_dealer_recall"),
    ("嗰個使唔使返廠？", "zh", "dealer_visit"),
    ("能导出一份这台车的召回历史报告吗？要打印给客户", "zh", "used_car_check"),
    ("OTA升级失败了好几次，一直卡在百分之六十，召回还能完成吗", "zh", "update_failed"),
    ("如果一个OTA升级提高了加速性能，算哪一类？", "zh", "ota_categories"),
    ("Need a PDF of all recalls for my car, possible?", "en", "used_car_check"),
])
def test_paraphrases_written_blind_reach_their_intent(content, question, lang, intent):
    answer = Engine(content=content).ask(question, lang)
    assert answer.intent == intent, answer.trace


@pytest.mark.parametrize("question, lang", [("讲个笑话呗，等车升级无聊死了", "zh"), ("tell me a joke about car mechanics", "en")])
def test_a_joke_request_is_out_of_scope_even_with_a_car_word(content, question, lang):
    assert Engine(content=content).ask(question, lang).fallback


@pytest.mark.parametrize("question, lang, words", [
    ("portal says status unknown wtf does that mean", "en", ["cannot tell whether", "nhtsa.gov/recalls"]),
    ("顯示 unknown 是什麼意思？是不是代表沒事？", "zh", ["無法確認", "廠家"]),
    ('召回历史报告里写的"可能适用"是什么意思？', "zh", ["可能适用", "车架号"]),
])
def test_what_a_status_means_is_explained_and_unknown_is_never_fine(content, question, lang, words):
    answer = Engine(content=content).ask(question, lang)
    assert answer.intent == "status_terms", answer.trace
    for word in words:
        assert word in answer.answer


@pytest.mark.parametrize("question, intent", [
    ("will the ICCU recall on the ioniq 5 tank its trade in value? dealer offered me way less", "resale_value"),
    ("Does a recall being fixed over the air mean the problem was less serious than a normal one?", "ota_recall_why"),
    ("Do I need to take my Model Y in for the latest recall or is it just an update?", "dealer_visit"),
    ("Difference between an OTA recall and a normal recall?", "ota_vs_dealer_recall"),
])
def test_english_wordings_written_blind_reach_their_intent(content, question, intent):
    assert Engine(content=content).ask(question, "en").intent == intent


@pytest.mark.parametrize("question, intent", [
    ("Looking at a used Model 3, VIN 5YJ3E1EA2KF317000. Seller swears every recall has been done. Can you confirm before I hand over the money?",
     "used_car_check"),
    ("Need a PDF of all recalls + OTA updates for VIN 5YJ3E1EA2KF317000 for a customer file. Possible?", "used_car_check"),
])
def test_a_used_car_or_report_question_with_a_vin_is_the_history_report(content, question, intent):
    assert Engine(content=content).ask(question, "en").intent == intent


def test_no_feature_made_paid_still_says_a_recall_remedy_is_free(content):
    answer = Engine(content=content).ask("Did Xiaomi put a feature behind a subscription after an update?", "en")
    assert answer.intent == "feature_change", answer.trace
    assert "free of charge" in answer.answer and "not a recall" in answer.answer
