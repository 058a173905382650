"""Recall and release pages and their JSON, in English and Chinese; every internal link resolves."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup

PAGES = ["/", "/about", "/recalls", "/releases", "/recalls/23V838000", "/recalls/S2025M0149I",
         "/releases/tesla/2023.44", "/releases/xiaomi/1.10.0", "/recalls?remedy_type=ota&page=1"]


def soup(response) -> BeautifulSoup:
    assert response.status_code == 200, response.status_code
    return BeautifulSoup(response.data, "html.parser")


@pytest.mark.parametrize("lang, html_lang", [("en", "en"), ("zh", "zh-Hans")])
@pytest.mark.parametrize("path", PAGES)
def test_pages_render_in_both_languages(client, path, lang, html_lang):
    separator = "&" if "?" in path else "?"
    page = soup(client.get(f"{path}{separator}lang={lang}"))
    assert page.html["lang"] == html_lang
    assert page.find("h1").get_text(strip=True)
    assert page.find("main", id="main")


def test_recall_page_shows_facts_remedy_release_and_related(client):
    page = soup(client.get("/recalls/23V838000?lang=en"))
    assert "23V838000" in page.find("p", class_="eyebrow").get_text()
    links = {a["href"] for a in page.find_all("a", href=True)}
    assert "/releases/tesla/2023.44" in links
    assert "/recalls/cn-2024-01-tesla-autosteer" in links
    assert page.find("section", class_="sources").find("a")


def test_recall_page_in_chinese_uses_chinese_labels(client):
    page = soup(client.get("/recalls/S2025M0149I?lang=zh"))
    assert "召回" in page.get_text()
    assert "辅助驾驶" in page.get_text()


def test_release_page_shows_category_changes_and_remedies(client):
    page = soup(client.get("/releases/tesla/2023.44?lang=en"))
    assert page.find(class_="cat-defect_recall")
    assert page.find("ul", class_="changes").find_all("li")
    remedies = page.find("section", class_="callout").get_text()
    assert "23V838000" in remedies and "24V153000" in remedies
    assert "estimated from the version number" in page.get_text()


def test_point_version_shows_its_release(client):
    page = soup(client.get("/releases/tesla/2023.44.30.14"))
    assert "2023.44.30.14" in page.find(class_="alert").get_text()


@pytest.mark.parametrize("variant", ["23V838", "23v-838", "23V-838-000"])
def test_other_recall_id_forms_redirect(client, variant):
    response = client.get(f"/recalls/{variant}")
    assert response.status_code == 301 and response.headers["Location"].endswith("/recalls/23V838000")


@pytest.mark.parametrize("path", ["/recalls/99V999000", "/releases/tesla/1999.1", "/releases/nomake/1.0", "/nowhere"])
def test_unknown_pages_are_404_pages(client, path):
    response = client.get(path)
    assert response.status_code == 404
    assert BeautifulSoup(response.data, "html.parser").find("h1")


def test_every_internal_link_resolves(client):
    seen, queue = set(), list(PAGES)
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        seen.add(path)
        response = client.get(path, follow_redirects=True)
        assert response.status_code == 200, path
        if "text/html" not in response.content_type or len(seen) > 150:
            continue
        for anchor in BeautifulSoup(response.data, "html.parser").find_all("a", href=True):
            parts = urlsplit(anchor["href"])
            if not parts.netloc and parts.path.startswith("/") and not parts.path.startswith("/models/"):
                queue.append(parts.path + (f"?{parts.query}" if parts.query else ""))
    assert len(seen) > 20


def test_recall_api_contract(client):
    body = client.get("/api/v1/recalls/23v838").get_json()
    assert body["id"] == "23V838000" and body["authority"] == "NHTSA"
    assert body["remedy_type"] == "ota"
    # 2023.44 carries the stated remedy version 2023.44.30; the 2023.38 notes only mention the recall.
    assert [r["version"] for r in body["remedy_releases"]] == ["2023.44"]
    assert [(r["version"], r["is_remedy"]) for r in body["mentioned_in_releases"]] == [("2023.38", False), ("2023.44", True)]
    assert "cn-2024-01-tesla-autosteer" in [r["id"] for r in body["related_recalls"]]
    assert body["sources"]


def test_release_api_contract(client):
    body = client.get("/api/v1/releases/tesla/2023.44.30.14").get_json()
    assert body["version"] == "2023.44" and body["requested_version"] == "2023.44.30.14"
    assert body["is_recall_remedy"] is True and "23V838000" in body["remedies"]
    assert body["category"] == "defect_recall" and body["changes"]


@pytest.mark.parametrize("lang, word", [("en", "No recall"), ("zh", "没有")])
def test_api_404_is_json_in_the_request_language(client, lang, word):
    response = client.get(f"/api/v1/recalls/99V999000?lang={lang}")
    assert response.status_code == 404
    error = response.get_json()["error"]
    assert error["code"] == "recall_not_found" and word in error["message"]


@pytest.mark.parametrize("query, code", [
    ("page=0", "invalid_page"), ("page=abc", "invalid_page"), ("year=19x", "invalid_year"),
    ("remedy_type=teleport", "invalid_remedy_type"),
    ("model_year=2023&year=null", "invalid_year"),  # a bad old name is refused beside a good new one
    ("remedy_type=%20", "invalid_remedy_type"), ("authority=%0B", "invalid_authority"),  # spaces are a value
])
def test_api_rejects_bad_parameters(client, query, code):
    response = client.get(f"/api/v1/recalls?{query}")
    assert response.status_code == 400 and response.get_json()["error"]["code"] == code


@pytest.mark.parametrize("query", ["authority=", "remedy_type=", "model_year=", "reported_year=", "lang="])
def test_api_takes_an_empty_parameter_as_absent(client, query):
    """As the OpenAPI description says: an HTML form sends an empty value for "any"."""
    assert client.get(f"/api/v1/recalls?{query}").get_json() == client.get("/api/v1/recalls").get_json()


def test_api_lists_filter_by_make_and_year(client):
    body = client.get("/api/v1/recalls?make=tesla&model=model-3&year=2019").get_json()
    assert "23V838000" in [item["id"] for item in body["items"]]
    assert all(item["make"] == "tesla" for item in body["items"])
    releases = client.get("/api/v1/releases?category=defect_recall").get_json()
    assert releases["total"] == len(releases["items"])
    # A defect_recall release carries a stated remedy version, or its notes cite a recall (shown as a mention).
    assert all(r["is_recall_remedy"] or client.get(f"/api/v1{r['url']}").get_json()["mentioned_recalls"]
               for r in releases["items"])


def test_accept_language_selects_chinese(client):
    client.delete_cookie("lang")
    page = soup(client.get("/recalls", headers={"Accept-Language": "zh-CN,zh;q=0.9"}))
    assert page.html["lang"] == "zh-Hans"
