"""Answers about one car: worst news first, at most five lines, yes/no first, the car's own facts."""

from __future__ import annotations

import random
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml
from test_chat_engine import build_sample_db

from portal.chat.engine import DEFAULT_QA_DIR, Engine
from portal.chat.evaluate import evaluate, format_report
from portal.chat.facts import LatestRelease, RemedyVersion, SqlContentFacts, VehicleRecall, VehicleSummary
from portal.chat.normalise import normalise

VIN = "1FTFW1E81RF386996"
DATA = Path(__file__).parent / "data"


def _recalls():
    items = [
        VehicleRecall("24V100000", "Seat trim may detach", "remedied", "dealer", remedied_at=date(2024, 5, 1)),
        VehicleRecall("24V200000", "Camera image may not display", "unknown", "dealer",
                      status_reason="dealer_repair_not_visible"),
        VehicleRecall("24V300000", "Software may misreport speed", "unknown", "ota",
                      status_reason="remedy_version_unknown"),
        VehicleRecall("24V400000", "Airbag may not deploy", "remedy_not_available", "dealer"),
        VehicleRecall("24V500000", "Wiper may stop", "open", "ota", remedy_versions=(
            RemedyVersion("2024.20.1", "NHTSA Part 573", "https://static.nhtsa.gov/odi/rcl/2024/x.pdf"),)),
        VehicleRecall("24V600000", "Battery may overheat", "open", "dealer", park_outside=True),
        VehicleRecall("24V700000", "Axle may fracture", "open", "dealer", park_it=True),
        VehicleRecall("24V800000", "Mirror may fold", "open", "ota"),
    ]
    random.Random(3).shuffle(items)
    return items


class Car:
    def __init__(self, summary):
        self.summary = summary

    def lookup(self, vin, version=None):
        return self.summary if vin == VIN else None


@pytest.fixture(scope="module")
def content():
    return SqlContentFacts(build_sample_db())


def _engine(content, **extra):
    summary = VehicleSummary("ford", "f-150", 2024, _recalls(), LatestRelease("9.9", date(2025, 1, 1)),
                             last_install=LatestRelease("9.1", date(2024, 3, 1)), **extra)
    return Engine(content=content, vehicles=Car(summary))


def _listed(answer: str) -> list[str]:
    return [line.split("](")[0].split("[")[-1] for line in answer.splitlines() if line.startswith("- [2")]


def test_recalls_are_listed_worst_first_five_at_most_with_a_link_for_the_rest(content):
    answer = _engine(content).ask("Does my car have any open recalls?", "en", vin=VIN)
    assert answer.intent == "vehicle_recalls"
    assert answer.answer.startswith("**Yes**")
    listed = _listed(answer.answer)
    assert listed[:2] == ["24V700000", "24V600000"]  # park it, park outside
    assert set(listed[2:4]) == {"24V500000", "24V800000"} and listed[4] == "24V400000"  # open, then no remedy
    assert f"and 3 more: [all recalls for {VIN}](/vin/{VIN})" in answer.answer
    assert "8 recall(s) on record" in answer.answer


def test_safety_answers_from_the_car_with_the_park_advice_as_headline(content):
    for question, lang in (("am I OK to keep using the car?", "en"), ("這車開著有沒有危險", "zh")):
        answer = _engine(content).ask(question, lang, vin=VIN)
        assert answer.intent == "safe_to_drive", answer.trace
        first = answer.answer.splitlines()[0]
        # "這車開著有沒有危險" is Traditional: the answer is too.
        assert "24V700000" in first and ("Do not drive" in first or "不要駕駛" in first)
        assert "24V100000" not in answer.answer  # remedied recalls are not safety news


def test_may_apply_is_said_as_the_vin_page_says_it(content):
    summary = VehicleSummary("ford", "f-150", 2024, [VehicleRecall(
        "24V600000", "Battery may overheat", "open", "dealer", park_outside=True, certainty="may_apply")],
        fleet_record=False)
    answer = Engine(content=content, vehicles=Car(summary)).ask("is it safe to drive?", "en", vin=VIN)
    assert "may apply to this car: check with the authority or maker using your VIN" in answer.answer


def test_service_visit_is_answered_yes_or_no_first(content):
    answer = _engine(content).ask("Do I need a service visit?", "en", vin=VIN)
    assert answer.intent == "dealer_visit" and answer.answer.startswith("**Yes**")
    ota_only = VehicleSummary("ford", "f-150", 2024, [VehicleRecall("24V800000", "Mirror may fold", "open", "ota")])
    answer = Engine(content=content, vehicles=Car(ota_only)).ask("Do I need a service visit?", "en", vin=VIN)
    assert answer.answer.startswith("**No**")


def test_unknown_statuses_give_their_real_reason(content):
    summary = VehicleSummary("ford", "f-150", 2024, [r for r in _recalls() if r.status == "unknown"])
    answer = Engine(content=content, vehicles=Car(summary)).ask("any recalls on my car?", "en", vin=VIN)
    assert "service-centre repair leaves no trace" in answer.answer
    assert "no source states the software version that fixes it" in answer.answer
    assert "cannot be seen without a fleet record" not in answer.answer


def test_stated_remedy_versions_are_named_with_their_source(content):
    summary = VehicleSummary("ford", "f-150", 2024, [r for r in _recalls() if r.id == "24V500000"])
    answer = Engine(content=content, vehicles=Car(summary)).ask("any recalls on my car?", "en", vin=VIN)
    assert "[2024.20.1](https://static.nhtsa.gov/odi/rcl/2024/x.pdf)" in answer.answer


