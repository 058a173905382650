"""Configuration from the environment, in one place.

No secret has a real default: the key is read from ``SECRET_KEY`` or from the
instance's own ``secret_key`` file, which the build creates once with random
bytes (so several nodes can share it by shipping the instance).
"""

from __future__ import annotations

import os
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent


def from_environment() -> dict:
    """Settings read from the environment when an app is created (not at import)."""
    settings = {
        "PORTAL_INSTANCE": os.environ.get("PORTAL_INSTANCE", "instance"),
        "DATABASE_URL": os.environ.get("DATABASE_URL") or None,
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "ASK_RATE_LIMIT": os.environ.get("ASK_RATE_LIMIT", "30 per minute"),
        "LOGIN_RATE_LIMIT": os.environ.get("LOGIN_RATE_LIMIT", "10 per minute"),
        "TRUSTED_PROXY_HOPS": _count("TRUSTED_PROXY_HOPS"),
        "SEARCH_BACKEND": os.environ.get("SEARCH_BACKEND", "whoosh").strip().lower() or "whoosh",
        "PORTAL_MIN_FREE_MB": _number("PORTAL_MIN_FREE_MB", 200),
    }
    settings.update(per_worker_limits(settings))
    if settings["RATELIMIT_STORAGE_URI"].startswith(("redis://", "rediss://")):
        # A Redis that does not answer costs a request at most a second, not the OS's connect timeout.
        settings["RATELIMIT_STORAGE_OPTIONS"] = {"socket_connect_timeout": 1, "socket_timeout": 1}
    if os.environ.get("SECRET_KEY"):
        settings["SECRET_KEY"] = os.environ["SECRET_KEY"]
    if os.environ.get("PORTAL_BASE_URL"):
        settings["PORTAL_BASE_URL"] = os.environ["PORTAL_BASE_URL"].rstrip("/")
    secure = _flag("PORTAL_SECURE_COOKIES")
    settings.update(SESSION_COOKIE_SECURE=secure, PORTAL_HSTS=_flag("PORTAL_HSTS"))
    return settings


def _number(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    try:
        return float(raw) if raw else default
    except ValueError:
        raise ValueError(f"{name} must be a number, not {raw!r}") from None


def per_worker_limits(settings: dict) -> dict:
    """With per-process counters (``memory://``) and N workers, each worker allows 1/N of each limit.

    A client's requests spread over the workers, each counting alone; giving
    each worker the floor of limit/N (at least 1) keeps the total a client can
    get at most the stated limit. ``ota-portal serve`` sets ``PORTAL_WORKERS``.
    With Redis every worker shares one counter and the limits are taken as set.
    """
    from portal.limits_arith import divide_limit

    workers = int(os.environ.get("PORTAL_WORKERS") or 1)
    if workers <= 1 or not settings["RATELIMIT_STORAGE_URI"].startswith("memory://"):
        return {}
    return {key: divide_limit(settings[key], workers) for key in ("ASK_RATE_LIMIT", "LOGIN_RATE_LIMIT")}


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in ("1", "true", "yes", "on")


def _count(name: str) -> int:
    raw = os.environ.get(name, "").strip() or "0"
    if not raw.isascii() or not raw.isdigit():
        raise ValueError(f"{name} must be a whole number of 0 or more, not {raw!r}")
    return int(raw)


class Config:
    PORTAL_INSTANCE = "instance"
    DATABASE_URL = None
    SECRET_KEY = None
    BABEL_DEFAULT_LOCALE = "en"
    # Compiled catalogues: inside the package when installed from a wheel or sdist,
    # in the checkout's translations/ when run from source (make compiles them there).
    BABEL_TRANSLATION_DIRECTORIES = ";".join(
        str(path) for path in (Path(__file__).resolve().parent / "translations", REPO_ROOT / "translations"))
    SUPPORTED_LANGUAGES = ("en", "zh")
    LANGUAGE_COOKIE = "lang"
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    ASK_RATE_LIMIT = "30 per minute"
    LOGIN_RATE_LIMIT = "10 per minute"
    RATELIMIT_KEY_PREFIX = "ota-portal"
    # Redis away: public limits fail open, counted in each worker's memory, with a logged warning;
    # Flask-Limiter probes Redis again (with back-off) and goes back to it by itself.
    RATELIMIT_IN_MEMORY_FALLBACK_ENABLED = True
    RATELIMIT_SWALLOW_ERRORS = True
    # /healthz says "degraded" when the instance folder's disk has less than this free.
    PORTAL_MIN_FREE_MB = 200
    TRUSTED_PROXY_HOPS = 0
    SEARCH_BACKEND = "whoosh"
    WTF_CSRF_TIME_LIMIT = None  # tokens live as long as the session; forms are long-lived on the VIN page
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_HTTPONLY = True
    JSON_SORT_KEYS = False
    API_PAGE_SIZE = 20
    # The largest request body read: a question is at most 20,000 characters, which JSON-escaped
    # is at most 120 KB; anything larger is answered 413 before it is read.
    MAX_CONTENT_LENGTH = 256 * 1024
    MAX_FORM_MEMORY_SIZE = 256 * 1024
    # Absolute links (feeds) and redirects are built from this, never from the request's Host.
    PORTAL_BASE_URL = ""
    # Behind TLS: mark the session cookie Secure (PORTAL_SECURE_COOKIES=1) and send HSTS (PORTAL_HSTS=1).
    SESSION_COOKIE_SECURE = False
    PORTAL_HSTS = False
    # A staff sign-in lasts this long without use, and never longer than STAFF_SESSION_MAX_HOURS.
    STAFF_SESSION_IDLE_MINUTES = 60
    STAFF_SESSION_MAX_HOURS = 12
    # Failed sign-ins allowed per account (any address) in the window, on top of the per-address limit.
    LOGIN_ACCOUNT_FAILURES = 10
    LOGIN_ACCOUNT_WINDOW_MINUTES = 15


class TestConfig(Config):
    TESTING = True
    SECRET_KEY = "test-only-key"
    RATELIMIT_ENABLED = True
