"""Listing pages rendered once per build, language and address; anything but a page passes through."""

from __future__ import annotations

from flask import redirect

from portal.page_memo import memoised_page
from portal.pages.routes import home
from portal.recalls.routes import index as recalls_index


def test_listing_pages_are_kept_per_language_and_address(client):
    home.memo.clear()
    recalls_index.memo.clear()
    first = client.get("/?lang=en").data
    assert client.get("/?lang=en").data == first and len(home.memo) == 1
    assert client.get("/?lang=zh").data != first and len(home.memo) == 2
    english = client.get("/recalls?make=tesla&lang=en").data
    assert client.get("/recalls?make=tesla&page=2&lang=en").data != english
    assert len(recalls_index.memo) == 2


def test_the_same_page_with_headers_of_its_own_request(client):
    zh = {"Accept-Language": "zh-CN"}
    answer = client.get("/recalls?make=tesla", headers=zh)
    again = client.get("/recalls?make=tesla", headers={**zh, "If-None-Match": answer.headers["ETag"]})
    assert answer.status_code == 200 and again.status_code == 304
    assert "Content-Security-Policy" in answer.headers
    assert client.get("/recalls?make=tesla").data != answer.data  # English, by Accept-Language


def test_redirects_and_errors_are_not_kept(app):
    calls = []

    @memoised_page(max_entries=4)
    def view():
        calls.append(1)
        return redirect("/elsewhere") if len(calls) == 1 else ("gone", 404)

    with app.test_request_context("/x?lang=en"):
        assert view().status_code == 302
        assert view() == ("gone", 404)
    assert len(calls) == 2 and len(view.memo) == 0