def test_the_cars_own_last_install_and_the_models_newest_release(content):
    answer = _engine(content).ask("what's the latest software on my car", "en", vin=VIN)
    assert answer.intent == "latest_release"
    assert "last recorded install is **9.1** (2024-03-01)" in answer.answer
    assert "newest release on record for its model is 9.9" in answer.answer


def test_demo_cars_are_said_to_be_synthetic(content):
    for lang, words in (("en", "synthetic demo car"), ("zh", "虚构演示车辆")):
        answer = _engine(content, demo=True).ask("any recalls?" if lang == "en" else "有召回吗", lang, vin=VIN)
        assert words in answer.answer


def test_resale_reads_the_cars_hardware_and_software_recalls_and_names_whose_view(content):
    answer = _engine(content).ask("does the recall history hurt resale value?", "en", vin=VIN)
    assert answer.intent == "resale_value"
    assert "Zhang Hong" in answer.answer and "China Automobile Dealers Association" in answer.answer
    assert "3 recall(s) remedied by software over the air, 5 with a hardware or service-centre remedy" in answer.answer
    assert f"(/vin/{VIN}/report)" in answer.answer


def test_resale_without_a_vin_is_faithful_to_the_source(content):
    answer = Engine(content=content).ask("they want money off because it was recalled", "en")
    assert answer.intent == "resale_value"
    assert "may not necessarily" in answer.answer and not answer.answer.startswith("Usually not much")
    zh = Engine(content=content).ask("买家拿召回说事压价怎么办", "zh")
    assert zh.intent == "resale_value" and "张宏" in zh.answer


def test_the_notice_is_cited_with_its_url_and_the_permit_category_as_the_source_words_it(content):
    answer = Engine(content=content).ask("Which kinds of OTA update are there?", "en")
    assert "Level 3 or higher" in answer.answer
    assert any(s["url"] == "https://mmlcgroup.com/ota-vehicle-regs/" for s in answer.sources)


@pytest.mark.parametrize("name", ["qa_heldout.jsonl", "qa_heldout2.jsonl", "qa_heldout3.jsonl"])
def test_held_out_questions_stay_answered(name):
    """Questions written apart from the rules (typos, spoken and Traditional Chinese): a regression set."""
    report = evaluate(DATA / name, Engine())
    for lang in ("en", "zh"):
        assert report.accuracy(lang) >= 0.95, format_report(report)
    assert report.rejection_rate == 1.0, format_report(report)


def test_rule_file_order_never_decides(tmp_path):
    """Reversed rule files give the same intents on every development and held-out question."""
    shutil.copytree(DEFAULT_QA_DIR, tmp_path / "qa")
    for lang in ("en", "zh"):
        path = tmp_path / "qa" / lang / "rules.yaml"
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        data["rules"].reverse()
        path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    forward, backward = Engine(), Engine(tmp_path / "qa")
    import json
    for name in ("qa_dev.jsonl", "qa_heldout.jsonl", "qa_heldout2.jsonl", "qa_heldout3.jsonl"):
        for line in (DATA / name).read_text(encoding="utf-8").splitlines():
            case = json.loads(line)
            a = forward.ask(case["question"], case["lang"], vin=case.get("vin"))
            b = backward.ask(case["question"], case["lang"], vin=case.get("vin"))
            assert a.intent == b.intent, (case["question"], a.trace, b.trace)


def test_another_languages_rule_cannot_win_on_an_entity_alone(tmp_path):
    shutil.copytree(DEFAULT_QA_DIR, tmp_path / "qa")
    path = tmp_path / "qa" / "en" / "rules.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["rules"] = [r for r in data["rules"] if r["name"] != "recall_details.id"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    answer = Engine(tmp_path / "qa").ask("23V838 ???", "en")
    assert answer.fallback, answer.trace


def test_traditional_chinese_is_read_as_simplified():
    assert normalise("這車開著有沒有危險？軟體") == "这车开着有没有危险 软件"


@pytest.mark.parametrize("question,lang,wrong", [
    ("The brakes feel soft, who do I report it to?", "en", "recall_cost"),
    ("where can I read the release notes for 2024.2.7", "en", "right_to_know"),
    ("give me the numbers on recall 23V838", "en", "ota_statistics"),
    ("how do I start the update, it never showed up", "en", "greeting"),
])
def test_words_that_used_to_misfire(question, lang, wrong):
    assert Engine().ask(question, lang).intent != wrong


def test_fallback_suggests_a_search_that_finds_something_and_the_closest_questions():
    asked = []

    def hits(query, lang):
        asked.append(query)
        return 3 if query == "wiper" else 0

    engine = Engine(search_hits=hits)
    answer = engine.ask("can you tell me about the wiper thing please", "en")
    assert answer.fallback
    search = [s for s in answer.suggestions if s["kind"] == "search"]
    assert search and search[0]["url"].startswith("/search?q=wiper&")
    assert "please" not in " ".join(asked) and "the" not in " ".join(asked).split()
    nothing = Engine(search_hits=lambda q, lang: 0).ask("zzqx blorf", "en")
    assert not [s for s in nothing.suggestions if s["kind"] == "search"]


def test_fallback_offers_the_closest_intents_as_example_questions():
    # No recall, OTA, VIN or version word (those are answered, see test_chat_domain.py); "my car broke" is a symptom.
    answer = Engine().ask("the defect thingy on my car and stuff", "en")
    assert answer.fallback
    intents = [s for s in answer.suggestions if s["kind"] == "intent"]
    assert intents and all(s["url"].startswith("/ask?q=") for s in intents)
    assert all(f"]({s['url']})" in answer.answer for s in intents)  # clickable in the chat
