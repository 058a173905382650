"""Facts that an audit against the sources found wrong, each checked against the upstream copy it rests on.

Every test reads the source (``content/upstream``) and the shipped content
file, and asserts that what the portal ships says what the source says.
"""

from __future__ import annotations

import csv
import json
import re
from collections import defaultdict
from functools import cache
from pathlib import Path

import yaml

from indexer.frontmatter import read
from indexer.importers.nhtsa_classify import classify_remedy
from indexer.loader import load_content
from portal.versions import versions_in_text

REPO = Path(__file__).resolve().parent.parent
CONTENT = REPO / "content"
UPSTREAM = CONTENT / "upstream"
NIDHI = UPSTREAM / "nhtsa_api_recalls_nidhi397" / "recalls_by_vehicle_ford_tesla_toyota_2015_2025.csv"
SAMR_SHEET = UPSTREAM / "samr_ota_recalls" / "recalls.json"
SAMR_ADDITIONS = UPSTREAM / "samr_ota_recalls" / "additions_2024.yaml"


@cache
def nhtsa_row(recall_id: str) -> dict:
    with NIDHI.open(encoding="utf-8-sig", newline="") as handle:
        return next(row for row in csv.DictReader(handle) if row["nhtsa_campaign_number"] == recall_id)


@cache
def samr_sheet() -> dict[str, dict]:
    return {record["id"]: record for record in json.loads(SAMR_SHEET.read_text(encoding="utf-8"))}


def recall(recall_id: str) -> dict:
    folder = "samr" if not re.match(r"^\d\d[VE]\d{6}$", recall_id) else "nhtsa"
    return read(CONTENT / "recalls" / folder / f"{recall_id}.md").meta


def editorial(name: str):
    return yaml.safe_load((CONTENT / "editorial" / name).read_text(encoding="utf-8"))


def pair_reason(*ids: str) -> dict:
    return next(pair for pair in editorial("related_recalls.yaml") if set(pair["recalls"]) == set(ids))


def test_25v002000_updates_over_the_air_and_replaces_computers_in_person():
    remedy = nhtsa_row("25V002000")["remedy"]
    assert re.search(r"over-the-air", remedy) and re.search(r"replace the affected computers", remedy)
    assert classify_remedy(remedy, None)[0] == "ota+dealer"
    assert recall("25V002000")["remedy_type"] == "ota+dealer"


def test_17e048000_only_tells_the_distributors():
    remedy = nhtsa_row("17E048000")["remedy"]
    assert "notify the distributors" in remedy and "purchased from Ford dealers" in remedy
    meta = recall("17E048000")
    assert (meta["remedy_type"], meta["remedy_kind"]) == ("other", "sellers_notified")


def test_19v633000_title_names_the_front_seats_nhtsa_names():
    row = nhtsa_row("19V633000")
    assert "front seat back recliner" in row["summary"] and "FRONT" in row["component"]
    title = editorial("recall_titles.yaml")["19V633000"]["en"]
    assert title.startswith("Front")


def test_25v092000_version_is_cited_to_a_source_that_names_it():
    assert not versions_in_text(nhtsa_row("25V092000")["remedy"])  # the remedy text names no version
    entry = editorial("remedy_versions.yaml")["25V092000"]["remedy_versions"][0]
    assert entry["version"] == "2023.38.4" and "remedy text" not in entry["source"]["title"]
    compiled = yaml.safe_load((UPSTREAM / "tesla_remedy_versions" / "remedy_versions.yaml").read_text(encoding="utf-8"))
    stated = next(item for item in compiled["campaigns"] if item["campaign"] == "25V092000") \
        if isinstance(compiled, dict) else next(item for item in compiled if item.get("campaign") == "25V092000")
    assert "2023.38.4" in stated["remedy_version"]
    assert any(source.get("url") == entry["source"]["url"] for source in stated["sources"] if isinstance(source, dict))


def test_rear_camera_pair_says_only_the_chinese_notice_names_a_version():
    us_text = " ".join(nhtsa_row("25V002000")[part] for part in ("summary", "consequence", "remedy"))
    assert not versions_in_text(us_text)
    assert samr_sheet()["cn-2025-01-tesla-rear-camera"]["ota_target_version"].find("2024.44.25.3") >= 0
    reason = pair_reason("25V002000", "cn-2025-01-tesla-rear-camera")["reason"]
    assert "both name" not in reason["en"] and "US notice names none" in reason["en"]
    assert "两者都写明软件" not in reason["zh"] and "美国公告未写明版本" in reason["zh"]


def test_tpms_pair_states_each_notice_defect_as_written():
    us = nhtsa_row("24V935000")["summary"]
    china = samr_sheet()["cn-undated-tesla-tpms-display"]["defect_en"]
    assert "may not remain illuminated between drive cycles" in us
    assert "may not be shown promptly after the car starts" in china
    pair = pair_reason("24V935000", "cn-2024-12-tesla-tpms-display")
    assert pair["basis"] == "likely_same_defect"  # two wordings of when the warning shows, not one defect sentence
    assert "not shown again after the car is restarted" not in pair["reason"]["en"]
    assert "may not stay lit from one drive cycle to the next" in pair["reason"]["en"]
    assert "may be shown late after the car is switched on" in pair["reason"]["en"]


