"""Release pages: /releases (browse) and /releases/<make>/<version> (a point version shows its release)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, render_template, request

from portal.browse_args import browse_filters, page_number
from portal.db import content as db
from portal.i18n import localised, select_locale
from portal.listing import cached_option_names
from portal.page_memo import memoised_page
from portal.releases.service import find_release, list_releases, release_detail
from portal.state import db as session
from portal.state import state
from portal.vocab import CATEGORIES


def _names(lang: str, make: str | None) -> dict:
    return cached_option_names(session(), state().build_id, lang, make)


bp = Blueprint("releases", __name__)


@bp.get("/releases")
@memoised_page(max_entries=256)  # pages of ~60 KB: about 15 MB per worker at most
def index():
    filters = browse_filters(request.args, "released_year", category=CATEGORIES)
    page = page_number(request.args)
    size, lang = current_app.config["API_PAGE_SIZE"], select_locale()
    total, items, counts = list_releases(session(), filters, page, size, lang, with_counts=True,
                                         build_id=state().build_id)
    return render_template("releases/index.html", items=items, total=total, page=page, page_size=size,
                           filters=filters, counts=counts, names=_names(lang, filters["make"]))


@bp.get("/releases/<make>/<version>")
def detail(make: str, version: str):
    release, point = find_release(session(), make.lower(), version)
    if release is None:
        abort(404)
    lang = select_locale()
    brand = session().get(db.Make, release.make_slug)
    return render_template("releases/detail.html", release=release_detail(session(), release, lang),
                           make_name=localised(brand, "name", lang), requested_version=point)
