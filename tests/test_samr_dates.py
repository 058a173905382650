"""A SAMR recall dated by month only reads as such in both languages, and counts in that year."""

from __future__ import annotations

import pytest
from bs4 import BeautifulSoup

TPMS = "cn-2024-12-tesla-tpms-display"


def test_api_gives_the_month_and_no_invented_day(shipped_client):
    data = shipped_client.get(f"/api/v1/recalls/{TPMS}").get_json()
    assert data["report_date"] is None and data["report_month"] == "2024-12"


@pytest.mark.parametrize("lang, words", [("en", "the day was not published"), ("zh", "具体日期未公布")])
def test_page_shows_the_month_only(shipped_client, lang, words):
    page = BeautifulSoup(shipped_client.get(f"/recalls/{TPMS}?lang={lang}").data, "html.parser")
    shown = page.find(class_="report-month").get_text(" ", strip=True)
    assert shown.startswith("2024-12") and words in shown



@pytest.mark.parametrize("lang, words", [("en", "date of the first press report"), ("zh", "首篇媒体报道的日期")])
def test_a_press_report_date_is_labelled_as_such(shipped_client, lang, words):
    page = BeautifulSoup(shipped_client.get(f"/recalls/cn-2024-06-tesla-seatbelt-reminder?lang={lang}").data, "html.parser")
    shown = page.find(class_="report-date").get_text(" ", strip=True)
    assert shown.startswith("2024-06-14") and words in shown
    api = shipped_client.get("/api/v1/recalls/cn-2024-06-tesla-seatbelt-reminder").get_json()
    assert api["report_date_basis"] == "press_report"
    notice = BeautifulSoup(shipped_client.get("/recalls/cn-2025-01-tesla-eps?lang=en").data, "html.parser")
    assert "press report" not in notice.find(class_="report-date").get_text()
