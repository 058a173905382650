"""The /search page: query box, highlighted results, facet filters, sort, pages.

Parses the request and renders; the search itself is ``state().search`` (the
seam in :mod:`portal.search.backend`), the labels come from
:mod:`portal.search.service`. An exact recall id or release version jumps
straight to that record's page.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, redirect, render_template, request

from portal.i18n import select_locale
from portal.params import ascii_int
from portal.search.service import (
    EXAMPLE_QUERIES,
    FACET_ORDER,
    SORTS,
    facet_labels,
    parse_filters,
    pinned_search,
    toggled,
)
from portal.state import db, state

bp = Blueprint("search", __name__)


def _page() -> int:
    return ascii_int(request.args.get("page", "1"), 1, 10_000) or 1


def search_url(query: str, filters: dict, sort: str = "relevance", page: int = 1) -> str:
    params = [("q", query)] + [(name, value) for name, values in filters.items() for value in values]
    if sort != "relevance":
        params.append(("sort", sort))
    if page > 1:
        params.append(("page", str(page)))
    return "/search?" + urlencode(params)


@bp.get("/search")
def index():
    query = request.args.get("q", "")
    filters = parse_filters(request.args.getlist)
    sort = request.args.get("sort") if request.args.get("sort") in SORTS else "relevance"
    page, lang = _page(), select_locale()
    result = pinned_search(state().search, query, filters, page, lang, sort)
    if result.redirect and not filters and page == 1 and request.args.get("redirect") != "0":
        return redirect(result.redirect, code=302)
    labels = facet_labels(db(), result.facets, lang)
    return render_template(
        "search/index.html", result=result, query=result.query, filters=filters, sort=sort, sorts=SORTS,
        facet_order=FACET_ORDER, labels=labels, examples=EXAMPLE_QUERIES, search_url=search_url,
        toggled=toggled)
