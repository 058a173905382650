"""Real cars that are not in the demo fleet: market, coverage, production window, certainty, decoded model.

Every VIN here is built the way owners' cars are (a real WMI and VDS pattern,
a valid check digit) and none is in content/fleet, so the verdicts must hold
without a fleet record: nothing is said to apply for sure, nothing is called
a clean record where the portal holds no data, and a warning is worded to
what the portal can know.
"""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from portal.db import content
from portal.vehicles.applicability import NOT_IN_MODEL_YEAR_WINDOW, exclusion_for, model_year_window
from portal.vehicles.market import choose_market, default_market, parse_market
from portal.vehicles.service import lookup_vehicle
from portal.vehicles.vin import check_digit

REPO = Path(__file__).resolve().parent.parent
with (REPO / "content" / "fleet" / "vehicles.csv").open(encoding="utf-8") as _handle:
    FLEET = {row["vin"]: row for row in csv.DictReader(_handle)}


def valid(body: str) -> str:
    """``body`` with its check digit put in position 9."""
    return body[:8] + check_digit(body) + body[9:]


MODEL_S_2012 = "5YJSA1CP4CFP02607"  # vPIC test vector: 2012 Tesla Model S, Fremont
PRIUS_JAPAN = valid("JTDKARFU0H3000001")  # 2017 Prius built in Japan
PORSCHE_GERMANY = valid("WP0AA2Y10LS000001")  # 2020 Taycan built in Germany
HYUNDAI_KOREA = valid("KM8J33A40MU000001")  # 2021 Tucson built in Korea
HONDA = valid("1HGCV1F30LA000001")  # 2020 Honda: a make the portal holds no data for
F150_2021 = valid("1FTFW1E50MFA00001")  # 2021 F-150 SuperCrew
MODEL_3_SHANGHAI = valid("LRW3E7EB0LC000001")  # 2020 Model 3 built in Shanghai
REAL_VINS = (MODEL_S_2012, PRIUS_JAPAN, PORSCHE_GERMANY, HYUNDAI_KOREA, HONDA, F150_2021, MODEL_3_SHANGHAI)


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def test_the_real_vins_are_valid_and_not_in_the_demo_fleet():
    for vin in REAL_VINS:
        assert check_digit(vin) == vin[8] and vin not in FLEET


# --- market -----------------------------------------------------------------------------------

@pytest.mark.parametrize("vin, market", [
    ("1FTFW1E50MFA00001", "US"), ("4T1B11HK0KU000001", "US"), ("5YJ3E1EA0KF000001", "US"),
    ("7FCTGAAA0NN000001", "US"),  # 7: United States (ISO 3780)
    ("2C3CCAAG0JH000001", "US"), ("3FADP4EJ0KM000001", "US"),  # Canada, Mexico: built for the US market
    ("LRW3E7EB0LC000001", "CN"),
    ("JTDKARFU0H3000001", None), ("WP0AA2Y10LS000001", None), ("KM8J33A40MU000001", None),
    ("SALGS2RE0LA000001", None),
])
def test_default_market_from_where_the_car_was_built(vin, market):
    assert default_market(vin) == market


@pytest.mark.parametrize("raw, market", [("US", "US"), ("cn", "CN"), (" us ", "US"), ("EU", None), ("", None), (None, None)])
def test_parse_market(raw, market):
    assert parse_market(raw) == market


def test_owner_choice_beats_fleet_record_and_vin(shipped_session):
    assert choose_market(shipped_session, F150_2021, "ford", "CN").market == "CN"
    assert choose_market(shipped_session, F150_2021, "ford", None, "CN").source == "fleet_record"
    choice = choose_market(shipped_session, MODEL_S_2012, "tesla", None)
    # SAMR recalled imported Model S cars, so a US-built Tesla may have been sold in China: offered, not assumed.
    assert (choice.market, choice.source, choice.other_market) == ("US", "vin", "CN")
    shanghai = choose_market(shipped_session, MODEL_3_SHANGHAI, "tesla", None)
    assert (shanghai.market, shanghai.other_market) == ("CN", None)


@pytest.mark.parametrize("vin, model", [(PRIUS_JAPAN, "prius"), (PORSCHE_GERMANY, "taycan"), (HYUNDAI_KOREA, "tucson")])
def test_car_built_outside_both_markets_waits_for_the_owner_then_gets_its_us_recalls(shipped_session, vin, model):
    waiting = lookup_vehicle(shipped_session, vin, "en")
    assert waiting.model == model and waiting.market is None and waiting.market_source is None
    assert waiting.recalls == [] and waiting.coverage["status"] == "not_covered"
    assert [g["code"] for g in waiting.coverage["gaps"]] == ["market_not_chosen"]
    chosen = lookup_vehicle(shipped_session, vin, "en", market="US")
    assert chosen.market == "US" and chosen.market_source == "owner"
    assert chosen.recalls and {r["authority"] for r in chosen.recalls} == {"NHTSA"}
    assert chosen.coverage["lookup_url"] == f"https://www.nhtsa.gov/recalls?vin={vin}"


