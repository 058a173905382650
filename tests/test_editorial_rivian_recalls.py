"""Checks for the own-words editorial files: Rivian and Xiaomi release change
lists and the recall explanations (SAMR and NHTSA).

Everything is read from the project's own ``content/`` folder.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
EDITORIAL = CONTENT / "editorial"
RIVIAN_DIR = EDITORIAL / "releases" / "rivian"
XIAOMI_DIR = EDITORIAL / "releases" / "xiaomi"
RECALL_DIR = EDITORIAL / "recalls"
RIVIAN_CHANGELOG = CONTENT / "upstream" / "rivian_ota_changelog" / "CHANGELOG.md"

KINDS = {"added", "improved", "fixed", "removed", "restricted", "paywalled"}
CATEGORIES = {"general", "technical_parameters", "driving_automation", "defect_recall"}
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")

NHTSA_ID = re.compile(r"^\d{2}V\d{6}$")
SAMR_NUMBER = re.compile(r"^S\d{4}M\d{4}[VIO]$")
SAMR_KEY = re.compile(r"^cn-[a-z0-9]+(?:-[a-z0-9]+)*$")

# The 21 SAMR OTA recalls: recall number where one was published, else the stable key.
SAMR_IDS = {
    "cn-2023-05-tesla-regen-braking",
    "cn-2023-10-tesla-modelx-brake-fluid",
    "cn-2023-12-faw-toyota-bz3-bms",
    "cn-2024-01-tesla-door-latch",
    "cn-2024-01-tesla-autosteer",
    "cn-2024-03-polestar4-brake-software",
    "cn-2024-05-changan-cs55plus-360-camera",
    "cn-2024-06-tesla-seatbelt-reminder",
    "cn-2024-08-tesla-frunk-latch",
    "cn-2024-02-tesla-rear-camera-ic",
    "cn-2024-04-byd-seagull-reverse-camera",
    "cn-2024-12-tesla-tpms-display",
    "cn-2024-12-gac-trumpchi-gs8-cluster",
    "cn-2025-01-tesla-rear-camera",
    "cn-2025-01-tesla-eps",
    "cn-2025-01-xiaomi-su7-parking",
    "cn-2025-01-cjlr-carplay-cluster",
    "S2025M0149I",
    "S2025M0150I",
    "cn-2025-11-byd-qin-plus-dmi-battery",
    "S2026M0017I",
}

# NHTSA campaigns with an OTA remedy that must have an explanation.
NHTSA_REQUIRED = {
    "23V838000", "24V051000", "24V153000", "23V085000",
    "22V037000", "24V801000", "25V595000", "24V436000",
}
NHTSA_MIN = 16  # the eight above plus at least eight more

RIVIAN_MIN = 14


def _load(path: Path) -> dict:
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    assert isinstance(data, dict), f"{path.name}: top level must be a mapping"
    return data


def _check_bilingual(value, where: str) -> None:
    assert isinstance(value, dict), f"{where}: must be a mapping with en and zh"
    en, zh = value.get("en"), value.get("zh")
    assert isinstance(en, str) and en.strip(), f"{where}.en: empty"
    assert isinstance(zh, str) and zh.strip(), f"{where}.zh: empty"
    assert CJK.search(zh), f"{where}.zh: contains no Chinese characters"
    assert not CJK.search(en), f"{where}.en: contains Chinese characters"


def _sentences_en(text: str) -> int:
    return len(re.findall(r"[.!?](?:\s|$)", text.strip()))


def _sentences_zh(text: str) -> int:
    return len(re.findall(r"[。！？]", text))


def _check_release(path: Path) -> dict:
    data = _load(path)
    allowed = {"summary", "changes", "category", "category_reason", "remedies"}
    extra = set(data) - allowed
    assert not extra, f"{path.name}: unexpected keys {sorted(extra)}"

    _check_bilingual(data.get("summary"), f"{path.name}: summary")
    assert 2 <= _sentences_en(data["summary"]["en"]) <= 3, f"{path.name}: summary.en should be 2-3 sentences"

    changes = data.get("changes")
    assert isinstance(changes, list) and changes, f"{path.name}: changes must be a non-empty list"
    for i, change in enumerate(changes):
        where = f"{path.name}: changes[{i}]"
        assert isinstance(change, dict), f"{where}: must be a mapping"
        assert set(change) == {"kind", "en", "zh"}, f"{where}: keys must be kind, en, zh"
        assert change["kind"] in KINDS, f"{where}: unknown kind {change['kind']!r}"
        _check_bilingual({"en": change["en"], "zh": change["zh"]}, where)

    assert data.get("category") in CATEGORIES, f"{path.name}: unknown category {data.get('category')!r}"
    reason = data.get("category_reason")
    assert isinstance(reason, str) and reason.strip(), f"{path.name}: category_reason empty"

    remedies = data.get("remedies", [])
    assert isinstance(remedies, list), f"{path.name}: remedies must be a list"
    if data["category"] == "defect_recall":
        assert remedies or "recall" in reason.lower(), f"{path.name}: defect_recall needs a recall"
    for rid in remedies:
        assert NHTSA_ID.match(str(rid)) or SAMR_NUMBER.match(str(rid)), f"{path.name}: bad recall id {rid!r}"
    return data


def _rivian_release_versions() -> set[str]:
    """Release versions named by the '## ' headings of the project's changelog copy.

    ``## 2022.19.03 (a4073715)`` -> 2022.19.03; ``## 2023.22.00, 2023.22.01`` -> 2023.22.00.
    """
    versions = set()
    for line in RIVIAN_CHANGELOG.read_text(encoding="utf-8").splitlines():
        if not line.startswith("## "):
            continue
        head = line[3:].strip()
        head = head.split("(", 1)[0]
        first = head.split(",", 1)[0].strip()
        if first:
            versions.add(first)
    return versions


RIVIAN_FILES = sorted(RIVIAN_DIR.glob("*.yaml"))
XIAOMI_FILES = sorted(XIAOMI_DIR.glob("*.yaml"))
RECALL_FILES = sorted(RECALL_DIR.glob("*.yaml"))


def test_rivian_release_count():
    assert len(RIVIAN_FILES) >= RIVIAN_MIN


@pytest.mark.parametrize("path", RIVIAN_FILES, ids=lambda p: p.stem)
def test_rivian_release_shape(path):
    data = _check_release(path)
    assert "remedies" not in data, f"{path.name}: no NHTSA/SAMR id exists for Rivian notes"


def test_rivian_versions_exist_in_changelog():
    assert RIVIAN_CHANGELOG.exists(), "content/upstream/rivian_ota_changelog/CHANGELOG.md is missing"
    known = _rivian_release_versions()
    missing = [p.stem for p in RIVIAN_FILES if p.stem not in known]
    assert not missing, f"Rivian versions with no '## ' heading in the changelog: {missing}"


def test_rivian_fsam651_release_is_not_labelled_a_remedy():
    # 2022.19.03 only scans the passenger seat and notifies the driver about
    # safety recall FSAM-651; its notes do not call the update the remedy.
    path = RIVIAN_DIR / "2022.19.03.yaml"
    if not path.exists():
        pytest.skip("2022.19.03 not written")
    data = _load(path)
    assert data["category"] != "defect_recall"
    text = " ".join(c["en"] for c in data["changes"]) + " " + data["summary"]["en"]
    assert "FSAM-651" in text


@pytest.mark.parametrize("path", XIAOMI_FILES, ids=lambda p: p.stem)
def test_xiaomi_release_shape(path):
    _check_release(path)


def test_xiaomi_hyperos_1_10_0_is_the_su7_recall_remedy():
    data = _check_release(XIAOMI_DIR / "1.10.0.yaml")
    assert data["category"] == "defect_recall"
    assert sorted(data["remedies"]) == ["S2025M0149I", "S2025M0150I"]
    for rid in data["remedies"]:
        assert (RECALL_DIR / f"{rid}.yaml").exists(), f"no explanation for remedied recall {rid}"


@pytest.mark.parametrize("path", RECALL_FILES, ids=lambda p: p.stem)
def test_recall_explanation_shape(path):
    data = _load(path)
    rid = path.stem
    assert NHTSA_ID.match(rid) or SAMR_NUMBER.match(rid) or SAMR_KEY.match(rid), f"bad recall id {rid!r}"
    allowed = {"title", "explanation", "related", "remedy_version", "affected_software"}
    extra = set(data) - allowed
    assert not extra, f"{path.name}: unexpected keys {sorted(extra)}"
    if "title" in data:
        _check_bilingual(data["title"], f"{path.name}: title")
    _check_bilingual(data.get("explanation"), f"{path.name}: explanation")
    en, zh = data["explanation"]["en"], data["explanation"]["zh"]
    assert 3 <= _sentences_en(en) <= 5, f"{path.name}: explanation.en should be 3-5 sentences"
    assert 3 <= _sentences_zh(zh) <= 6, f"{path.name}: explanation.zh should be 3-5 sentences"
    # Every explanation says how the defect is fixed.
    assert re.search(r"(?i:over[- ]the[- ]air|dealer)|\bOTA\b", en), f"{path.name}: remedy not explained"
    assert re.search(r"OTA|空中升级|远程升级|经销商", zh), f"{path.name}: zh remedy not explained"


def test_all_samr_recalls_explained():
    have = {p.stem for p in RECALL_FILES}
    missing = sorted(SAMR_IDS - have)
    assert not missing, f"SAMR recalls without explanation: {missing}"
    # Every SAMR recall the portal holds, not only the ones named above.
    imported = {p.stem for p in (CONTENT / "recalls" / "samr").glob("*.md")}
    assert imported == SAMR_IDS, f"SAMR recalls not listed here: {sorted(imported ^ SAMR_IDS)}"


def test_nhtsa_recalls_explained():
    nhtsa = {p.stem for p in RECALL_FILES if NHTSA_ID.match(p.stem)}
    missing = sorted(NHTSA_REQUIRED - nhtsa)
    assert not missing, f"required NHTSA campaigns without explanation: {missing}"
    assert len(nhtsa) >= NHTSA_MIN
