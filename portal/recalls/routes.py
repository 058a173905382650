"""Recall pages: /recalls (browse) and /recalls/<id> (detail; other id forms redirect)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request
from portal.db import content as db
from portal.i18n import localised, select_locale
from portal.recalls.service import canonical_recall_id, find_recall, recall_detail
from portal.search.browse import browse_recalls, option_names
from portal.state import db as session

bp = Blueprint("recalls", __name__)
AUTHORITIES = ("NHTSA", "SAMR")
REMEDY_TYPES = ("ota", "dealer", "ota+dealer")


def _page() -> int:
    raw = request.args.get("page", "1")
    return int(raw) if raw.isdigit() and 0 < int(raw) < 10_000 else 1


@bp.get("/recalls")
def index():
    filters = {
        "make": request.args.get("make", "").strip().lower()[:64] or None,
        "model": request.args.get("model", "").strip().lower()[:128] or None,
        "model_year": _digits("model_year"),
        "year": _digits("year"),
        "authority": request.args.get("authority") if request.args.get("authority") in AUTHORITIES else None,
        "remedy_type": request.args.get("remedy_type") if request.args.get("remedy_type") in REMEDY_TYPES else None,
    }
    page, size, lang = _page(), current_app.config["API_PAGE_SIZE"], select_locale()
    total, items, counts = browse_recalls(session(), filters, page, size, lang)
    return render_template("recalls/index.html", items=items, total=total, page=page, page_size=size,
                           filters=filters, counts=counts, names=option_names(session(), lang, filters["make"]))


def _digits(name: str) -> str | None:
    raw = request.args.get(name, "").strip()
    return raw if raw.isdigit() and len(raw) == 4 else None


@bp.get("/recalls/<path:recall_id>")
def detail(recall_id: str):
    canonical = canonical_recall_id(recall_id)
    if canonical != recall_id:
        query = request.query_string.decode()
        return redirect(f"/recalls/{canonical}" + (f"?{query}" if query else ""), code=301)
    recall = find_recall(session(), recall_id)
    if recall is None:
        abort(404)
    lang = select_locale()
    make = session().get(db.Make, recall.make_slug)
    return render_template("recalls/detail.html", recall=recall_detail(session(), recall, lang),
                           make_name=localised(make, "name", lang))
