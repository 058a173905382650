"""The API blueprint and the parameter parsing every API view shares."""

from __future__ import annotations

from flask import Blueprint, current_app, request
from flask_babel import gettext as _

from portal.errors import ApiError

api_bp = Blueprint("api", __name__, url_prefix="/api/v1")

MAX_PAGE = 10_000


def page_param() -> int:
    raw = request.args.get("page", "1")
    if not raw.isdigit() or not 1 <= int(raw) <= MAX_PAGE:
        raise ApiError(400, "invalid_page", _("The page must be a whole number from 1 to %(max)s.", max=MAX_PAGE),
                       {"page": raw[:20]})
    return int(raw)


def year_param() -> int | None:
    raw = request.args.get("year", "").strip()
    if not raw:
        return None
    if not raw.isdigit() or not 1900 <= int(raw) <= 2100:
        raise ApiError(400, "invalid_year", _("The year must be a model year such as 2019."), {"year": raw[:20]})
    return int(raw)


def choice_param(name: str, choices: tuple[str, ...]) -> str | None:
    raw = request.args.get(name, "").strip()
    if not raw:
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
