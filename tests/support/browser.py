"""A headless Chromium that stays on this machine, for end-to-end page tests.

Selenium would otherwise run Selenium Manager to find or download a browser
and driver; here both come from Debian (chromium, chromium-driver), so their
paths are given explicitly and Selenium Manager never runs. Chromium's own
background traffic (updates, sync, field trials) is switched off: there is
no network beyond loopback, and its failed look-ups only slow tests down.
"""
from __future__ import annotations

import os
import shutil
import tempfile
import weakref

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

from .requirements import require_browser

PAGE_LOAD_TIMEOUT_S = 30
WINDOW_SIZE = "1280,900"
CHROMIUM_FLAGS = (
    "--headless=new",
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
    "--disable-default-apps",
    "--no-first-run",
    "--no-default-browser-check",
    f"--window-size={WINDOW_SIZE}",
)


def make_driver(lang: str = "en") -> webdriver.Chrome:
    """A new headless Chrome session with a fresh profile; call .quit() when done.

    lang sets the browser's Accept-Language, for pages that pick a locale from it.
    """
    chromium, chromedriver = require_browser()
    # Belt and braces: if anything did reach Selenium Manager, it may not download.
    os.environ.setdefault("SE_OFFLINE", "true")
    profile = tempfile.mkdtemp(prefix="portal-chromium-")
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument(f"--lang={lang}")
    options.add_experimental_option("prefs", {"intl.accept_languages": lang})
    try:
        driver = webdriver.Chrome(options=options, service=Service(executable_path=chromedriver))
    except BaseException:
        shutil.rmtree(profile, ignore_errors=True)
        raise
    # The profile goes when the driver object does, however the test ends.
    weakref.finalize(driver, shutil.rmtree, profile, ignore_errors=True)
    driver.set_page_load_timeout(PAGE_LOAD_TIMEOUT_S)
    return driver
