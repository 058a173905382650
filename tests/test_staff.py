"""The staff console: argon2 accounts, sign-in with CSRF and a rate limit, the queue, marking handled."""

from __future__ import annotations

import uuid

import pytest
from bs4 import BeautifulSoup

from portal.db.runtime import ChatTurn, StaffAction
from portal.staff.auth import StaffAccountError, authenticate, create_staff_user
from portal.state import state
from tests.conftest import open_app

PASSWORD = "correct horse battery staple"


def _app(small_instance, database_url, **overrides):
    config = {"WTF_CSRF_ENABLED": True, "ASK_RATE_LIMIT": "1000 per minute", "LOGIN_RATE_LIMIT": "100 per minute"}
    return open_app(small_instance, database_url, **{**config, **overrides})


@pytest.fixture(scope="module")
def staff_app(small_instance, database_url):
    application = _app(small_instance, database_url)
    yield application
    state(application).close()


@pytest.fixture
def staff_user(staff_app) -> str:
    name = f"staff-{uuid.uuid4().hex[:10]}"
    with state(staff_app).runtime_session() as db:
        create_staff_user(db, name, PASSWORD)
    return name


def soup(response, status: int = 200) -> BeautifulSoup:
    assert response.status_code == status, response.status_code
    return BeautifulSoup(response.data, "html.parser")


def token(client, path: str = "/staff/login") -> str:
    return soup(client.get(path)).find("input", attrs={"name": "csrf_token"})["value"]


def sign_in(client, username: str, password: str = PASSWORD):
    return client.post("/staff/login", data={"csrf_token": token(client), "username": username, "password": password})


def test_passwords_are_argon2_hashes_and_rules_hold(staff_app, staff_user):
    with state(staff_app).runtime_session() as db:
        user = authenticate(db, staff_user.upper(), PASSWORD)
        assert user is not None and user.password_hash.startswith("$argon2")
        assert PASSWORD not in user.password_hash
        assert authenticate(db, staff_user, "wrong password!!") is None
        assert authenticate(db, "nobody-here", PASSWORD) is None
        with pytest.raises(StaffAccountError) as duplicate:
            create_staff_user(db, staff_user, PASSWORD)
        assert duplicate.value.code == "duplicate"
        with pytest.raises(StaffAccountError) as short:
            create_staff_user(db, f"x{staff_user}", "short")
        assert short.value.code == "weak_password"


@pytest.mark.parametrize("path", ["/staff", "/staff?show=handled"])
def test_anonymous_visitors_are_sent_to_sign_in(staff_app, path):
    response = staff_app.test_client().get(path)
    assert response.status_code == 302 and response.headers["Location"].startswith("/staff/login?next=/staff")


def test_anonymous_json_gets_401(staff_app):
    response = staff_app.test_client().get("/staff/queue.json")
    assert response.status_code == 401 and response.get_json()["error"]["code"] == "unauthorized"


def test_anonymous_cannot_mark_handled(staff_app):
    client = staff_app.test_client()
    response = client.post("/staff/queue/1/handled", data={"csrf_token": token(client)})
    assert response.status_code == 302 and "/staff/login" in response.headers["Location"]


def test_sign_in_page_in_both_languages(staff_app):
    for lang, html_lang in (("en", "en"), ("zh", "zh-Hans")):
        page = soup(staff_app.test_client().get(f"/staff/login?lang={lang}"))
        assert page.html["lang"] == html_lang
        form = page.find("form", class_="login-form")
        for name in ("username", "password"):
            field = form.find("input", attrs={"name": name})
            assert page.find("label", attrs={"for": field["id"]})


def test_wrong_password_gets_a_generic_message(staff_app, staff_user):
    client = staff_app.test_client()
    wrong = soup(sign_in(client, staff_user, "not the password"), 401).find(id="login-error").get_text()
    unknown = soup(sign_in(client, "no-such-user", PASSWORD), 401).find(id="login-error").get_text()
    assert wrong == unknown
    assert client.get("/staff").status_code == 302


