"""The VIN page rendered once per kind of car: each car's page is the page it would get on its own."""

from __future__ import annotations

import pytest

from portal.vehicles import check_digit, page_cache
from portal.vehicles import routes as vehicle_routes


def _vin(serial: str, stem: str = "5YJ3E1EA0KF") -> str:
    body = stem + serial
    return body[:8] + check_digit(body) + body[9:]


FIRST, SECOND = _vin("303123"), _vin("999871")


@pytest.mark.parametrize("query", ["", "?lang=zh", "?market=CN", "?version=2019.40.1&lang=en"])
def test_a_page_from_another_cars_render_is_the_page_of_its_own(client, monkeypatch, query):
    page_cache._PAGES.clear()
    with monkeypatch.context() as patch:
        patch.setattr(vehicle_routes, "vin_page", lambda report, render: render(report))
        own = client.get(f"/vin/{SECOND}{query}")
    assert client.get(f"/vin/{FIRST}{query}").status_code == own.status_code
    served = client.get(f"/vin/{SECOND}{query}")
    assert served.data == own.data
    assert FIRST.encode() not in served.data and page_cache.STAND_IN.encode() not in served.data
    assert SECOND.encode() in served.data


def test_the_cached_html_holds_no_vin(client):
    page_cache._PAGES.clear()
    client.get(f"/vin/{FIRST}?lang=en")
    pages = list(page_cache._PAGES._entries.values())
    assert len(pages) == 1 and FIRST not in pages[0] and page_cache.STAND_IN in pages[0]


def test_cars_that_differ_are_different_entries(client):
    page_cache._PAGES.clear()
    client.get(f"/vin/{FIRST}")
    client.get(f"/vin/{SECOND}")
    client.get(f"/vin/{_vin('303123', '5YJ3E1EA0JF')}")  # another model year
    assert len(page_cache._PAGES) == 2
