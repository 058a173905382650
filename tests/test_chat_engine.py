"""The assistant engine end to end: dev accuracy, fallbacks, VIN memory, data answers."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy.orm import Session

from portal.chat.engine import DEFAULT_QA_DIR, MAX_QUESTION_CHARS, Engine
from portal.chat.evaluate import evaluate, format_report
from portal.chat.facts import LatestRelease, SqlContentFacts, VehicleRecall, VehicleSummary
from portal.chat.memory import SessionMemory
from portal.chat.rules import RuleError, load_language
from portal.db.content import (
    Make,
    Model,
    Recall,
    RecallVehicle,
    Release,
    ReleaseChange,
    ReleaseModel,
    ReleaseRemedy,
    ReleaseVersion,
)
from portal.db.engine import content_engine, create_content_tables
from portal.versions import version_key

DEV = Path(__file__).parent / "data" / "qa_dev.jsonl"
DEMO_VIN = "5YJ3E1EA2KF317000"


def _recall(rid, authority, make, title_en, title_zh, **extra):
    base = dict(id=rid, authority=authority, make_slug=make, title_en=title_en, title_zh=title_zh,
                market="US" if authority == "NHTSA" else "CN", remedy_type="ota",
                remedy_type_basis="test", source_file="test")
    return Recall(**{**base, **extra})


def build_sample_db():
    """A tiny content database: two makes, two recalls, two releases."""
    engine = content_engine("sqlite://")
    create_content_tables(engine)
    with Session(engine) as s:
        s.add_all([Make(slug="tesla", name_en="Tesla", name_zh="特斯拉"),
                   Make(slug="xiaomi", name_en="Xiaomi", name_zh="小米")])
        s.add_all([Model(make_slug="tesla", slug="model-3", name_en="Model 3", name_zh="Model 3"),
                   Model(make_slug="tesla", slug="model-y", name_en="Model Y", name_zh="Model Y"),
                   Model(make_slug="xiaomi", slug="su7", name_en="SU7", name_zh="SU7")])
        s.add(_recall("23V838000", "NHTSA", "tesla", "Autosteer controls may not be sufficient",
                      "Autosteer 控制可能不足", remedy_version="2023.44.30.8", population=2031220,
                      report_date=date(2023, 12, 12),
                      summary_en="Autosteer controls may not be sufficient to prevent driver misuse.",
                      summary_zh="Autosteer 的控制可能不足以防止驾驶员误用。",
                      consequence_en="Increased risk of a crash.", consequence_zh="增加碰撞风险。",
                      remedy_en="Tesla will release an over-the-air software update.",
                      remedy_zh="特斯拉将通过 OTA 软件升级补救。"))
        s.add(_recall("S2025M0149I", "SAMR", "xiaomi", "L2 highway assisted driving may handle rare scenes poorly",
                      "高速领航辅助驾驶对极端场景处置可能不足", population=116887,
                      summary_zh="部分车辆开启 L2 高速领航辅助驾驶功能时，对极端特殊场景的识别、预警或处置可能不足。",
                      consequence_zh="驾驶员不及时干预可能增加碰撞风险。"))
        s.add_all([RecallVehicle(recall_id="23V838000", make_slug="tesla", model_slug="model-3", year=2019),
                   RecallVehicle(recall_id="S2025M0149I", make_slug="xiaomi", model_slug="su7", year=None)])
        tesla = Release(make_slug="tesla", version="2023.44", version_key=version_key("2023.44"),
                        title_en="Autosteer safeguards", title_zh="Autosteer 安全措施", release_date=date(2023, 12, 1),
                        category="defect_recall", category_reason="remedies 23V838000", source_file="test",
                        summary_en="Adds driver-attention checks to Autosteer.", summary_zh="为 Autosteer 增加驾驶员注意力检查。")
        xiaomi = Release(make_slug="xiaomi", version="1.10.0", version_key=version_key("1.10.0"),
                         title_en="Highway pilot update", title_zh="高速领航升级", release_date=date(2025, 9, 25),
                         category="defect_recall", category_reason="remedies S2025M0149I", source_file="test")
        s.add_all([tesla, xiaomi])
        s.flush()
        s.add_all([
            ReleaseVersion(release_id=tesla.id, make_slug="tesla", version="2023.44.30.8", version_key=version_key("2023.44.30.8")),
            ReleaseModel(release_id=tesla.id, make_slug="tesla", model_slug="model-3", year=None),
            ReleaseModel(release_id=xiaomi.id, make_slug="xiaomi", model_slug="su7", year=None),
            ReleaseChange(release_id=tesla.id, position=1, kind="added", text_en="More prominent visual alerts",
                          text_zh="更醒目的视觉提醒"),
            ReleaseRemedy(release_id=tesla.id, recall_id="23V838000"),
            ReleaseRemedy(release_id=xiaomi.id, recall_id="S2025M0149I"),
        ])
        s.commit()
    return engine


class FakeVehicles:
    """Stands in for the VIN service: one demo car with one remedied recall."""

    def lookup(self, vin):
        if vin != DEMO_VIN:
            return None
        return VehicleSummary("tesla", "model-3", 2019, [VehicleRecall(
            "23V838000", "Autosteer controls may not be sufficient", "remedied", "ota",
            "2023.44.30.8", date(2024, 1, 10))], LatestRelease("2023.44.30.8", date(2023, 12, 20)))


def sample_engine() -> Engine:
    return Engine(content=SqlContentFacts(build_sample_db()), vehicles=FakeVehicles())


@pytest.fixture(scope="module")
def engine():
    return sample_engine()


def test_dev_accuracy_per_language_and_rejection():
    report = evaluate(DEV, Engine())
    assert report.accuracy("en") >= 0.95, format_report(report)
    assert report.accuracy("zh") >= 0.95, format_report(report)
    assert report.rejection_rate == 1.0, format_report(report)
    assert not report.entity_misses, format_report(report)


@pytest.mark.parametrize("question", ["", "   ", "asdfghjkl", "？？？", "x" * 5000, "召回 " * 2500, "\x00\x01"])
def test_junk_falls_back_without_exceptions(engine, question):
    answer = engine.ask(question, "en")
    assert answer.fallback and answer.intent is None and answer.sources == []
    assert answer.answer


def test_fallback_suggests_search_and_is_queued(engine):
    answer = engine.ask("zorblax quantum flux capacitor hum?", "en")
    assert answer.fallback and answer.queued
    assert answer.suggestions and answer.suggestions[0]["url"].startswith("/search?q=")
    assert "capacitor" in answer.suggestions[0]["url"]
    assert len("x" * (MAX_QUESTION_CHARS + 1)) > MAX_QUESTION_CHARS


def test_an_out_of_scope_question_is_not_searched_for(engine):
    """The weather or a stock tip: a search of the recalls would only repeat the question back."""
    for question, lang in (("What's the weather in Shanghai tomorrow?", "en"), ("特斯拉股票明天会涨吗", "zh")):
        answer = engine.ask(question, lang)
        assert answer.fallback and answer.queued
        assert not any(s["url"].startswith("/search") for s in answer.suggestions), answer.suggestions


def test_vin_is_remembered_for_the_session(engine):
    first = engine.ask(f"my VIN is {DEMO_VIN}, any recalls?", "en")
    follow = engine.ask("Has recall 23V838 been fixed?", "en", session=first.session)
    assert follow.intent == "recall_status"
    assert "23V838000](/recalls/23V838000) on this car" in follow.answer
    assert "2023.44.30.8" in follow.answer and "2024-01-10" in follow.answer
    other = engine.ask("Has recall 23V838 been fixed?", "en")
    assert "VIN" in other.answer and other.session != first.session


def test_unknown_recall_and_version_point_to_search(engine):
    answer = engine.ask("Tell me about recall 24V-051.", "en")
    assert answer.intent == "recall_details" and "/search?q=24V051000" in answer.answer
    answer = engine.ask("What changed in 2099.1.2?", "en")
    assert answer.intent == "release_changes" and answer.sources


def test_every_answer_has_a_trace_naming_the_winner(engine):
    answer = engine.ask("Do I have to pay for the recall fix?", "en")
    assert any(line.startswith("winner recall_cost") for line in answer.trace)
    assert answer.to_dict()["confidence"] == answer.confidence


def test_rule_errors_name_file_and_field(tmp_path):
    target = tmp_path / "en"
    shutil.copytree(DEFAULT_QA_DIR / "en", target)
    (target / "rules.yaml").write_text("rules:\n  - name: bad\n    intent: nonsense\n    require: [[x]]\n")
    with pytest.raises(RuleError, match=r"rules.yaml: rules\[0\] \(bad\)\.intent"):
        load_language(target)
    (target / "rules.yaml").write_text("rules:\n  - name: bad\n    intent: thanks\n    require: [[$nope]]\n")
    with pytest.raises(RuleError, match=r"require\[0\]: unknown vocabulary"):
        load_language(target)


def test_rules_are_read_again_when_a_rule_file_changes(tmp_path):
    target = tmp_path / "en"
    shutil.copytree(DEFAULT_QA_DIR / "en", target)
    before = load_language(target)
    assert load_language(target) == before  # the same files: the same rules
    rules = target / "rules.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("rules:\n", "rules:\n  - name: added\n"
                                                                "    intent: thanks\n    require: [[zzqxy]]\n", 1),
                     encoding="utf-8")
    after = load_language(target)
    assert len(after) == len(before) + 1 and after[0].name == "added"


def test_memory_is_bounded_and_expires():
    now = [0.0]
    memory = SessionMemory(max_sessions=2, ttl_seconds=10, clock=lambda: now[0])
    for sid in ("a", "b", "c"):
        memory.remember(sid, vin=sid)
    assert len(memory) == 2 and memory.get("a") == {}
    now[0] = 11
    assert memory.get("c") == {}
