"""Recall applicability and status on the shipped content, checked against NHTSA's own lists and the demo fleet.

The oracle: for every (make, model, model year) in NHTSA's per-vehicle recall
lists kept in content/upstream, a car of that make/model/year with no fleet
record gets exactly the campaigns NHTSA listed for it, no more, no fewer.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from portal.slugs import slugify
from portal.vehicles.service import lookup_vehicle, recalls_for
from portal.vehicles.vin import check_digit

REPO = Path(__file__).resolve().parent.parent
NHTSA_LISTS = sorted((REPO / "content" / "upstream" / "nhtsa_api_recalls_nidhi397").glob("*.csv"))
SHOWCASE = re.findall(r"\| `(\w{17})` \| (\S+) \| (\w+) \|", (REPO / "content" / "fleet" / "README.md").read_text("utf-8"))
with (REPO / "content" / "fleet" / "vehicles.csv").open(encoding="utf-8") as _handle:
    FLEET = list(csv.DictReader(line for line in _handle if not line.startswith("#")))


def _nhtsa_lists() -> dict[tuple[str, str, int], set[str]]:
    listed: dict[tuple[str, str, int], set[str]] = {}
    for path in NHTSA_LISTS:
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                key = (slugify(row["make"]), slugify(row["model"]), int(row["model_year"]))
                listed.setdefault(key, set()).add(row["nhtsa_campaign_number"])
    return listed


def test_oracle_every_nhtsa_vehicle_gets_exactly_its_campaigns(shipped_session):
    """NHTSA's rows come back exactly, as ``listed``; anything more is only what a notice's own text names."""
    listed = _nhtsa_lists()
    assert len(listed) > 100
    wrong = {}
    for (make, model, year), expected in listed.items():
        rows = [r for r in recalls_for(shipped_session, make, model, year, market="US") if r.authority == "NHTSA"]
        got = {r.id for r in rows if r.basis == "listed"}
        extra = {r.id for r in rows if r.basis != "listed"}
        if got != expected or not extra.isdisjoint(expected) or {r.basis for r in rows} - {"listed", "notice_text"}:
            wrong[(make, model, year)] = (sorted(got - expected), sorted(expected - got), sorted(extra & expected))
    assert not wrong


def test_2019_model_3_lists_all_21_campaigns_and_autosteer_remedied(shipped_client):
    expected = _nhtsa_lists()[("tesla", "model-3", 2019)]
    assert len(expected) == 21
    body = shipped_client.get("/api/v1/vehicles/5YJ3E1EA2KF317000").get_json()
    listed = [r for r in body["recalls"] if r["authority"] == "NHTSA"]
    # Every campaign NHTSA lists is in `recalls`, once. 21V846000 (affected software 2021.36.5.2 only)
    # is there as not_affected: the fleet record has the car on 2021.24.10 when it was filed.
    assert sorted(r["id"] for r in listed) == sorted(expected)
    ruled_out = {r["id"]: r for r in listed if r["status"] == "not_affected"}
    assert ruled_out.keys() == {"21V846000"} == {r["id"] for r in body["not_applicable"]}
    assert (ruled_out["21V846000"]["status_reason"], ruled_out["21V846000"]["evidence"]) == (
        "software_version", "2021.24.10")
    autosteer = next(r for r in body["recalls"] if r["id"] == "23V838000")
    assert autosteer["status"] == "remedied"
    # 2023.38.200.2 (installed 2023-09-19) predates the recall; the remedy is the first install after it.
    assert (autosteer["remedy_version"], autosteer["remedied_at"]) == ("2023.44.30.9", "2023-12-30")
    assert {r["market"] for r in body["recalls"]} == {"US"}


@pytest.mark.parametrize("vin, recall_id, status", SHOWCASE)
def test_demo_fleet_showcase_status(shipped_session, vin, recall_id, status):
    report = lookup_vehicle(shipped_session, vin, "en")
    found = {r["id"]: r for r in report.recalls}
    assert found[recall_id]["status"] == status
    if status == "remedied":
        assert found[recall_id]["remedied_at"] and found[recall_id]["remedy_version"]


def test_four_statuses_are_all_reachable(shipped_session):
    seen = {s for _, _, s in SHOWCASE}
    assert {"remedied", "open", "remedy_not_available"} <= seen
    teslas = (lookup_vehicle(shipped_session, v["vin"], "en") for v in FLEET if v["vin"].startswith("5YJ") and v["market"] == "US")
    dealer = next(car for car in teslas if any(r["status_reason"] == "dealer_repair_not_visible" for r in car.recalls))
    unknown = [r for r in dealer.recalls if r["status_reason"] == "dealer_repair_not_visible"]
    assert unknown and {r["status"] for r in unknown} == {"unknown"}
    assert all(r["remedy_type"] == "dealer" for r in unknown)


def test_remedy_not_available_is_never_shown_as_fine(shipped_session):
    vin = next(v for v, _, status in SHOWCASE if status == "remedy_not_available")
    report = lookup_vehicle(shipped_session, vin, "en")
    missing = [r for r in report.recalls if not r["remedy_available"]]
    assert missing and {r["status"] for r in missing} == {"remedy_not_available"}
    assert all(r["remedied_at"] is None for r in missing)


def test_market_follows_fleet_record_then_vin_region(shipped_session):
    # A US-built Tesla sold in China: the fleet record's market wins over the VIN's region.
    us_built = next(v["vin"] for v in FLEET if v["vin"].startswith("5YJ") and v["market"] == "CN")
    china_tesla = lookup_vehicle(shipped_session, us_built, "en")
    assert china_tesla.market == "CN" and {r["authority"] for r in china_tesla.recalls} == {"SAMR"}
    # Not in the fleet: a Shanghai-built (LRW) VIN is a Chinese-market car.
    unlisted = next(v["vin"] for v in FLEET if v["vin"].startswith("LRW"))[:11] + "000001"
    unlisted = unlisted[:8] + check_digit(unlisted) + unlisted[9:]
    assert unlisted not in {v["vin"] for v in FLEET}
    assert lookup_vehicle(shipped_session, unlisted, "en").market == "CN"


def test_vin_built_outside_both_markets_waits_for_the_owner(shipped_session):
    report = lookup_vehicle(shipped_session, "WP0ZZZ99ZTS392124", "en")  # Porsche built in Germany, no fleet record
    assert report.market is None and report.recalls == [] and report.coverage["authority"] is None
    assert report.coverage["status"] == "not_covered"
    assert [g["code"] for g in report.coverage["gaps"]] == ["market_not_chosen"]
    assert report.decoded["warnings"] == ["check_digit_mismatch"]


def test_model_not_in_vin_asks_for_a_choice_then_uses_it(shipped_session):
    vin = "1FMZZZZZ0NLA00001"  # a 2022 Ford whose descriptor no vPIC pattern reads (vPIC decodes 1FMDE5AH as a Bronco)
    vin = vin[:8] + check_digit(vin) + vin[9:]
    asked = lookup_vehicle(shipped_session, vin, "en")
    assert asked.model is None and asked.needs_model and asked.recalls == []
    slugs = {c["slug"] for c in asked.model_choices}
    assert "escape" in slugs and "fiesta" not in slugs  # the Fiesta has no data for 2022
    chosen = lookup_vehicle(shipped_session, vin, "en", chosen_model="escape")
    assert not chosen.needs_model and chosen.model == "escape" and chosen.model_source == "owner"
    assert {r["id"] for r in chosen.recalls} <= {r.id for r in recalls_for(shipped_session, "ford", "escape", 2022, "US")}
