"""GET /api/v1/releases and /api/v1/releases/<make>/<version>."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask_babel import gettext as _

from portal.api_params import choice_param, model_year_param, page_param, page_size, slug_param, year_param
from portal.errors import ApiError
from portal.i18n import select_locale
from portal.releases.service import find_release, list_releases, release_detail
from portal.state import db, state
from portal.vocab import CATEGORIES

# Nested under portal.api's /api/v1 blueprint: endpoints are "api.releases.<view>".
bp = Blueprint("releases", __name__)


@bp.get("/releases")
def releases_index():
    filters = {
        "make": slug_param("make"),
        "model": slug_param("model"),
        "model_year": model_year_param(),
        "released_year": year_param("released_year"),
        "category": choice_param("category", CATEGORIES),
    }
    page = page_param()
    total, items, _counts = list_releases(db(), filters, page, page_size(), select_locale(), build_id=state().build_id)
    return jsonify({"total": total, "page": page, "items": items})


@bp.get("/releases/<make>/<version>")
def release_show(make: str, version: str):
    release, point = find_release(db(), make.lower(), version)
    if release is None:
        raise ApiError(404, "release_not_found",
                       _("No release %(version)s of %(make)s is in the portal.", version=version[:40], make=make[:40]),
                       {"make": make[:40], "version": version[:40]})
    detail = release_detail(db(), release, select_locale())
    detail["requested_version"] = point or release.version
    return jsonify(detail)
