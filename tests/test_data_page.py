"""Freshness and bulk data: /healthz sources, the /data page, the downloads and their data package."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta

import pytest
from bs4 import BeautifulSoup

from portal.health.sources import source_health

FLEET_VIN = "5YJ3E1EA2KF317000"  # a demo-fleet Model 3 sold in the US


def soup(response):
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def fetch(client, url: str) -> bytes:
    """The body of a static file, with the response closed (it holds the file open)."""
    response = client.get(url)
    try:
        assert response.status_code == 200, (url, response.status_code)
        return response.get_data()
    finally:
        response.close()


def test_healthz_lists_each_source_and_is_degraded_when_one_is_stale(client, small_instance):
    response = client.get("/healthz")
    body = response.get_json()
    assert response.status_code == 200 and body["ok"] is True
    names = [s["name"] for s in body["sources"]]
    assert names == ["nhtsa-flat", "nhtsa-api", "tesla-releases", "rivian-releases", "ford-power-up", "samr"]
    for source in body["sources"]:
        assert set(source) == {"name", "url", "licence", "fetched_at", "as_of", "records", "sha256", "stale"}
    tesla = next(s for s in body["sources"] if s["name"] == "tesla-releases")
    assert tesla["as_of"] == "2024-01-08" and tesla["records"] == 71 and tesla["stale"] is True
    # The shipped copies are months old: degraded, with one reason per stale source, still 200.
    assert body["status"] == "degraded"
    assert any(r.startswith("source tesla-releases: last fetched 2024-02-21") for r in body["reasons"])
    assert any("samr: no fetch date is known" in r for r in body["reasons"])


def test_a_source_is_stale_only_past_its_own_limit():
    manifest = {"sources": [{"name": "nhtsa-flat", "fetched_at": "2026-12-01T03:00:00+00:00", "stale_after_days": 8},
                            {"name": "samr", "fetched_at": "2026-10-01T03:00:00+00:00", "stale_after_days": 92}]}
    now = datetime(2026, 12, 7, tzinfo=UTC)
    sources, reasons = source_health(manifest, now)
    assert [s["stale"] for s in sources] == [False, False] and reasons == []
    sources, reasons = source_health(manifest, now + timedelta(days=3))
    assert [s["stale"] for s in sources] == [True, False]
    assert reasons == ["source nhtsa-flat: last fetched 2026-12-01, 8.9 days ago, older than its limit of 8 days"]


@pytest.mark.parametrize("lang, heading, licence", [
    ("en", "Data sources and downloads", "CC BY-SA 4.0"),
    ("zh", "数据来源与下载", "知识共享"),
])
def test_data_page_lists_every_source_and_download(client, small_instance, lang, heading, licence):
    page = soup(client.get(f"/data?lang={lang}"))
    assert page.find("h1").get_text(strip=True) == heading
    sections = page.find_all("section", class_="source")
    assert [s["id"] for s in sections] == [f"source-{n}" for n in
                                           ("nhtsa-flat", "nhtsa-api", "tesla-releases", "rivian-releases", "ford-power-up", "samr")]
    ford = page.find("section", id="source-ford-power-up").get_text(" ", strip=True)
    assert licence in ford and "elmedico27/fordpowerup" in ford
    assert ("June 2026" if lang == "en" else "2026年6月") in ford  # the history dates by month only
    tesla = page.find("section", id="source-tesla-releases").get_text(" ", strip=True)
    assert "7c402d39b1d69f140ae562340eab04be846874efa39085ad4d5afaac21fbe923" in tesla
    links = {a.get_text(strip=True) for a in page.find("table").find_all("a")}
    for name in ("recalls", "recall_vehicles", "releases", "release_remedies", "remedy_versions", "related_recalls"):
        assert f"{name}.csv" in links and f"{name}.json" in links


def test_downloads_match_their_datapackage_and_validate(client, small_instance):
    from frictionless import validate

    package = json.loads(fetch(client, "/data/datapackage.json"))
    assert len(package["resources"]) == 12
    for resource in package["resources"]:
        data = fetch(client, f"/data/{resource['path']}")
        assert len(data) == resource["bytes"]
        assert "sha256:" + hashlib.sha256(data).hexdigest() == resource["hash"]
        if resource["format"] == "csv":
            assert {f["type"] for f in resource["schema"]["fields"]} <= {"string", "integer", "boolean", "date", "number"}
            assert all(f["description"] for f in resource["schema"]["fields"])
    recalls = json.loads(fetch(client, "/data/recalls.json"))
    assert {r["id"] for r in recalls} >= {"23V838000", "24V051000"}
    links = json.loads(fetch(client, "/data/release_remedies.json"))
    assert {"make": "tesla", "version": "2023.44", "recall_id": "23V838000"} in links
    report = validate(str(small_instance.current / "data" / "datapackage.json"))
    assert report.valid, report.flatten(["resourceName", "message"])


@pytest.mark.parametrize("name", ["manifest.json", "portal.db", "..%2Fmanifest.json", "nope.csv"])
def test_only_listed_files_are_served(client, name):
    response = client.get(f"/data/{name}")
    assert response.status_code == 404
    response.close()


def test_recall_and_vin_pages_say_each_sources_own_date(client):
    recall = soup(client.get("/recalls/23V838000?lang=en")).find("aside", class_="sources-as-of").get_text(" ", strip=True)
    assert "NHTSA recall flat file" in recall and "data as of May 27, 2026" in recall and "Tesla" not in recall
    vin = soup(client.get(f"/vin/{FLEET_VIN}?lang=en")).find("aside", class_="sources-as-of").get_text(" ", strip=True)
    assert "Tesla release notes" in vin and "data as of Jan 8, 2024" in vin and "SAMR" not in vin
    zh = soup(client.get(f"/vin/{FLEET_VIN}/report?lang=zh")).find("aside", class_="sources-as-of").get_text(" ", strip=True)
    assert "数据截至" in zh


def test_a_download_is_a_csv_attachment_and_answers_304_when_unchanged(client):
    first = client.get("/data/recalls.csv")
    assert first.headers["Content-Type"].startswith("text/csv") and first.headers["ETag"]
    assert first.headers["Content-Disposition"] == 'attachment; filename="recalls.csv"'
    first.close()
    again = client.get("/data/recalls.csv", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
