"""Remedy versions are sourced facts, in the shipped content: every citation kept, no verdict on an unstated version.

Also: a release that only mentions a recall is never its remedy, the corrected
campaigns (21V035000, S2026M0017I) read as their sources say, and the same
defect at two authorities is linked both ways with the portal's reason.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest
import yaml
from sqlalchemy import select

from indexer import frontmatter
from portal.db import content as db_models
from portal.recalls.remedies import StatedRemedy, satisfies
from portal.state import db
from portal.vehicles import check_digit
from portal.vehicles.service import lookup_vehicle
from portal.versions import SoftwareVersion, version_key

CONTENT = Path(__file__).resolve().parent.parent / "content"
UPSTREAM = CONTENT / "upstream" / "tesla_remedy_versions" / "remedy_versions.yaml"
EDITORIAL = CONTENT / "editorial" / "remedy_versions.yaml"
RELATED = CONTENT / "editorial" / "related_recalls.yaml"

PAIRS = [
    ("23V838000", "cn-2024-01-tesla-autosteer"), ("24V554000", "cn-2024-08-tesla-frunk-latch"),
    ("25V002000", "cn-2025-01-tesla-rear-camera"), ("25V092000", "cn-2025-01-tesla-eps"),
    ("24V376000", "cn-2024-06-tesla-seatbelt-reminder"), ("23V862000", "cn-2024-01-tesla-door-latch"),
    ("23V679000", "cn-2023-10-tesla-modelx-brake-fluid"),
]


def _front_matter(path: Path) -> dict:
    return frontmatter.read(path).meta


def _stated_in_sources() -> set[tuple[str, str]]:
    """(recall, version) pairs a source states: the editorial file, and each notice's own version unless replaced."""
    editorial = yaml.safe_load(EDITORIAL.read_text(encoding="utf-8"))
    found = {(rid, str(e["version"])) for rid, item in editorial.items() for e in item.get("remedy_versions") or []}
    for path in (CONTENT / "recalls").glob("*/*.md"):
        meta = _front_matter(path)
        replaced = (editorial.get(meta["id"]) or {}).get("replaces_notice_version")
        if meta.get("remedy_version") and not replaced:
            found.add((meta["id"], str(meta["remedy_version"])))
    return found


def test_every_url_of_the_compilation_is_cited():
    urls = set(re.findall(r"https?://[^\s\"'}\]]+", UPSTREAM.read_text(encoding="utf-8")))
    cited = EDITORIAL.read_text(encoding="utf-8")
    assert urls and not sorted(u for u in urls if u not in cited)


def test_every_stated_version_of_the_compilation_is_kept():
    upstream = yaml.safe_load(UPSTREAM.read_text(encoding="utf-8"))
    stated = _stated_in_sources()
    for item in upstream:
        text = str(item.get("remedy_version") or "")
        for version in re.findall(r"\b20\d\d\.\d+(?:\.\d+){0,2}\b", text):
            assert (item["campaign"], version) in stated, (item["campaign"], version)


def test_medium_reliability_is_kept_and_shown(shipped_client):
    body = shipped_client.get("/api/v1/recalls/24V051000").get_json()
    assert {(e["version"], e["reliability"]) for e in body["remedy_versions"]} == {
        ("2023.44.30.9", "medium"), ("2023.44.9.1", "medium")}
    page = shipped_client.get("/recalls/24V051000?lang=en").get_data(as_text=True)
    assert "medium reliability" in page


def test_no_demo_verdict_rests_on_an_unstated_version(shipped_app):
    stated = _stated_in_sources()
    lines = (CONTENT / "fleet" / "vehicles.csv").read_text(encoding="utf-8").splitlines()
    vins = [row["vin"] for row in csv.DictReader(line for line in lines if not line.startswith("#"))]
    remedied = 0
    with shipped_app.app_context():
        for vin in vins:
            for row in lookup_vehicle(db(), vin, "en").recalls:
                if row["status"] != "remedied":
                    continue
                remedied += 1
                entries = [StatedRemedy(e["version"], version_key(e["version"]), e["line"], tuple(e["models"] or ()),
                                        e["match"], e["reliability"], e["source"]["title"], e["source"]["url"],
                                        None, "", "") for e in row["remedy_versions"]]
                assert entries and all(e.source_title for e in entries), (vin, row["id"])
                assert all((row["id"], e.version) in stated for e in entries), (vin, row["id"])
                assert any(satisfies(SoftwareVersion(row["remedy_version"]), e) for e in entries), (vin, row["id"])
                assert row["remedied_at"], (vin, row["id"])
    assert remedied > 0


def test_remedy_links_exist_only_for_stated_versions(shipped_app):
    stated = _stated_in_sources()
    with shipped_app.app_context():
        session = db()
        for link in session.scalars(select(db_models.ReleaseRemedy)):
            release = session.get(db_models.Release, link.release_id)
            versions = {v.version for v in release.versions} | {release.version}
            assert any((link.recall_id, v) in stated for v in versions), (release.version, link.recall_id)


def test_a_release_that_only_mentions_a_recall_is_not_its_remedy(shipped_client):
    recall = shipped_client.get("/api/v1/recalls/23V085000").get_json()
    assert recall["remedy_versions"] == [] and recall["remedy_releases"] == []
    assert [(r["version"], r["is_remedy"]) for r in recall["mentioned_in_releases"]] == [("2022.45", False)]
    release = shipped_client.get("/api/v1/releases/tesla/2022.45").get_json()
    assert "23V085000" not in release["remedies"]
    assert "23V085000" in [r["id"] for r in release["mentioned_recalls"]]
    page = shipped_client.get("/releases/tesla/2022.45?lang=en").get_data(as_text=True)
    assert "mentions this recall" in page


