"""The SAMR importer against a copy of the real fact sheet, and its field parsers."""

from __future__ import annotations

import json
import re
import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from indexer.frontmatter import read
from indexer.importers.common import ImportFileError
from indexer.importers.samr import import_samr
from indexer.importers.samr_text import target_zh
from indexer.importers.samr_vehicles import make_of, parse_model, target_versions, vehicles_for

ROOT = Path(__file__).resolve().parents[1]
UPSTREAM = ROOT / "content" / "upstream" / "samr_ota_recalls"
RECALLS = UPSTREAM / "recalls.json"
RECORDS = json.loads(RECALLS.read_text(encoding="utf-8"))
ADDITIONS = yaml.safe_load((UPSTREAM / "additions_2024.yaml").read_text(encoding="utf-8"))
HELD = len(RECORDS) + len(ADDITIONS["records"])  # 19 + 2


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    shutil.copy(ROOT / "content" / "makes.yaml", folder / "makes.yaml")
    return folder


@pytest.fixture
def imported(content: Path) -> Path:
    import_samr(str(RECALLS), content)
    return content / "recalls" / "samr"


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(
    "brand, make",
    [("Tesla", "tesla"), ("Xiaomi", "xiaomi"), ("Toyota", "toyota"), ("Polestar", "polestar"),
     ("Changan", "changan"), ("Trumpchi (GAC)", "trumpchi"), ("Jaguar / Land Rover", "land-rover"),
     ("BYD", "byd"), ("NIO", "nio")],
)
def test_make_of(brand, make):
    assert make_of(brand) == make


@pytest.mark.parametrize(
    "text, make, slug, name, years",
    [("Model 3 (imported)", "tesla", "model-3", "Model 3", None),
     ("Model Y (China-built)", "tesla", "model-y", "Model Y", None),
     ("SU7 standard edition: XMA7000MBEVR5", "xiaomi", "su7", "SU7", None),
     ("Polestar 4 (China-built, MY2023-2024)", "polestar", "polestar-4", "Polestar 4", [2023, 2024]),
     ("GS8 (2022 model year)", "trumpchi", "gs8", "GS8", [2022]),
     ("Qin PLUS DM-i", "byd", "qin-plus-dm-i", "Qin PLUS DM-i", None),
     ("ES8 (1st gen platform)", "nio", "es8", "ES8", None),
     ("CS55PLUS (2nd generation)", "changan", "cs55plus", "CS55PLUS", None),
     ("Land Rover Discovery Sport (MY2023)", "land-rover", "discovery-sport", "Discovery Sport", [2023]),
     ("Range Rover Evoque (MY2023)", "land-rover", "range-rover-evoque", "Range Rover Evoque", [2023]),
     ("Jaguar XEL (MY2023)", "jaguar", "xel", "XEL", [2023])],
)
def test_parse_model(text, make, slug, name, years):
    entry = parse_model(text, "land-rover" if "Rover" in text or "Jaguar" in text else make)
    assert (entry.make, entry.slug, entry.name, entry.years) == (make, slug, name, years)


@pytest.mark.parametrize(
    "models, origins",
    [(["Model 3 (imported)", "Model S (imported)"], {"model-3": "imported", "model-s": "imported"}),
     (["Model S (imported)", "Model 3 (China-built)"], {"model-s": "imported", "model-3": "domestic"}),
     (["Model 3 (imported)", "Model 3 (China-built)"], {"model-3": None}),  # either: both were recalled
     (["bZ3"], {"bz3": None})],
)
def test_vehicle_origin_from_the_notice(models, origins):
    vehicles, _ = vehicles_for(models, "tesla" if models[0].startswith("Model") else "toyota")
    assert {v["model"]: v.get("origin") for v in vehicles} == origins


def test_imported_only_recall_keeps_its_origin(imported):
    vehicles = read(imported / "cn-2024-06-tesla-seatbelt-reminder.md").meta["vehicles"]
    assert {v["model"]: v.get("origin") for v in vehicles} == {
        "model-3": "imported", "model-s": "imported", "model-x": "imported"}


@pytest.mark.parametrize(
    "target, versions, zh",
    [("Tesla software 2023.32.9 or later", ["2023.32.9"], "特斯拉软件 2023.32.9 或更高版本"),
     ("Xiaomi HyperOS 1.10.0", ["1.10.0"], "小米 HyperOS 1.10.0"),
     ("Aspen 3.5.6 / Alder 2.1.0 or later", ["3.5.6", "2.1.0"], "Aspen 3.5.6 / Alder 2.1.0 或更高版本")],
)
def test_target_versions(target, versions, zh):
    brand = {"T": ("Tesla", "特斯拉"), "X": ("Xiaomi", "小米"), "A": ("NIO", "蔚来")}[target[0]]
    assert target_versions(target) == versions and target_zh(target, brand) == zh


