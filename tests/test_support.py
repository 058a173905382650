"""The shared test helpers work: a real server on loopback, a local browser, the gates.

Page and API tests build on these, so a broken helper should fail here, with
a plain message, before it shows up as a puzzling failure elsewhere.
"""
from __future__ import annotations

import pytest
import requests
from flask import Flask, request

from tests.support import requirements
from tests.support.browser import make_driver
from tests.support.live_server import serve_wsgi

PAGE = "<!doctype html><html><head><title>Recall check</title></head><body><h1 id='h'>{lang}</h1></body></html>"


def tiny_app() -> Flask:
    app = Flask(__name__)

    @app.get("/")
    def index():
        return PAGE.format(lang="ok")

    @app.get("/lang")
    def lang():
        return PAGE.format(lang=request.headers.get("Accept-Language", ""))

    return app


def test_serve_wsgi_serves_over_real_http_and_stops():
    with serve_wsgi(tiny_app()) as base_url:
        assert base_url.startswith("http://127.0.0.1:")
        response = requests.get(base_url + "/", timeout=5)
        assert response.status_code == 200
        assert "<title>Recall check</title>" in response.text
    with pytest.raises(requests.ConnectionError):
        requests.get(base_url + "/", timeout=5)


def test_serve_wsgi_handles_concurrent_requests():
    with serve_wsgi(tiny_app()) as base_url, requests.Session() as session:
        statuses = [session.get(f"{base_url}/", timeout=5).status_code for _ in range(5)]
    assert statuses == [200] * 5


@pytest.mark.browser
def test_browser_loads_a_page_from_the_live_server():
    driver = make_driver(lang="zh-CN")
    try:
        with serve_wsgi(tiny_app()) as base_url:
            driver.get(base_url + "/")
            assert driver.title == "Recall check"
            driver.get(base_url + "/lang")
            assert driver.find_element("id", "h").text.startswith("zh-CN")
    finally:
        driver.quit()


@pytest.mark.parametrize(
    ("strict", "outcome"),
    [("1", pytest.fail.Exception), ("", pytest.skip.Exception)],
)
def test_missing_service_skips_locally_and_fails_when_all_are_required(monkeypatch, strict, outcome):
    monkeypatch.setenv("PORTAL_REQUIRE_ALL", strict)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(outcome, match="DATABASE_URL is not set"):
        requirements.require_postgres()


def test_sqlite_url_is_not_taken_for_postgres(monkeypatch):
    monkeypatch.setenv("PORTAL_REQUIRE_ALL", "")
    monkeypatch.setenv("DATABASE_URL", "sqlite:///instance/portal.db")
    with pytest.raises(pytest.skip.Exception, match="names sqlite, not PostgreSQL"):
        requirements.require_postgres()


def test_unreachable_postgres_is_reported_with_the_address(monkeypatch):
    # Port 1 on loopback: nothing listens there, so the refusal is immediate.
    monkeypatch.setenv("PORTAL_REQUIRE_ALL", "")
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://portal:secret@127.0.0.1:1/portal")
    with pytest.raises(pytest.skip.Exception, match=r"127\.0\.0\.1:1/portal is unusable") as caught:
        requirements.require_postgres()
    assert "secret" not in str(caught.value)


@pytest.mark.postgres
def test_postgres_accepts_queries_when_configured():
    import psycopg
    from sqlalchemy.engine import make_url

    url = make_url(requirements.require_postgres()).set(drivername="postgresql")
    with psycopg.connect(url.render_as_string(hide_password=False), connect_timeout=3) as conn:
        assert conn.execute("SELECT 1 + 1").fetchone() == (2,)
