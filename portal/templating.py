"""Template helpers: localised fields, dates, badges, the current language and its switch links."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from functools import lru_cache
from urllib.parse import urlencode

from babel.dates import format_date as babel_format_date
from flask import Flask, request, url_for
from flask_babel import get_locale
from flask_babel import lazy_gettext as _l

from portal.i18n import LANGUAGE_NAMES, localised, select_locale
from portal.reason_text import category_reason_text, remedy_basis_text
from portal.urls import recall_url, release_url
from portal.vocab import (
    AUTHORITY_CODES,
    AUTHORITY_FOR_MARKET,
    AUTHORITY_LABELS,
    CATEGORY_EXPLANATIONS,
    CATEGORY_LABELS,
    CHANGE_KIND_LABELS,
    MARKET_LABELS,
    RECALL_TYPE_LABELS,
    REMEDY_KIND_LABELS,
    REMEDY_LABELS,
    VEHICLE_BASIS_LABELS,
    has_vin_lookup,
)


def estimate_note(make: str | None) -> str:
    """Why a release date is marked estimated: Ford's history gives months, Tesla's numbering year.week."""
    if make == "ford":
        return str(_l("the source gives the month only"))
    return str(_l("estimated from the version number"))


def source_as_of(source: dict) -> str:
    """A source's newest-record date, as a month where the source dates by month only."""
    from portal.datasets.sources import as_date

    value = as_date(source.get("as_of"))
    if value is None:
        return ""
    if source.get("as_of_precision") == "month":
        from babel.dates import format_skeleton

        return format_skeleton("yMMMM", value, locale=str(get_locale()))
    return show_date(value)


def show_date(value: date | None) -> str:
    if value is None:
        return ""
    return date_text(value, str(get_locale()), "long" if select_locale() == "zh" else "medium")


@lru_cache(maxsize=8192)
def date_text(value: date, locale: str, width: str) -> str:
    """A date as the locale writes it; remembered, since a VIN page prints a hundred of them
    and Babel formats each one from scratch."""
    return babel_format_date(value, format=width, locale=locale)


def _switch_language_url(lang: str) -> str:
    args = dict(request.view_args or {})
    query = request.args.to_dict()
    query["lang"] = lang
    try:
        return url_for(request.endpoint, **args, **query) if request.endpoint else f"/?lang={lang}"
    except Exception:  # an error page has no endpoint to rebuild
        return f"/?lang={lang}"


def _merge_query(args, **changes) -> str:
    """The current query string with some parameters replaced (pagination links keep filters)."""
    merged = {key: value for key, value in args.items() if key not in changes}
    merged.update({key: value for key, value in changes.items() if value is not None})
    return urlencode(merged)


class LabelTable(Mapping):
    """A table of lazy labels that templates read as plain strings in the request's language.

    A lazy string looks its translation up again every time a template
    prints it, thousands of times on a VIN page with a long release timeline;
    here each table is translated once per language (translations do not
    change while the process runs). Macros imported without context see it
    too, since it is a template global.
    """

    def __init__(self, table: dict):
        self._table = table
        self._by_lang: dict[str, dict[str, str]] = {}

    def _current(self) -> dict[str, str]:
        lang = select_locale()
        resolved = self._by_lang.get(lang)
        if resolved is None:
            resolved = self._by_lang[lang] = {key: str(label) for key, label in self._table.items()}
        return resolved

    def __getitem__(self, key):
        return self._current()[key]

    def __iter__(self):
        return iter(self._table)

    def __len__(self) -> int:
        return len(self._table)


def market_authorities(market: str | None) -> list[str]:
    """The authority whose recalls are for ``market``; every authority when the market is not known."""
    return [AUTHORITY_FOR_MARKET[market]] if market in AUTHORITY_FOR_MARKET else list(AUTHORITY_CODES)


def register(app: Flask) -> None:
    app.jinja_env.globals.update(
        localised=localised,
        current_lang=select_locale,
        language_names=LANGUAGE_NAMES,
        switch_language_url=_switch_language_url,
        category_labels=LabelTable(CATEGORY_LABELS),
        category_explanations=LabelTable(CATEGORY_EXPLANATIONS),
        remedy_labels=LabelTable(REMEDY_LABELS),
        remedy_kind_labels=LabelTable(REMEDY_KIND_LABELS),
        vehicle_basis_labels=LabelTable(VEHICLE_BASIS_LABELS),
        recall_type_labels=LabelTable(RECALL_TYPE_LABELS),
        change_kind_labels=LabelTable(CHANGE_KIND_LABELS),
        authority_labels=LabelTable(AUTHORITY_LABELS),
        market_labels=LabelTable(MARKET_LABELS),
        market_authorities=market_authorities,
        has_vin_lookup=has_vin_lookup,
        authority_codes=AUTHORITY_CODES,
        recall_url=recall_url,
        release_url=release_url,
    )
    app.jinja_env.filters["remedy_basis"] = lambda basis: remedy_basis_text(basis, select_locale())
    app.jinja_env.filters["category_reason"] = lambda reason: category_reason_text(reason, select_locale())
    app.jinja_env.filters["show_date"] = show_date
    from portal.datasets.sources import as_date, sources_for

    app.jinja_env.globals["data_sources_for"] = sources_for
    app.jinja_env.filters["iso_date"] = lambda value: show_date(as_date(value))
    app.jinja_env.filters["source_as_of"] = lambda source: source_as_of(source)
    app.jinja_env.globals["estimate_note"] = estimate_note
    app.jinja_env.filters["merge_query"] = _merge_query
    app.jinja_env.filters["thousands"] = lambda n: f"{n:,}" if isinstance(n, int) else (n or "")
