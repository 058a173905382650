"""The demo fleet generator: deterministic, valid VINs, installs that obey the content."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

import pytest

from indexer import frontmatter
from indexer.fleet import (
    INSTALL_FIELDS,
    SHOWCASE_VIN,
    VEHICLE_FIELDS,
    Car,
    generate_demo_fleet,
    load_content,
    recall_applies,
    write_demo_fleet,
)
from indexer.fleet_cars import DECODED_MAKES
from portal.vehicles import decode_vin, validate_vin
from portal.versions import version_key

CONTENT = Path(__file__).resolve().parents[1] / "content"
ALL_YEARS = list(range(2017, 2024))

# Test-only content: ids marked "FIXTURE" do not exist at any authority.
RELEASES = [
    {"make": "tesla", "version": "2023.38", "date": date(2023, 9, 25), "markets": ["US"], "models": [],
     "point_versions": [{"version": "2023.38.9"}, {"version": "2023.38.10"}]},
    {"make": "tesla", "version": "2023.44", "date": date(2023, 10, 30), "markets": ["US"], "models": None,
     "point_versions": [{"version": "2023.44.30"}, {"version": "2023.44.30.8"}]},
    {"make": "tesla", "version": "2024.2", "date": date(2024, 1, 10), "markets": ["US"],
     "models": [{"model": "model-3", "years": None}, {"model": "model-y", "years": None}],
     "point_versions": [{"version": "2024.2.6"}]},
    {"make": "rivian", "version": "2023.30.00", "date": date(2023, 8, 1), "markets": ["US"],
     "models": [{"model": "r1t", "years": [2022, 2023]}], "point_versions": [{"version": "2023.30.00"}]},
]
RECALLS = [
    {"id": "23V838000", "authority": "NHTSA", "make": "tesla", "market": "US", "report_date": date(2023, 12, 12),
     "vehicles": [{"model": "model-3", "years": ALL_YEARS}, {"model": "model-y", "years": [2020, 2021, 2022, 2023]}],
     "production": None, "remedy_type": "ota", "remedy_available": True, "remedy_version": "2023.44.30"},
    {"id": "FIXTURE-NO-REMEDY", "authority": "NHTSA", "make": "tesla", "market": "US", "report_date": None,
     "vehicles": [{"model": "model-s", "years": [2021, 2022]}], "production": None,
     "remedy_type": "ota", "remedy_available": False, "remedy_version": None},
    {"id": "FIXTURE-FORD", "authority": "NHTSA", "make": "ford", "market": "US", "report_date": date(2022, 5, 1),
     "vehicles": [{"model": "f-150", "years": [2021, 2022]}], "production": None,
     "remedy_type": "dealer", "remedy_available": True, "remedy_version": None},
    {"id": "cn-fixture-tesla", "authority": "SAMR", "make": "tesla", "market": "CN", "report_date": date(2023, 11, 1),
     "vehicles": [{"model": "model-3", "years": None}], "production": {"from": date(2021, 1, 1), "to": date(2023, 6, 1)},
     "remedy_type": "ota", "remedy_available": True, "remedy_version": "2023.38.9"},
]


def _write(path: Path, meta: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(frontmatter.render(frontmatter.Document(meta)), encoding="utf-8")


@pytest.fixture(scope="module")
def content(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("content")
    for release in RELEASES:
        _write(root / "releases" / release["make"] / f"{release['version']}.md", release)
    for recall in RECALLS:
        _write(root / "recalls" / recall["authority"].lower() / f"{recall['id']}.md", recall)
    return root


@pytest.fixture(scope="module")
def fleet(content):
    return generate_demo_fleet(content, count=80, seed=7)


def _car(row: dict) -> Car:
    return Car(row["make"], row["model"], int(row["model_year"]), row["market"],
               date.fromisoformat(row["production_date"]))


def _installs_by_vin(installs: list[dict]) -> dict[str, list[dict]]:
    found: dict[str, list[dict]] = {}
    for row in installs:
        found.setdefault(row["vin"], []).append(row)
    return found


def test_same_seed_same_fleet_other_seed_other_fleet(content, fleet):
    assert generate_demo_fleet(content, count=80, seed=7) == fleet
    assert generate_demo_fleet(content, count=80, seed=8) != fleet


def test_count_columns_and_unique_vins(fleet):
    vehicles, installs = fleet
    assert len(vehicles) == 80 == len({row["vin"] for row in vehicles})
    assert all(tuple(row) == VEHICLE_FIELDS for row in vehicles)
    assert all(tuple(row) == INSTALL_FIELDS for row in installs)


def test_demo_models_use_their_own_vin_patterns():
    vehicles = _shipped("vehicles.csv")
    by_model: dict[tuple[str, str], set[str]] = {}
    for row in vehicles:
        by_model.setdefault((row["make"], row["model"]), set()).add(row["vin"][:5])
    ford = {model: prefixes for (make, model), prefixes in by_model.items() if make == "ford"}
    assert len(ford) >= 3 and all(not (a & b) for m, a in ford.items() for n, b in ford.items() if m != n)
    rivian = {model: prefixes for (make, model), prefixes in by_model.items() if make == "rivian"}
    assert rivian.get("r1s", {"7PDSG"}) == {"7PDSG"} and rivian.get("r1t", {"7FCTG"}) == {"7FCTG"}


def check_vehicles_decode(vehicles: list[dict]) -> None:
    for row in vehicles:
        check = validate_vin(row["vin"])
        assert check.decodable and not check.warnings, row
        decoded = decode_vin(row["vin"])
        assert (decoded.make_slug, decoded.model_year) == (row["make"], int(row["model_year"])), row
        if decoded.model_source != "vpic":
            # The demo VINs are synthetic: real WMIs, made-up descriptor sections. vPIC reads those
            # as whatever the maker's real pattern means, so only the portal's own tables are held
            # to the record here (a fleet record, not the decoder, decides a demo car's model).
            assert decoded.model_slug in (None, row["model"]), row
        if row["make"] in DECODED_MAKES or row["make"] == "tesla":
            # Each model has its own VIN pattern: the VIN alone says which model it is.
            assert decoded.model_slug == row["model"], row


def check_installs(vehicles: list[dict], installs: list[dict], releases: list[dict]) -> None:
    released = {(r["make"], str(p["version"])): r["date"] for r in releases for p in r["point_versions"]}
    cars = {row["vin"]: row for row in vehicles}
    for vin, rows in _installs_by_vin(installs).items():
        car = cars[vin]
        days = [date.fromisoformat(row["installed_at"]) for row in rows]
        keys = [version_key(row["version"]) for row in rows]
        assert keys == sorted(keys) and len(set(keys)) == len(keys), vin
        assert days == sorted(days), vin
        for row, day in zip(rows, days):
            release_day = released[(car["make"], row["version"])]  # KeyError: not a real point version
            assert day >= release_day and day >= date.fromisoformat(car["production_date"]), row


def test_every_vin_is_valid_and_decodes_to_its_record(fleet):
    check_vehicles_decode(fleet[0])


def test_installs_are_real_point_versions_in_order_and_on_time(fleet):
    check_installs(*fleet, RELEASES)


def _statuses(vehicles, installs, recall) -> dict[str, str]:
    """VIN -> remedied/open/remedy_not_available for the cars the recall applies to."""
    by_vin = _installs_by_vin(installs)
    found = {}
    for row in vehicles:
        if not recall_applies(recall, _car(row)):
            continue
        if not recall["remedy_available"]:
            found[row["vin"]] = "remedy_not_available"
            continue
        remedy = recall["remedy_version"]
        done = remedy and any(version_key(i["version"]) >= version_key(remedy) for i in by_vin.get(row["vin"], []))
        found[row["vin"]] = "remedied" if done else "open"
    return found


@pytest.mark.parametrize(
    "recall_id, wanted",
    [
        ("23V838000", {"remedied", "open"}),
        ("FIXTURE-NO-REMEDY", {"remedy_not_available"}),
        ("FIXTURE-FORD", {"open"}),
        ("cn-fixture-tesla", {"remedied", "open"}),
    ],
)
def test_every_status_is_shown(fleet, recall_id, wanted):
    recall = next(r for r in RECALLS if r["id"] == recall_id)
    assert wanted <= set(_statuses(*fleet, recall).values())


def test_showcase_model_3_is_remedied_after_the_filing(fleet):
    vehicles, installs = fleet
    row = next(row for row in vehicles if row["vin"] == SHOWCASE_VIN)
    assert (row["make"], row["model"], row["model_year"], row["market"]) == ("tesla", "model-3", 2019, "US")
    remedy = next(i for i in installs if i["vin"] == SHOWCASE_VIN and i["version"].startswith("2023.44.30"))
    assert remedy["installed_at"] >= "2023-12-12"


def test_chinese_cars_are_under_samr_recalls(fleet):
    chinese = [row for row in fleet[0] if row["market"] == "CN"]
    assert chinese and all(row["vin"].startswith(("LRW", "5YJ")) for row in chinese)
    assert _statuses(*fleet, RECALLS[-1])


def test_write_demo_fleet_round_trips(content, fleet, tmp_path):
    vehicles_csv, installs_csv = write_demo_fleet(content, count=80, seed=7)
    with vehicles_csv.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["vin"] for row in rows] == [row["vin"] for row in fleet[0]]
    assert installs_csv.read_text(encoding="utf-8").count("\n") == len(fleet[1]) + 1
    readme = (content / "fleet" / "README.md").read_text(encoding="utf-8")
    assert "synthetic" in readme.lower() and "not real cars" in readme.lower() and SHOWCASE_VIN in readme


def _shipped(name: str) -> list[dict]:
    path = CONTENT / "fleet" / name
    if not path.exists():
        pytest.skip("content/fleet has not been generated")
    with path.open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_shipped_fleet_vins_decode():
    check_vehicles_decode(_shipped("vehicles.csv"))


def test_shipped_fleet_installs_match_shipped_releases():
    vehicles, installs = _shipped("vehicles.csv"), _shipped("installs.csv")
    check_installs(vehicles, installs, load_content(CONTENT)[0])