def test_samr_recall_of_imported_cars_skips_a_shanghai_built_model_3(shipped_session):
    car = lookup_vehicle(shipped_session, MODEL_3_SHANGHAI, "en")
    ids = {r["id"] for r in car.recalls}
    assert car.market == "CN" and "cn-2024-06-tesla-seatbelt-reminder" not in ids  # imported cars only
    assert "cn-2024-01-tesla-autosteer" in ids  # imported and China-built Model 3s
    imported = lookup_vehicle(shipped_session, valid("5YJ3E1EA0KF000001"), "en", market="CN")  # a US-built Model 3 sold in China
    assert "cn-2024-06-tesla-seatbelt-reminder" in {r["id"] for r in imported.recalls}
    assert "cn-2025-01-tesla-eps" not in {r["id"] for r in imported.recalls}  # China-built cars only


# --- production window --------------------------------------------------------------------------

def test_model_year_window_is_the_year_before_and_the_year():
    assert model_year_window(2020) == (date(2019, 1, 1), date(2020, 12, 31))


class _Recall:
    def __init__(self, start, end):
        self.production_from, self.production_to = start, end
        self.affected_software = self.report_date = None


@pytest.mark.parametrize("start, end, year, ruled_out", [
    (date(2022, 1, 3), date(2023, 9, 23), 2020, True),   # built from 2022 on: not a MY2020 car
    (date(2016, 1, 1), date(2018, 12, 31), 2020, True),  # built up to 2018: not a MY2020 car
    (date(2020, 10, 15), date(2024, 7, 17), 2020, False),  # overlaps 2019-2020
    (date(2019, 1, 1), None, 2020, False),
    (None, date(2019, 1, 1), 2020, False),  # the first day of the window
    (None, None, 2020, False),
    (date(2022, 1, 3), None, None, False),  # no model year: nothing to narrow with
])
def test_production_range_against_the_model_year_window(start, end, year, ruled_out):
    found = exclusion_for(_Recall(start, end), None, [], year)
    assert (found is not None) == ruled_out
    if ruled_out:
        assert (found.reason, found.detail) == (NOT_IN_MODEL_YEAR_WINDOW, str(year))


def test_shanghai_model_3_of_2020_lists_later_production_recalls_as_not_for_this_car(shipped_session):
    car = lookup_vehicle(shipped_session, MODEL_3_SHANGHAI, "en")
    ruled_out = {r["id"]: r for r in car.not_applicable}
    assert {"cn-2025-01-tesla-eps", "cn-2025-01-tesla-rear-camera"} <= ruled_out.keys()
    assert {r["reason"] for r in ruled_out.values()} == {"model_year_window"}
    assert not ruled_out.keys() & {r["id"] for r in car.recalls}


# --- coverage ---------------------------------------------------------------------------------

def test_honda_is_not_covered_and_never_a_clean_record(shipped_session):
    car = lookup_vehicle(shipped_session, HONDA, "en")
    assert car.market == "US" and car.coverage["status"] == "not_covered" and car.recalls == []
    assert [g["code"] for g in car.coverage["gaps"]] == ["make_not_held"]
    assert car.coverage["lookup_url"] == f"https://www.nhtsa.gov/recalls?vin={HONDA}"


def test_a_make_not_held_is_named_as_the_decoder_names_it(shipped_client, shipped_session):
    """The page's heading says which car this is ("2020 Honda Accord"), not "Vehicle <VIN>" or the maker's legal name."""
    car = lookup_vehicle(shipped_session, "1HGCV1F35LA054321", "en")
    assert (car.make_name, car.model_name, car.model_year) == ("Honda", "Accord", 2020)
    heading = soup(shipped_client.get("/vin/1HGCV1F35LA054321?lang=en")).find("h1").get_text(" ", strip=True)
    assert "2020 Honda Accord" in heading


def test_japan_built_honda_needs_no_market_choice_to_be_not_covered(shipped_client, shipped_session):
    vin = valid("JHMCV1F30LC000001")  # a Japan-built 2020 Honda: no authority's data in the portal
    car = lookup_vehicle(shipped_session, vin, "en")
    assert car.market is None and car.coverage["status"] == "not_covered"
    assert [g["code"] for g in car.coverage["gaps"]] == ["make_not_held"]
    page = soup(shipped_client.get(f"/vin/{vin}?lang=en"))
    # One sentence for a make the portal holds nothing for (it was said four times), no market chooser.
    assert "may still have recalls" in page.find("div", class_="coverage-verdict").get_text()
    assert page.get_text().count("may still have recalls") == 1 and not page.find("form", class_="market-chooser")
    assert page.find("a", href=f"https://www.nhtsa.gov/recalls?vin={vin}")
    # The report does not send the owner to a market chooser the full page does not offer.
    report = soup(shipped_client.get(f"/vin/{vin}/report?lang=en")).get_text()
    assert "Choose the market" not in report and "does not mean the car has no recalls" in report