def test_forged_login_without_csrf_is_refused(staff_app, staff_user):
    client = staff_app.test_client()
    response = client.post("/staff/login", data={"username": staff_user, "password": PASSWORD})
    assert response.status_code == 400
    assert client.get("/staff").status_code == 302


def test_sign_in_shows_the_queue_and_sign_out_ends_it(staff_app, staff_user):
    client = staff_app.test_client()
    asked = client.post("/api/v1/ask", json={"question": "Will it rain in Berlin tomorrow?", "lang": "en",
                                             "vin": "5YJ3E1EA2KF317000"}).get_json()
    assert asked["fallback"] is True
    response = sign_in(client, staff_user)
    assert response.status_code == 302 and response.headers["Location"] == "/staff"
    page = soup(client.get("/staff?lang=en"))
    row = page.find("tr", id=f"queued-{asked['turn_id']}")
    assert "Will it rain in Berlin tomorrow?" in row.get_text()
    assert "5YJ3E1EA2KF317000" in row.get_text() and row.find("time")["datetime"]
    assert asked["trace"][-1] in row.find("td", class_="trace").get_text()
    assert int(page.find(id="count-open").find("strong").get_text()) >= 1
    as_json = client.get("/staff/queue.json").get_json()
    assert asked["turn_id"] in {item["id"] for item in as_json["items"]}
    logout = page.find("form", action="/staff/logout")
    client.post("/staff/logout", data={"csrf_token": logout.find("input", attrs={"name": "csrf_token"})["value"]})
    assert client.get("/staff").status_code == 302


def test_mark_handled_moves_a_question_out_of_the_queue(staff_app, staff_user):
    client = staff_app.test_client()
    asked = client.post("/api/v1/ask", json={"question": "Tell me a joke about penguins", "lang": "en"}).get_json()
    sign_in(client, staff_user)
    page = soup(client.get("/staff"))
    before = int(page.find(id="count-handled").find("strong").get_text())
    form = page.find("tr", id=f"queued-{asked['turn_id']}").find("form")
    forged = client.post(form["action"], data={})
    assert forged.status_code == 400
    done = client.post(form["action"], data={"csrf_token": form.find("input", attrs={"name": "csrf_token"})["value"]})
    assert done.status_code == 302
    page = soup(client.get(done.headers["Location"]))
    assert not page.find("tr", id=f"queued-{asked['turn_id']}")
    assert int(page.find(id="count-handled").find("strong").get_text()) == before + 1
    handled = soup(client.get("/staff?show=handled"))
    assert handled.find("tr", id=f"queued-{asked['turn_id']}")
    with state(staff_app).runtime_session() as db:
        assert db.get(ChatTurn, asked["turn_id"]).handled is True
        assert db.query(StaffAction).filter_by(turn_id=asked["turn_id"], username=staff_user).count() == 1


def test_feedback_totals_per_intent(staff_app, staff_user):
    client = staff_app.test_client()
    ask_page = soup(client.get("/ask?lang=en"))
    fields = {i["name"]: i.get("value", "") for i in ask_page.find("form", id="ask-form").find_all("input")}
    answered = soup(client.post("/ask?lang=en", data={**fields, "question": "What is a vehicle recall?"}))
    feedback = answered.find("form", class_="feedback")
    values = {i["name"]: i["value"] for i in feedback.find_all("input")}
    client.post("/ask/feedback", data={**values, "helpful": "1"})
    sign_in(client, staff_user)
    table = soup(client.get("/staff")).find("table", id="feedback-totals")
    row = next(tr for tr in table.find("tbody").find_all("tr") if tr.find("td").get_text() == "recall_definition")
    assert int(row.find_all("td")[1].get_text()) >= 1


def test_login_is_rate_limited_after_failures(small_instance, database_url):
    application = _app(small_instance, database_url, LOGIN_RATE_LIMIT="3 per minute")
    try:
        client = application.test_client()
        nobody = f"nobody-{uuid.uuid4().hex[:8]}"  # failures persist in a shared database between runs
        codes = [sign_in(client, nobody, "wrong password").status_code for _ in range(4)]
        json_429 = client.post("/staff/login", data={"csrf_token": token(client), "username": "a", "password": "b"})
    finally:
        state(application).close()
    assert codes == [401, 401, 401, 429]
    assert json_429.status_code == 429


