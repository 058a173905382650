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
    }
    if os.environ.get("SECRET_KEY"):
        settings["SECRET_KEY"] = os.environ["SECRET_KEY"]
    if os.environ.get("PORTAL_BASE_URL"):
        settings["PORTAL_BASE_URL"] = os.environ["PORTAL_BASE_URL"].rstrip("/")
    secure = _flag("PORTAL_SECURE_COOKIES")
    settings.update(SESSION_COOKIE_SECURE=secure, PORTAL_HSTS=_flag("PORTAL_HSTS"))
    return settings


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
