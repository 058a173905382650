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

