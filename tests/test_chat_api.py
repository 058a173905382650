"""POST /api/v1/ask: the contract, VIN-aware answers, memory across nodes, validation, logging, rate limit."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from portal.db.runtime import ChatSource, ChatTurn
from portal.state import state
from portal.vehicles.service import lookup_vehicle
from tests.conftest import open_app

DEV_QUESTIONS = Path(__file__).parent / "data" / "qa_dev.jsonl"
FLEET_VIN = "5YJ3E1EA2KF317000"
CONTRACT_FIELDS = {"intent", "answer", "sources", "confidence", "entities", "fallback", "session"}
ENTITY_KEYS = {"vin", "recall_id", "version", "make", "model"}


@pytest.fixture(scope="module")
def ask_app(small_instance, database_url):
    """An app whose rate limit allows a whole question file (the limit itself is tested separately)."""
    application = open_app(small_instance, database_url, ASK_RATE_LIMIT="1000 per minute")
    yield application
    state(application).close()


@pytest.fixture
def api(ask_app):
    client = ask_app.test_client()

    def ask(**body):
        return client.post("/api/v1/ask", json=body)

    return ask


def stored_turn(app, turn_id: int) -> ChatTurn:
    with state(app).runtime_session() as db:
        return db.get(ChatTurn, turn_id)


def test_answer_has_the_contract_fields(api):
    response = api(question="What is an OTA update?", lang="en")
    assert response.status_code == 200
    data = response.get_json()
    assert CONTRACT_FIELDS <= data.keys()
    assert data["intent"] == "ota_definition" and data["fallback"] is False
    assert isinstance(data["answer"], str) and data["answer"]
    assert all(set(s) >= {"title", "url"} for s in data["sources"]) and data["sources"]
    assert 0.0 <= data["confidence"] <= 1.0
    assert set(data["entities"]) <= ENTITY_KEYS
    assert isinstance(data["session"], str) and len(data["session"]) >= 8
    assert isinstance(data["trace"], list) and data["trace"]


def test_vin_aware_answer_comes_from_the_cars_record(api, ask_app):
    data = api(question="Has recall 23V838 been fixed on my car?", lang="en", vin=FLEET_VIN).get_json()
    assert data["intent"] == "recall_status"
    assert data["entities"]["vin"] == FLEET_VIN and data["entities"]["recall_id"] == "23V838000"
    with ask_app.app_context(), state(ask_app).content_session() as db:
        row = next(r for r in lookup_vehicle(db, FLEET_VIN, "en").recalls if r["id"] == "23V838000")
    assert row["status"] == "remedied"
    assert "remedied" in data["answer"]
    assert row["remedy_version"] in data["answer"] and row["remedied_at"] in data["answer"]
    assert {"title": FLEET_VIN, "url": f"/vin/{FLEET_VIN}"} in data["sources"]


def test_fleet_car_shows_the_install_of_2023_44_30_14(api):
    data = api(question="Does my car have any recalls?", lang="en", vin=FLEET_VIN).get_json()
    assert data["intent"] == "vehicle_recalls"
    assert "2023.44.30.14" in data["answer"] and "2024-01-20" in data["answer"]


def test_vin_is_remembered_across_two_app_instances(small_instance, database_url, api):
    first = api(question="Does my car have any recalls?", lang="en", vin=FLEET_VIN).get_json()
    other_node = open_app(small_instance, database_url, ASK_RATE_LIMIT="1000 per minute")
    try:
        response = other_node.test_client().post("/api/v1/ask", json={
            "question": "Has recall 23V838 been fixed on my car?", "lang": "en", "session": first["session"]})
    finally:
        state(other_node).close()
    data = response.get_json()
    assert data["session"] == first["session"]
    assert data["entities"].get("vin") == FLEET_VIN
    assert "remedied" in data["answer"]


def test_a_new_session_does_not_inherit_a_vin(api):
    api(question="Does my car have any recalls?", lang="en", vin=FLEET_VIN)
    data = api(question="Does my car have any recalls?", lang="en").get_json()
    assert "vin" not in data["entities"]


def _dev_cases():
    return [json.loads(line) for line in DEV_QUESTIONS.read_text(encoding="utf-8").splitlines() if line.strip()]


@pytest.mark.parametrize("case", _dev_cases(), ids=lambda c: c["question"][:40])
def test_dev_questions_through_the_api_cite_sources(api, case):
    body = {"question": case["question"], "lang": case["lang"]}
    if case.get("vin"):
        body["vin"] = case["vin"]
    data = api(**body).get_json()
    assert data["intent"] == case["intent"]
    if data["fallback"]:
        assert data["intent"] is None
    else:
        assert data["sources"], "every answer cites at least one source"


@pytest.mark.parametrize("question", ["xqzv blorp wug", "🙂🙂🙂", "a" * 5000, "天气 " * 1000])
def test_gibberish_and_very_long_input_fall_back_and_are_queued(api, ask_app, question):
    data = api(question=question, lang="en").get_json()
    assert data["fallback"] is True and data["intent"] is None and data["queued"] is True
    turn = stored_turn(ask_app, data["turn_id"])
    assert turn.fallback is True and turn.handled is False and turn.question == question


def test_turn_is_stored_with_trace_vin_and_sources(api, ask_app):
    data = api(question="Has recall 23V838 been fixed on my car?", lang="en", vin=FLEET_VIN).get_json()
    turn = stored_turn(ask_app, data["turn_id"])
    assert (turn.session, turn.lang, turn.intent, turn.vin) == (data["session"], "en", "recall_status", FLEET_VIN)
    assert turn.answer == data["answer"] and turn.fallback is False
    assert turn.confidence == pytest.approx(data["confidence"])
    assert "winner recall_status" in turn.trace
    with state(ask_app).runtime_session() as db:
        urls = list(db.scalars(select(ChatSource.url).where(ChatSource.turn_id == turn.id)
                               .order_by(ChatSource.position)))
    assert urls == [s["url"] for s in data["sources"]]


@pytest.mark.parametrize("body, code", [
    ({"lang": "en"}, "missing_question"),
    ({"question": 42, "lang": "en"}, "invalid_question"),
    ({"question": ["a"], "lang": "en"}, "invalid_question"),
    ({"question": "", "lang": "en"}, "empty_question"),
    ({"question": "   \n", "lang": "en"}, "empty_question"),
    ({"question": "hello", "lang": "fr"}, "invalid_lang"),
    ({"question": "hello", "lang": "en", "vin": "5YJ3E1EA2KF31700"}, "invalid_length"),
    ({"question": "hello", "lang": "en", "vin": "5YJ3E1EA2KF31700O"}, "invalid_characters"),
    ({"question": "hello", "lang": "en", "vin": "5YJ3E1EA3KF317000"}, "check_digit_mismatch"),
    ({"question": "hello", "lang": "en", "session": "bad session!"}, "invalid_session"),
    ({"question": "x" * 20_001, "lang": "en"}, "question_too_long"),
])
def test_bad_requests_get_a_coded_400(api, body, code):
    response = api(**body)
    assert response.status_code == 400
    error = response.get_json()["error"]
    assert error["code"] == code and error["message"] and isinstance(error["details"], dict)


@pytest.mark.parametrize("raw", [b"not json", b"[1, 2]", b'"question"'])
def test_a_body_that_is_not_a_json_object_is_refused(ask_app, raw):
    response = ask_app.test_client().post("/api/v1/ask", data=raw, content_type="application/json")
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "invalid_json"


def test_errors_are_in_the_question_language(api):
    vin = api(question="你好", lang="zh", vin="5YJ3E1EA2KF31700O").get_json()["error"]["message"]
    assert "VIN" in vin and any("\u4e00" <= ch <= "\u9fff" for ch in vin)


def test_a_refused_vin_box_is_said_in_the_question_script(api):
    """A Traditional question gets the VIN box's refusal in Traditional, and every refusal says "not valid"."""
    traditional = api(question="這台F-150有召回嗎？", lang="zh", vin="5YJ3E1EA3KF317000").get_json()["error"]["message"]
    assert "無效" in traditional and "校驗" in traditional and "校验" not in traditional
    english = api(question="check my vin", lang="en", vin="5YJ3E1EA3KF317000").get_json()["error"]["message"]
    assert english.startswith("This is not a valid VIN")


