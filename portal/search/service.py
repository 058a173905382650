"""What the search page and API show besides the hits: facet labels and filter parsing.

The backend speaks in index values (slugs, ids, years); people read names. The
names come from the content tables, looked up once per request for the values
actually on the page. No Flask here: routes pass in the request's arguments.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.db import content as db
from portal.recalls.components import category_label
from portal.search.exact import pinned_search  # noqa: F401  (routes and the API search through it)
from portal.search.schema import FACET_FIELDS

# Facets in the order the page lists them.
FACET_ORDER = ("type", "make", "model", "model_year", "category", "remedy_type", "component", "authority", "year")
SORTS = ("relevance", "newest", "oldest")
# Filter values longer than this are never index values.
MAX_FILTER_CHARS = 64
MAX_FILTER_VALUES = 10
EXAMPLE_QUERIES = ("autosteer", "rearview camera", "23V838000", "2023.44", "辅助驾驶", "后视摄像头")


def parse_filters(getlist) -> dict[str, list[str]]:
    """Facet filters from a query string (``getlist(name) -> [str]``), bounded and trimmed."""
    filters = {}
    for name in FACET_FIELDS:
        values = [value.strip()[:MAX_FILTER_CHARS] for value in getlist(name)[:MAX_FILTER_VALUES]]
        values = list(dict.fromkeys(value for value in values if value))
        if values:
            filters[name] = values
    return filters


def hit_json(hit) -> dict:
    """One hit as the API shows it: ``id`` is the public id (23V838000, tesla/2023.44)."""
    return {"type": hit.type, "id": hit.ref, "title": hit.title, "snippet": hit.snippet, "url": hit.url,
            "date": hit.date, "make": hit.make}


def facet_labels(session: Session, facets: dict[str, dict[str, int]], lang: str) -> dict[str, dict[str, str]]:
    """Display names for make and model facet values (other facets are labelled in templates)."""
    makes = set(facets.get("make", {}))
    models = set(facets.get("model", {}))
    labels: dict[str, dict[str, str]] = {"make": {}, "model": {}}
    labels["component"] = {value: category_label(value, lang) for value in facets.get("component", {})}
    column = "name_zh" if lang == "zh" else "name_en"
    if makes:
        for row in session.scalars(select(db.Make).where(db.Make.slug.in_(makes))):
            labels["make"][row.slug] = getattr(row, column) or row.name_en
    if models:
        for row in session.scalars(select(db.Model).where(db.Model.slug.in_(models)).order_by(db.Model.make_slug)):
            labels["model"].setdefault(row.slug, getattr(row, column) or row.name_en)
    return labels


def toggled(filters: dict[str, list[str]], name: str, value: str) -> dict[str, list[str]]:
    """The filters with one value added, or removed when already chosen."""
    chosen = dict(filters)
    values = list(chosen.get(name, []))
    if value in values:
        values.remove(value)
    else:
        values.append(value)
    if values:
        chosen[name] = values
    else:
        chosen.pop(name, None)
    return chosen
