"""The VIN page's timeline is rendered once per build, language and release list, and stays right."""

from __future__ import annotations

from bs4 import BeautifulSoup

from portal.vehicles import timeline_html

VIN = "5YJ3E1EA3KF303123"  # a 2019 Model 3 that is not in the demo fleet


def _timeline(client, url: str) -> str:
    page = BeautifulSoup(client.get(url).data, "html.parser")
    return str(page.select_one("ol.timeline"))


def test_a_cached_timeline_is_the_one_the_macro_renders(shipped_client):
    timeline_html._cache.clear()
    first = _timeline(shipped_client, f"/vin/{VIN}")
    assert len(timeline_html._cache) == 1
    again = _timeline(shipped_client, f"/vin/{VIN}")
    assert again == first and "2023.44" in first
    assert len(timeline_html._cache) == 1


def test_languages_and_stated_versions_get_their_own_timeline(shipped_client):
    timeline_html._cache.clear()
    english = _timeline(shipped_client, f"/vin/{VIN}?lang=en")
    chinese = _timeline(shipped_client, f"/vin/{VIN}?lang=zh")
    assert english != chinese and "estimated" in english and "估" in chinese
    stated = _timeline(shipped_client, f"/vin/{VIN}?lang=en&version=2023.44.30.9")
    assert "Updates after your version" in stated and "Updates after your version" not in english
    assert len(timeline_html._cache) == 3


def test_the_cache_is_bounded(shipped_client, monkeypatch):
    timeline_html._cache.clear()
    monkeypatch.setattr(timeline_html, "MAX_ENTRIES", 2)
    for version in ("2023.44.30.9", "2024.2.7", "2024.14.9"):
        _timeline(shipped_client, f"/vin/{VIN}?version={version}")
    assert len(timeline_html._cache) == 2
