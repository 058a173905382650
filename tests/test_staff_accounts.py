"""Owners manage staff accounts: password change (console and command line), disable, enable, list;
each change that matters ends the user's sessions. Sign-out on a full disk fails closed."""

from __future__ import annotations

import uuid

import pytest
from click.testing import CliRunner

from portal.cli import main as cli
from portal.staff.auth import create_staff_user
from portal.state import state
from tests.test_staff import PASSWORD, _app, sign_in, soup

NEW_PASSWORD = "a much longer new password"


@pytest.fixture(scope="module")
def accounts_app(small_instance, database_url):
    application = _app(small_instance, database_url)
    yield application
    state(application).close()


@pytest.fixture
def user(accounts_app) -> str:
    name = f"owner-{uuid.uuid4().hex[:10]}"
    with state(accounts_app).runtime_session() as db:
        create_staff_user(db, name, PASSWORD)
    return name


@pytest.fixture
def staff_cli(small_instance, database_url, monkeypatch):
    monkeypatch.setenv("PORTAL_INSTANCE", str(small_instance.root))
    if database_url:
        monkeypatch.setenv("DATABASE_URL", database_url)
    else:
        monkeypatch.delenv("DATABASE_URL", raising=False)
    return lambda *args, **kw: CliRunner().invoke(cli, ["staff", *args], **kw)


def _csrf(page) -> str:
    return page.find("input", attrs={"name": "csrf_token"})["value"]


def test_a_password_change_in_the_console_ends_every_session(accounts_app, user):
    here, elsewhere = accounts_app.test_client(), accounts_app.test_client()
    assert sign_in(here, user).status_code == 302 and sign_in(elsewhere, user).status_code == 302
    page = soup(here.get("/staff/password"))
    wrong = here.post("/staff/password", data={"csrf_token": _csrf(page), "current": "not it at all!",
                                               "new": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert wrong.status_code == 400
    changed = here.post("/staff/password", data={"csrf_token": _csrf(page), "current": PASSWORD,
                                                 "new": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert changed.status_code == 302 and "changed=1" in changed.headers["Location"]
    assert elsewhere.get("/staff/queue.json").status_code == 401
    assert here.get("/staff/queue.json").status_code == 401
    assert sign_in(accounts_app.test_client(), user).status_code == 401  # the old password no longer works
    assert sign_in(accounts_app.test_client(), user, NEW_PASSWORD).status_code == 302


def test_a_short_new_password_is_refused_with_its_reason(accounts_app, user):
    client = accounts_app.test_client()
    sign_in(client, user)
    page = soup(client.get("/staff/password"))
    short = client.post("/staff/password", data={"csrf_token": _csrf(page), "current": PASSWORD,
                                                  "new": "short", "confirm": "short"})
    assert short.status_code == 400 and b"12" in short.data
    assert client.get("/staff/queue.json").status_code == 200  # nothing changed, still signed in


def test_passwd_disable_enable_list_on_the_command_line(accounts_app, user, staff_cli):
    client = accounts_app.test_client()
    assert sign_in(client, user).status_code == 302
    result = staff_cli("passwd", user, input=f"{NEW_PASSWORD}\n{NEW_PASSWORD}\n")
    assert result.exit_code == 0 and "1 session(s) ended" in result.output, result.output
    assert client.get("/staff/queue.json").status_code == 401
    assert sign_in(client, user, NEW_PASSWORD).status_code == 302

    result = staff_cli("disable", user)
    assert result.exit_code == 0 and "Disabled" in result.output, result.output
    assert client.get("/staff/queue.json").status_code == 401
    assert sign_in(accounts_app.test_client(), user, NEW_PASSWORD).status_code == 401
    listed = staff_cli("list")
    assert listed.exit_code == 0 and any(line.startswith(user) and "disabled" in line
                                         for line in listed.output.splitlines()), listed.output

    assert staff_cli("enable", user).exit_code == 0
    assert sign_in(accounts_app.test_client(), user, NEW_PASSWORD).status_code == 302
    unknown = staff_cli("disable", "nobody-by-this-name")
    assert unknown.exit_code == 1 and "no staff user" in unknown.output


def test_the_console_fails_closed_when_the_disk_is_nearly_full(small_instance, database_url, user):
    if database_url:
        pytest.skip("the runtime database is on the instance's disk only with SQLite")
    client = None
    roomy = _app(small_instance, database_url)
    try:
        client = roomy.test_client()
        assert sign_in(client, user).status_code == 302
        cookie = client.get_cookie("session").value
    finally:
        state(roomy).close()
    full = _app(small_instance, database_url, PORTAL_MIN_FREE_MB=10 ** 12)  # no disk has that much free
    try:
        replay = full.test_client()
        replay.set_cookie("session", cookie)
        assert replay.get("/staff/queue.json").status_code == 503
        assert replay.get("/staff").status_code == 503
        health = full.test_client().get("/healthz")
        assert health.status_code == 200 and health.json["status"] == "degraded"
        assert any("PORTAL_MIN_FREE_MB" in reason for reason in health.json["reasons"])
    finally:
        state(full).close()
