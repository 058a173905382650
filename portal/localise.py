"""Pick a row's text in one language, with English as the fallback, and UI strings without a request (no Flask here).

Rows carry ``<field>_en`` and ``<field>_zh`` columns; Chinese text is missing for
some records (NHTSA's own text is English only), so every reader falls back the
same way. The request-aware wrapper is :func:`portal.i18n.localised`.

Some UI strings are needed where there is no request: the VIN and version
messages that the pages, the JSON API and ``ota-portal ask`` share. They are in
the same gettext catalogue as every other UI string, marked with :func:`N_`
where they are defined, and translated by :func:`catalogue` with Babel itself.
"""

from __future__ import annotations

from functools import lru_cache

from babel.support import NullTranslations, Translations

from portal.config import Config


def localised_field(obj, field: str, lang: str) -> str:
    """``obj.<field>_<lang>``, or ``obj.<field>_en`` when that is empty."""
    value = getattr(obj, f"{field}_{lang}", None) or ""
    return value or getattr(obj, f"{field}_en", "") or ""


def N_(text: str) -> str:
    """Mark ``text`` for ``make translations``; it is translated when used, by :func:`catalogue`."""
    return text


@lru_cache(maxsize=8)
def catalogue(lang: str) -> NullTranslations:
    """The compiled catalogue of ``lang`` from the directories Flask-Babel reads; none (English) if absent.

    The catalogues are package data (or the checkout's compiled ``translations/``), never rebuilt while
    the process runs, so each is read once.
    """
    for directory in Config.BABEL_TRANSLATION_DIRECTORIES.split(";"):
        found = Translations.load(directory, [lang])
        if isinstance(found, Translations):
            return found
    return NullTranslations()
