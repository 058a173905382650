"""The headline of an answer about a car, symptoms answered safety first, the asker's script, follow-ups, fuzzy matching.

A false clean record is the worst answer the portal can give, so most of these
check what an answer must never say: "no open recall" while a recall's status
is unknown, "keep driving" for a symptom, Simplified characters for a question
written in Traditional.
"""

from __future__ import annotations

from datetime import date

import pytest
from test_chat_engine import build_sample_db

from portal.chat.engine import DEFAULT_QA_DIR, Engine
from portal.chat.facts import CarCoverage, SqlContentFacts, VehicleRecall, VehicleSummary
from portal.chat.fuzzy import Paraphrases
from portal.chat.headline import headline
from portal.chat.intents import INTENTS, TABLE, chooser
from portal.chat.normalise import normalise
from portal.chat.script import in_script, traditional_count, variant_of
from portal.chat.symptoms import Symptoms

VIN = "5YJ3E1EA1KF125504"
COVERED = CarCoverage("covered", lookup="Check every recall for this VIN at NHTSA: https://www.nhtsa.gov/recalls?vin=X")


def _car(*recalls, coverage=COVERED, usable=True):
    return VehicleSummary("tesla", "model-3", 2019, list(recalls), coverage=coverage, usable=usable)


class Cars:
    def __init__(self, summary):
        self.summary = summary

    def lookup(self, vin, version=None, lang="en"):
        return self.summary if vin == VIN else None


@pytest.fixture(scope="module")
def content():
    return SqlContentFacts(build_sample_db())


def _ask(content, summary, question, lang="en", vin=VIN, session=None):
    return Engine(content=content, vehicles=Cars(summary)).ask(question, lang, vin=vin, session=session)


UNKNOWN = VehicleRecall("24V051000", "Steering assist may be lost", "unknown", "ota", status_reason="no_fleet_record",
                        certainty="may_apply")
REMEDIED = VehicleRecall("23V838000", "Autosteer controls may be insufficient", "remedied", "ota",
                         remedy_version="2023.44.30", remedied_at=date(2023, 12, 20))
OPEN = VehicleRecall("24V700000", "Rear camera image may not display", "open", "ota")


@pytest.mark.parametrize("summary, expected", [
    (_car(UNKNOWN), "unknown"),
    (_car(REMEDIED, UNKNOWN), "unknown"),
    (_car(REMEDIED, OPEN), "open"),
    (_car(REMEDIED), "clear"),
    (_car(), "clear"),
    (_car(REMEDIED, coverage=CarCoverage("partial")), "unknown"),  # incomplete data is never a clean record
    (_car(coverage=CarCoverage("not_covered"), usable=False), "not_covered"),
    (_car(coverage=CarCoverage("choose_model"), usable=False), "unknown"),
    (None, "unknown"),
])
def test_headline_is_clear_only_when_everything_listed_is_remedied_and_the_data_cover_the_car(summary, expected):
    assert headline(summary, VIN) == expected
    assert headline(summary, None) is None


@pytest.mark.parametrize("question, lang", [("Does my car have any open recalls?", "en"), ("我的车有召回吗？", "zh"),
                                            ("這台車的召回都修好了沒？", "zh")])
def test_unknown_statuses_never_read_as_a_clean_record(content, question, lang):
    answer = _ask(content, _car(UNKNOWN), question, lang)
    assert answer.headline == "unknown"
    for clean in ("No open recall", "没有未完成的召回", "沒有未完成的召回", "has no recalls"):
        assert clean not in answer.answer
    assert "nhtsa.gov/recalls" in answer.answer  # and says how to check


def test_a_car_the_portal_does_not_cover_gets_the_vin_pages_words_not_check_the_vin(content):
    coverage = CarCoverage("not_covered", verdict="The portal holds no recall data for this car.",
                           note="The portal holds no NHTSA recalls for Honda cars.", make_name="Honda", model_year=2019,
                           lookup="Check every recall for this VIN at NHTSA: https://www.nhtsa.gov/recalls?vin=X")
    answer = _ask(content, _car(coverage=coverage, usable=False), "any recalls on this car?")
    assert answer.headline == "not_covered"
    assert "The portal holds no NHTSA recalls for Honda cars." in answer.answer
    assert "nhtsa.gov/recalls" in answer.answer
    assert "Check the VIN" not in answer.answer and "no recalls" not in answer.answer.lower()


def test_a_vin_that_does_not_tell_the_model_asks_for_it(content):
    coverage = CarCoverage("choose_model", verdict="Choose the model to see the recalls that may apply.",
                           make_name="Tesla", model_choices=("Model 3", "Model Y"))
    answer = _ask(content, _car(coverage=coverage, usable=False), "does my car have recalls?")
    assert answer.headline == "unknown"
    assert "Choose the model" in answer.answer and "Model 3, Model Y" in answer.answer


