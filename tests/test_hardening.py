"""Crafted input never gives a 500; headers, links and redirects never trust the request's Host;
one listing answers the page, the API and the feeds alike."""

from __future__ import annotations

import logging
import os
import shutil
import stat
import subprocess
from contextlib import contextmanager

import pytest
from bs4 import BeautifulSoup

from portal.chat.stored import unstored_notice
from portal.db.migrate import migrate_runtime
from portal.params import ascii_int
from tests.conftest import opened_app

SUPERSCRIPT_2019 = "²⁰¹⁹"


@pytest.mark.parametrize("raw, expected", [("12", 12), (" 7 ", 7), ("²", None), ("١٢", None), ("1_000", None),
                                           ("", None), ("-1", None), ("0", None), ("10001", None), (None, None),
                                           ("9" * 30, None)])
def test_ascii_int_takes_plain_digits_within_bounds_only(raw, expected):
    assert ascii_int(raw, 1, 10_000) == expected


@pytest.mark.parametrize("path, statuses", [
    ("/recalls?page=²", (200,)), ("/releases?page=²&year=²", (200,)), ("/search?q=ota&page=²", (200,)),
    (f"/api/v1/recalls?year={SUPERSCRIPT_2019}", (400,)), (f"/api/v1/releases?model_year={SUPERSCRIPT_2019}", (400,)),
    ("/api/v1/recalls?page=²", (400,)), ("/api/v1/search?q=ota&page=²", (400,)),
    ("/api/v1/recalls?reported_year=١٩٩٩", (400,)), ("/staff/login?done=²", (200,)),
])
def test_superscript_and_foreign_digits_are_never_a_500(client, path, statuses):
    response = client.get(path)
    assert response.status_code in statuses
    if response.status_code == 400:
        assert set(response.get_json()["error"]) == {"code", "message", "details"}


@pytest.fixture(scope="module")
def ask_client(small_instance, database_url):
    with opened_app(small_instance, database_url, ASK_RATE_LIMIT="100000 per minute") as application:
        yield application.test_client()


def test_deeply_nested_json_is_a_400(ask_client):
    client = ask_client
    response = client.post("/api/v1/ask", data="[" * 1000 + "]" * 1000, content_type="application/json")
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "invalid_json"
    nested = '{"question": "hi", "lang": "en", "vin": ' + "[" * 100 + "]" * 100 + "}"
    assert client.post("/api/v1/ask", data=nested, content_type="application/json").status_code == 400


def test_a_lone_surrogate_in_a_question_is_a_400(ask_client):
    client = ask_client
    response = client.post("/api/v1/ask", data='{"question": "recall \\ud800 ?", "lang": "en"}',
                           content_type="application/json")
    assert response.status_code == 400 and response.get_json()["error"]["code"] == "invalid_json"


def test_a_405_names_the_allowed_methods(client):
    response = client.delete("/api/v1/recalls")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"]
    assert response.get_json()["error"]["code"] == "method_not_allowed"


def test_feeds_and_redirects_never_use_the_host_header(client, app):
    feed = client.get("/feeds/recalls.atom", headers={"Host": "evil.example"})
    assert feed.status_code == 200 and b"evil.example" not in feed.data
    for path in ("/api//v1/recalls", "/recalls//nothing"):
        redirect = client.get(path, headers={"Host": "evil.example"})
        assert redirect.status_code in (301, 308)
        assert "evil.example" not in redirect.headers["Location"]
        assert redirect.headers["Location"].startswith("/")


def test_feed_links_use_the_configured_base_url(small_instance, database_url):
    with opened_app(small_instance, database_url, PORTAL_BASE_URL="https://ota.example.org") as application:
        client = application.test_client()
        feed = client.get("/feeds/recalls.atom", headers={"Host": "evil.example"})
        assert b'href="https://ota.example.org/recalls' in feed.data and b"evil.example" not in feed.data
        redirect = client.get("/api//v1/recalls", headers={"Host": "evil.example"})
        assert redirect.headers["Location"] == "https://ota.example.org/api/v1/recalls"


