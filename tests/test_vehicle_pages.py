"""VIN pages, the printable report, the model timeline and the home lookup, in English and Chinese (parsed HTML)."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

FLEET_VIN = "5YJ3E1EA2KF317000"


def soup(response, status: int = 200) -> BeautifulSoup:
    assert response.status_code == status, response.status_code
    return BeautifulSoup(response.data, "html.parser")


@pytest.mark.parametrize("lang, html_lang", [("en", "en"), ("zh", "zh-Hans")])
@pytest.mark.parametrize("path", [f"/vin/{FLEET_VIN}", f"/vin/{FLEET_VIN}/report", "/vin", "/models/tesla/model-3", "/"])
def test_pages_render_in_both_languages(client, path, lang, html_lang):
    page = soup(client.get(f"{path}?lang={lang}"))
    assert page.html["lang"] == html_lang
    headings = [int(h.name[1]) for h in page.find_all(["h1", "h2", "h3"])]
    assert headings[0] == 1 and all(b - a <= 1 for a, b in zip(headings, headings[1:]))  # no skipped level
    assert page.find("link", href=lambda h: h and h.endswith("vehicles.css"))


def test_vin_page_shows_car_verdict_recalls_and_timeline(client):
    page = soup(client.get(f"/vin/{FLEET_VIN}?lang=en"))
    facts = page.find("dl", class_="car-facts").get_text(" ", strip=True)
    assert "Tesla" in facts and "Model 3" in facts and "2019" in facts and "United States" in facts
    assert "Fremont, United States (USA)" in facts and "Demo fleet" in facts  # the plant as vPIC decodes it
    assert "remedied over the air" in page.find("p", class_="verdict").get_text()
    autosteer = next(li for li in page.select("ul.recall-list > li") if "23V838000" in li.get_text())
    assert autosteer.find(class_="status-remedied")
    assert "2023.44.30.14" in autosteer.get_text()
    timeline = page.find("ol", class_="timeline")
    remedy = [li for li in timeline.find_all("li", recursive=False) if "remedy" in (li.get("class") or [])]
    assert remedy and all(li.find("a", href=lambda h: h and h.startswith("/recalls/")) for li in remedy)
    assert timeline.find("li", class_="installed")
    links = {a["href"] for a in page.find_all("a", href=True)}
    assert f"/vin/{FLEET_VIN}/report" in links and f"/ask?vin={FLEET_VIN}" in links
    assert "NHTSA" in page.find("section", class_="coverage").get_text()


def test_vin_page_in_chinese_has_translated_chrome(client):
    page = soup(client.get(f"/vin/{FLEET_VIN}?lang=zh"))
    assert page.find("span", attrs={"aria-current": "true"}).get_text() == "中文"


@pytest.mark.parametrize("typed", ["5yj3-e1ea2kf-317000", " 5YJ3E1EA2KF317000 "])
def test_form_redirects_to_normalised_vin(client, typed):
    response = client.get("/vin", query_string={"vin": typed})
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/vin/{FLEET_VIN}")


@pytest.mark.parametrize("typed, words", [("5YJ3E1EA2KF31700", "17"), ("5YJ3E1EA3KF317000", "check digit")])
def test_bad_vin_rerenders_form_with_message_and_input(client, typed, words):
    page = soup(client.get("/vin", query_string={"vin": typed, "lang": "en"}), 400)
    box = page.find("input", id="vin-input")
    assert box["value"] == typed and box["aria-invalid"] == "true"
    error = page.find(id="vin-error")
    assert error["role"] == "alert" and words in error.get_text()
    assert page.find("label", attrs={"for": "vin-input"})


def test_unknown_manufacturer_page_explains(client):
    page = soup(client.get("/vin/AAA11111111111111?lang=zh"), 400)
    assert "AAA" in page.find(id="vin-error").get_text()


def test_model_chooser_redirects_to_model_page(client):
    response = client.get("/vin", query_string={"car": "tesla/model-3", "year": "2019"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/models/tesla/model-3#year-2019")


def test_home_has_vin_form_chooser_and_demo_vins(client):
    page = soup(client.get("/?lang=en"))
    assert page.find("form", action="/vin").find("input", attrs={"name": "vin"})
    options = [o["value"] for o in page.find("select", id="car-choice").find_all("option")]
    assert "tesla/model-3" in options
    demo = page.find("ul", class_="demo-vins").find_all("a")
    assert demo and all(a["href"].startswith("/vin/") for a in demo)


def test_demo_cars_cover_every_status_and_show_it(shipped_client):
    """The start page's demo cars come from the data: one per status, each really showing it."""
    items = soup(shipped_client.get("/?lang=en")).find("ul", class_="demo-vins").find_all("li")
    assert len(items) == 4
    wanted = ["remedied over the air", "still open", "no remedy available yet", "cannot show"]
    for item, phrase in zip(items, wanted):
        assert phrase in item.get_text()
        vin = item.find("a").get_text()
        recall_id = item.get_text().split("recall ")[1].split()[0].rstrip(",")
        body = shipped_client.get(f"/api/v1/vehicles/{vin}").get_json()
        status = {r["id"]: r["status"] for r in body["recalls"]}[recall_id]
        assert status == {"remedied over the air": "remedied", "still open": "open",
                          "no remedy available yet": "remedy_not_available", "cannot show": "unknown"}[phrase]


