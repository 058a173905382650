"""Redirects never point at the Host a client sent.

Werkzeug builds the ``Location`` of its own redirects (``/recalls`` ->
``/recalls/``-style slash redirects) from the request's ``Host`` header, which
any client can set: ``Host: evil.example`` would send the next click to
another site, and a shared cache would keep that answer for everyone. Such a
``Location`` is rewritten to ``PORTAL_BASE_URL`` when it is configured, or to
a path on this site otherwise.
"""

from __future__ import annotations

from urllib.parse import urlsplit, urlunsplit

from flask import Response, current_app, request


def local_location(response: Response) -> Response:
    location = response.headers.get("Location")
    if not location:
        return response
    parts = urlsplit(location)
    if parts.netloc and parts.netloc.lower() == request.host.lower():
        path = urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment))
        response.headers["Location"] = (current_app.config.get("PORTAL_BASE_URL") or "") + path
    return response
