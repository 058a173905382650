"""Chinese for NHTSA campaigns: the risk from the classes the English text states, components by table."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from indexer import frontmatter
from indexer.importers.nhtsa_zh import RISK_UNCLASSIFIED_ZH, consequence_zh, risk_classes
from portal.recalls.components import component_name, components_zh, untranslated_levels

NHTSA_FILES = sorted((Path(__file__).resolve().parents[1] / "content" / "recalls" / "nhtsa").glob("*.md"))
_LATIN_WORD = re.compile(r"[A-Za-z]{3,}")


@pytest.fixture(scope="module")
def shipped_recalls() -> list[dict]:
    return [frontmatter.read(path).meta for path in NHTSA_FILES]


@pytest.mark.parametrize("english, present, absent", [
    ("A fuel leak in the presence of an ignition source increases the risk of a fire.", ["起火"], ["碰撞"]),
    ("An unsecured child restraint system can increase the risk of injury during a crash.", ["受伤"], ["碰撞风险"]),
    ("An engine stall can increase the risk of a crash.", ["熄火", "碰撞风险增加"], ["起火", "受伤"]),
    ("A rearview camera that does not display an image reduces the driver's rear view, increasing the risk of a crash.",
     ["视野", "碰撞风险增加"], ["起火"]),
    ("An inflator explosion may result in sharp metal fragments striking the driver resulting in serious injury or death.",
     ["金属碎片", "死亡"], ["人员受伤风险增加"]),
    ("A loss of power steering assist can require greater steering effort, increasing the risk of a crash.",
     ["转向助力"], ["失控"]),
])
def test_risk_names_only_what_the_english_states(english, present, absent):
    text = consequence_zh(english)
    assert all(word in text for word in present), text
    assert not any(word in text for word in absent), text
    assert not _LATIN_WORD.search(text.replace("NHTSA", ""))


def test_a_risk_no_class_covers_points_to_the_notice_in_chinese():
    assert risk_classes("THE TRANSMISSION SELECTOR LEVER BECOMES DIFFICULT TO MOVE.") == []
    assert consequence_zh("THE TRANSMISSION SELECTOR LEVER BECOMES DIFFICULT TO MOVE.") == RISK_UNCLASSIFIED_ZH
    assert "NHTSA" in RISK_UNCLASSIFIED_ZH and "英文原文" not in RISK_UNCLASSIFIED_ZH


def test_every_shipped_campaign_tells_the_risk_in_chinese(shipped_recalls):
    assert len(shipped_recalls) >= 700
    for meta in shipped_recalls:
        consequence = meta["text"]["zh"]["consequence"]
        assert "见 NHTSA 英文原文" not in consequence, meta["id"]
        assert not _LATIN_WORD.search(consequence.replace("NHTSA", "")), (meta["id"], consequence)


def test_classified_risks_cover_almost_every_campaign(shipped_recalls):
    unclassified = [m["id"] for m in shipped_recalls if not risk_classes(m["text"]["en"]["consequence"] or "")]
    assert len(unclassified) <= len(shipped_recalls) // 100, unclassified


def test_every_shipped_component_level_translates(shipped_recalls):
    missing = {level for meta in shipped_recalls for level in untranslated_levels(meta.get("component"))}
    assert not missing, f"add a row to portal/recalls/component_levels_zh.csv: {sorted(missing)}"


def test_component_paths_read_in_each_language():
    path = "ELECTRICAL SYSTEM:ADAS:AUTONOMOUS/SELF DRIVING:SOFTWARE"
    assert components_zh(path) == "电气系统：高级驾驶辅助系统：自动驾驶：软件"
    assert component_name(path, "en") == "Electrical system: ADAS: Autonomous/self driving: Software"
    assert component_name(f"{path}; AIR BAGS:FRONTAL", "zh") == "电气系统：高级驾驶辅助系统：自动驾驶：软件；安全气囊：正面"
    assert untranslated_levels("AIR BAGS:FLUX CAPACITOR") == {"FLUX CAPACITOR"}


@pytest.mark.parametrize("component, english, remedy_type, title", [
    ("BACK OVER PREVENTION: SENSING SYSTEM: CAMERA",
     "A rearview camera that does not display an image reduces the driver's rear view, increasing the risk of a crash.",
     "dealer", "感知系统：摄像头缺陷，可能影响视野（到店维修）"),
    ("STEERING: STEERING WHEEL/HANDLE BAR", "A loose steering wheel can cause a loss of vehicle control.", "ota+dealer",
     "转向系统：方向盘缺陷，可能导致车辆失控（远程升级或到店修复）"),
    ("SEAT BELTS", "Something else entirely.", "ota", "安全带缺陷（远程升级修复）"),
])
def test_title_names_part_risk_and_remedy_from_structured_fields(component, english, remedy_type, title):
    from indexer.importers.nhtsa_zh import title_zh
    assert title_zh(component, english, remedy_type) == title


def test_every_recall_has_a_chinese_defect_title_and_sentence(shipped_recalls):
    """Every NHTSA recall's Chinese title names the defect and its summary opens with the defect sentence."""
    for meta in shipped_recalls:
        title, summary = meta["title"]["zh"], meta["text"]["zh"]["summary"]
        assert "缺陷" in title and len(title) <= 45, meta["id"]
        assert not _LATIN_WORD.search(re.sub(r"（[^）]*）", "", title)), title  # abbreviations stay in brackets
        assert summary.startswith("本次召回针对") or meta["id"] in _own_words_ids(), meta["id"]


def _own_words_ids() -> set[str]:
    import yaml
    path = NHTSA_FILES[0].parents[2] / "editorial" / "recall_text_zh.yaml"
    return set(yaml.safe_load(path.read_text(encoding="utf-8")))