def test_report_page_has_dates_coverage_and_cited_note(client):
    page = soup(client.get(f"/vin/{FLEET_VIN}/report?lang=en"))
    text = page.get_text(" ", strip=True)
    assert "Generated" in text and "data as of" in text  # per source, never the build date
    assert "Data as of" not in text
    rows = page.find("table").find("tbody").find_all("tr")
    assert any("23V838000" in r.get_text() and "2023.44.30.14" in r.get_text() for r in rows)
    note = page.find("section", class_="note").get_text(" ", strip=True)
    assert "Why can OTA upgrades also be called recalls?" in note and "carries no date" in note
    assert page.find("section", class_="coverage")
    assert page.find("link", href=lambda h: h and h.endswith("print.css"), media="print")


def test_report_in_chinese_cites_chinese_title(client):
    page = soup(client.get(f"/vin/{FLEET_VIN}/report?lang=zh"))
    assert "为什么OTA升级也能叫召回" in page.find("section", class_="note").get_text()


def test_model_page_groups_recalls_by_year_and_lists_releases(client):
    page = soup(client.get("/models/tesla/model-3?lang=en"))
    block = page.find(id="year-2019")
    assert block and block.find("a", href="/recalls/23V838000")
    assert page.find("a", href="/releases/tesla/2023.44")


@pytest.mark.parametrize("path", ["/models/tesla/no-such-model", "/models/nomake/model-3"])
def test_model_page_404(client, path):
    assert client.get(path).status_code == 404


def test_park_outside_warning_without_fleet_record_says_it_may_apply(shipped_client):
    # A 2015 Korean-built Kia Optima, not in the fleet: the owner chose the US market and the model.
    page = soup(shipped_client.get("/vin/KNAGM4A72F5000001?lang=en&market=US&model=optima"))
    alert = page.find(attrs={"role": "alert"})
    text = alert.get_text(" ", strip=True)
    assert "20V519000" in text and "outside" in text and "may apply to this car" in text
    assert "danger" not in alert["class"] and "until recall" not in text
    assert "chosen by you" in page.find("dl", class_="car-facts").get_text()


def test_model_choice_page_links_models(shipped_client):
    page = soup(shipped_client.get("/vin/1FMZZZZZ5NLA00001?lang=en"))
    links = [a["href"] for a in page.select(".model-choices a")]
    assert links and all(h.startswith("/vin/1FMZZZZZ5NLA00001?") and "market=US" in h for h in links)
    chosen = soup(shipped_client.get(links[0]))
    assert not chosen.select(".model-choices")
