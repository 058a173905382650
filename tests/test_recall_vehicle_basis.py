"""Which basis each (model, year) has, on the recall page, in the recall API and in a VIN lookup (shipped content)."""

from __future__ import annotations

from bs4 import BeautifulSoup

# vPIC's test vector for a 2012 Model S: a real car, not in the demo fleet.
MODEL_S_2012 = "5YJSA1CP4CFP02607"


def test_recall_api_gives_each_vehicle_row_its_basis(shipped_client):
    body = shipped_client.get("/api/v1/recalls/23V838000").get_json()
    model_s = {row["basis"]: row["years"] for row in body["vehicles"] if row["model"] == "model-s"}
    assert model_s == {"listed": list(range(2015, 2024)), "notice_text": [2012, 2013, 2014]}
    assert {row["basis"] for row in body["vehicles"]} == {"listed", "notice_text"}
    assert body["sources"][0]["url"] == "https://www.nhtsa.gov/recalls?nhtsaId=23V838000"


def test_recall_api_names_other_makes_and_remedy_kinds(shipped_client):
    body = shipped_client.get("/api/v1/recalls/24V436000").get_json()
    assert ("jeep", "grand-cherokee", "notice_text") in {(r["make"], r["model"], r["basis"]) for r in body["vehicles"]}
    refund = shipped_client.get("/api/v1/recalls/09E012000").get_json()
    assert (refund["remedy_type"], refund["remedy_kind"], refund["recall_type"]) == ("other", "refund", "equipment")
    assert refund["manufacturer"] == "Sabersport"
    listing = shipped_client.get("/api/v1/recalls?remedy_type=other").get_json()
    assert listing["total"] == 23 and all(item["remedy_kind"] for item in listing["items"])  # 17E048000 joined


def test_recall_page_shows_the_basis_and_the_remedy_kind(shipped_client):
    page = BeautifulSoup(shipped_client.get("/recalls/23V838000").get_data(as_text=True), "html.parser")
    rows = [[cell.get_text(" ", strip=True) for cell in tr.find_all("td")] for tr in page.select("table tbody tr")]
    assert ["Model S", "2012, 2013, 2014", "Named in the notice text"] in rows
    assert ["Model S", ", ".join(map(str, range(2015, 2024))), "Listed by the authority"] in rows
    zh = shipped_client.get("/recalls/21V584000?lang=zh").get_data(as_text=True)
    assert "寄送" in zh  # labels or owner's manual pages sent to owners
    equipment = shipped_client.get("/recalls/09E025000?lang=en").get_data(as_text=True)
    assert "Equipment maker" in equipment and "Dope, Inc." in equipment


def test_a_2012_model_s_gets_the_recalls_its_notices_name(shipped_client):
    body = shipped_client.get(f"/api/v1/vehicles/{MODEL_S_2012}").get_json()
    assert (body["model"], body["model_year"]) == ("model-s", 2012)
    rows = {r["id"]: r for r in body["recalls"]}
    assert {"23V838000", "21V035000", "15V780000"} <= rows.keys()
    assert {r["basis"] for r in rows.values()} == {"notice_text"}


def test_a_listed_car_keeps_basis_listed(shipped_client):
    body = shipped_client.get("/api/v1/vehicles/5YJ3E1EA2KF317000").get_json()
    assert {r["basis"] for r in body["recalls"] if r["id"] in {"23V838000", "21V846000"}} == {"listed"}


def test_vin_page_and_report_say_when_only_the_notice_text_names_the_year(shipped_client):
    note = "named in the notice's own text"
    page = shipped_client.get(f"/vin/{MODEL_S_2012}?lang=en").get_data(as_text=True)
    report = shipped_client.get(f"/vin/{MODEL_S_2012}/report?lang=en").get_data(as_text=True)
    assert note in page and note in report
    listed = shipped_client.get("/vin/5YJ3E1EA2KF317000?lang=en").get_data(as_text=True)
    assert "23V838000" in listed and note not in listed
    zh = shipped_client.get(f"/vin/{MODEL_S_2012}?lang=zh").get_data(as_text=True)
    assert "该年款见于公告正文" in zh


def test_openapi_describes_basis_remedy_kind_and_recall_type(shipped_client):
    schemas = shipped_client.get("/api/v1/openapi.json").get_json()["components"]["schemas"]
    assert schemas["RecallVehicle"]["properties"]["basis"]["enum"] == ["listed", "notice_text"]
    vehicle_recall = schemas["VehicleRecall"]["allOf"][1]["properties"]
    assert vehicle_recall["basis"]["enum"] == ["listed", "notice_text"]
    assert "other_remedy_not_visible" in vehicle_recall["status_reason"]["enum"]
    summary = schemas["RecallSummary"]["properties"]
    assert "other" in summary["remedy_type"]["enum"] and "labels_or_manual" in summary["remedy_kind"]["enum"]
    assert summary["recall_type"]["enum"] == ["vehicle", "equipment", "tires", "child_seat"]
