"""GET /api/v1/vehicles/<vin> on the small fixture content: the §6 contract and every §5 error code."""

from __future__ import annotations

import pytest

CONTRACT = {"vin", "make", "model", "model_year", "market", "decoded", "fleet_record", "recalls", "releases"}
RECALL_FIELDS = {"id", "authority", "title", "remedy_type", "status", "remedy_version", "remedied_at",
                 "park_it", "park_outside", "url"}
RELEASE_FIELDS = {"make", "version", "date", "category", "is_recall_remedy", "remedies", "url"}

# (raw VIN as typed, expected status, expected code or normalised VIN)
VIN_TABLE = [
    ("5YJ3E1EA2KF317000", 200, "5YJ3E1EA2KF317000"),           # fleet car (synthetic, fixture)
    ("5yj3e1-ea2kf-317000", 200, "5YJ3E1EA2KF317000"),         # lower case with dashes
    ("1FTFW1CT5DFC10312", 200, "1FTFW1CT5DFC10312"),           # NHTSA vPIC API documentation example
    ("5YJ3E1EA2KF31700", 400, "invalid_length"),
    ("5YJ3E1EA2KF31700O", 400, "invalid_characters"),
    ("5YJ3E1EA3KF317000", 400, "check_digit_mismatch"),
    ("AAA11111111111111", 400, "unknown_manufacturer"),
]


@pytest.mark.parametrize("raw, status, expected", VIN_TABLE)
def test_vin_table(client, raw, status, expected):
    response = client.get(f"/api/v1/vehicles/{raw}?lang=en")
    assert response.status_code == status
    body = response.get_json()
    if status == 200:
        assert CONTRACT <= body.keys()
        assert body["vin"] == expected
    else:
        assert body["error"]["code"] == expected
        assert body["error"]["message"]


def test_fleet_car_contract_and_status(client):
    body = client.get("/api/v1/vehicles/5YJ3E1EA2KF317000").get_json()
    assert (body["make"], body["model"], body["model_year"], body["market"]) == ("tesla", "model-3", 2019, "US")
    assert body["fleet_record"] is True and body["decoded"]["wmi"] == "5YJ"
    assert all(RECALL_FIELDS <= r.keys() for r in body["recalls"])
    assert all(RELEASE_FIELDS <= r.keys() for r in body["releases"])
    autosteer = next(r for r in body["recalls"] if r["id"] == "23V838000")
    # Remedy = lowest linked remedy release (2023.38), counted only for installs made once the recall was
    # filed (2023-12-12): 2023.38.6 (2023-10-02) predates it, 2023.44.30.14 (2024-01-20) is the remedy.
    assert (autosteer["status"], autosteer["remedy_version"], autosteer["remedied_at"]) == (
        "remedied", "2023.44.30.14", "2024-01-20")
    assert {r["authority"] for r in body["recalls"]} == {"NHTSA"}
    versions = [r["version"] for r in body["releases"]]
    assert {"2023.38", "2023.44"} <= set(versions)
    installed = {r["version"]: r["installed"] for r in body["releases"]}
    assert installed["2023.44"] == [{"version": "2023.44.30.14", "installed_at": "2024-01-20"}]
    assert next(r for r in body["releases"] if r["version"] == "2023.44")["is_recall_remedy"] is True


def test_unknown_manufacturer_details_say_what_decoded(client):
    body = client.get("/api/v1/vehicles/AAA11111111111111").get_json()["error"]
    assert body["details"]["wmi"] == "AAA"
    assert body["details"]["region"] == "Africa" and body["details"]["model_year"]


@pytest.mark.parametrize("how", ["query", "header"])
def test_error_message_in_request_language(client, how):
    if how == "query":
        response = client.get("/api/v1/vehicles/5YJ3E1EA2KF31700?lang=zh")
    else:
        response = client.get("/api/v1/vehicles/5YJ3E1EA2KF31700", headers={"Accept-Language": "zh-CN,zh;q=0.9"})
    message = response.get_json()["error"]["message"]
    assert "VIN 应为 17 位" in message


def test_undecodable_model_asks_instead_of_guessing(client):
    body = client.get("/api/v1/vehicles/1FMZZZZZ5NLA00001").get_json()  # a 2022 Ford whose descriptor no vPIC pattern reads
    assert body["make"] == "ford" and body["model"] is None and body["model_year"] == 2022
    assert body["recalls"] == [] and body["releases"] == []
    if body["needs_model"]:
        assert body["model_choices"] and all({"slug", "name"} <= c.keys() for c in body["model_choices"])


def test_no_fleet_record_makes_status_unknown(client):
    # A well-formed Model 3 VIN (valid check digit) that is not in the fixture fleet.
    body = client.get("/api/v1/vehicles/5YJ3E1EA4KF317001").get_json()
    assert body["fleet_record"] is False and body["recalls"]
    assert {r["status"] for r in body["recalls"]} <= {"unknown", "remedy_not_available"}
    assert all(r["status_reason"] for r in body["recalls"])


def test_openapi_describes_the_vehicle_path(client):
    spec = client.get("/api/v1/openapi.json").get_json()
    assert "/vehicles/{vin}" in spec["paths"]
    assert "Vehicle" in spec["components"]["schemas"]
