"""GET /api/v1/search: the search page's results as JSON (contract: docs/ARCHITECTURE.md §6).

``items`` carry the public id; ``facets`` (exact counts per value) and
``redirect`` (the page for an exact id or version) are extra fields.
"""

from __future__ import annotations

from flask import Blueprint, jsonify, request

from portal.api_params import choice_param, page_param, slug_param
from portal.i18n import select_locale
from portal.search.service import SORTS, hit_json, parse_filters, pinned_search
from portal.state import state

# Nested under portal.api's /api/v1 blueprint: endpoints are "api.search.<view>".
bp = Blueprint("search", __name__)


@bp.get("/search")
def search_api():
    kind = choice_param("type", ("recall", "release"))
    sort = choice_param("sort", SORTS) or "relevance"
    page = page_param()
    filters = parse_filters(request.args.getlist)
    filters.pop("type", None)
    for name in ("make", "model"):
        value = slug_param(name)
        filters.pop(name, None)
        if value:
            filters[name] = [value]
    if kind:
        filters["type"] = [kind]
    result = pinned_search(state().search, request.args.get("q", ""), filters, page, select_locale(), sort)
    return jsonify({
        "query": result.query,
        "total": result.total,
        # True when the count stopped at ``total`` and there are more matches ("1,000+").
        "total_capped": result.capped,
        "page": result.page,
        "page_size": result.page_size,
        "items": [hit_json(hit) for hit in result.hits],
        "suggestion": result.suggestion,
        "facets": result.facets,
        "redirect": result.redirect,
    })
