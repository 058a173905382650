"""Requests Flask cannot answer well on its own, turned into a plain 4xx before it sees them.

* **A Host that is not a host name** (``a..b``, a label over 63 characters,
  bytes no name holds). Werkzeug binds its URL map with the IDNA codec, which
  refuses such a name while the request context is being made; the error page
  then fails the same way and the server answered a bare 500. The bad value
  is replaced by a neutral one before Flask reads it, and the first
  ``before_request`` answers 400 ``invalid_host``: an ordinary error page,
  in the visitor's language, with the security headers. The portal never
  uses the Host header for links (``PORTAL_BASE_URL`` does), so nothing
  else changes.
* **A chunked body over the body limit.** With no ``Content-Length``,
  Werkzeug's limit silently cuts the body at ``MAX_CONTENT_LENGTH`` and the
  JSON parser then calls the truncated body malformed (400 ``invalid_json``).
  A chunked body is read here, at most one byte past the limit; over it, the
  request is handed on with a declared length past the limit and no body,
  so the usual 413 ``too_large`` answers it. Under it, the body is handed on
  with its length, like any other.
"""

from __future__ import annotations

import io
import re

from flask import Flask, request

BAD_HOST_KEY = "portal.bad_host"
# RFC 1123 names (letters, digits, hyphens; labels of 1-63; underscores tolerated as many resolvers
# do), IPv4 in the same shape, a bracketed IPv6 literal; an optional port.
_LABEL = r"[A-Za-z0-9_](?:[A-Za-z0-9_-]{0,61}[A-Za-z0-9_])?"
_HOST = re.compile(rf"(?:{_LABEL}(?:\.{_LABEL})*\.?|\[[0-9A-Fa-f:.]{{2,45}}\])(?::[0-9]{{1,5}})?")
MAX_HOST_CHARS = 255
_NEUTRAL_HOST = "localhost"
_READ_CHUNK = 64 * 1024


def valid_host(value: str) -> bool:
    return len(value) <= MAX_HOST_CHARS and _HOST.fullmatch(value) is not None


_NUL = re.compile(r"%00|\x00")


def without_nul(query: str) -> str:
    """The query string with each NUL character (``%00``) made U+FFFD.

    No stored text holds a NUL, so a parameter with one matches nothing either
    way; but PostgreSQL refuses to compare text that contains one (a DataError,
    that is a 500). The replacement character keeps the value unmatched and
    the request ordinary: a listing or a search then finds nothing.
    """
    return _NUL.sub("%EF%BF%BD", query)


def _read_at_most(stream, limit: int) -> bytes:
    """Up to ``limit`` bytes of ``stream`` (fewer when it ends first)."""
    parts, size = [], 0
    while size < limit:
        part = stream.read(min(_READ_CHUNK, limit - size))
        if not part:
            break
        parts.append(part)
        size += len(part)
    return b"".join(parts)


class RequestGuard:
    """WSGI middleware in front of the Flask app (see the module docstring)."""

    def __init__(self, app: Flask, wsgi_app):
        self.app, self.wsgi_app = app, wsgi_app

    def __call__(self, environ, start_response):
        host = environ.get("HTTP_HOST")
        if host is not None and not valid_host(host):
            environ[BAD_HOST_KEY] = True
            environ["HTTP_HOST"] = _NEUTRAL_HOST
        if environ.get("HTTP_TRANSFER_ENCODING") and not environ.get("CONTENT_LENGTH"):
            self._settle_streamed_body(environ)
        query = environ.get("QUERY_STRING") or ""
        if "%00" in query or "\x00" in query:
            environ["QUERY_STRING"] = without_nul(query)
        return self.wsgi_app(environ, start_response)

    def _settle_streamed_body(self, environ) -> None:
        limit = self.app.config.get("MAX_CONTENT_LENGTH")
        if not limit:
            return
        body = _read_at_most(environ["wsgi.input"], limit + 1)
        # From here the body is plain bytes of a known length (Werkzeug ignores a length next to "chunked").
        environ.pop("wsgi.input_terminated", None)
        environ.pop("HTTP_TRANSFER_ENCODING", None)
        if len(body) > limit:
            environ["wsgi.input"] = io.BytesIO(b"")
            environ["CONTENT_LENGTH"] = str(limit + 1)  # Werkzeug answers 413 when the body is read
        else:
            environ["wsgi.input"] = io.BytesIO(body)
            environ["CONTENT_LENGTH"] = str(len(body))


def _refuse_bad_host():
    if request.environ.get(BAD_HOST_KEY):
        from flask_babel import gettext as _

        from portal.errors import error_response

        return error_response(400, "invalid_host", _("The Host header is not a valid host name."))
    return None


def register(app: Flask) -> None:
    app.wsgi_app = RequestGuard(app, app.wsgi_app)
    # First of all before_request hooks: the others may build URLs, which needs a usable host.
    app.before_request_funcs.setdefault(None, []).insert(0, _refuse_bad_host)