def test_samr_dates_from_press_reports_are_labelled_as_such():
    press = {rid for rid, record in samr_sheet().items() if re.search(r"first (?:media )?report|news reprint", record["notes"] or "")}
    raw = SAMR_ADDITIONS.read_text(encoding="utf-8")
    press |= set(re.findall(r"- id: (\S+)\n(?:  .*\n)*?  announced: \S+\s+# date of the first report found", raw))
    assert press == {"cn-2023-05-tesla-regen-braking", "cn-2024-03-polestar4-brake-software",
                     "cn-2024-04-byd-seagull-reverse-camera", "cn-2024-06-tesla-seatbelt-reminder"}
    shipped = {path.stem: read(path).meta for path in (CONTENT / "recalls" / "samr").glob("*.md")}
    assert {rid for rid, meta in shipped.items() if meta.get("report_date_basis") == "press_report"} == press


def test_one_site_gets_one_reliability_and_a_fan_site_is_medium():
    ratings = defaultdict(set)
    for entry in editorial("remedy_versions.yaml").values():
        for version in (entry or {}).get("remedy_versions") or []:
            host = re.sub(r"^https?://(www\.)?", "", version["source"].get("url") or "").split("/")[0]
            ratings[host].add(version["reliability"])
    assert all(len(found) == 1 for found in ratings.values()), dict(ratings)
    compiled = (UPSTREAM / "tesla_remedy_versions" / "remedy_versions.yaml").read_text(encoding="utf-8")
    assert "medium (fan sites quoting the Part 573 report)" in compiled
    assert ratings["ilovetesla.com"] == {"medium"}


def test_recall_derived_families_follow_the_point_version_rule():
    bundle = load_content(CONTENT)
    derived = [r for r in bundle.releases.values() if r.path.startswith("(derived")]
    assert derived
    for release in derived:
        stated = {v.version for rid in release.remedies for v in bundle.recalls[rid].remedy_versions}
        is_family_itself = release.version in stated
        assert (release.category == "defect_recall") == is_family_itself, release.version
    assert {r.version for r in derived if r.make == "tesla" and r.category != "defect_recall"} == {
        "2021.43", "2024.20", "2024.38", "2024.44", "2024.45"}


def test_gs8_channel_rests_on_reprints_as_the_fact_sheet_says():
    assert "rests on the Russian/English reprints" in samr_sheet()["cn-2024-12-gac-trumpchi-gs8-cluster"]["notes"]
    assert recall("cn-2024-12-gac-trumpchi-gs8-cluster")["remedy_type_basis"].startswith("foreign-language press reprints")
    assert recall("cn-2025-01-tesla-eps")["remedy_type_basis"] == "SAMR notice"


def test_rear_camera_defect_is_reverse_current():
    assert samr_sheet()["cn-2025-01-tesla-rear-camera"]["defect_en"].startswith("Reverse current at power-up")
    meta = recall("cn-2025-01-tesla-rear-camera")
    title = editorial("recall_titles.yaml")["cn-2025-01-tesla-rear-camera"]
    assert "surge" not in meta["text"]["en"]["consequence"] + title["en"]
    assert "Reverse current" in meta["text"]["en"]["consequence"] and "Reverse current" in title["en"]


def test_a_car_steering_wheel_is_not_a_handlebar_in_chinese():
    assert nhtsa_row("23V385000")["component"] == "STEERING: STEERING WHEEL/HANDLE BAR"
    assert nhtsa_row("23V385000")["make"] == "TESLA"
    for recall_id in ("23V385000", "23V743000"):
        meta = recall(recall_id)
        assert "车把" not in meta["title"]["zh"] + meta["text"]["zh"]["summary"]
        assert "方向盘" in meta["title"]["zh"]


def test_rivian_release_with_the_same_notes_gets_the_same_features():
    changelog = (UPSTREAM / "rivian_ota_changelog" / "CHANGELOG.md").read_text(encoding="utf-8")
    assert "## 2022.39.03 (f6db01d8)\n\nInitial public release: October 28, 2022\n\n(Same release notes as 2022.39.01." in changelog
    first = read(CONTENT / "releases" / "rivian" / "2022.39.01.md").meta
    second = read(CONTENT / "releases" / "rivian" / "2022.39.03.md").meta
    assert second["features"] == first["features"] and second["features"]
    assert (second["category"], second["category_reason"]) == (first["category"], first["category_reason"])
    assert second["date"].isoformat() == "2022-10-28"


def test_a_derived_family_says_in_chinese_why_it_is_not_a_recall():
    from portal.reason_text import REASON_FALLBACK_ZH, category_reason_text
    bundle = load_content(CONTENT)
    family = next(r for r in bundle.releases.values() if r.make == "tesla" and r.version == "2024.44")
    shown = str(category_reason_text(family.category_reason, "zh"))
    assert shown != REASON_FALLBACK_ZH and "2024.44.25.3" in shown and "25V002000" in shown