def test_secure_cookies_and_hsts_are_a_setting(small_instance, database_url):
    with opened_app(small_instance, database_url, SESSION_COOKIE_SECURE=True, PORTAL_HSTS=True) as application:
        client = application.test_client()
        page = client.get("/staff/login")
        assert "max-age=" in page.headers["Strict-Transport-Security"]
        assert "Secure" in page.headers["Set-Cookie"]


def test_pages_and_api_answers_are_tagged_with_the_build(client, app):
    for path in ("/recalls?make=tesla", "/api/v1/recalls?make=tesla"):
        first = client.get(path)
        assert first.headers["ETag"] and "max-age" in first.headers["Cache-Control"]
        again = client.get(path, headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304
    assert "ETag" not in client.get("/staff/login").headers
    assert client.get("/staff/login").headers["Cache-Control"] == "no-store"


def _page_total(client, query: str) -> int:
    page = BeautifulSoup(client.get(f"/recalls?{query}&lang=en").data, "html.parser")
    return int(page.find("p", attrs={"role": "status"}).get_text().split()[0].replace(",", ""))


@pytest.mark.parametrize("query", ["make=tesla", "make=tesla&model_year=2019", "year=2019", "reported_year=2023",
                                   "make=tesla&model=model-3&year=2019", "authority=NHTSA&remedy_type=ota"])
def test_the_page_and_the_api_list_the_same_recalls(client, query):
    api = client.get(f"/api/v1/recalls?{query}").get_json()
    assert _page_total(client, query) == api["total"]


def test_year_is_the_old_name_of_model_year_everywhere(client):
    old = client.get("/api/v1/recalls?year=2019").get_json()
    new = client.get("/api/v1/recalls?model_year=2019").get_json()
    assert old == new
    assert _page_total(client, "year=2019") == _page_total(client, "model_year=2019")


def test_facet_counts_match_the_listing(client):
    page = BeautifulSoup(client.get("/recalls?make=tesla&lang=en").data, "html.parser")
    for option in page.find("select", id="f-model-year").find_all("option")[1:]:
        count = int(option.get_text().rsplit("(", 1)[1].rstrip(")"))
        api = client.get(f"/api/v1/recalls?make=tesla&model_year={option['value']}").get_json()
        assert api["total"] == count, option["value"]


@contextmanager
def unwritable(path):
    """``path`` cannot be opened for writing, even by root (the immutable flag), for the block."""
    if os.geteuid() != 0:
        os.chmod(path, stat.S_IRUSR)
        try:
            yield
        finally:
            os.chmod(path, stat.S_IRUSR | stat.S_IWUSR)
        return
    if not shutil.which("chattr") or subprocess.run(["chattr", "+i", str(path)]).returncode != 0:
        pytest.skip("cannot make a file unwritable for root here (chattr)")
    try:
        yield
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


def test_an_unstored_question_is_answered_with_a_notice_and_logged(small_instance, database_url, tmp_path, caplog):
    if database_url:
        pytest.skip("the unwritable file is SQLite's case")
    copy = tmp_path / "instance"
    # Not the live runtime.db: copying an open SQLite file in this process would drop its locks.
    shutil.copytree(small_instance.root, copy, symlinks=True, ignore=shutil.ignore_patterns("runtime.db*"))
    migrate_runtime(f"sqlite:///{copy / 'runtime.db'}")
    paths = type(small_instance).from_env(copy)
    with opened_app(paths, None) as application:  # the runtime tables exist, then the file is locked
        assert application.test_client().post("/api/v1/ask", json={"question": "hi", "lang": "en"}).status_code == 200
    with unwritable(copy / "runtime.db"), opened_app(paths, None) as application:
        with caplog.at_level(logging.ERROR, logger="portal.chat.service"):
            response = application.test_client().post("/api/v1/ask", json={"question": "qwerty zxcvb", "lang": "zh"})
        with application.test_request_context():
            notice = unstored_notice("zh")
    body = response.get_json()
    assert response.status_code == 200 and body["turn_id"] is None
    assert body["answer"].endswith(notice)
    assert any("could not store a chat turn" in record.getMessage() for record in caplog.records)