def test_alert_only_firmware_is_not_the_remedy_of_21V035000(shipped_client):
    recall = shipped_client.get("/api/v1/recalls/21V035000").get_json()
    assert recall["remedy_version"] is None and recall["remedy_versions"] == []
    assert recall["remedy_type"] == "dealer" and recall["remedy_releases"] == []
    assert any(f["kind"] == "not_remedy" and "2020.48.48.12" in f["text"] for f in recall["software_facts"])
    release = shipped_client.get("/api/v1/releases/tesla/2020.48").get_json()
    assert release["category"] != "defect_recall" and "21V035000" not in release["remedies"]
    base = "5YJSA1E20HF000001"  # a 2017 Model S, not in the demo fleet
    vin = base[:8] + check_digit(base) + base[9:]
    car = shipped_client.get(f"/api/v1/vehicles/{vin}").get_json()
    family = next(r for r in car["releases"] if r["version"] == "2020.48")
    assert not family["is_recall_remedy"] and "21V035000" not in family["remedies"]
    assert next(r for r in car["recalls"] if r["id"] == "21V035000")["remedy_version"] is None


def test_nio_recall_keeps_both_software_lines(shipped_client):
    recall = shipped_client.get("/api/v1/recalls/S2026M0017I").get_json()
    assert recall["remedy_version"] == "3.5.6"
    assert [(e["line"], e["version"]) for e in recall["remedy_versions"]] == [("aspen", "3.5.6"), ("alder", "2.1.0")]
    assert all(e["source"]["url"] for e in recall["remedy_versions"])


@pytest.mark.parametrize("one, other", PAIRS)
def test_same_defect_is_linked_both_ways_with_a_reason(shipped_client, one, other):
    for a, b in ((one, other), (other, one)):
        body = shipped_client.get(f"/api/v1/recalls/{a}").get_json()
        related = {r["id"]: r for r in body["related_recalls"]}
        assert b in related, (a, b)
        assert related[b]["reason"] and related[b]["basis"] == "same_defect"
        assert {"authority", "report_date", "population", "remedy_type", "remedy_versions"} <= related[b].keys()
    zh = shipped_client.get(f"/api/v1/recalls/{one}?lang=zh").get_json()
    assert re.search(r"[\u4e00-\u9fff]", next(r for r in zh["related_recalls"] if r["id"] == other)["reason"])


def test_a_likely_pair_says_it_is_the_portals_reading(shipped_client):
    body = shipped_client.get("/api/v1/recalls/cn-2024-02-tesla-rear-camera-ic").get_json()
    link = next(r for r in body["related_recalls"] if r["id"] == "24V035000")
    assert link["basis"] == "likely_same_defect" and "likely" in link["reason"]


def test_every_pair_is_the_same_make_and_other_authority():
    pairs = yaml.safe_load(RELATED.read_text(encoding="utf-8"))
    metas = {p.stem: _front_matter(p) for p in (CONTENT / "recalls").glob("*/*.md")}
    for item in pairs:
        a, b = (metas[r] for r in item["recalls"])
        assert a["make"] == b["make"] and a["authority"] != b["authority"], item["recalls"]


def test_conflicting_remedy_versions_are_both_shown(shipped_client):
    body = shipped_client.get("/api/v1/recalls/25V092000").get_json()
    eps = next(r for r in body["related_recalls"] if r["id"] == "cn-2025-01-tesla-eps")
    assert eps["remedy_version_conflict"] is True
    assert [e["version"] for e in body["remedy_versions"]] == ["2023.38.4"]
    assert [e["version"] for e in eps["remedy_versions"]] == ["2023.38.9"]
    for url in ("/recalls/25V092000?lang=en", "/recalls/cn-2025-01-tesla-eps?lang=en"):
        page = shipped_client.get(url).get_data(as_text=True)
        assert "2023.38.4" in page and "2023.38.9" in page and "The sources disagree" in page


@pytest.mark.parametrize("one, other", [PAIRS[1], PAIRS[3]])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_both_recall_pages_compare_the_pair_side_by_side(shipped_client, one, other, lang):
    from bs4 import BeautifulSoup

    for here, there in ((one, other), (other, one)):
        page = BeautifulSoup(shipped_client.get(f"/recalls/{here}?lang={lang}").data, "html.parser")
        table = page.find("table", class_="related-compare")
        rows = [" ".join(tr.get_text(" ").split()) for tr in table.tbody.find_all("tr")]
        assert here in rows[0] and any(there in row for row in rows[1:])
        assert len(table.thead.find_all("th")) == 6  # recall, authority, date, population, remedy, remedy version


def test_a_version_only_a_fan_site_states_links_the_remedy_but_does_not_make_a_recall(shipped_client):
    release = shipped_client.get("/api/v1/releases/tesla/2022.8").get_json()
    assert "22V063000" in release["remedies"] and release["category"] != "defect_recall"
    entry = next(e for e in shipped_client.get("/api/v1/recalls/22V063000").get_json()["remedy_versions"]
                 if e["version"] == "2022.8")
    assert entry["reliability"] == "medium"
