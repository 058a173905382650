"""/search page and the browse pages' filters: results, facets, redirects, any input; parsed HTML."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import func, select

from portal.db import content as db
from portal.state import state

MALFORMED = ['"', "AND OR", "*", "x" * 10_000, "auto\x00steer\x07", "(((", "NOT NOT", "<script>alert(1)</script>"]


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.data, "html.parser")


def hit_links(page) -> list[str]:
    return [a["href"] for a in page.select("ol.hits a.hit-title")]


@pytest.mark.parametrize("query, lang, expected", [
    ("autosteer", "en", "/recalls/23V838000"),
    ("rearview camera", "en", "/recalls/24V801000"),
    ("辅助驾驶", "zh", "/recalls/S2025M0149I"),
])
def test_page_finds_expected_records(client, query, lang, expected):
    page = soup(client.get("/search", query_string={"q": query, "lang": lang}))
    assert expected in hit_links(page)
    assert page.find("input", id="q")["value"] == query
    assert page.find("label", attrs={"for": "q"})
    assert page.select_one("ol.hits .badge")
    assert page.find("nav", class_="breadcrumbs")


def test_snippet_highlights_are_marks_and_user_text_is_escaped(client):
    page = soup(client.get("/search?q=autosteer"))
    assert page.select("p.snippet mark")
    hostile = soup(client.get("/search", query_string={"q": "<script>alert(1)</script>"}))
    assert not hostile.find("script")


@pytest.mark.parametrize("query, target", [
    ("24V-051", "/recalls/24V051000"), ("23V838", "/recalls/23V838000"), ("2023.44", "/releases/tesla/2023.44"),
])
def test_exact_ids_and_versions_redirect(client, query, target):
    response = client.get("/search", query_string={"q": query})
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == target


def test_facet_links_narrow_results_and_counts_match(client):
    page = soup(client.get("/search?q=tesla&lang=en"))
    link = page.find("a", attrs={"data-facet": "type", "data-value": "recall"})
    count = int(link.find("span", class_="count").get_text())
    narrowed = soup(client.get(link["href"]))
    assert parse_qs(urlsplit(link["href"]).query)["type"] == ["recall"]
    assert all(href.startswith("/recalls/") for href in hit_links(narrowed))
    assert len(hit_links(narrowed)) == min(count, 20)
    chosen = narrowed.find("a", attrs={"data-facet": "type", "data-value": "recall"})
    assert chosen["aria-current"] == "true"


def test_every_facet_group_is_listed_with_its_counts(client, app):
    page = soup(client.get("/search?q=tesla&lang=en"))
    with app.app_context():
        session = state(app).content_session()
        tesla = session.scalar(select(func.count()).select_from(db.Recall).where(db.Recall.make_slug == "tesla"))
        session.close()
    recall_link = page.find("a", attrs={"data-facet": "type", "data-value": "recall"})
    assert int(recall_link.find("span", class_="count").get_text()) == tesla
    groups = {a["data-facet"] for a in page.find_all("a", attrs={"data-facet": True})}
    assert {"type", "make", "model", "model_year", "remedy_type", "authority", "year"} <= groups


def test_sort_and_pagination_links_keep_the_query(shipped_client):
    page = soup(shipped_client.get("/search?q=recall&lang=en"))
    next_link = page.select_one("nav.pager a[rel=next]")
    assert next_link and parse_qs(urlsplit(next_link["href"]).query)["q"] == ["recall"]
    second = soup(shipped_client.get(next_link["href"]))
    assert second.select("ol.hits li") and second.find("ol", class_="hits")["start"] == "21"
    newest = soup(shipped_client.get("/search?q=recall&sort=newest"))
    dates = [li.find("p", class_="muted").get_text() for li in newest.select("ol.hits li")]
    assert dates


def test_did_you_mean(client):
    page = soup(client.get("/search?q=autosteet"))
    suggestion = page.find("p", class_="suggestion")
    assert suggestion and "autosteer" in suggestion.find("a").get_text()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_empty_state_suggests_examples(client, lang):
    for url in (f"/search?lang={lang}", f"/search?q=zzqqxxnothing&lang={lang}"):
        page = soup(client.get(url))
        assert page.select("ul.examples a")
        assert page.find("h1").get_text(strip=True)


@pytest.mark.parametrize("query", MALFORMED)
def test_any_input_returns_a_page(client, query):
    page = soup(client.get("/search", query_string={"q": query}))
    assert page.find("main", id="main")


def test_shipped_chinese_page_query(shipped_client):
    page = soup(shipped_client.get("/search", query_string={"q": "后视摄像头", "lang": "zh", "make": "tesla", "type": "recall"}))
    assert "/recalls/cn-2025-01-tesla-rear-camera" in hit_links(page)


def test_nav_links_to_search_and_statistics(client):
    nav = soup(client.get("/search?lang=en")).find("nav", attrs={"aria-label": "Main"})
    hrefs = {a["href"] for a in nav.find_all("a")}
    assert {"/search", "/stats"} <= hrefs


@pytest.mark.parametrize("path, option_ids", [
    ("/recalls?make=tesla", ["f-make", "f-model", "f-model-year", "f-year", "f-authority", "f-remedy"]),
    ("/releases?make=tesla", ["f-make", "f-model", "f-year", "f-category"]),  # Tesla notes list no model years
])
def test_browse_filters_show_counts(client, path, option_ids):
    page = soup(client.get(path + "&lang=en"))
    for select_id in option_ids:
        options = page.find("select", id=select_id).find_all("option")
        assert len(options) > 1 and options[1].get_text().strip().endswith(")")
    assert page.find("link", attrs={"type": "application/atom+xml"})


def test_browse_model_year_filter_matches_sql(client, app):
    page = soup(client.get("/recalls?make=tesla&model=model-3&model_year=2019&lang=en"))
    shown = {a["href"].rsplit("/", 1)[-1] for a in page.select("ul.result-list a")}
    with app.app_context():
        session = state(app).content_session()
        expected = set(session.scalars(select(db.RecallVehicle.recall_id).where(
            db.RecallVehicle.make_slug == "tesla", db.RecallVehicle.model_slug == "model-3",
            (db.RecallVehicle.year == 2019) | db.RecallVehicle.year.is_(None))))
        session.close()
    assert shown == expected
    option = page.find("select", id="f-model-year").find("option", selected=True)
    assert option.get_text().strip().endswith(f"({len(expected)})")


def test_browse_year_filter(client):
    page = soup(client.get("/releases?released_year=2024&lang=en"))
    assert page.select("ul.result-list li")
    assert page.find("select", id="f-year").find("option", selected=True)["value"] == "2024"
