"""Release pages: /releases (browse) and /releases/<make>/<version> (a point version shows its release)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request
from sqlalchemy import select

from portal.db import content as db
from portal.i18n import localised, select_locale
from portal.releases.service import find_release, list_releases, release_detail
from portal.state import db as session

bp = Blueprint("releases", __name__)
CATEGORIES = ("general", "technical_parameters", "driving_automation", "defect_recall")


@bp.get("/releases")
def index():
    filters = {
        "make": request.args.get("make", "").strip().lower()[:64] or None,
        "category": request.args.get("category") if request.args.get("category") in CATEGORIES else None,
    }
    raw_page = request.args.get("page", "1")
    page = int(raw_page) if raw_page.isdigit() and 0 < int(raw_page) < 10_000 else 1
    size = current_app.config["API_PAGE_SIZE"]
    total, items = list_releases(session(), filters, page, size, select_locale())
    makes = session().scalars(select(db.Make).where(db.Make.slug.in_(select(db.Release.make_slug))).order_by(db.Make.slug)).all()
    return render_template("releases/index.html", items=items, total=total, page=page, page_size=size,
                           filters=filters, makes=makes)


@bp.get("/releases/<make>/<version>")
def detail(make: str, version: str):
    release, point = find_release(session(), make.lower(), version)
    if release is None:
        abort(404)
    lang = select_locale()
    brand = session().get(db.Make, release.make_slug)
    return render_template("releases/detail.html", release=release_detail(session(), release, lang),
                           make_name=localised(brand, "name", lang), requested_version=point)
