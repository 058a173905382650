"""Release categories as the shipped build shows them: who assigned each, what the Notice says,
and a recall remedy at a point version that leaves its family's category alone."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup
from sqlalchemy import select

from portal.db import content as db
from portal.vocab import CATEGORY_EXPLANATIONS
from tests.support.content_db import content_rows

CATEGORIES = ("general", "technical_parameters", "driving_automation", "defect_recall")


@pytest.fixture(scope="module")
def releases(shipped_app):
    return content_rows(shipped_app, select(db.Release.make_slug, db.Release.version, db.Release.category,
                                    db.Release.category_assigned))


@pytest.fixture(scope="module")
def point_remedies(shipped_app):
    """(make, family, recall id, remedy version) where a source states a point version of the family, not the family."""
    found = content_rows(shipped_app, select(db.Release.make_slug, db.Release.version, db.RecallRemedyVersion.recall_id,
                                     db.RecallRemedyVersion.version)
                 .join(db.ReleaseRemedy, db.ReleaseRemedy.release_id == db.Release.id)
                 .join(db.RecallRemedyVersion, db.RecallRemedyVersion.recall_id == db.ReleaseRemedy.recall_id)
                 .join(db.ReleaseVersion, (db.ReleaseVersion.release_id == db.Release.id)
                       & (db.ReleaseVersion.version == db.RecallRemedyVersion.version)))
    return [r for r in found if r[3] != r[1]]


def test_a_family_is_a_recall_only_when_its_notes_or_the_recall_make_it_one(shipped_app, releases):
    """No family is defect_recall merely because a recall names one of its point versions."""
    recall_by_version = {(m, v) for m, v in content_rows(shipped_app, select(db.Recall.make_slug, db.RecallRemedyVersion.version)
                                                 .join(db.Recall, db.Recall.id == db.RecallRemedyVersion.recall_id))}
    for make, version, category, assigned in releases:
        assert assigned in ("rules", "editorial", "recall"), (make, version)
        if assigned == "recall":
            assert category == "defect_recall"
            # either the recall names the release itself, or the release exists only because of the recall
            reason = content_rows(shipped_app, select(db.Release.category_reason).where(
                db.Release.make_slug == make, db.Release.version == version))[0][0]
            assert (make, version) in recall_by_version or reason.startswith("Named as the remedy software")


def test_tesla_2023_32_keeps_its_own_category_and_shows_the_remedy_at_2023_32_9(shipped_client, point_remedies):
    assert ("tesla", "2023.32", "cn-2023-10-tesla-modelx-brake-fluid", "2023.32.9") in point_remedies
    data = shipped_client.get("/api/v1/releases/tesla/2023.32?lang=en").get_json()
    assert data["category"] == "driving_automation"
    point = {p["version"]: p for p in data["point_versions"]}
    assert point["2023.32.9"]["remedies"] == ["cn-2023-10-tesla-modelx-brake-fluid"]
    assert all(not p["remedies"] for v, p in point.items() if v != "2023.32.9")


def test_every_point_version_remedy_is_shown_at_its_version(shipped_client, point_remedies):
    assert point_remedies
    for make, family, recall_id, version in point_remedies:
        page = BeautifulSoup(shipped_client.get(f"/releases/{make}/{family}?lang=en").data, "html.parser")
        item = page.find(id=f"v-{version}")
        assert item is not None and item.find("a", href=f"/recalls/{recall_id}"), (family, version)


@pytest.mark.parametrize("make, version", [
    ("rivian", "2022.3.1"), ("rivian", "2022.7.0"), ("rivian", "2022.15.0"), ("rivian", "2022.23.03"),
    ("rivian", "2022.31.05"), ("rivian", "2022.39.01"), ("rivian", "2023.06.05"),
])
def test_rivian_driver_assistance_releases(shipped_client, make, version):
    assert shipped_client.get(f"/api/v1/releases/{make}/{version}").get_json()["category"] == "driving_automation"


@pytest.mark.parametrize("lang, statement, permit", [
    ("en", "not a filing record", "Level 3 or higher"),
    ("zh", "并非备案记录", "L3 级及以上"),
])
def test_every_release_page_and_object_says_how_its_category_was_assigned(shipped_client, releases, lang,
                                                                           statement, permit):
    for make, version, category, assigned in releases:
        data = shipped_client.get(f"/api/v1/releases/{make}/{version}?lang={lang}").get_json()
        basis = data["category_basis"]
        assert basis["assigned_by"] == assigned and statement in basis["statement"]
        assert basis["notice"]["wording"] and basis["notice"]["source"]["date"] == "2025-03-13"
        if category == "driving_automation":
            assert permit in basis["notice"]["wording"] and basis["level_note"]
        page = BeautifulSoup(shipped_client.get(f"/releases/{make}/{version}?lang={lang}").data, "html.parser")
        shown = page.find(class_="category-basis")
        assert shown["data-assigned-by"] == assigned, (make, version)
        text = shown.get_text(" ", strip=True)
        assert statement in text and basis["notice"]["wording"] in text and "Sarah Xuan" in text


@pytest.mark.parametrize("path", ["/about", "/releases", "/releases/rivian/2023.06.05", "/releases/tesla/2023.44"])
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_no_page_calls_the_permit_category_assisted_driving(shipped_client, path, lang):
    text = BeautifulSoup(shipped_client.get(f"{path}?lang={lang}").data, "html.parser").get_text(" ")
    for wrong in ("assisted or automated driving", "assisted driving", "涉及自动辅助驾驶或自动驾驶功能"):
        assert wrong not in text, (path, wrong)


def test_driving_automation_explanation_names_level_3():
    assert "Level 3 or higher" in str(CATEGORY_EXPLANATIONS["driving_automation"])


MONTH_ONLY = {"en": "the source gives the month only", "zh": "来源只给出月份"}


@pytest.mark.parametrize("lang, word", [("en", "estimated from the version number"), ("zh", "根据版本号估算")])
def test_every_estimated_date_is_marked_on_release_pages_and_timelines(shipped_client, shipped_app, lang, word):
    """Tesla's dates are estimated from year.week version numbers; Ford's history dates by month only."""
    estimated = {(m, v) for m, v in content_rows(shipped_app, select(db.Release.make_slug, db.Release.version)
                                         .where(db.Release.date_estimated.is_(True), db.Release.release_date.is_not(None)))}
    assert estimated
    for make, version in sorted(estimated):
        page = BeautifulSoup(shipped_client.get(f"/releases/{make}/{version}?lang={lang}").data, "html.parser")
        assert (MONTH_ONLY[lang] if make == "ford" else word) in page.find("dl", class_="facts").get_text(), \
            (make, version)
    timeline = BeautifulSoup(shipped_client.get(f"/models/tesla/model-3?lang={lang}").data, "html.parser")
    items = [li for li in timeline.select("ol.timeline li") if li.find(class_="when")]
    assert items and all(word in li.find(class_="when").get_text() for li in items
                         if ("tesla", li.find("a").get_text(strip=True)) in estimated)


@pytest.mark.parametrize("path", ["/about", "/releases"])
@pytest.mark.parametrize("lang, words", [("en", "not a filing record"), ("zh", "并非备案记录")])
def test_category_lists_say_categories_are_the_portals_reading(client, path, lang, words):
    page = BeautifulSoup(client.get(f"{path}?lang={lang}").data, "html.parser")
    assert words in page.find(class_="category-reading").get_text()
