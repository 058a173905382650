"""One listing per record type: filters, order, page and facet counts in SQL, cached per build.

The browse pages, the JSON API and the Atom feeds all list recalls and
releases; they ask this module, so a filter means the same thing everywhere:

* ``model`` and ``model_year``: the record lists that model / model year (a
  listed row without a year covers every model year of its model);
* ``reported_year`` (recalls: report date, else announcement date) and
  ``released_year`` (releases: release date): the year of the record itself;
* plain columns (``make``, ``authority``, ``remedy_type``, ``category``).

Facet counts follow the usual rule: an option's count applies every *other*
chosen filter, so choosing a model never hides the other models. They are
``GROUP BY`` queries, never rows loaded into Python. A build never changes
once published, so results are cached per build id (and forgotten with it).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import Integer, cast, distinct, extract, func, or_, select
from sqlalchemy.orm import Session

from portal.build_memo import BuildMemo
from portal.db import content as db
from portal.db.queries import covers_model_year

CACHE_SIZE = 1024  # distinct (filters, page) combinations kept per process


@dataclass(frozen=True)
class RecordType:
    """How one table is listed: its key, plain facet columns, model/year link table and order."""

    name: str
    table: object
    key: object
    columns: dict  # facet name -> column expression
    link_table: object
    link_owner: object
    link_model: object
    link_year: object
    order: tuple
    year_facets: tuple[str, ...] = field(default=())  # facets whose values are years (shown newest first)

    @property
    def facets(self) -> tuple[str, ...]:
        return ("make", "model", "model_year", *[name for name in self.columns if name != "make"])


@dataclass(frozen=True)
class Listing:
    total: int
    keys: list
    counts: dict


def _int_or_none(value) -> int | None:
    return int(value) if value not in (None, "") else None


def _conditions(kind: RecordType, filters: dict, skip: str | None = None) -> list:
    conditions = []
    for name, column in kind.columns.items():
        value = filters.get(name)
        if value in (None, "") or name == skip:
            continue
        conditions.append(column == (int(value) if name in kind.year_facets else value))
    model = None if skip == "model" else filters.get("model")
    year = None if skip == "model_year" else _int_or_none(filters.get("model_year"))
    if model or year:
        conditions.append(covers_model_year(kind.key, kind.link_owner, kind.link_model, kind.link_year, model, year))
    return conditions


def _facet(session: Session, kind: RecordType, filters: dict, name: str) -> dict[str, int]:
    chosen = select(kind.key).where(*_conditions(kind, filters, skip=name))
    if name == "model":
        year = _int_or_none(filters.get("model_year"))
        query = (select(kind.link_model, func.count(distinct(kind.link_owner))).where(kind.link_owner.in_(chosen))
                 .group_by(kind.link_model))
        if year:
            query = query.where((kind.link_year == year) | kind.link_year.is_(None))
        return dict(sorted((str(m), c) for m, c in session.execute(query) if m is not None))
    if name == "model_year":
        # A row without a year covers every model year, so it counts under each year any record lists.
        years = select(kind.link_year.label("year")).where(kind.link_year.is_not(None)).distinct().subquery()
        query = (select(years.c.year, func.count(distinct(kind.link_owner))).select_from(years)
                 .join(kind.link_table, or_(kind.link_year == years.c.year, kind.link_year.is_(None)))
                 .where(kind.link_owner.in_(chosen)).group_by(years.c.year))
        if filters.get("model"):
            query = query.where(kind.link_model == filters["model"])
        rows = session.execute(query)
    else:
        column = kind.columns[name]
        rows = session.execute(select(column, func.count()).select_from(kind.table).where(*_conditions(kind, filters, skip=name))
                               .group_by(column))
    pairs = [(str(value), count) for value, count in rows if value is not None]
    newest_first = name in kind.year_facets or name == "model_year"
    return dict(sorted(pairs, reverse=newest_first))


def _compute(session: Session, kind: RecordType, filters: dict, page: int, size: int, with_counts: bool) -> Listing:
    conditions = _conditions(kind, filters)
    total = session.scalar(select(func.count()).select_from(kind.table).where(*conditions)) or 0
    keys = list(session.scalars(select(kind.key).where(*conditions).order_by(*kind.order)
                                .offset((page - 1) * size).limit(size)))
    counts = {name: _facet(session, kind, filters, name) for name in kind.facets} if with_counts else {}
    return Listing(total, keys, counts)


_cache = BuildMemo(CACHE_SIZE)


def listing(session: Session, kind: RecordType, filters: dict, page: int, size: int, *,
            with_counts: bool = False, build_id: str | None = None) -> Listing:
    """The page of keys, the total and (``with_counts``) the facet counts; cached when ``build_id`` is given."""
    wanted = {name: filters.get(name) for name in kind.facets if filters.get(name) not in (None, "")}
    if build_id is None:
        return _compute(session, kind, wanted, page, size, with_counts)
    key = (kind.name, tuple(sorted((k, str(v)) for k, v in wanted.items())), page, size, with_counts)
    return _cache.get(build_id, key, lambda: _compute(session, kind, wanted, page, size, with_counts))


def build_cached(build_id: str | None, key: tuple, make):
    """``make()``, remembered for the served build under ``key`` (anything derived from one build only)."""
    return _cache.get(build_id, key, make)


def year_of(column):
    """The calendar year of a date column as an integer, on SQLite and PostgreSQL alike."""
    return cast(extract("year", column), Integer)


def option_names(session: Session, lang: str, make: str | None) -> dict[str, dict[str, str]]:
    """Names for the browse pages' filter options: makes, and the models (of ``make`` if given), in ``lang``."""
    column = "name_zh" if lang == "zh" else "name_en"
    makes = {m.slug: getattr(m, column) or m.name_en for m in session.scalars(select(db.Make))}
    query = select(db.Model) if not make else select(db.Model).where(db.Model.make_slug == make)
    models = {m.slug: getattr(m, column) or m.name_en for m in session.scalars(query)}
    return {"make": makes, "model": models}


def cached_option_names(session: Session, build_id: str | None, lang: str, make: str | None) -> dict:
    """:func:`option_names`, once per build, language and make (the recall and release listings share it)."""
    return build_cached(build_id, ("option-names", lang, make), lambda: option_names(session, lang, make))