@pytest.mark.parametrize("question, lang, now", [
    ("my screen just went black while driving", "en", "hazard lights"),
    ("screen blak while drivng model 3 help", "en", "pull over"),
    ("方向盘变重 after update, safe to drive?", "en", "pull over"),
    ("開車時螢幕突然全黑，還可以繼續開嗎", "zh", "靠邊停車"),
    ("车里有焦糊味，好像在冒烟", "zh", "下车"),
    ("Rear camera shows nothing when I put it in reverse", "en", "mirrors"),
    ("cant shift out of park after update", "en", "parking brake"),
    ("The hood on my Model 3 popped up a few inches while I was doing 60. What do I do?", "en", "hazard lights"),
    ("客戶的Model Y行駛中前車廂蓋彈起來", "zh", "靠邊停車"),
    ("個熒幕成日黑mon，係咪有召回？", "zh", "靠邊停車"),
    ("排檔打不進D檔，車停在停車場出不去", "zh", "駐車制動"),
    ("charging at home and there is smoke under the car", "en", "stop the charge"),
])
def test_symptoms_say_what_to_do_now_first_and_never_keep_driving(content, question, lang, now):
    answer = Engine(content=content).ask(question, lang)
    assert answer.intent == "symptom", answer.trace
    first = answer.answer.split("\n")[0] + answer.answer.split("\n")[1]
    assert now in first
    for harmful in ("keep driving", "can continue driving", "safe to drive", "可以继续开", "可以繼續開"):
        assert harmful not in answer.answer


def test_a_symptom_is_connected_to_the_cars_recall_naming_the_same_part(content):
    answer = _ask(content, _car(REMEDIED, OPEN, UNKNOWN), "the rear camera image is missing when I reverse")
    assert answer.intent == "symptom"
    assert answer.answer.index("mirrors") < answer.answer.index("24V700000")  # safety first, then the recall
    assert "24V051000" not in answer.answer  # steering is another part
    assert answer.headline == "open"


def test_symptom_words_in_a_question_about_a_topic_are_not_a_report():
    symptoms = Symptoms(DEFAULT_QA_DIR / "symptoms.yaml")
    assert symptoms.find(normalise("What counts as a safety defect, e.g. brake failure?")) is None
    assert symptoms.find(normalise("Where do I find the software version on the screen?")) is None
    assert symptoms.find(normalise("brakes feel soft since the update")).name == "brakes"


@pytest.mark.parametrize("question, variant", [
    ("這台車開著有沒有危險", "s2twp"), ("我部車有冇召回", "s2hk"), ("我的车有召回吗", None), ("any recalls?", None)])
def test_the_variant_follows_the_questions_own_wording(question, variant):
    assert variant_of(question) == variant


def test_a_traditional_question_gets_a_traditional_answer_with_its_links(content):
    answer = Engine(content=content).ask("召回23V838是怎麼回事？軟體有問題嗎", "zh")
    assert answer.script == "hant"
    assert traditional_count(answer.answer) > 0 and "/recalls/23V838000" in answer.answer
    assert "软件" not in answer.answer and "这" not in answer.answer
    simplified = Engine(content=content).ask("召回23V838是怎么回事", "zh")
    assert simplified.script == "hans" and traditional_count(simplified.answer) == 0
    assert Engine(content=content).ask("What is recall 23V838?", "en").script is None


def test_hong_kong_glyphs_that_are_also_simplified_take_the_standard_traditional_form():
    assert in_script("门户", "s2hk") == "門戶"


def test_taiwan_answers_keep_the_plain_words_not_computing_terms():
    """s2twp would write 技術引數 (a programming "argument") for 技术参数, 釋出 for 发布."""
    text = in_script("涉及主要技术参数变更的；联合发布的文件；软件", "s2twp")
    assert text == "涉及主要技術參數變更的；聯合發布的文件；軟體"


def test_follow_ups_resolve_against_what_the_last_answer_named(content):
    engine = Engine(content=content, vehicles=Cars(_car(OPEN, UNKNOWN)))
    first = engine.ask("Does my car have any open recalls?", "en", vin=VIN)
    assert "24V700000" in first.answer and "24V051000" in first.answer
    other = engine.ask("and the other one, is it fixed?", "en", session=first.session)
    assert other.entities.get("recall_id") == "24V051000", other.trace
    that = engine.ask("那个修好了吗", "zh", session=other.session)  # the one the last answer was about
    assert that.entities.get("recall_id") == "24V051000", that.trace
    fresh = engine.ask("Does my car have any open recalls?", "en", vin=VIN)
    assert engine.ask("那个修好了吗", "zh", session=fresh.session).entities.get("recall_id") == "24V700000"


