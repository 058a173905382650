"""The main pages in a real Chromium break no rule of their Content-Security-Policy.

A listener for ``securitypolicyviolation`` is installed through the DevTools
protocol before any page script runs (it is not page content, so the policy
does not apply to it); every violation a page causes, an inline script, style
or event handler, is recorded and read back after the page has loaded.
"""

from __future__ import annotations

import pytest

from tests.support.browser import make_driver
from tests.support.live_server import serve_wsgi

pytestmark = pytest.mark.browser
VIN = "5YJ3E1EA2KF317000"
PAGES = ["/", "/recalls?make=tesla", "/releases", "/search?q=autopilot", f"/vin/{VIN}", f"/vin/{VIN}/report",
         "/ask", "/stats", "/staff/login", "/recalls/23V838000", "/about"]
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (event) {
  window.__cspViolations.push(event.violatedDirective + " " + (event.blockedURI || "inline") + " " +
                              (event.sourceFile || "") + ":" + event.lineNumber);
});
"""


def test_main_pages_cause_no_csp_violation(shipped_app):
    driver = make_driver("en")
    try:
        driver.execute_cdp_cmd("Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_VIOLATIONS})
        with serve_wsgi(shipped_app) as base:
            found = {}
            for path in PAGES:
                driver.get(base + path)
                assert driver.execute_script("return Array.isArray(window.__cspViolations)"), path
                violations = driver.execute_script("return window.__cspViolations")
                if violations:
                    found[path] = violations
            # The listener does see violations: an inline script added now is refused and recorded.
            driver.execute_script("var s = document.createElement('script'); s.textContent = '1'; "
                                  "document.body.appendChild(s);")
            assert driver.execute_script("return window.__cspViolations.length") >= 1
    finally:
        driver.quit()
    assert found == {}