def test_every_record_becomes_one_file(imported):
    names = sorted(p.stem for p in imported.glob("*.md"))
    assert len(names) == HELD == 21
    assert {"S2025M0149I", "S2025M0150I", "S2026M0017I", "cn-2023-05-tesla-regen-braking",
            "cn-2024-02-tesla-rear-camera-ic", "cn-2024-04-byd-seagull-reverse-camera"} <= set(names)


@pytest.mark.parametrize("record", ADDITIONS["records"], ids=lambda r: r["id"])
def test_additions_are_imported_with_their_facts(imported, record):
    meta = read(imported / f"{record['id']}.md").meta
    assert meta["population"] == record["vehicles"] and meta["remedy_type"] == record["remedy_type"] == "ota"
    assert meta["report_date"] == record["announced"]
    assert {s["url"] for s in record["sources"]} == {s["url"] for s in meta["sources"]}
    assert meta["text"]["zh"]["consequence"] and "见" not in meta["text"]["zh"]["consequence"]


def test_undated_recall_is_dated_by_month_only(imported):
    """The TPMS recall is dated December 2024 by the additions; no day is invented."""
    assert not (imported / "cn-undated-tesla-tpms-display.md").exists()
    meta = read(imported / "cn-2024-12-tesla-tpms-display.md").meta
    assert (meta["report_date"], meta["report_month"], meta["announce_date"]) == (None, "2024-12", None)
    assert "December 2024" in meta["text"]["en"]["notes"] and "2024年12月" in meta["text"]["zh"]["notes"]
    urls = {s["url"] for s in meta["sources"]}
    assert "https://jiaodiancj.com/gold/100765.html" in urls and len(urls) == len(meta["sources"])


def test_no_samr_recall_is_left_undated(imported):
    for path in imported.glob("*.md"):
        meta = read(path).meta
        assert meta["report_date"] or meta["announce_date"] or meta["report_month"], path.name
        assert not path.stem.startswith("cn-undated"), path.name


# Candidates without a recall number, by the make they would be filed under.
CANDIDATE_MAKES = {"SAIC-GM-Wuling": {"baojun", "wuling", "sgmw"}, "Volvo": {"volvo"}}


@pytest.mark.parametrize("candidate", ADDITIONS["candidates_not_added"], ids=lambda c: c["what"][:30])
def test_candidates_without_a_stated_ota_channel_stay_out(imported, candidate):
    """Software recalls whose OTA channel no page states are not held (by number, else by make)."""
    metas = [read(p).meta for p in imported.glob("*.md")]
    numbers = set(re.findall(r"S\d{4}M\d{4}[VIO]", candidate["what"]))
    if numbers:
        said = json.dumps(metas, default=str)
        assert not {n for n in numbers if n in said}
    else:
        makes = next(m for name, m in CANDIDATE_MAKES.items() if name in candidate["what"])
        assert not makes & {m["make"] for m in metas}
    assert "channel" in candidate or "year_dispute" in candidate  # why it is out, as the fact sheet says


def test_import_removes_a_record_whose_key_changed(content, imported):
    stale = imported / "cn-undated-tesla-tpms-display.md"
    stale.write_text((imported / "cn-2024-12-tesla-tpms-display.md").read_text(encoding="utf-8"), encoding="utf-8")
    import_samr(str(RECALLS), content)
    assert not stale.exists() and len(list(imported.glob("*.md"))) == HELD


@pytest.mark.parametrize(
    "recall_id, make, models, remedy_version, population",
    [("cn-2023-10-tesla-modelx-brake-fluid", "tesla", ["model-x"], "2023.32.9", 4787),
     ("S2025M0149I", "xiaomi", ["su7"], "1.10.0", 98462),
     ("S2026M0017I", "nio", ["es8", "es6", "ec6"], "3.5.6", 246229),
     ("cn-2025-01-cjlr-carplay-cluster", "land-rover", ["discovery-sport", "range-rover-evoque"], None, 14235),
     ("cn-2023-05-tesla-regen-braking", "tesla", ["model-s", "model-x", "model-3", "model-y"], None, 1104622)],
)
def test_recall_fields(imported, recall_id, make, models, remedy_version, population):
    meta = read(imported / f"{recall_id}.md").meta
    assert (meta["id"], meta["authority"], meta["market"], meta["make"]) == (recall_id, "SAMR", "CN", make)
    assert [v["model"] for v in meta["vehicles"]] == models
    assert (meta["remedy_version"], meta["population"]) == (remedy_version, population)
    assert meta["remedy_type_basis"] == "SAMR notice" and meta["sources"]


