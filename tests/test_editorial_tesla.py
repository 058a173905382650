"""Checks for the own-words editorial files of Tesla releases
(``content/editorial/releases/tesla/<family>.yaml``).

Everything is read from the project's own ``content/`` folder; the family
names are checked against the upstream copy the project ships in
``content/upstream/tesla_release_notes_tesla-info/release_families.json``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
CONTENT = ROOT / "content"
TESLA_DIR = CONTENT / "editorial" / "releases" / "tesla"
UPSTREAM_FAMILIES = (
    CONTENT / "upstream" / "tesla_release_notes_tesla-info" / "release_families.json"
)

KINDS = {"added", "improved", "fixed", "removed", "restricted", "paywalled"}
CATEGORIES = {"general", "technical_parameters", "driving_automation", "defect_recall"}
ALLOWED_KEYS = {"summary", "changes", "category", "category_reason", "remedies"}
CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
NHTSA_ID = re.compile(r"^\d\dV\d{6}$")

# Families whose notes cite a recall campaign, and the NHTSA ids they cite.
CITED_REMEDIES = {
    "2022.45": ["23V085000"],
    "2023.38": ["23V838000"],
    "2023.44": ["23V838000"],
    "2024.2": ["24V051000"],
}
# Families that deliver a recall remedy without citing an NHTSA id
# (2022.12 drive inverter, 2022.16 ECE noncompliance).
RECALL_WITHOUT_ID = {"2022.12", "2022.16"}
# Families whose point release is a remedy that their notes do not mention
# (2023.32.9, named by a SAMR recall): the remedy is shown at the point version
# and the family keeps the category its notes give.
POINT_RELEASE_REMEDY = {"2023.32"}

FILES = sorted(TESLA_DIR.glob("*.yaml"))


def _family(path: Path) -> str:
    return path.name[: -len(".yaml")]


def _load(path: Path) -> dict:
    with path.open(encoding="utf-8") as fh:
        data = yaml.safe_load(fh)
    assert isinstance(data, dict), f"{path.name}: top level must be a mapping"
    return data


def _nonempty_str(value) -> bool:
    return isinstance(value, str) and value.strip() != ""


def test_enough_families_written():
    names = {_family(p) for p in FILES}
    assert len(names) >= 30, f"only {len(names)} Tesla editorial files"
    missing = (set(CITED_REMEDIES) | RECALL_WITHOUT_ID) - names
    assert not missing, f"missing recall families: {sorted(missing)}"
    years = {n.split(".")[0] for n in names}
    assert {"2018", "2019", "2020", "2021", "2022", "2023", "2024"} <= years


@pytest.mark.parametrize("path", FILES, ids=_family)
def test_shape(path: Path):
    data = _load(path)
    name = path.name
    assert set(data) <= ALLOWED_KEYS, f"{name}: unexpected keys {set(data) - ALLOWED_KEYS}"

    summary = data.get("summary")
    assert isinstance(summary, dict), f"{name}: summary must be a mapping"
    assert _nonempty_str(summary.get("en")), f"{name}: summary.en empty"
    assert _nonempty_str(summary.get("zh")), f"{name}: summary.zh empty"
    assert CJK.search(summary["zh"]), f"{name}: summary.zh has no Chinese"

    changes = data.get("changes")
    assert isinstance(changes, list) and changes, f"{name}: changes must be a non-empty list"
    seen_en = set()
    for i, change in enumerate(changes):
        where = f"{name}: changes[{i}]"
        assert isinstance(change, dict), f"{where} must be a mapping"
        assert set(change) == {"kind", "en", "zh"}, f"{where}: keys {sorted(change)}"
        assert change["kind"] in KINDS, f"{where}: kind {change['kind']!r}"
        assert _nonempty_str(change["en"]), f"{where}: en empty"
        assert _nonempty_str(change["zh"]), f"{where}: zh empty"
        assert CJK.search(change["zh"]), f"{where}: zh has no Chinese"
        assert change["en"] not in seen_en, f"{where}: duplicate change"
        seen_en.add(change["en"])

    assert data.get("category") in CATEGORIES, f"{name}: category {data.get('category')!r}"
    assert _nonempty_str(data.get("category_reason")), f"{name}: category_reason empty"

    if "remedies" in data:
        remedies = data["remedies"]
        assert isinstance(remedies, list) and remedies, f"{name}: remedies must be a non-empty list"
        for rid in remedies:
            assert isinstance(rid, str) and NHTSA_ID.match(rid), f"{name}: bad recall id {rid!r}"
        assert data["category"] == "defect_recall", f"{name}: remedies but not defect_recall"


@pytest.mark.parametrize("family", sorted(CITED_REMEDIES))
def test_cited_recalls(family: str):
    data = _load(TESLA_DIR / f"{family}.yaml")
    assert data["category"] == "defect_recall"
    assert data.get("remedies") == CITED_REMEDIES[family]


@pytest.mark.parametrize("family", sorted(RECALL_WITHOUT_ID))
def test_recalls_without_cited_id(family: str):
    data = _load(TESLA_DIR / f"{family}.yaml")
    assert data["category"] == "defect_recall"
    assert "remedies" not in data, "the Tesla note cites no NHTSA id for this family"


@pytest.mark.parametrize("family", sorted(POINT_RELEASE_REMEDY))
def test_point_release_remedy_does_not_make_the_family_a_recall(family: str):
    assert _load(TESLA_DIR / f"{family}.yaml")["category"] != "defect_recall"


def test_only_recall_families_are_defect_recall():
    expected = set(CITED_REMEDIES) | RECALL_WITHOUT_ID
    for path in FILES:
        if _load(path)["category"] == "defect_recall":
            assert _family(path) in expected, f"{path.name}: unexpected defect_recall"


def test_families_exist_upstream():
    if not UPSTREAM_FAMILIES.exists():
        pytest.fail(f"upstream copy missing: {UPSTREAM_FAMILIES.relative_to(ROOT)}")
    with UPSTREAM_FAMILIES.open(encoding="utf-8") as fh:
        families = {f["release_family_name"] for f in json.load(fh)}
    unknown = sorted(_family(p) for p in FILES if _family(p) not in families)
    assert not unknown, f"editorial files for unknown families: {unknown}"