def test_a_cookie_saved_before_sign_out_reads_nothing_after(staff_app, staff_user):
    client = staff_app.test_client()
    assert sign_in(client, staff_user).status_code == 302
    saved = client.get_cookie("session").value
    assert client.get("/staff/queue.json").status_code == 200
    page = soup(client.get("/staff"))
    client.post("/staff/logout", data={"csrf_token": page.find("input", attrs={"name": "csrf_token"})["value"]})
    replay = staff_app.test_client()
    replay.set_cookie("session", saved)
    assert replay.get("/staff/queue.json").status_code == 401


def test_sessions_are_listed_and_one_can_end_another(staff_app, staff_user):
    first, second = staff_app.test_client(), staff_app.test_client()
    sign_in(first, staff_user)
    sign_in(second, staff_user)
    page = soup(first.get("/staff/sessions"))
    rows = page.select("#sessions tbody tr")
    assert len(rows) == 2
    other = page.select_one("#sessions form")  # only the other browser's row has an End button
    csrf = other.find("input", attrs={"name": "csrf_token"})["value"]
    assert first.post(other["action"], data={"csrf_token": csrf}).status_code == 302
    assert second.get("/staff/queue.json").status_code == 401
    assert first.get("/staff/queue.json").status_code == 200


def test_sessions_expire_when_idle(small_instance, database_url, staff_user):
    application = _app(small_instance, database_url, STAFF_SESSION_IDLE_MINUTES=0)
    try:
        client = application.test_client()
        assert sign_in(client, staff_user).status_code == 302
        assert client.get("/staff/queue.json").status_code == 401
    finally:
        state(application).close()


def test_a_stranger_cannot_lock_the_owner_out(small_instance, database_url, staff_user):
    """Many failures from many addresses slow those addresses; the owner elsewhere signs in at once."""
    from datetime import timedelta

    from portal.staff.throttle import Throttle, record_failure

    application = _app(small_instance, database_url, LOGIN_ACCOUNT_FAILURES=3)
    try:
        for octet in range(3):  # three addresses, one account: the account counts as under attack
            client = application.test_client()
            client.environ_base["REMOTE_ADDR"] = f"10.0.0.{octet + 1}"
            assert sign_in(client, staff_user, "not the password!!").status_code == 401
        with state(application).runtime_session() as db:  # the stranger kept guessing from 10.0.0.1
            for _ in range(5):
                record_failure(db, staff_user, "10.0.0.1", Throttle(timedelta(minutes=15), 3))
        stranger = application.test_client()
        stranger.environ_base["REMOTE_ADDR"] = "10.0.0.1"
        waited = sign_in(stranger, staff_user)  # that address waits, even with the right password
        assert waited.status_code == 429 and 16 <= int(waited.headers["Retry-After"]) <= 15 * 60
        owner = application.test_client()
        owner.environ_base["REMOTE_ADDR"] = "10.0.0.9"
        assert sign_in(owner, staff_user).status_code == 302  # the owner, from elsewhere, is not locked out
    finally:
        state(application).close()


def test_one_address_waits_longer_after_each_failure(small_instance, database_url, staff_user):
    from datetime import timedelta

    from portal.staff.throttle import Throttle, record_failure, wait_seconds

    throttle = Throttle(window=timedelta(minutes=15), account_limit=100)
    application = _app(small_instance, database_url)
    try:
        with state(application).runtime_session() as db:
            waits = []
            for _ in range(6):
                record_failure(db, staff_user, "192.0.2.7", throttle)
                waits.append(wait_seconds(db, staff_user, "192.0.2.7", throttle))
            assert waits[:2] == [0, 0]  # two typos cost nothing
            assert waits[2:] == sorted(waits[2:]) and waits[-1] >= 8 and waits[2] >= 1
            assert wait_seconds(db, staff_user, "192.0.2.8", throttle) == 0
    finally:
        state(application).close()
