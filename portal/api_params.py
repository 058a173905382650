"""The query parameters every JSON API view reads (page, years, choices, slugs), each refused as a 400 ``ApiError``.

It sits below both :mod:`portal.api`, which registers the features' API
blueprints, and the features' own ``api`` modules, which read their
parameters here: so a feature's API never imports the package that
registers it.
"""

from __future__ import annotations

from flask import current_app, request
from flask_babel import gettext as _

from portal.errors import ApiError
from portal.params import ascii_int

MAX_PAGE = 10_000
MIN_YEAR, MAX_YEAR = 1900, 2100


def page_param() -> int:
    raw = request.args.get("page", "1")
    page = ascii_int(raw, 1, MAX_PAGE)
    if page is None:
        raise ApiError(400, "invalid_page", _("The page must be a whole number from 1 to %(max)s.", max=MAX_PAGE),
                       {"page": raw[:20]})
    return page


def _given(name: str) -> str | None:
    """The parameter's value, or None when it is absent or empty (``?type=``, as a form sends "any").

    Only a truly empty value means "not given": one made of spaces or control characters is a
    value, and a wrong one.
    """
    raw = request.args.get(name, "")
    return raw or None


def year_param(name: str = "year") -> int | None:
    """A year parameter (``model_year``, ``reported_year``...; ``year`` is the old name of ``model_year``)."""
    raw = _given(name)
    if raw is None:
        return None
    year = ascii_int(raw, MIN_YEAR, MAX_YEAR)
    if year is None:
        raise ApiError(400, f"invalid_{name}", _("The year must be a year such as 2019."), {name: raw[:20]})
    return year


def model_year_param() -> int | None:
    """``model_year``, or the older ``year`` (which always meant the model year in the API).

    Both are checked when both are given (a malformed one is a 400 even beside a good one); ``model_year`` wins.
    """
    old_name = year_param("year")
    return year_param("model_year") or old_name


def choice_param(name: str, choices: tuple[str, ...]) -> str | None:
    raw = _given(name)
    if raw is None:
        return None
    if raw not in choices:
        raise ApiError(400, f"invalid_{name}", _("Unknown value for %(name)s. Use one of: %(choices)s.",
                                                 name=name, choices=", ".join(choices)), {name: raw[:40]})
    return raw


def slug_param(name: str) -> str | None:
    raw = request.args.get(name, "").strip().lower()
    return raw[:128] or None


def page_size() -> int:
    return current_app.config["API_PAGE_SIZE"]
