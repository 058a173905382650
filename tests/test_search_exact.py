"""An exact recall id leads the results; the defect's own words outrank component names."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

from portal.search.backend import PAGE_SIZE, Hit, SearchResult
from portal.search.exact import exact_recall_id, pinned_search
from portal.search.schema import BODY_BOOST, COMPONENT_BOOST, FIELD_BOOSTS, SUMMARY_BOOST, TITLE_BOOST


class ListBackend:
    """A backend over a fixed ranked list, so paging arithmetic can be checked exactly."""

    def __init__(self, refs: list[str]):
        self.hits = [Hit(type="recall" if ref[0].isdigit() or ref.startswith("S") else "release", id=ref, ref=ref,
                         title=ref, snippet="", url=f"/x/{ref}", date=None, make="tesla") for ref in refs]

    def search(self, query, filters=None, page=1, lang="en", sort="relevance"):
        wanted = (filters or {}).get("type")
        hits = [h for h in self.hits if not wanted or h.type in wanted]
        start = (page - 1) * PAGE_SIZE
        return SearchResult(query=query, page=page, total=len(hits), hits=hits[start:start + PAGE_SIZE])


@pytest.mark.parametrize("typed, stored", [
    ("S2025M0149I", "S2025M0149I"), ("s2025m0149i", "S2025M0149I"), ("22V-263", "22V263000"),
    ("22v263000", "22V263000"), ("CN-2024-01-Tesla-Autosteer", "cn-2024-01-tesla-autosteer"),
    ("autosteer", None), ("2023.44", None), ("22V263000 speed", None),
])
def test_exact_ids_in_the_forms_people_type(typed, stored):
    assert exact_recall_id(typed) == stored


def test_the_recall_moves_to_the_top_and_every_page_keeps_its_size():
    releases = [f"tesla/2023.{n}" for n in range(45)]
    backend = ListBackend(releases[:30] + ["22V263000"] + releases[30:])
    pages = [pinned_search(backend, "22V263000", None, page) for page in (1, 2, 3)]
    assert [h.ref for h in pages[0].hits][:2] == ["22V263000", "tesla/2023.0"]
    shown = [h.ref for page in pages for h in page.hits]
    assert shown == ["22V263000"] + releases
    assert [len(page.hits) for page in pages] == [PAGE_SIZE, PAGE_SIZE, 6]


def test_other_orders_and_plain_words_are_left_alone():
    backend = ListBackend(["tesla/2023.1", "22V263000"])
    assert [h.ref for h in pinned_search(backend, "22V263000", None, 1, sort="newest").hits] == ["tesla/2023.1", "22V263000"]
    assert [h.ref for h in pinned_search(backend, "speed", None, 1).hits] == ["tesla/2023.1", "22V263000"]
    assert pinned_search(backend, "24V999000", None, 1).hits == backend.search("24V999000").hits


def test_boosts_rank_title_then_defect_then_body_then_component():
    assert TITLE_BOOST > SUMMARY_BOOST > BODY_BOOST > COMPONENT_BOOST
    assert FIELD_BOOSTS["summary_en"] == FIELD_BOOSTS["summary_zh"] == SUMMARY_BOOST
    assert FIELD_BOOSTS["component_en"] == FIELD_BOOSTS["component_zh"] == COMPONENT_BOOST


@pytest.mark.parametrize("query", ["S2025M0149I", "s2025m0149i", "22V-263", "23V838000"])
def test_api_puts_the_recall_an_id_names_first(shipped_client, query):
    body = shipped_client.get("/api/v1/search", query_string={"q": query}).get_json()
    first = body["items"][0]
    assert first["type"] == "recall" and first["id"] == exact_recall_id(query)
    assert first["id"] not in [item["id"] for item in body["items"][1:]]


def test_search_page_lists_the_recall_first_when_asked_not_to_jump(shipped_client):
    page = BeautifulSoup(shipped_client.get("/search?q=S2025M0149I&redirect=0").data, "html.parser")
    links = [a["href"] for a in page.select(".results a[href^='/recalls/'], .results a[href^='/releases/']")]
    assert links and links[0] == "/recalls/S2025M0149I"


def test_component_words_rank_recalls_whose_defect_names_them(shipped_client, shipped_app):
    body = shipped_client.get("/api/v1/search", query_string={"q": "instrument cluster", "type": "recall"}).get_json()
    top = body["items"][:5]
    assert len(top) == 5
    for item in top:
        detail = shipped_client.get(f"/api/v1/recalls/{item['id']}?lang=en").get_json()
        own_words = (detail["title"] + " " + detail["text"]["summary"] + " " + detail["text"]["consequence"]).lower()
        assert "instrument" in own_words or "cluster" in own_words, (item["id"], detail["title"])


def test_component_is_a_facet_labelled_in_each_language(shipped_client):
    body = shipped_client.get("/api/v1/search", query_string={"q": "brake"}).get_json()
    assert body["facets"]["component"]["service-brakes-hydraulic"] > 0
    narrowed = shipped_client.get("/api/v1/search", query_string={"q": "brake", "component": "service-brakes-hydraulic"})
    assert narrowed.get_json()["total"] == body["facets"]["component"]["service-brakes-hydraulic"]
    page = shipped_client.get("/search?q=brake&lang=zh").get_data(as_text=True)
    assert "液压行车制动" in page

