"""Recall pages: /recalls (browse) and /recalls/<id> (detail; other id forms redirect)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request
from sqlalchemy import select

from portal.browse_args import browse_filters, page_number
from portal.db import content as db
from portal.i18n import localised, select_locale
from portal.listing import build_cached, cached_option_names
from portal.page_memo import memoised_page
from portal.recalls.service import canonical_recall_id, find_recall, list_recalls, recall_detail
from portal.state import db as session
from portal.state import state
from portal.urls import recall_url
from portal.vocab import AUTHORITY_CODES, REMEDY_TYPES


def _names(lang: str, make: str | None) -> dict:
    return cached_option_names(session(), state().build_id, lang, make)


bp = Blueprint("recalls", __name__)


@bp.get("/recalls")
@memoised_page(max_entries=256)  # pages of ~60 KB: about 15 MB per worker at most
def index():
    filters = browse_filters(request.args, "reported_year", authority=AUTHORITY_CODES, remedy_type=REMEDY_TYPES)
    page, size, lang = page_number(request.args), current_app.config["API_PAGE_SIZE"], select_locale()
    total, items, counts = list_recalls(session(), filters, page, size, lang, with_counts=True,
                                        build_id=state().build_id)
    return render_template("recalls/index.html", items=items, total=total, page=page, page_size=size,
                           filters=filters, counts=counts, names=_names(lang, filters["make"]),
                           make_without_recalls=_make_without_recalls(filters["make"], lang) if not total else None)


def _make_without_recalls(make_slug: str | None, lang: str) -> str | None:
    """The make's name when the portal holds no recall at all for it (whatever the other filters say)."""
    if not make_slug:
        return None
    make = session().get(db.Make, make_slug)
    if make is None:
        return None
    held = build_cached(state().build_id, ("makes-with-recalls",), lambda: frozenset(
        session().scalars(select(db.Recall.make_slug).distinct())))
    return None if make_slug in held else localised(make, "name", lang)


@bp.get("/recalls/<path:recall_id>")
def detail(recall_id: str):
    canonical = canonical_recall_id(recall_id)
    if canonical != recall_id:
        query = request.query_string.decode("latin-1")
        return redirect(recall_url(canonical) + (f"?{query}" if query else ""), code=301)
    recall = find_recall(session(), recall_id)
    if recall is None:
        abort(404)
    lang = select_locale()
    make = session().get(db.Make, recall.make_slug)
    return render_template("recalls/detail.html", recall=recall_detail(session(), recall, lang),
                           make_name=localised(make, "name", lang))