def test_f150_of_2021_is_covered_and_years_come_from_the_data(shipped_session):
    car = lookup_vehicle(shipped_session, F150_2021, "en")
    assert car.model == "f-150" and car.model_source == "vin"
    assert car.coverage["status"] == "covered" and car.coverage["authorities"] == ["NHTSA"]
    held = set(shipped_session.scalars(
        select(content.RecallVehicle.year).join(content.Recall, content.Recall.id == content.RecallVehicle.recall_id)
        .where(content.RecallVehicle.make_slug == "ford", content.RecallVehicle.model_slug == "f-150",
               content.Recall.market == "US", content.RecallVehicle.year.is_not(None))))
    assert 2021 in car.coverage["model_years"] and set(car.coverage["model_years"]) == held


def test_samr_coverage_is_partial_because_only_over_the_air_recalls_are_held(shipped_session):
    car = lookup_vehicle(shipped_session, MODEL_3_SHANGHAI, "en")
    assert car.coverage["status"] == "partial" and "ota_only" in {g["code"] for g in car.coverage["gaps"]}
    assert car.coverage["authority"] == "SAMR" and car.coverage["lookup_url"]


def test_model_s_of_2012_is_not_called_clean(shipped_session):
    car = lookup_vehicle(shipped_session, MODEL_S_2012, "en")
    assert (car.make, car.model, car.model_year, car.market) == ("tesla", "model-s", 2012, "US")
    codes = {g["code"] for g in car.coverage["gaps"]}
    assert car.coverage["status"] in ("partial", "not_covered") and "years_before_data" in codes
    if not car.recalls:
        assert car.coverage["status"] == "not_covered"


def test_hyundai_data_held_for_three_filing_years_is_partial(shipped_session):
    car = lookup_vehicle(shipped_session, HYUNDAI_KOREA, "en", market="US")
    gaps = {g["code"]: g["params"] for g in car.coverage["gaps"]}
    assert car.coverage["status"] == "partial" and gaps["filed_between"]["from"].startswith("2020")


# --- certainty and advisories -----------------------------------------------------------------

def test_no_fleet_record_means_may_apply_and_advisories_say_so(shipped_session):
    car = lookup_vehicle(shipped_session, F150_2021, "en")
    assert car.recalls and {r["certainty"] for r in car.recalls} == {"may_apply"}
    assert {r["basis"] for r in car.recalls} <= {"listed", "notice_text"}
    advisory = next(a for a in car.advisories if a["recall_id"] == "21V407000")
    assert advisory == {"recall_id": "21V407000", "kind": "park_it", "certainty": "may_apply"}
    # 21V653000 (do not drive) covers Super Cab trucks only: vPIC decodes this one as a SuperCrew.
    assert "21V653000" not in {a["recall_id"] for a in car.advisories}
    assert next(r for r in car.not_applicable if r["id"] == "21V653000")["ruled_out_by"]["attribute"] == "cab_type"


def test_fleet_record_settles_certainty(shipped_session):
    fleet = lookup_vehicle(shipped_session, "5YJ3E1EA2KF317000", "en")
    assert fleet.fleet_record and {r["certainty"] for r in fleet.recalls} == {"applies"}


# --- pages, report and API --------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/vin/{vin}?lang=en", "/vin/{vin}/report?lang=en"])
def test_f150_page_and_report_never_say_do_not_drive_without_a_record(shipped_client, path):
    page = soup(shipped_client.get(path.format(vin=F150_2021)))
    text = page.get_text(" ", strip=True)
    assert "Do not drive this car until" not in text
    alert = page.find(attrs={"role": "alert"})
    assert "21V407000" in alert.get_text() and "may apply to this car" in alert.get_text()
    assert "21V653000" not in alert.get_text()  # a Super Cab recall: this SuperCrew is ruled out
    assert "danger" not in alert["class"]


@pytest.mark.parametrize("path", ["/vin/{vin}", "/vin/{vin}/report"])
@pytest.mark.parametrize("lang, words", [("en", "may still have recalls"), ("zh", "仍可能有召回")])
def test_honda_page_and_report_link_the_authority_lookup(shipped_client, path, lang, words):
    page = soup(shipped_client.get(path.format(vin=HONDA) + f"?lang={lang}"))
    assert page.find("a", href=f"https://www.nhtsa.gov/recalls?vin={HONDA}")
    assert words in page.find("div", class_="coverage-verdict").get_text()
    assert "No recall in the portal" not in page.get_text()


