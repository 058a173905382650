"""The answers gunicorn writes itself (a request it cannot parse), with the portal's security headers.

A malformed request line, header or chunk never reaches Flask: gunicorn
answers it with a small page of its own, which carried none of the headers
every other answer has (CSP, ``nosniff``, ``X-Frame-Options``). The worker
installs :func:`write_error` in its place; the status and reason are
gunicorn's, the text names no detail of the request (it may hold a VIN).
"""

from __future__ import annotations

import os

from gunicorn import util

from portal.headers import HSTS, SECURITY_HEADERS


def _hsts() -> bool:
    return os.environ.get("PORTAL_HSTS", "").strip().lower() in ("1", "true", "yes", "on")


def write_error(sock, status_int: int, reason: str, mesg: str) -> None:
    body = f"{status_int} {reason}\n".encode("latin-1", "replace")
    headers = [("Connection", "close"), ("Content-Type", "text/plain; charset=utf-8"),
               ("Content-Length", str(len(body))), ("Cache-Control", "no-store"), *SECURITY_HEADERS]
    if _hsts():
        headers.append(("Strict-Transport-Security", HSTS))
    head = f"HTTP/1.1 {status_int} {reason}\r\n" + "".join(f"{name}: {value}\r\n" for name, value in headers) + "\r\n"
    util.write_nonblock(sock, head.encode("latin-1") + body)


def install() -> None:
    """gunicorn's workers call ``util.write_error``; this worker process answers with :func:`write_error`."""
    util.write_error = write_error
