"""Security and caching headers on every response.

* A Content-Security-Policy that allows only the portal's own scripts, styles
  and images: no page carries inline script, style or event handlers, so an
  injected ``<script>`` or ``onerror=`` does nothing.
* ``frame-ancestors 'none'`` and ``X-Frame-Options: DENY``: no page, least of
  all the staff console, can be framed by another site.
* ``nosniff`` and a referrer policy that sends no path (VINs live in paths)
  to other sites.
* HSTS only when ``PORTAL_HSTS`` is set: it binds browsers to HTTPS for a
  year, which only a deployment behind TLS may promise.
* Cache validators keyed on the build id for content pages and API answers:
  a build never changes once published, so ``If-None-Match`` with the same
  build's tag is answered ``304`` without rendering.
"""

from __future__ import annotations

import hashlib

from flask import Flask, Response, request

from portal.state import state

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'")
HSTS = "max-age=31536000; includeSubDomains"
# The headers every answer carries, also those the server writes without the app (see portal.serving.error_page).
SECURITY_HEADERS = (
    ("Content-Security-Policy", CSP),
    ("X-Content-Type-Options", "nosniff"),
    ("X-Frame-Options", "DENY"),
    ("Referrer-Policy", "strict-origin-when-cross-origin"),
)
CACHE_SECONDS = 60  # a new build reaches cached copies within a minute
# Answers that depend on who asks or that change without a rebuild are never cached.
_UNCACHED_PREFIXES = ("/staff", "/ask", "/api/v1/ask", "/healthz", "/static")


def _cacheable() -> bool:
    return request.method in ("GET", "HEAD") and not request.path.startswith(_UNCACHED_PREFIXES)


def build_etag(build_id: str) -> str:
    """The tag for this request's answer in this build: the URL, language and build."""
    from portal.i18n import select_locale

    key = f"{build_id}|{select_locale()}|{request.full_path}"
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]


def not_modified():
    """A 304 before the view runs, when the client holds this build's answer (before_request)."""
    if not _cacheable() or not request.if_none_match:
        return None
    build_id = state().build_id
    if build_id and request.if_none_match.contains(build_etag(build_id)):
        response = Response(status=304)
        response.set_etag(build_etag(build_id))
        return response
    return None


def add_headers(response: Response) -> Response:
    headers = response.headers
    for name, value in SECURITY_HEADERS:
        headers.setdefault(name, value)
    from flask import current_app

    if current_app.config.get("PORTAL_HSTS"):
        headers.setdefault("Strict-Transport-Security", HSTS)
    build_id = state().build_id
    # An answer that sets a cookie is this visitor's own (pages with forms, which carry a CSRF
    # token from the session, are all under the uncached prefixes).
    personal = "Set-Cookie" in headers
    if _cacheable() and build_id and response.status_code in (200, 304) and not personal:
        response.set_etag(build_etag(build_id))
        headers.setdefault("Cache-Control", f"public, max-age={CACHE_SECONDS}")
        response.vary.update(("Accept-Language", "Cookie"))
    elif "Cache-Control" not in headers and not request.path.startswith("/static"):
        headers["Cache-Control"] = "no-store" if request.path.startswith("/staff") else "no-cache"
    return response


def register(app: Flask) -> None:
    app.before_request(not_modified)
    app.after_request(add_headers)
