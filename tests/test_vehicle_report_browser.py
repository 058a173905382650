"""The printable recall history report in a real Chromium: prints to PDF, and looks right as printed.

The screenshots are taken with print media emulated, at A4 width, and saved to
/tmp/report_en.png and /tmp/report_zh.png for a person to look at.
"""

from __future__ import annotations

import base64
import re
from pathlib import Path

import pytest

from tests.support.browser import make_driver
from tests.support.live_server import serve_wsgi

pytestmark = pytest.mark.browser
VIN = "5YJ3E1EA2KF317000"
A4_WIDTH_PX = 794  # 210 mm at 96 dpi


def _pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_report_prints_to_pdf_and_screenshots(shipped_app, lang):
    driver = make_driver(lang)
    try:
        with serve_wsgi(shipped_app) as base:
            driver.get(f"{base}/vin/{VIN}/report?lang={lang}")
            assert VIN in driver.find_element("tag name", "h1").text
            printed = driver.execute_cdp_cmd("Page.printToPDF", {"printBackground": False, "preferCSSPageSize": True})
            pdf = base64.b64decode(printed["data"])
            assert pdf.startswith(b"%PDF") and _pdf_pages(pdf) > 0

            driver.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
            height = driver.execute_script("return document.documentElement.scrollHeight")
            driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                                   {"width": A4_WIDTH_PX, "height": height, "deviceScaleFactor": 1, "mobile": False})
            assert not driver.find_element("css selector", ".site-header nav").is_displayed()
            shot = Path(f"/tmp/report_{lang}.png")
            shot.write_bytes(base64.b64decode(driver.execute_cdp_cmd(
                "Page.captureScreenshot", {"format": "png", "captureBeyondViewport": True})["data"]))
            assert shot.stat().st_size > 10_000
    finally:
        driver.quit()
