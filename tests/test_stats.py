"""/stats: numbers equal SQL counts, every chart has a captioned table, published totals cite sources."""

from __future__ import annotations


import pytest
import yaml
from bs4 import BeautifulSoup
from sqlalchemy import extract, func, select

from portal.db import content as db
from portal.state import state
from portal.stats.service import PUBLISHED_TOTALS

OTA = ("ota", "ota+dealer")


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.data, "html.parser")


def cells(page, section_id: str, key: str) -> dict[str, list[str]]:
    rows = page.find("section", id=section_id).find("table").find("tbody").find_all("tr")
    return {row[key]: [td.get_text(strip=True) for td in row.find_all("td")] for row in rows}


def sql(app, statement):
    with app.app_context():
        session = state(app).content_session()
        try:
            return session.execute(statement).all()
        finally:
            session.close()


@pytest.fixture(params=["app", "shipped_app"])
def any_app(request):
    return request.getfixturevalue(request.param)


def test_per_year_counts_equal_sql(any_app):
    page = soup(any_app.test_client().get("/stats?lang=en"))
    year = extract("year", func.coalesce(db.Recall.report_date, db.Recall.announce_date))
    expected = {str(int(y)): n for y, n in sql(any_app, select(year, func.count()).where(
        db.Recall.remedy_type.in_(OTA), year.is_not(None)).group_by(year))}
    shown = {y: int(values[-1]) for y, values in cells(page, "ota-by-year", "data-year").items()}
    assert shown == expected


def test_per_make_share_and_category_counts_equal_sql(any_app):
    page = soup(any_app.test_client().get("/stats?lang=zh"))
    makes = dict(sql(any_app, select(db.Recall.make_slug, func.count()).where(
        db.Recall.remedy_type.in_(OTA)).group_by(db.Recall.make_slug)))
    assert {m: int(v[0]) for m, v in cells(page, "ota-by-make", "data-make").items()} == makes
    categories = dict(sql(any_app, select(db.Release.category, func.count()).group_by(db.Release.category)))
    assert {c: int(v[0]) for c, v in cells(page, "releases-by-category", "data-category").items()} == categories
    total = sql(any_app, select(func.count()).select_from(db.Recall))[0][0]
    ota = sql(any_app, select(func.count()).select_from(db.Recall).where(db.Recall.remedy_type.in_(OTA)))[0][0]
    assert cells(page, "ota-share", "data-authority")["all"][:2] == [str(ota), str(total)]


def test_population_equals_sql(shipped_app):
    page = soup(shipped_app.test_client().get("/stats?lang=en"))
    year = extract("year", func.coalesce(db.Recall.report_date, db.Recall.announce_date))
    expected = {str(int(y)): int(n or 0) for y, n in sql(shipped_app, select(year, func.sum(db.Recall.population)).where(
        db.Recall.remedy_type.in_(OTA), year.is_not(None)).group_by(year))}
    shown = {y: int(v[-1].replace(",", "")) for y, v in cells(page, "population", "data-year").items()}
    assert shown == expected


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_chart_has_a_captioned_table(client, lang):
    page = soup(client.get(f"/stats?lang={lang}"))
    for section in page.find_all("section", class_="stat"):
        table = section.find("table")
        assert table and table.find("caption").get_text(strip=True)
        svg = section.find("svg")
        if svg is not None:
            assert svg["aria-hidden"] == "true" and svg.find("title")


def test_published_totals_are_shown_with_sources(client):
    figures = yaml.safe_load(PUBLISHED_TOTALS.read_text(encoding="utf-8"))
    page = soup(client.get("/stats?lang=en"))
    rows = cells(page, "published", "data-year")
    for figure in figures["yearly"]:
        assert figure["source"]["url"].startswith("http") and figure["source"]["date"]
        shown = rows[str(figure["year"])]
        assert shown[0] == str(figure["ota_recalls"])
        assert shown[1].replace(",", "") == str(figure["vehicles"])
    assert rows["2024"][:2] == ["19", "4,068,000"]  # SAMR 2024: 19 OTA recalls, 4.068 million vehicles
    links = {a["href"] for a in page.find("section", id="published").find_all("a")}
    assert {f["source"]["url"] for f in figures["yearly"]} <= links
