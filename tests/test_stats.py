"""/stats: numbers equal SQL counts, every chart has a captioned table, published totals cite sources."""

from __future__ import annotations

import pytest
import yaml
from bs4 import BeautifulSoup
from sqlalchemy import Integer, case, cast, extract, func, select

from portal.db import content as db
from portal.stats.service import PUBLISHED_TOTALS
from tests.support.content_db import content_rows

OTA = ("ota", "ota+dealer")
# The year a recall counts in: report date, else announce date, else the month of a notice whose day is unknown.
YEAR = func.coalesce(extract("year", func.coalesce(db.Recall.report_date, db.Recall.announce_date)),
                     cast(func.substr(db.Recall.report_month, 1, 4), Integer))


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.data, "html.parser")


def cells(page, section_id: str, key: str) -> dict[str, list[str]]:
    rows = page.find("section", id=section_id).find("table").find("tbody").find_all("tr")
    return {row[key]: [td.get_text(strip=True) for td in row.find_all("td")] for row in rows}


@pytest.fixture(params=["app", "shipped_app"])
def any_app(request):
    return request.getfixturevalue(request.param)


def test_per_year_counts_equal_sql(any_app):
    page = soup(any_app.test_client().get("/stats?lang=en"))
    year = YEAR
    expected = {str(int(y)): n for y, n in content_rows(any_app, select(year, func.count()).where(
        db.Recall.remedy_type.in_(OTA), year.is_not(None)).group_by(year))}
    shown = {y: int(values[-1]) for y, values in cells(page, "ota-by-year", "data-year").items()}
    assert shown == expected


def test_per_make_share_and_category_counts_equal_sql(any_app):
    page = soup(any_app.test_client().get("/stats?lang=zh"))
    makes = dict(content_rows(any_app, select(db.Recall.make_slug, func.count()).where(
        db.Recall.remedy_type.in_(OTA)).group_by(db.Recall.make_slug)))
    assert {m: int(v[0]) for m, v in cells(page, "ota-by-make", "data-make").items()} == makes
    categories = dict(content_rows(any_app, select(db.Release.category, func.count()).group_by(db.Release.category)))
    assert {c: int(v[0]) for c, v in cells(page, "releases-by-category", "data-category").items()} == categories
    shares = cells(page, "ota-share", "data-authority")
    for authority, total, ota in content_rows(any_app, select(db.Recall.authority, func.count(), func.sum(
            case((db.Recall.remedy_type.in_(OTA), 1), else_=0))).group_by(db.Recall.authority)):
        assert shares[authority][:2] == [str(ota), str(total)]


def _population_cells(page) -> dict[str, list]:
    rows = page.find("section", id="population").find("table").find("tbody").find_all("tr")
    return {row["data-year"]: row.find_all("td") for row in rows}


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_population_equals_sql_and_unknown_is_not_zero(shipped_app, lang):
    page = soup(shipped_app.test_client().get(f"/stats?lang={lang}"))
    shown = _population_cells(page)
    grouped = content_rows(shipped_app, select(YEAR, db.Recall.authority, func.count(), func.sum(db.Recall.population),
                                      func.count(db.Recall.population))
                  .where(db.Recall.remedy_type.in_(OTA), YEAR.is_not(None)).group_by(YEAR, db.Recall.authority))
    unknown_word = "未知" if lang == "zh" else "unknown"
    seen_all_unknown = seen_partial = False
    for year, authority, count, known_sum, with_number in grouped:
        cell = shown[str(int(year))][0 if authority == "NHTSA" else 1]
        assert int(cell["data-known"]) == int(known_sum or 0)
        assert int(cell["data-unknown"]) == count - with_number
        text = cell.get_text(" ", strip=True)
        if with_number == 0:
            seen_all_unknown = True
            assert text.startswith(unknown_word) and not text.startswith("0"), (year, authority, text)
        elif with_number < count:
            seen_partial = True
            assert f"{int(known_sum):,}" in text and str(count - with_number) in text, (year, authority, text)
        else:
            assert text == f"{int(known_sum):,}"
    assert seen_all_unknown and seen_partial  # the shipped data has both cases


def test_samr_share_is_not_presented_as_a_finding(shipped_app):
    page = soup(shipped_app.test_client().get("/stats?lang=en"))
    share = page.find("section", id="ota-share")
    samr = cells(page, "ota-share", "data-authority")["SAMR"]
    assert "%" not in samr[2] and "only" in samr[2]
    assert "SAMR" not in share.find("svg").get_text()  # no 100% bar for a selected authority
    assert "only those SAMR" in page.find(id="selection-caveat").get_text()


def test_every_samr_recall_counts_in_a_year(shipped_app):
    """No SAMR recall is left out of the per-year tables for want of a date."""
    page = soup(shipped_app.test_client().get("/stats?lang=en"))
    held = content_rows(shipped_app, select(func.count()).select_from(db.Recall).where(db.Recall.authority == "SAMR"))[0][0]
    dated = content_rows(shipped_app, select(func.count()).select_from(db.Recall).where(
        db.Recall.authority == "SAMR", YEAR.is_not(None)))[0][0]
    assert held == dated
    per_year = cells(page, "ota-by-year", "data-year")
    assert sum(int(v[1]) for v in per_year.values()) == held


@pytest.mark.parametrize("lang, line", [("en", "2024: SAMR 19, portal 10"), ("zh", "2024年：市场监管总局统计 19 次，本站收录 10 条")])
def test_samr_counted_beside_portal_held(shipped_app, lang, line):
    page = soup(shipped_app.test_client().get(f"/stats?lang={lang}"))
    coverage = {li["data-year"]: li.get_text(strip=True) for li in page.select("#published ul.coverage li")}
    assert coverage["2024"] == line
    rows = cells(page, "published", "data-year")
    assert [rows[y][2] for y in ("2023", "2024", "2025")] == ["3", "10", "7"]


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
