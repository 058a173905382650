"""Which language a request is answered in: ``?lang=``, then the cookie, then Accept-Language."""

from __future__ import annotations

from flask import current_app, g, request

from portal.localise import localised_field

LANGUAGE_NAMES = {"en": "English", "zh": "中文"}


def _supported() -> tuple[str, ...]:
    return current_app.config["SUPPORTED_LANGUAGES"]


def normalise_language(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip().lower().replace("_", "-")
    if value.startswith("zh"):
        return "zh"
    if value.startswith("en"):
        return "en"
    return None


def select_locale() -> str:
    if "lang" in g:
        return g.lang
    chosen = normalise_language(request.args.get("lang"))
    if chosen is None:
        chosen = normalise_language(request.cookies.get(current_app.config["LANGUAGE_COOKIE"]))
    if chosen is None:
        best = request.accept_languages.best_match(["en", "zh", "zh-CN", "zh-Hans", "en-US"])
        chosen = normalise_language(best) or "en"
    g.lang = chosen if chosen in _supported() else "en"
    return g.lang


def remember_language(response):
    """Persist an explicit ``?lang=`` choice in a cookie for the following pages."""
    chosen = normalise_language(request.args.get("lang"))
    if chosen and chosen in _supported():
        response.set_cookie(current_app.config["LANGUAGE_COOKIE"], chosen, max_age=60 * 60 * 24 * 365, samesite="Lax")
    return response


def localised(obj, field: str, lang: str | None = None) -> str:
    """``obj.<field>_<lang>``, falling back to English when the Chinese text is empty."""
    return localised_field(obj, field, lang or select_locale())
