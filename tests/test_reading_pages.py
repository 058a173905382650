"""The pages a person reads: the VIN page leads with the verdict, the report is a compact table,
an empty make says why, and the make lists offer cars."""

from __future__ import annotations

import base64
import re

import pytest
from bs4 import BeautifulSoup

from tests.support.browser import make_driver
from tests.support.live_server import serve_wsgi

MODEL_3_2021 = "5YJ3E1EA2MF123456"  # a 2021 Model 3 built in Fremont: valid check digit, not in the demo fleet


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.data, "html.parser")


def test_vin_page_leads_with_the_verdict_and_what_to_do(shipped_client):
    page = soup(shipped_client.get(f"/vin/{MODEL_3_2021}?market=US&lang=en"))
    article = page.find("article", class_="vehicle")
    blocks = [child for child in article.find_all(recursive=False)]
    lead = article.find("section", class_="lead")
    assert blocks.index(lead) < blocks.index(article.find("dl", class_="car-facts"))
    assert "21 whose status cannot be seen" in lead.find("p", class_="verdict").get_text()
    steps = [li.get_text(" ", strip=True) for li in lead.select("ol.to-do > li")]
    assert any("Enter the software version" in step for step in steps)
    assert any("dealer" in step for step in steps)
    # the status is the same for all 21, so its reason is said once, and each recall is one compact row
    assert len(page.select("ul.recall-list.compact > li.is-unknown")) == 21
    assert page.get_text().count("There is no fleet record for this car") == 1


def test_remedied_and_ruled_out_recalls_sit_behind_a_disclosure(shipped_client):
    page = soup(shipped_client.get(f"/vin/{MODEL_3_2021}?market=US&version=2023.44.30&lang=en"))
    settled = page.find("details", class_="settled")
    assert settled is not None and not settled.has_attr("open")
    inside = {li["class"][0] for li in settled.select("ul.recall-list > li")}
    assert inside and inside <= {"is-remedied", "is-not_affected"}
    outside = [li for li in page.select("ul.recall-list > li") if not li.find_parent("details", class_="settled")]
    assert all(li["class"][0] in ("is-open", "is-unknown", "is-remedy_not_available") for li in outside)
    assert page.select_one("h3.group-heading").get_text(strip=True).startswith("Open on this car")


def test_report_is_one_compact_row_per_recall_with_the_notes_once(shipped_client):
    page = soup(shipped_client.get(f"/vin/{MODEL_3_2021}/report?market=US&lang=en"))
    table = page.find("table", class_="report-recalls")
    assert [th.get_text(strip=True) for th in table.select("thead th")] == [
        "Recall", "Reported", "Remedy", "Applies?", "Status"]
    rows = table.select("tbody tr")
    assert len(rows) == 21
    assert {row.find_all("td")[3].get_text(strip=True) for row in rows} == {"May apply\xa0¹"}
    notes = page.find("p", class_="table-notes").get_text(" ", strip=True)
    assert notes.count("only the maker's record for this VIN can confirm it") == 1


@pytest.mark.parametrize("lang, words", [("en", "The portal holds no recalls for Rivian"), ("zh", "本站没有Rivian的召回记录")])
def test_a_make_without_recalls_says_so(shipped_client, lang, words):
    page = soup(shipped_client.get(f"/recalls?make=rivian&lang={lang}"))
    assert words in page.find("p", class_="no-make-recalls").get_text()
    held = soup(shipped_client.get("/recalls?make=tesla&model_year=2012&remedy_type=other&lang=en"))
    assert held.find("p", class_="no-make-recalls") is None  # filters that empty a held make say nothing more


def test_make_lists_offer_passenger_cars_only(shipped_client):
    home = soup(shipped_client.get("/?lang=en"))
    browse = {a.get_text(strip=True) for a in home.select(".make-list a")}
    assert "Rivian" not in browse and {"BMW", "Volvo", "Tesla"} <= browse
    offered = {option["value"] for option in home.select("#car-choice option")}
    assert {"bmw/x5", "volvo/xc90", "tesla/model-3", "rivian/r1t"} <= offered
    assert not {"bmw/r-1250-gs", "bmw/c-400-x", "bmw/k-1600-gtl", "volvo/vnl", "volvo/vnr", "volvo/vah"} & offered
    lookup = soup(shipped_client.get("/vin?lang=en"))
    assert {option["value"] for option in lookup.select("#car-choice option")} == offered


@pytest.mark.browser
def test_phone_page_and_printed_report_are_short(shipped_app):
    driver = make_driver("en")
    try:
        with serve_wsgi(shipped_app) as base:
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                   {"width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": True})
            driver.get(f"{base}/vin/{MODEL_3_2021}?market=US&lang=en")
            # 12,697 px before the verdict led and settled recalls and the timeline went behind disclosures
            assert driver.execute_script("return document.documentElement.scrollHeight") < 7000
            driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
            driver.get(f"{base}/vin/{MODEL_3_2021}/report?market=US&lang=en")
            pdf = base64.b64decode(driver.execute_cdp_cmd("Page.printToPDF", {
                "printBackground": False, "paperWidth": 8.27, "paperHeight": 11.69, "preferCSSPageSize": True})["data"])
            assert 0 < len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", pdf)) <= 3  # 8 before, for these 21 recalls
    finally:
        driver.quit()
