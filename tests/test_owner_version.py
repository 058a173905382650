"""The owner's stated software version decides OTA recalls with a stated remedy version (service, API, pages)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from portal.state import db
from portal.vehicles import check_digit
from portal.vehicles.service import VersionRejected, lookup_vehicle

_BASE = "5YJ3E1EA0KF400123"  # a 2019 Model 3 (Fremont) that is not in the demo fleet
REAL_VIN = _BASE[:8] + check_digit(_BASE) + _BASE[9:]

ACCEPTANCE = [
    ("2023.44.30.9", {"23V838000": "remedied", "24V153000": "open"}),
    ("2024.2.7", {"24V153000": "remedied", "24V935000": "open"}),
]


def _statuses(recalls: list[dict]) -> dict[str, tuple[str, str | None]]:
    return {r["id"]: (r["status"], r["status_reason"]) for r in recalls}


@pytest.mark.parametrize("version, expected", ACCEPTANCE)
def test_service_decides_from_the_owners_version(shipped_app, version, expected):
    with shipped_app.app_context():
        report = lookup_vehicle(db(), REAL_VIN, "en", version=version)
    assert report.fleet_record is False and (report.make, report.model, report.model_year) == ("tesla", "model-3", 2019)
    found = _statuses(report.recalls)
    for recall_id, status in expected.items():
        assert found[recall_id] == (status, "owner_version")
    assert report.owner_version["version"] == version and report.owner_version["verified"] is False


def test_open_names_the_stated_remedy_version_and_its_source(shipped_app):
    with shipped_app.app_context():
        report = lookup_vehicle(db(), REAL_VIN, "en", version="2023.44.30.9")
    row = next(r for r in report.recalls if r["id"] == "24V153000")
    assert row["required_version"] == "2023.44.30.14"
    assert [e["version"] for e in row["remedy_versions"]] == ["2023.44.30.14"]
    assert all(e["source"]["title"] and e["source"]["url"] for e in row["remedy_versions"])


def test_without_a_version_a_real_car_stays_unknown(shipped_app):
    with shipped_app.app_context():
        report = lookup_vehicle(db(), REAL_VIN, "en")
    assert {r["status"] for r in report.recalls} <= {"unknown", "remedy_not_available"}
    assert report.owner_version is None


def test_malformed_version_is_refused_in_the_asked_language(shipped_app):
    with shipped_app.app_context():
        with pytest.raises(VersionRejected) as en:
            lookup_vehicle(db(), REAL_VIN, "en", version="2023.99.1")
        with pytest.raises(VersionRejected) as zh:
            lookup_vehicle(db(), REAL_VIN, "zh", version="banana")
    assert en.value.code == "invalid_version" and "2023.44.30.14" in en.value.message
    assert "软件版本" in zh.value.message


@pytest.mark.parametrize("version, expected", ACCEPTANCE)
def test_api_decides_from_the_version_parameter(shipped_client, version, expected):
    body = shipped_client.get(f"/api/v1/vehicles/{REAL_VIN}?version={version}").get_json()
    found = _statuses(body["recalls"])
    for recall_id, status in expected.items():
        assert found[recall_id] == (status, "owner_version")
    assert all("remedy_versions" in r for r in body["recalls"])
    assert body["owner_version"]["display"] == version


@pytest.mark.parametrize("lang, words", [("en", "not a Tesla software version"), ("zh", "不是有效的特斯拉软件版本号")])
def test_api_rejects_a_malformed_version_with_400(shipped_client, lang, words):
    response = shipped_client.get(f"/api/v1/vehicles/{REAL_VIN}?version=2023.44.x&lang={lang}")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "invalid_version" and words in error["message"]


def test_api_accepts_an_unknown_well_formed_version_with_a_warning(shipped_client):
    body = shipped_client.get(f"/api/v1/vehicles/{REAL_VIN}?version=2031.52.99.1").get_json()
    assert body["owner_version"]["known"] is False and body["owner_version"]["warning"] == "unknown_version"
    assert _statuses(body["recalls"])["24V153000"] == ("remedied", "owner_version")


def _page(client, url, status=200):
    response = client.get(url)
    assert response.status_code == status, response.status_code
    return BeautifulSoup(response.data, "html.parser")


@pytest.mark.parametrize("version, expected", ACCEPTANCE)
def test_vin_page_shows_the_verdicts_and_keeps_the_version_in_its_links(shipped_client, version, expected):
    page = _page(shipped_client, f"/vin/{REAL_VIN}?version={version}&lang=en")
    for recall_id, status in expected.items():
        card = next(li for li in page.select("ul.recall-list > li") if recall_id in li.get_text())
        assert f"is-{status}" in card["class"]
    assert page.find("input", id="version-input")["value"] == version
    report_link = page.find("a", string="Printable report")["href"]
    api_link = page.find("a", string="This car as JSON (API)")["href"]
    assert f"version={version}" in report_link and f"version={version}" in api_link
    marks = page.select("ol.timeline .after-owner-mark")
    assert len(marks) == 1 and "Updates after your version" in marks[0].get_text()


@pytest.mark.parametrize("lang, label, where", [("en", "Your software version", "Controls › Software"),
                                                ("zh", "您的软件版本", "“控制”›“软件”")])
def test_vin_page_has_the_version_form_in_both_languages(shipped_client, lang, label, where):
    page = _page(shipped_client, f"/vin/{REAL_VIN}?lang={lang}")
    form = page.find("form", class_="version-form")
    assert label in form.get_text() and where in form.get_text()


def test_vin_page_shows_the_form_error_for_a_malformed_version(shipped_client):
    page = _page(shipped_client, f"/vin/{REAL_VIN}?version=hello&lang=en", 400)
    assert "not a Tesla software version" in page.find(id="version-error").get_text()
    assert page.select("ul.recall-list > li")  # the car is still shown


def test_report_prints_the_version_as_stated_not_verified(shipped_client):
    page = _page(shipped_client, f"/vin/{REAL_VIN}/report?version=2024.2.7&lang=en")
    text = " ".join(page.get_text(" ").split())
    assert "2024.2.7" in text and "software version as stated by the owner on" in text and "not verified" in text
    row = next(tr for tr in page.select("table tbody tr") if "24V153000" in tr.get_text())
    assert "2024.2.7" in row.get_text() and "the version you stated" in row.get_text()
    back = page.find("a", string="Back to the full page")["href"]
    assert "version=2024.2.7" in back
    zh = " ".join(_page(shipped_client, f"/vin/{REAL_VIN}/report?version=2024.2.7&lang=zh").get_text(" ").split())
    assert "车主于" in zh and "未经核实" in zh


def test_openapi_describes_the_version_parameter_and_remedy_versions(shipped_client):
    spec = shipped_client.get("/api/v1/openapi.json").get_json()
    params = [p.get("name") for p in spec["paths"]["/vehicles/{vin}"]["get"]["parameters"]]
    assert "version" in params
    recall = spec["components"]["schemas"]["VehicleRecall"]["allOf"][1]["properties"]
    assert "remedy_versions" in recall and "owner_version" in recall["status_reason"]["enum"]
    detail = spec["components"]["schemas"]["RecallDetail"]["allOf"][1]["properties"]
    assert {"remedy_versions", "related_recalls", "software_facts", "mentioned_in_releases"} <= detail.keys()


def test_report_with_a_malformed_version_sends_the_owner_to_the_form(shipped_client):
    response = shipped_client.get(f"/vin/{REAL_VIN}/report?version=not-a-version")
    assert response.status_code == 302 and f"/vin/{REAL_VIN}?" in response.headers["Location"]
    page = _page(shipped_client, f"/vin/{REAL_VIN}?version=not-a-version&lang=zh", 400)
    assert "不是有效的特斯拉软件版本号" in page.find(id="version-error").get_text()


def test_lookup_form_keeps_the_version_when_it_normalises_the_vin(shipped_client):
    response = shipped_client.get(f"/vin?vin={REAL_VIN.lower()}&version=2024.2.7")
    assert response.status_code == 302 and "version=2024.2.7" in response.headers["Location"]
