"""Atom feeds: valid Atom in both languages, per make/model/VIN, and a new recall reaching a car's feed."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from datetime import date

import pytest
from bs4 import BeautifulSoup

from portal.state import state
from tests.conftest import SMALL_CONTENT, build_instance, open_app

ATOM = "{http://www.w3.org/2005/Atom}"
FLEET_VIN = "5YJ3E1EA2KF317000"  # synthetic Tesla Model 3 2019 in the small fleet


def parse_atom(response) -> ET.Element:
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)
    assert feed.tag == f"{ATOM}feed"
    for name in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{name}") is not None, name
    rels = {link.get("rel") for link in feed.findall(f"{ATOM}link")}
    assert {"self", "alternate"} <= rels
    for entry in feed.findall(f"{ATOM}entry"):
        for name in ("id", "title", "updated", "link", "summary"):
            assert entry.find(f"{ATOM}{name}") is not None, name
    return feed


def entry_ids(feed: ET.Element) -> list[str]:
    return [e.find(f"{ATOM}id").text for e in feed.findall(f"{ATOM}entry")]


@pytest.mark.parametrize("path, expected", [
    ("/feeds/recalls.atom", "recall/23V838000"),
    ("/feeds/releases.atom", "release/tesla/2023.44"),
    ("/feeds/tesla/recalls.atom", "recall/23V838000"),
    ("/feeds/xiaomi/releases.atom", "release/xiaomi/1.10.0"),
    ("/feeds/tesla/model-3.atom", "recall/23V838000"),
    ("/feeds/tesla/model-3.atom", "release/tesla/2023.44"),
    (f"/feeds/vin/{FLEET_VIN}.atom", "recall/23V838000"),
    (f"/feeds/vin/{FLEET_VIN}.atom", "release/tesla/2023.44"),
])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_feeds_are_atom_with_expected_entries(client, path, expected, lang):
    feed = parse_atom(client.get(f"{path}?lang={lang}"))
    assert any(i.endswith(expected) for i in entry_ids(feed))
    assert feed.get("{http://www.w3.org/XML/1998/namespace}lang") == ("zh-Hans" if lang == "zh" else "en")


def test_feed_language_changes_titles(client):
    en = parse_atom(client.get("/feeds/xiaomi/recalls.atom?lang=en"))
    zh = parse_atom(client.get("/feeds/xiaomi/recalls.atom?lang=zh"))
    assert en.find(f"{ATOM}title").text != zh.find(f"{ATOM}title").text
    assert any("辅助驾驶" in e.find(f"{ATOM}title").text for e in zh.findall(f"{ATOM}entry"))


def test_make_feed_holds_only_that_make(client):
    feed = parse_atom(client.get("/feeds/xiaomi/recalls.atom"))
    links = [e.find(f"{ATOM}link").get("href") for e in feed.findall(f"{ATOM}entry")]
    assert links and all("/recalls/S2025M01" in link for link in links)


@pytest.mark.parametrize("path", ["/feeds/nosuchmake/recalls.atom", "/feeds/tesla/no-such-model.atom"])
def test_unknown_make_or_model_is_404(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.parametrize("lang, word", [("en", "VIN"), ("zh", "")])
def test_invalid_vin_is_a_400_page_in_the_request_language(client, lang, word):
    response = client.get(f"/feeds/vin/NOT-A-VIN.atom?lang={lang}")
    assert response.status_code == 400 and response.mimetype == "text/html"
    page = BeautifulSoup(response.data, "html.parser")
    assert page.html["lang"] == ("zh-Hans" if lang == "zh" else "en")
    assert page.find("h1").get_text(strip=True)


def test_pages_advertise_their_feeds(client):
    for path in ("/recalls?make=tesla", "/releases", "/search?q=autosteer"):
        page = BeautifulSoup(client.get(path).data, "html.parser")
        link = page.find("link", attrs={"rel": "alternate", "type": "application/atom+xml"})
        assert link and link["href"].startswith("/feeds/")
        assert client.get(link["href"]).status_code == 200


def test_new_applicable_recall_appears_in_the_vin_feed(tmp_path, database_url):
    content = tmp_path / "content"
    shutil.copytree(SMALL_CONTENT, content)
    paths = build_instance(content, tmp_path / "instance", database_url)
    app = open_app(paths, database_url)
    try:
        client = app.test_client()
        before = entry_ids(parse_atom(client.get(f"/feeds/vin/{FLEET_VIN}.atom")))
        assert not any(i.endswith("recall/26V999000") for i in before)
        # Test data: a copy of a real Model 3 recall under a new id, reported today.
        source = (content / "recalls" / "nhtsa" / "23V838000.md").read_text(encoding="utf-8")
        today = date.today().isoformat()
        copy = source.replace("id: 23V838000", "id: 26V999000", 1).replace(
            "report_date: 2023-12-12", f"report_date: {today}", 1)
        assert copy != source
        (content / "recalls" / "nhtsa" / "26V999000.md").write_text(copy, encoding="utf-8")
        build_instance(content, paths.root, database_url)
        feed = parse_atom(client.get(f"/feeds/vin/{FLEET_VIN}.atom"))
        after = entry_ids(feed)
        assert after[0].endswith("recall/26V999000")  # newest first
        assert feed.find(f"{ATOM}updated").text.startswith(today)
        assert set(before) < set(after)
    finally:
        state(app).close()


def _entries(feed: ET.Element) -> dict[str, ET.Element]:
    return {e.find(f"{ATOM}id").text.split(":")[-1]: e for e in feed.findall(f"{ATOM}entry")}


@pytest.mark.parametrize("lang, word", [("en", "estimated from the version number"), ("zh", "根据版本号估算")])
def test_estimated_release_dates_are_marked_in_entries(shipped_client, shipped_app, lang, word):
    """Every release entry whose date is derived from year.week says so in its title and summary."""
    from sqlalchemy import select

    from portal.db import content as db

    with shipped_app.app_context():
        session = state(shipped_app).content_session()
        try:
            estimated = {f"release/{m}/{v}" for m, v in session.execute(
                select(db.Release.make_slug, db.Release.version).where(db.Release.date_estimated.is_(True)))}
        finally:
            session.close()
    seen = 0
    for path in ("/feeds/releases.atom", "/feeds/tesla/releases.atom", "/feeds/rivian/releases.atom"):
        for key, entry in _entries(parse_atom(shipped_client.get(f"{path}?lang={lang}"))).items():
            title, summary = entry.find(f"{ATOM}title").text, entry.find(f"{ATOM}summary").text
            marked = word in title and word in summary
            assert marked == (key in estimated), (path, key, title)
            seen += key in estimated
    assert seen  # the Tesla feed holds estimated dates


@pytest.mark.parametrize("lang, word", [("en", "synthetic"), ("zh", "合成")])
def test_demo_car_feed_says_the_car_is_synthetic(client, lang, word):
    feed = parse_atom(client.get(f"/feeds/vin/{FLEET_VIN}.atom?lang={lang}"))
    assert word in feed.find(f"{ATOM}title").text and word in feed.find(f"{ATOM}subtitle").text
    entries = feed.findall(f"{ATOM}entry")
    assert entries and all(word in e.find(f"{ATOM}summary").text.lower() for e in entries)


def test_a_real_vin_feed_does_not_say_synthetic(client):
    feed = parse_atom(client.get("/feeds/vin/5YJ3E1EA4KF399991.atom?lang=en"))  # valid, not in the fleet
    assert "synthetic" not in ET.tostring(feed, encoding="unicode")