def test_dates_and_production(imported):
    meta = read(imported / "cn-2023-10-tesla-modelx-brake-fluid.md").meta
    assert meta["report_date"] is None and meta["announce_date"] == date(2023, 10, 20)
    assert meta["production"] == {"from": date(2021, 10, 13), "to": date(2023, 9, 28)}
    assert "not found" in meta["text"]["en"]["notes"]


def test_notes_explain_choices(imported):
    nio = read(imported / "S2026M0017I.md").meta["text"]
    assert "3.5.6" in nio["en"]["notes"] and "Alder 2.1.0" in nio["en"]["notes"]
    cjlr = read(imported / "cn-2025-01-cjlr-carplay-cluster.md").meta["text"]
    assert "Jaguar XEL" in cjlr["en"]["notes"] and "Land Rover" in cjlr["en"]["notes"]


def test_related_only_where_the_record_says_so(imported):
    related = {p.stem: read(p).meta["related"] for p in imported.glob("*.md")}
    assert {k: v for k, v in related.items() if v} == {"cn-2024-01-tesla-autosteer": ["23V838000"]}


@pytest.mark.parametrize("record", RECORDS + ADDITIONS["records"], ids=lambda r: r["id"])
def test_text_is_own_words(imported, record):
    recall_id = (record["recall_numbers"] or [record["id"]])[0].replace("cn-undated-", "cn-2024-12-")
    meta = read(imported / f"{recall_id}.md").meta
    shown = json.dumps(meta["text"], ensure_ascii=False) + json.dumps(meta["title"], ensure_ascii=False)
    for sentence in (record["defect_en"], record["defect_zh"], record["remedy_detail_en"]):
        assert sentence[:40] not in shown
    assert meta["text"]["en"]["summary"] and meta["text"]["zh"]["consequence"]


def test_reimport_is_byte_identical(content, imported):
    before = _snapshot(content)
    report = import_samr(str(RECALLS), content)
    assert not report.created and not report.updated and len(report.unchanged) == HELD
    assert _snapshot(content) == before


def _broken(tmp_path: Path, old: str, new: str) -> Path:
    text = RECALLS.read_text(encoding="utf-8")
    assert old in text
    target = tmp_path / "recalls.json"
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


@pytest.mark.parametrize(
    "old, new, line, message",
    [('"vehicles": 4787,', '"vehicles": 4787', 71, "not valid JSON"),
     ('"remedy_type": "ota+dealer"', '"remedy_type": "recall"', 349, "remedy_type"),
     ('"announced": "2023-12-21"', '"announced": "21/12/2023"', 97, "not an ISO date"),
     ('"brand": "NIO"', '"brand": "Nio Motors"', 950, "not in makes.yaml"),
     ('"recall_numbers": [\n      "S2026M0017I"', '"recall_numbers": [\n      "S2026-0017"', 950, "GB/T 39061")],
)
def test_bad_file_names_line_and_changes_nothing(content, imported, tmp_path, old, new, line, message):
    before = _snapshot(content)
    with pytest.raises(ImportFileError) as caught:
        import_samr(str(_broken(tmp_path, old, new)), content)
    assert caught.value.line == line and message in caught.value.message
    assert _snapshot(content) == before


def test_bad_additions_record_names_its_own_file_and_line(content, imported, tmp_path):
    folder = tmp_path / "sheet"
    folder.mkdir()
    shutil.copy(RECALLS, folder / "recalls.json")
    text = (UPSTREAM / "additions_2024.yaml").read_text(encoding="utf-8")
    old = "  vehicles: 16666\n"
    assert old in text
    (folder / "additions_2024.yaml").write_text(text.replace(old, "  vehicles: many\n"), encoding="utf-8")
    before = _snapshot(content)
    with pytest.raises(ImportFileError) as caught:
        import_samr(str(folder / "recalls.json"), content)
    assert caught.value.source.endswith("additions_2024.yaml") and "whole number" in caught.value.message
    assert caught.value.line == text.splitlines().index("- id: cn-2024-04-byd-seagull-reverse-camera") + 1
    assert _snapshot(content) == before