def test_page_for_japan_built_car_shows_the_chooser_first(shipped_client):
    page = soup(shipped_client.get(f"/vin/{PRIUS_JAPAN}?lang=en"))
    chooser = page.find("form", class_="market-chooser")
    assert {i["value"] for i in chooser.find_all("input", attrs={"name": "market"})} == {"US", "CN"}
    assert "No recall" not in page.get_text() and not page.select("ul.recall-list")
    chosen = soup(shipped_client.get(f"/vin/{PRIUS_JAPAN}?lang=en&market=US"))
    assert chosen.select("ul.recall-list > li")
    report_link = next(a["href"] for a in chosen.find_all("a", href=True) if "/report" in a["href"])
    api_link = next(a["href"] for a in chosen.find_all("a", href=True) if a["href"].startswith("/api/v1/vehicles/"))
    assert "market=US" in report_link and "market=US" in api_link


def test_report_labels_a_model_chosen_by_the_owner(shipped_client):
    vin = valid("1FMZZZZZ0NLA00001")  # a 2022 Ford whose descriptor no vPIC pattern reads
    page = soup(shipped_client.get(f"/vin/{vin}/report?lang=en&model=escape"))
    assert "chosen by you" in page.find("h1").get_text() and "chosen by you" in page.find("dl", class_="car-facts").get_text()
    decoded = soup(shipped_client.get(f"/vin/{F150_2021}/report?lang=en"))
    assert "chosen by you" not in decoded.get_text()


def test_market_and_model_stay_in_the_links(shipped_client):
    page = soup(shipped_client.get(f"/vin/{PORSCHE_GERMANY}/report?market=US"))
    back = next(a["href"] for a in page.find_all("a", href=True) if a["href"].startswith(f"/vin/{PORSCHE_GERMANY}"))
    assert "market=US" in back
    redirected = shipped_client.get(f"/vin?vin={PORSCHE_GERMANY.lower()}&market=CN")
    assert "market=CN" in redirected.headers["Location"]


def test_api_gives_coverage_advisories_certainty_and_market(shipped_client):
    body = shipped_client.get(f"/api/v1/vehicles/{F150_2021}?lang=zh").get_json()
    assert body["market"] == "US" and body["market_source"] == "vin" and body["model"] == "f-150"
    assert set(body["coverage"]) >= {"status", "authorities", "model_years", "note", "lookup_url"}
    assert "NHTSA" in body["coverage"]["note"] and body["coverage"]["note"] != ""
    assert {"recall_id": "21V407000", "kind": "park_it", "certainty": "may_apply"} in body["advisories"]
    assert next(r for r in body["recalls"] if r["id"] == "21V653000")["status"] == "not_affected"  # Super Cab only
    assert all(r["certainty"] == "may_apply" and r["basis"] for r in body["recalls"])
    assert body["demo"] is False and body["note"] is None
    honda = shipped_client.get(f"/api/v1/vehicles/{HONDA}?lang=en").get_json()
    assert honda["coverage"]["status"] == "not_covered" and "may still have recalls" in honda["coverage"]["note"]


def test_api_marks_a_demo_car_as_synthetic(shipped_client):
    body = shipped_client.get("/api/v1/vehicles/5YJ3E1EA2KF317000?lang=en").get_json()
    assert body["demo"] is True and "synthetic" in body["note"]
    zh = shipped_client.get("/api/v1/vehicles/5YJ3E1EA2KF317000?lang=zh").get_json()
    assert zh["note"] and zh["note"] != body["note"]


@pytest.mark.parametrize("lang, text", [("en", "market"), ("zh", "市场")])
def test_api_rejects_an_unknown_market_in_the_request_language(shipped_client, lang, text):
    response = shipped_client.get(f"/api/v1/vehicles/{F150_2021}?market=EU&lang={lang}")
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == "invalid_market" and text in error["message"]


def test_decoded_model_line_covers_the_variants_the_lists_keep_apart(shipped_session):
    from portal.vehicles.service import recalls_for
    cayenne = lookup_vehicle(shipped_session, valid("WP1AC2AY0ML000001"), "en", market="US")  # a 2021 Cayenne
    assert cayenne.model == "cayenne" and cayenne.model_source == "vin"
    shown = {r["id"] for r in cayenne.recalls} | {r["id"] for r in cayenne.not_applicable}
    variants = {r.id for slug in ("cayenne-s", "cayenne-gts", "cayenne-e-hybrid")
                for r in recalls_for(shipped_session, "porsche", slug, 2021, "US")}
    assert variants and variants <= shown
    assert {r["certainty"] for r in cayenne.recalls} == {"may_apply"}