def test_an_invalid_vin_in_the_question_gets_the_vin_pages_error(content):
    answer = Engine(content=content).ask("VIN is 5YJ3E1EA9MFO12345 - any recalls?", "en")
    assert answer.intent == "vin_invalid" and "not a valid VIN" in answer.answer and not answer.fallback


def test_fuzzy_paraphrases_read_misspellings_and_leave_other_topics_alone(content):
    paraphrases = Paraphrases(DEFAULT_QA_DIR / "paraphrases.yaml", INTENTS)
    assert paraphrases.best(normalise("wat is ota recal")).intent == "ota_recall_why"
    assert paraphrases.best(normalise("車架號碼喺邊度搵？")).intent == "vin_location"
    assert paraphrases.best(normalise("TSLA price today?")) is None
    engine = Engine(content=content)
    assert engine.ask("OTA召回是什么意思？", "zh").intent == "ota_recall_why"
    assert engine.ask("什么是OTA召回？", "zh").intent == "ota_recall_why"
    assert engine.ask("What's the weather tomorrow?", "en").fallback


def test_every_intent_in_the_table_has_its_texts_and_its_chooser(content):
    engine = Engine(content=content)
    for intent in TABLE:
        for lang in ("en", "zh"):
            assert intent.name in engine.responses.by_lang[lang]["intents"]
        assert intent.chooser is None or callable(chooser(intent.name))


def test_a_models_recalls_without_a_vin_and_each_checked_against_a_stated_version(content):
    engine = Engine(content=content)
    listed = engine.ask("any ota recalls on the model 3?", "en")
    assert listed.intent == "vehicle_recalls" and "23V838000" in listed.answer and "VIN" in listed.answer
    before = engine.ask("My Model 3 is on 2023.40.1, are its recalls fixed?", "en")
    assert before.intent == "vehicle_recalls", before.trace
    assert "23V838000" in before.answer and "2023.44.30.8" in before.answer and "not fixed yet" in before.answer
    after = engine.ask("我的Model 3是2023.44.30.9，召回都修好了吗", "zh")
    assert "23V838000" in after.answer and "已经安装" in after.answer


def test_features_made_paid_restricted_or_removed_name_their_releases():
    class Changes:
        def feature_changes(self, lang, make=None):
            return (("tesla", "2022.8", date(2022, 2, 10), "restricted", "Boombox works only while parked.", ("22V063000",)),
                    ("tesla", "2019.40", date(2019, 10, 1), "paywalled", "Streaming video needs Premium Connectivity.", ()),
                    ("tesla", "2021.12", date(2021, 4, 1), "removed", "Boombox was removed.", ()))

        def __getattr__(self, name):  # the engine's other facts are not needed here
            raise AttributeError(name)

    engine = Engine()
    engine.content = Changes()
    answer = engine.ask("Did an update ever put a feature behind a subscription?", "en")
    assert answer.intent == "feature_change", answer.trace
    assert "/releases/tesla/2019.40" in answer.answer and "Now paid" in answer.answer
    assert "1 change(s) that made a feature paid" in answer.answer and "not a recall" in answer.answer
    # A change made by a recall's remedy says so: Boombox restricted while driving was 22V063000's remedy.
    boombox = engine.ask("did an update take the boombox away while driving?", "en")
    assert "remedy of recall [22V063000](/recalls/22V063000)" in boombox.answer, boombox.answer


@pytest.mark.parametrize("question,kind", [
    ("rear cam black and beeping", "camera"),
    ("camera no image when reversing", "camera"),
    ("camra shows nothing when reversing", "camera"),
    ("it smells burning", "smoke"),
    ("smell like something melting near the charge port", "smoke"),
    ("lane keeping jerks the wheel after the update", "assist"),
    ("stearing wheel shakes at speed", "steering"),
    ("the car jerks when accelerating", "acceleration"),
    ("brakess squeal loud", "brakes"),
    ("倒车camera黑屏", "camera"),
    ("車機螢幕一直閃爍", "screen"),
    ("warning lights everywhere", "warning"),
    ("water everywhere", "general"),
])
def test_a_terse_or_misspelt_symptom_is_a_part_with_a_fault(question, kind):
    symptoms = Symptoms(DEFAULT_QA_DIR / "symptoms.yaml")
    found = symptoms.find(normalise(question))
    assert found is not None and found.name == kind, (question, found, symptoms.why(normalise(question)))


