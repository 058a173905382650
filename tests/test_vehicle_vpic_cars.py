"""Real-world-shaped cars decoded as NHTSA decodes them: model, notice-named recalls, limits, timeline, coverage.

None of these VINs is in content/fleet or elsewhere in the project: each was
made from the maker's own vPIC pattern with a valid check digit, the way an
owner's car is. They must decode to their model without asking, reach every
recall whose notice names them (read from the notice rows in
content/upstream), be ruled out where the notice limits itself to cars these
are not, and show a timeline of their own recalls only.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from portal.vehicles import decode_vin, validate_vin
from portal.vehicles.attribute_limits import CAB_CREW, CAB_EXTENDED, notice_limits, ruled_out
from portal.vehicles.vin import check_digit
from portal.versions import version_key

REPO = Path(__file__).resolve().parent.parent
UPSTREAM_NHTSA = REPO / "content" / "upstream" / "nhtsa_api_recalls_nidhi397" / "recalls_by_vehicle_ford_tesla_toyota_2015_2025.csv"
with (REPO / "content" / "fleet" / "vehicles.csv").open(encoding="utf-8") as _handle:
    FLEET = {row["vin"] for row in csv.DictReader(_handle)}

MACH_E_2021 = "3FMTK2R79MR096583"
LIGHTNING_2023 = "1FT6W1EV4PL786426"
F150_SUPERCREW_2021 = "1FTFW1RB2MF140621"  # 3.3 L, SuperCrew
F150_SUPERCAB_2021 = "1FTPX1CP7MK401836"  # 2.7 L, SuperCab
F150_2025 = "1FTMF1KP1SL795848"
EXPEDITION_2025 = "1FMJU1RG0SU173861"
RANGER_2025 = "1FTER4LP4SF847208"
BRONCO_2025 = "1FMEE9AH4SK788393"
NAVIGATOR_2025 = "5LMJJ2RG2SE238928"
IONIQ5_2022 = "KM8KN4LF4NU806579"
MODEL_3_2021 = "5YJ3EAEC7MF514264"
LEXUS_2022 = "2T2AKAEZXNC299789"  # a make the portal holds nothing for

DECODES = [
    (MACH_E_2021, "ford", "mustang-mach-e", 2021),
    (LIGHTNING_2023, "ford", "f-150-lightning", 2023),
    (F150_SUPERCREW_2021, "ford", "f-150", 2021),
    (F150_SUPERCAB_2021, "ford", "f-150", 2021),
    (F150_2025, "ford", "f-150", 2025),
    (EXPEDITION_2025, "ford", "expedition", 2025),
    (RANGER_2025, "ford", "ranger", 2025),
    (BRONCO_2025, "ford", "bronco", 2025),
    (NAVIGATOR_2025, "ford", "lincoln-navigator", 2025),
    (IONIQ5_2022, "hyundai", "ioniq-5", 2022),
    (MODEL_3_2021, "tesla", "model-3", 2021),
]


def upstream_summary(campaign: str) -> str:
    """The notice summary of ``campaign`` as the upstream NHTSA rows carry it."""
    with UPSTREAM_NHTSA.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["nhtsa_campaign_number"] == campaign:
                return row["summary"]
    raise AssertionError(f"{campaign} is not in {UPSTREAM_NHTSA.name}")


def car(client, vin: str, **query) -> dict:
    response = client.get(f"/api/v1/vehicles/{vin}", query_string=query)
    assert response.status_code == 200, response.get_json()
    return response.get_json()


# --- decoding (no database) ------------------------------------------------------------------

@pytest.mark.parametrize("vin, make, model, year", DECODES)
def test_decodes_to_the_model_without_asking(vin, make, model, year):
    assert check_digit(vin) == vin[8] and vin not in FLEET
    assert validate_vin(vin).decodable
    decoded = decode_vin(vin)
    assert (decoded.make_slug, decoded.model_slug, decoded.model_year) == (make, model, year)
    assert decoded.model_source == "vpic"
    assert all(entry["source"] == "vpic" for entry in decoded.attributes.values())


def test_the_lightning_is_told_from_a_petrol_f150_by_its_electrification():
    lightning, petrol = decode_vin(LIGHTNING_2023), decode_vin(F150_2025)
    assert lightning.attribute("model") == petrol.attribute("model") == "F-150"  # vPIC's own name for both
    assert lightning.attribute("electrification").startswith("BEV") and petrol.attribute("electrification") is None
    assert (lightning.model_slug, lightning.model_name) == ("f-150-lightning", "F-150 Lightning")


def test_a_lincoln_is_a_ford_brand():
    decoded = decode_vin(NAVIGATOR_2025)
    assert decoded.attribute("make") == "LINCOLN" and decoded.brand == "Lincoln" and decoded.make_slug == "ford"


def test_china_market_wmis_fall_back_to_the_portal_table():
    decoded = decode_vin("LRW3E7EK8NC000123")
    assert (decoded.make_slug, decoded.model_slug) == ("tesla", "model-3")
    assert decoded.attributes["model"]["source"] == "portal_table"


# --- notice limits (no database) -------------------------------------------------------------

def test_notice_limits_are_read_from_the_list_of_vehicles():
    summary = upstream_summary("21V653000")
    assert "F-150 Super Cab" in summary
    assert [(limit.attribute, limit.allowed) for limit in notice_limits(summary, "F-150")] == [("cab_type", (CAB_EXTENDED,))]
    assert ruled_out(summary, "F-150", {"cab_type": CAB_CREW}).attribute == "cab_type"
    assert ruled_out(summary, "F-150", {"cab_type": CAB_EXTENDED}) is None
    assert ruled_out(summary, "F-150", {}) is None  # not decoded: never ruled out


def test_a_drive_that_belongs_to_one_engine_is_not_a_limit():
    text = ("Ford Motor Company (Ford) is recalling certain 2020-2022 Explorer vehicles equipped with a 2.3L RWD, "
            "3.3L GAS, 3.3L FHEV, or 3.0L ST powertrain. The rear axle bolt may fracture.")
    assert notice_limits(text, "Explorer") == []


def test_engine_limits_compare_displacements():
    summary = upstream_summary("24V635000")
    assert "2.7L or 3.0L" in summary
    assert ruled_out(summary, "F-150", {"displacement_l": "3.5"}).value == "3.5"
    assert ruled_out(summary, "F-150", {"displacement_l": "2.7"}) is None


# --- the shipped content -----------------------------------------------------------------------

@pytest.mark.parametrize("vin", [F150_2025, EXPEDITION_2025, RANGER_2025, BRONCO_2025, NAVIGATOR_2025])
def test_every_model_the_brake_booster_notice_names_reaches_it(shipped_client, vin):
    assert "2025 Lincoln Navigator, F-150, Expedition, Bronco, and Ranger" in upstream_summary("25V488000")
    body = car(shipped_client, vin)
    assert not body["needs_model"]
    row = next(r for r in body["recalls"] if r["id"] == "25V488000")
    assert row["basis"] == ("listed" if body["model"] == "f-150" else "notice_text")


@pytest.mark.parametrize("vin", [EXPEDITION_2025, NAVIGATOR_2025])
def test_the_trailer_module_notice_reaches_the_expedition_and_navigator(shipped_client, vin):
    assert "2022-2027 Lincoln Navigator, Expedition" in " ".join(upstream_summary("26V104000").split())
    assert "26V104000" in {r["id"] for r in car(shipped_client, vin)["recalls"]}


def test_the_chinese_summary_names_every_model_too(shipped_client):
    body = shipped_client.get("/api/v1/recalls/25V488000", query_string={"lang": "zh"}).get_json()
    text = str(body)
    for name in ("Expedition", "Bronco", "Ranger", "林肯 Navigator", "F-150"):
        assert name in text


def test_a_supercrew_is_ruled_out_of_the_super_cab_seat_belt_recall(shipped_client):
    crew = car(shipped_client, F150_SUPERCREW_2021)
    row = next(r for r in crew["recalls"] if r["id"] == "21V653000")
    assert row["status"] == "not_affected" and row["status_reason"] == "decoded_attribute"
    assert row["ruled_out_by"]["attribute"] == "cab_type" and row["ruled_out_by"]["value"] == CAB_CREW
    assert "21V653000" not in {a["recall_id"] for a in crew["advisories"]}
    cab = car(shipped_client, F150_SUPERCAB_2021)
    row = next(r for r in cab["recalls"] if r["id"] == "21V653000")
    assert row["status"] != "not_affected" and row["ruled_out_by"] is None


def test_the_ruled_out_recall_says_why_on_the_page(shipped_client):
    page = BeautifulSoup(shipped_client.get(f"/vin/{F150_SUPERCREW_2021}").get_data(as_text=True), "html.parser")
    text = " ".join(page.get_text(" ").split())
    assert "The notice covers only cars with cab type Extra/Super/Quad/Double/King/Extended" in text
    assert "reads this VIN as Crew/Super Crew/Crew Max" in text


def test_a_lightning_gets_no_petrol_truck_recalls(shipped_client):
    body = car(shipped_client, LIGHTNING_2023)
    assert body["model"] == "f-150-lightning" and not body["needs_model"]
    petrol = {r["id"] for r in car(shipped_client, "1FTFW1RB2MF140621")["recalls"]}
    assert not ({r["id"] for r in body["recalls"]} & petrol)
    assert body["coverage"]["status"] != "covered"


def test_the_timeline_names_only_this_cars_recalls(shipped_client):
    body = car(shipped_client, MODEL_3_2021)
    own = {r["id"] for r in body["recalls"]}
    named = {rid for release in body["releases"] for rid in release["remedies"]}
    assert named and named <= own
    for other in ("22V169000", "22V818000", "23V862000", "24V035000", "25V002000", "25V092000"):
        assert other not in named
    keys = [version_key(r["version"]) for r in body["releases"]]
    assert len(keys) == len(set(keys))


def test_release_page_still_names_every_remedy(shipped_client):
    releases = shipped_client.get("/api/v1/releases/tesla/2023.44").get_json()
    assert "23V838000" in releases["remedies"]


def test_duplicate_release_spellings_are_one_release(shipped_client):
    body = car(shipped_client, "5YJ3E1EA6LF000001")  # a 2020 Model 3, check digit valid
    versions = [r["version"] for r in body["releases"]]
    assert "2020.4" in versions and "2020.04" not in versions


@pytest.mark.parametrize("vin", [MACH_E_2021, IONIQ5_2022, NAVIGATOR_2025])
def test_coverage_is_not_claimed_for_models_no_source_was_queried_for(shipped_client, vin):
    body = car(shipped_client, vin, market="US")
    assert body["coverage"]["status"] != "covered"
    assert not any(s["scope"] == "by_vehicle" for s in body["coverage"]["sources"])


def test_coverage_comes_from_the_ledger_where_a_source_was_queried(shipped_client):
    body = car(shipped_client, F150_SUPERCREW_2021)
    assert body["coverage"]["status"] == "covered"
    assert any(s["source"] == "nhtsa_api_recalls_nidhi397" and s["scope"] == "by_vehicle"
               for s in body["coverage"]["sources"])


def test_the_nhtsa_lookup_is_the_first_link_of_a_us_car(shipped_client):
    page = BeautifulSoup(shipped_client.get(f"/vin/{MODEL_3_2021}").get_data(as_text=True), "html.parser")
    first = page.select_one("article.vehicle a")
    assert first["href"] == f"https://www.nhtsa.gov/recalls?vin={MODEL_3_2021}"


def test_a_make_the_portal_does_not_hold_is_said_once(shipped_client):
    page = BeautifulSoup(shipped_client.get(f"/vin/{LEXUS_2022}").get_data(as_text=True), "html.parser")
    article = page.select_one("article.vehicle")
    text = article.get_text(" ")
    assert text.count("holds no recall data for this car (") == 1 and text.count("may still have recalls") == 1
    # Named as the heading names it (NHTSA's decoder's names in title case), not in the decoder's capitals.
    assert "(2022 Lexus NX)" in text and "LEXUS" not in text
    assert article.select_one("form.market-chooser") is None
    assert article.select_one("a")["href"] == f"https://www.nhtsa.gov/recalls?vin={LEXUS_2022}"
