"""Gate tests on PostgreSQL and Chromium: skip locally, fail in CI.

A skipped test reads as green. Locally that is what a developer without a
database server or a browser wants; in CI (PORTAL_REQUIRE_ALL=1) a missing
service means the run tested less than it claims, so it must fail.
"""
from __future__ import annotations

import functools
import os
import shutil
from pathlib import Path
from typing import NoReturn

import pytest

CONNECT_TIMEOUT_S = 3
CHROMIUM_CANDIDATES = ("/usr/bin/chromium", "chromium", "chromium-browser")
CHROMEDRIVER_CANDIDATES = ("/usr/bin/chromedriver", "chromedriver")


def strict() -> bool:
    """True when every gated test must run (CI)."""
    return os.environ.get("PORTAL_REQUIRE_ALL") == "1"


def unavailable(reason: str) -> NoReturn:
    """Skip with reason, or fail with it under PORTAL_REQUIRE_ALL=1."""
    if strict():
        pytest.fail(f"{reason} (PORTAL_REQUIRE_ALL=1 forbids skipping)", pytrace=False)
    pytest.skip(reason)


@functools.cache
def _postgres_error(url: str) -> str | None:
    """Why url names no reachable PostgreSQL, or None; asked once per URL."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        return f"DATABASE_URL is not a database URL: {exc}"
    if parsed.get_backend_name() != "postgresql":
        return f"DATABASE_URL names {parsed.get_backend_name()}, not PostgreSQL"
    try:
        import psycopg
    except ImportError:
        return "psycopg is not installed: pip install -e '.[test]'"
    conninfo = parsed.set(drivername="postgresql").render_as_string(hide_password=False)
    try:
        with psycopg.connect(conninfo, connect_timeout=CONNECT_TIMEOUT_S) as conn:
            conn.execute("SELECT 1")
    except psycopg.Error as exc:
        where = parsed.render_as_string(hide_password=True)
        return f"PostgreSQL at {where} is unusable: {str(exc).strip().splitlines()[0]}"
    return None


def require_postgres() -> str:
    """DATABASE_URL, when it names a PostgreSQL that accepts a connection."""
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        unavailable("DATABASE_URL is not set; export a postgresql+psycopg:// URL")
    error = _postgres_error(url)
    if error:
        unavailable(error)
    return url


def _find(candidates: tuple[str, ...]) -> str | None:
    for candidate in candidates:
        if Path(candidate).is_absolute():
            if os.access(candidate, os.X_OK):
                return candidate
        elif found := shutil.which(candidate):
            return found
    return None


def require_browser() -> tuple[str, str]:
    """(chromium, chromedriver) paths, from Debian's chromium and chromium-driver."""
    chromium = _find(CHROMIUM_CANDIDATES)
    driver = _find(CHROMEDRIVER_CANDIDATES)
    if not chromium or not driver:
        missing = " and ".join(n for n, p in (("chromium", chromium), ("chromedriver", driver)) if not p)
        unavailable(f"{missing} not found: apt-get install chromium chromium-driver")
    return chromium, driver
