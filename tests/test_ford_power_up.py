"""Ford Power-Up history: parsed from the shipped upstream copy, imported as Ford releases in the
portal's own words, linked to an NHTSA campaign only where a source gives Ford's recall number."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml

from indexer.build import build
from indexer.importers.ford_power_up import import_ford_power_up, parse_history
from portal.instance import InstancePaths
from portal.vehicles.vin import check_digit
from tests.conftest import opened_app

REPO = Path(__file__).resolve().parents[1]
UPSTREAM = REPO / "content" / "upstream" / "ford_power_up"
FILES = [str(UPSTREAM / "README.upstream.md"), str(UPSTREAM / "Archive.upstream.md")]
SMALL = REPO / "tests" / "data" / "content_small"


def _vin(pattern: str) -> str:
    return pattern.replace("_", check_digit(pattern.replace("_", "0")))


MACH_E_VIN = _vin("3FMTK3SU_MMA12345")  # a 2021 Mustang Mach-E, Mexico-built (3FM); not a real car


def texts():
    return [Path(f).read_text(encoding="utf-8") for f in FILES]


def test_history_rows_and_stated_recall_completions():
    versions = parse_history(texts(), "fordpowerup")
    assert len(versions) == 149
    stated = {v.version: v.recalls for v in versions if v.recalls}
    assert stated["PT-26.13.6"] == ["25C69"]
    assert stated["SYNC-25.1.7.10.1"] == ["25S49"]
    assert stated["PT-25.10.10"] == ["25S65"]
    assert stated["4.2.6"] == ["22S29", "22S41"]
    pt = next(v for v in versions if v.version == "PT-26.13.6")
    assert pt.modules == ["SOBDMC"] and pt.downtime_minutes == 24 and str(pt.month_na) == "2026-05-01"
    assert pt.month_eu is None
    # Customer Satisfaction Programs are not recalls.
    assert all("24B17" not in v.recalls for v in versions)


@pytest.fixture
def content(tmp_path):
    folder = tmp_path / "content"
    shutil.copytree(SMALL, folder)
    shutil.copy(REPO / "content" / "recalls" / "nhtsa" / "25V315000.md", folder / "recalls" / "nhtsa")
    return folder


def test_import_links_only_where_a_source_gives_the_campaign_number(content):
    report = import_ford_power_up(FILES, content)
    assert len(report.created) == 94 and len(report.skipped) == 49  # campaign-code names have no version number
    folder = content / "releases" / "ford"
    linked = {}
    for path in folder.glob("*.md"):
        meta = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
        if meta["remedies"]:
            linked[meta["version"]] = meta["remedies"]
        assert meta["models"] == [{"model": "mustang-mach-e", "name": "Mustang Mach-E", "years": None}]
    # NHTSA's remedy text for 25V315000 says "Ford's number for this recall is 25S49"; no source gives the others.
    assert linked == {"25.1.7.10.1": ["25V315000"]}
    for version, number in (("26.13.6", "25C69"), ("25.10.10", "25S65"), ("4.2.6", "22S29"), ("4.2.6", "22S41")):
        meta = yaml.safe_load((folder / f"{version}.md").read_text(encoding="utf-8").split("---")[1])
        assert f"Ford recall {number}; no source in the portal gives that recall's NHTSA campaign number, so it is not linked" \
            in meta["summary"]["en"]
        assert meta["category"] == "defect_recall" and meta["remedies"] == []
    again = import_ford_power_up(FILES, content)
    assert not again.created and not again.updated  # idempotent


def test_summaries_are_own_words(content):
    import_ford_power_up(FILES, content)
    notes = " ".join(re.sub(r"<[^>]+>|\*", " ", t) for t in texts())
    sentences = {s.strip() for s in re.split(r"(?<=[.!?])\s+", " ".join(notes.split())) if len(s.split()) >= 6}
    for path in (content / "releases" / "ford").glob("*.md"):
        summary = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])["summary"]["en"]
        for sentence in sentences:
            assert sentence not in summary, (path.name, sentence)


def test_mach_e_vin_shows_ford_updates_and_the_linked_remedy(content, tmp_path, database_url):
    import_ford_power_up(FILES, content)
    editorial = content / "editorial" / "remedy_versions.yaml"
    shipped = yaml.safe_load((REPO / "content" / "editorial" / "remedy_versions.yaml").read_text(encoding="utf-8"))
    entries = yaml.safe_load(editorial.read_text(encoding="utf-8")) or {}
    entries["25V315000"] = shipped["25V315000"]
    editorial.write_text(yaml.safe_dump(entries, allow_unicode=True), encoding="utf-8")
    paths = InstancePaths(tmp_path / "instance")
    build(content, paths, database_url)
    with opened_app(paths, database_url) as app:
        client = app.test_client()
        body = client.get(f"/api/v1/vehicles/{MACH_E_VIN}?model=mustang-mach-e&market=US").get_json()
        assert body["make"] == "ford" and body["model"] == "mustang-mach-e"
        versions = {r["version"] for r in body["releases"]}
        assert {"4.2.6", "26.13.6", "10.2.0"} <= versions
        recall = next(r for r in body["recalls"] if r["id"] == "25V315000")
        assert recall["remedy_version"] == "25.1.7.10.1"
        fixed = client.get(f"/api/v1/vehicles/{MACH_E_VIN}?model=mustang-mach-e&market=US&version=SYNC-25.1.7.10.1").get_json()
        assert next(r for r in fixed["recalls"] if r["id"] == "25V315000")["status"] == "remedied"
        older = client.get(f"/api/v1/vehicles/{MACH_E_VIN}?model=mustang-mach-e&market=US&version=SYNC-25.1.7.9").get_json()
        assert next(r for r in older["recalls"] if r["id"] == "25V315000")["status"] != "remedied"
        page = client.get("/releases/ford/25.1.7.10.1?lang=en").get_data(as_text=True)
        assert "CC BY-SA 4.0" in page and "elmedico27/fordpowerup" in page and "25V315000" in page
