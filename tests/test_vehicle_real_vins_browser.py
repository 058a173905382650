"""A real Chromium looks up a car that is not in the demo fleet: chooses the market, reads the verdict.

A Japan-built Prius cannot be placed in a market by its VIN, so the page must
ask first (no recall list, no "no recalls"), and once the owner picks the
United States it must list the NHTSA recalls as ones that may apply, and the
printable report must keep the choice.
"""

from __future__ import annotations

import pytest
from selenium.webdriver.support.ui import WebDriverWait

from portal.vehicles.vin import check_digit
from tests.support.browser import make_driver
from tests.support.live_server import serve_wsgi

pytestmark = pytest.mark.browser
_BODY = "JTDKARFU0H3000001"
PRIUS_JAPAN = _BODY[:8] + check_digit(_BODY) + _BODY[9:]


@pytest.mark.parametrize("lang, may_apply", [("en", "May apply"), ("zh", "可能适用")])
def test_owner_chooses_the_market_then_sees_recalls_that_may_apply(shipped_app, lang, may_apply):
    driver = make_driver(lang)
    try:
        with serve_wsgi(shipped_app) as base:
            driver.get(f"{base}/vin/{PRIUS_JAPAN}?lang={lang}")
            assert not driver.find_elements("css selector", "ul.recall-list")
            chooser = driver.find_element("css selector", "form.market-chooser")
            assert chooser.is_displayed()
            chooser.find_element("css selector", "input[value=US]").click()
            chooser.find_element("css selector", "button[type=submit]").click()
            WebDriverWait(driver, 20).until(lambda d: "market=US" in d.current_url and d.find_elements(
                "css selector", "ul.recall-list > li"))
            cards = driver.find_elements("css selector", "ul.recall-list > li")
            assert cards and all(may_apply in card.text for card in cards)
            driver.find_element("css selector", ".actions a.button").click()
            WebDriverWait(driver, 20).until(lambda d: "/report" in d.current_url and d.find_elements(
                "css selector", "table tbody tr"))
            assert "market=US" in driver.current_url
    finally:
        driver.quit()
