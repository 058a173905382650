"""GET /api/v1/recalls and /api/v1/recalls/<id>."""

from __future__ import annotations

from flask import Blueprint, jsonify
from flask_babel import gettext as _

from portal.api_params import choice_param, model_year_param, page_param, page_size, slug_param, year_param
from portal.errors import ApiError
from portal.i18n import select_locale
from portal.recalls.service import find_recall, list_recalls, recall_detail
from portal.state import db, state
from portal.vocab import AUTHORITY_CODES, REMEDY_TYPES

# Nested under portal.api's /api/v1 blueprint: endpoints are "api.recalls.<view>".
bp = Blueprint("recalls", __name__)

AUTHORITIES = AUTHORITY_CODES + tuple(code.lower() for code in AUTHORITY_CODES)  # the API takes either case


@bp.get("/recalls")
def recalls_index():
    filters = {
        "make": slug_param("make"),
        "model": slug_param("model"),
        "model_year": model_year_param(),
        "reported_year": year_param("reported_year"),
        "authority": choice_param("authority", AUTHORITIES),
        "remedy_type": choice_param("remedy_type", REMEDY_TYPES),
    }
    page = page_param()
    total, items, _counts = list_recalls(db(), filters, page, page_size(), select_locale(), build_id=state().build_id)
    return jsonify({"total": total, "page": page, "items": items})


@bp.get("/recalls/<path:recall_id>")
def recall_show(recall_id: str):
    recall = find_recall(db(), recall_id)
    if recall is None:
        raise ApiError(404, "recall_not_found", _("No recall with the id %(id)s is in the portal.", id=recall_id[:40]),
                       {"id": recall_id[:40]})
    return jsonify(recall_detail(db(), recall, select_locale()))
