"""The VIN page's caches: rows per model, year and market; HTML per rows and language. They stay right.

Cars without a fleet record of one make, model, model year, market and origin
share their recall and release rows whatever their serial number, so the rows
are computed once per build (``portal.build_memo``) and their HTML rendered
once per language (``portal.fragments``). Each test checks that what comes out
of a cache is what the car would get without it.
"""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from portal.vehicles import check_digit, page_cache, service
from portal.vehicles.page_cache import RECALL_CARDS, TIMELINES

VIN = "5YJ3E1EA3KF303123"  # a 2019 Model 3 that is not in the demo fleet
FLEET_VIN = "5YJ3E1EA2KF317000"  # a demo fleet car with installs


def _with_serial(vin: str, serial: str) -> str:
    """The same car with another serial number, its check digit made right."""
    body = vin[:11] + serial
    return body[:8] + check_digit(body) + body[9:]


def _part(client, url: str, selector: str) -> str:
    page = BeautifulSoup(client.get(url).data, "html.parser")
    return str(page.select_one(selector))


@pytest.fixture(autouse=True)
def _cold_caches():
    for cache in (TIMELINES, RECALL_CARDS, service._MODEL_YEAR_ROWS, service._MODEL_RECALLS, page_cache._PAGES):
        cache.clear()
    yield


def test_a_cached_timeline_is_the_one_the_macro_renders(shipped_client):
    first = _part(shipped_client, f"/vin/{VIN}", "ol.timeline")
    assert len(TIMELINES) == 1
    again = _part(shipped_client, f"/vin/{VIN}", "ol.timeline")
    assert again == first and "2023.44" in first
    assert len(TIMELINES) == 1


def test_languages_and_stated_versions_get_their_own_timeline(shipped_client):
    english = _part(shipped_client, f"/vin/{VIN}?lang=en", "ol.timeline")
    chinese = _part(shipped_client, f"/vin/{VIN}?lang=zh", "ol.timeline")
    assert english != chinese and "estimated" in english and "估" in chinese
    stated = _part(shipped_client, f"/vin/{VIN}?lang=en&version=2023.44.30.9", "ol.timeline")
    assert "Updates after your version" in stated and "Updates after your version" not in english
    assert len(TIMELINES) == 3


def test_the_caches_are_bounded(shipped_client, monkeypatch):
    monkeypatch.setattr(TIMELINES, "max_entries", 2)
    monkeypatch.setattr(service._MODEL_YEAR_ROWS, "max_entries", 2)
    for version in ("2023.44.30.9", "2024.2.7", "2024.14.9"):
        _part(shipped_client, f"/vin/{VIN}?version={version}", "ol.timeline")
    assert len(TIMELINES) == 2 and len(service._MODEL_YEAR_ROWS) == 2


def test_two_serials_of_one_car_share_rows_and_cards_but_keep_their_own_vin(shipped_client):
    other = _with_serial(VIN, "999999")
    assert other != VIN
    first = shipped_client.get(f"/vin/{VIN}").get_data(as_text=True)
    second = shipped_client.get(f"/vin/{other}").get_data(as_text=True)
    assert len(service._MODEL_YEAR_ROWS) == 1 and len(RECALL_CARDS) == 1
    cards = [str(BeautifulSoup(page, "html.parser").select_one("ul.recall-list")) for page in (first, second)]
    assert cards[0] == cards[1] and "24V935000" in cards[0]
    assert other in second and VIN not in second  # the page's own links and title name its own VIN


def test_cached_rows_are_what_the_service_computes_without_the_cache(shipped_app, shipped_client):
    cached = shipped_client.get(f"/api/v1/vehicles/{VIN}?version=2024.2.7").get_json()
    assert len(service._MODEL_YEAR_ROWS) == 1
    again = shipped_client.get(f"/api/v1/vehicles/{VIN}?version=2024.2.7").get_json()
    service._MODEL_YEAR_ROWS.clear()
    with shipped_app.test_request_context():
        from portal.state import db

        session = db()
        session.info.pop("build_id")  # a session without a build id is never memoised
        try:
            fresh = service.lookup_vehicle(session, VIN, "en", version="2024.2.7").as_json()
        finally:
            session.info["build_id"] = shipped_app.extensions["portal_state"].build_id
    assert len(service._MODEL_YEAR_ROWS) == 0
    assert cached["recalls"] == again["recalls"]
    assert [r["id"] for r in cached["recalls"] if r["status"] != "not_affected"] == [r["id"] for r in fresh["recalls"]]
    assert [(r["id"], r["status"], r["status_reason"]) for r in cached["recalls"][:len(fresh["recalls"])]] == \
        [(r["id"], r["status"], r["status_reason"]) for r in fresh["recalls"]]
    assert cached["releases"] == fresh["releases"]


def test_a_caller_changing_its_rows_does_not_change_the_cache(shipped_client):
    body = shipped_client.get(f"/api/v1/vehicles/{VIN}").get_json()  # the API adds to rows it was given
    assert body["recalls"]
    recalls, _excluded, releases = next(iter(service._MODEL_YEAR_ROWS._entries.values()))
    assert all("after_owner_version" not in r for r in releases)
    assert body == shipped_client.get(f"/api/v1/vehicles/{VIN}").get_json()


def test_a_fleet_car_is_not_memoised(shipped_client):
    page = shipped_client.get(f"/vin/{FLEET_VIN}").get_data(as_text=True)
    assert "Installed on this car" in page
    assert len(service._MODEL_YEAR_ROWS) == 0