def test_api_is_csrf_exempt_even_with_csrf_on(small_instance, database_url):
    application = open_app(small_instance, database_url, WTF_CSRF_ENABLED=True, ASK_RATE_LIMIT="1000 per minute")
    try:
        response = application.test_client().post("/api/v1/ask", json={"question": "hello", "lang": "en"})
    finally:
        state(application).close()
    assert response.status_code == 200 and response.get_json()["intent"] == "greeting"


def test_rate_limit_answers_429_json(small_instance, database_url):
    application = open_app(small_instance, database_url, ASK_RATE_LIMIT="3 per minute")
    try:
        client = application.test_client()
        codes = [client.post("/api/v1/ask", json={"question": "hello", "lang": "en"}).status_code for _ in range(4)]
        last = client.post("/api/v1/ask", json={"question": "hello", "lang": "en"})
    finally:
        state(application).close()
    assert codes[:3] == [200, 200, 200] and codes[3] == 429
    assert last.status_code == 429 and last.get_json()["error"]["code"] == "rate_limited"


def test_openapi_describes_ask(ask_app):
    spec = ask_app.test_client().get("/api/v1/openapi.json").get_json()
    operation = spec["paths"]["/ask"]["post"]
    assert {"200", "400", "429"} <= operation["responses"].keys()
    assert CONTRACT_FIELDS <= set(spec["components"]["schemas"]["AskResponse"]["properties"])


def test_answer_carries_the_headline_and_script(api):
    """``headline`` for an answer about a car (never clear while a listed recall is open or unknown), ``script``."""
    data = api(question="Does my car have any recalls?", lang="en", vin=FLEET_VIN).get_json()
    assert data["headline"] in ("open", "clear", "unknown", "not_covered")
    statuses = {"open", "remedy_not_available", "unknown"} & set(data["answer"].lower().split())
    assert data["headline"] != "clear" or not statuses
    assert data["script"] is None
    general = api(question="What is an OTA update?", lang="en").get_json()
    assert general["headline"] is None
    assert api(question="什么是OTA升级？", lang="zh").get_json()["script"] == "hans"
    traditional = api(question="什麼是OTA升級？", lang="zh").get_json()
    assert traditional["script"] == "hant" and ("什麼" in traditional["answer"] or "升級" in traditional["answer"])
    honda = api(question="Any recalls?", lang="en", vin="1HGCM82633A004352").get_json()
    assert honda["headline"] == "not_covered" and "Check the VIN" not in honda["answer"]