@pytest.mark.parametrize("question", ["is there a recall for the rear camera?", "which version fixed the camera recall",
                                      "how much does a recall cost", "我的车有召回吗"])
def test_a_part_without_a_fault_is_no_symptom(question):
    assert Symptoms(DEFAULT_QA_DIR / "symptoms.yaml").find(normalise(question)) is None


def _simplified_only(text: str) -> set[str]:
    import opencc

    s2t, t2s = opencc.OpenCC("s2t"), opencc.OpenCC("t2s")
    from portal.chat.script import _BOTH
    return {ch for ch in set(text) if "\u3400" <= ch <= "\u9fff" and ch not in _BOTH
            and t2s.convert(ch) == ch and s2t.convert(ch) != ch}


EXTRA_TRADITIONAL = {"symptom": "倒車影像黑屏了怎麼辦", "feature_change": "哪些更新把功能變成收費？",
                     "vin_location": "車架號在哪裡看？", "greeting": "你好，請問一下", "thanks": "謝謝",
                     "domain_overview": "召回嗰樣嘢 zzqx 點講"}


@pytest.mark.parametrize("intent", INTENTS)
def test_every_intent_answers_a_traditional_question_in_traditional(content, intent):
    import opencc

    from portal.chat.answers import Responses

    examples = Responses(DEFAULT_QA_DIR).by_lang["zh"].get("examples") or {}
    question = EXTRA_TRADITIONAL.get(intent) or opencc.OpenCC("s2twp").convert(examples.get(intent) or "")
    assert question, f"no Chinese example question for {intent}"
    for vin in (None, VIN):
        answer = _ask(content, _car(UNKNOWN, REMEDIED), question, "zh", vin=vin)
        assert answer.script == "hant", (question, answer.trace)
        text = answer.answer + "".join(s.get("title") or "" for s in answer.sources)
        assert not _simplified_only(text), (question, intent, answer.intent, _simplified_only(text))


def test_a_question_in_shared_characters_keeps_the_conversations_script(content):
    engine = Engine(content=content, vehicles=Cars(_car(UNKNOWN)))
    first = engine.ask("召回要錢嗎", "zh")
    follow = engine.ask("我的Model 3有哪些召回？", "zh", session=first.session)
    assert follow.script == "hant" and not _simplified_only(follow.answer), follow.answer
    alone = engine.ask("我的Model 3有哪些召回？", "zh")
    assert alone.script == "hans"
    back = engine.ask("我的车有哪些召回", "zh", session=first.session)
    assert back.script == "hans"


def test_a_list_question_about_a_part_puts_that_parts_recalls_first(content):
    answer = _ask(content, _car(OPEN, REMEDIED, UNKNOWN), "Which recalls cover steering on my car?")
    assert answer.intent == "vehicle_recalls", answer.trace
    assert answer.answer.index("24V051000") < answer.answer.index("24V700000")  # steering before the worse camera one
    assert answer.headline == "open"


def test_a_recall_named_by_its_subject_with_a_vin_is_its_status_on_the_car(content):
    answer = _ask(content, _car(OPEN, REMEDIED, UNKNOWN), "Is the Autosteer recall done on my car?")
    assert answer.intent == "recall_status", answer.trace
    assert "23V838000" in answer.answer and "remedied" in answer.answer


@pytest.mark.parametrize("question", ["Where's the official place to check if a recall has been completed on a VIN?",
                                      "My cousin drives a China-built Model Y. Where does she check recall status over there?"])
def test_where_to_check_a_recall_is_the_official_lookup(content, question):
    answer = Engine(content=content).ask(question, "en")
    assert answer.intent == "recall_lookup", answer.trace
    assert "nhtsa.gov/recalls" in answer.answer and "SAMR" in answer.answer


def test_a_list_question_about_fire_says_what_to_do_if_it_happens_first(content):
    answer = _ask(content, _car(OPEN, UNKNOWN), "Does my car have any fire-related recalls?")
    assert answer.intent == "vehicle_recalls", answer.trace
    assert answer.answer.startswith("**Smoke or a burning smell: stop now.**")


def test_a_vin_the_portal_cannot_list_with_a_model_named_adds_that_models_recalls(content):
    coverage = CarCoverage("not_covered", verdict="The portal holds no recall data for this car.", make_name="JAC")
    answer = _ask(content, _car(coverage=coverage, usable=False), "does this Xiaomi SU7 have any recalls?")
    assert answer.headline == "not_covered"
    assert answer.answer.index("Not covered") < answer.answer.index("S2025M0149I")  # the VIN page's words first
    assert "ask the maker with the VIN" in answer.answer
