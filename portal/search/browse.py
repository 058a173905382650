"""Browse pages' filters with counts: /recalls and /releases narrowed by make, model,
model year and year, each option showing how many records it leaves.

Counts follow the usual facet rule: an option's count applies every *other*
chosen filter, so choosing a model never hides the other models. The listing
itself reuses the recall and release services' summaries. Rows are few (one per
recall or release), so the counting is done on one query's rows rather than
one SQL query per option. No Flask here.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.db import content as db
from portal.recalls.service import recall_summary
from portal.releases.service import release_summary

RECALL_FACETS = ("make", "model", "model_year", "year", "authority", "remedy_type")
RELEASE_FACETS = ("make", "model", "model_year", "year", "category")


def _records(session: Session, kind: str) -> list[dict]:
    """Every recall or release as the facet values it carries."""
    if kind == "recall":
        rows = session.execute(select(db.Recall.id, db.Recall.make_slug, db.Recall.authority, db.Recall.remedy_type,
                                      db.Recall.report_date, db.Recall.announce_date))
        records = {r.id: {"key": r.id, "make": {r.make_slug}, "authority": {r.authority}, "remedy_type": {r.remedy_type},
                          "year": {str(d.year) for d in (r.report_date or r.announce_date,) if d},
                          "date": r.report_date or r.announce_date} for r in rows}
        children = session.execute(select(db.RecallVehicle.recall_id, db.RecallVehicle.model_slug, db.RecallVehicle.year))
    else:
        rows = session.execute(select(db.Release.id, db.Release.make_slug, db.Release.category, db.Release.release_date))
        records = {r.id: {"key": r.id, "make": {r.make_slug}, "category": {r.category},
                          "year": {str(r.release_date.year)} if r.release_date else set(),
                          "date": r.release_date} for r in rows}
        children = session.execute(select(db.ReleaseModel.release_id, db.ReleaseModel.model_slug, db.ReleaseModel.year))
    vehicles = defaultdict(list)
    for owner, model, year in children:
        vehicles[owner].append((model, year))
    for key, record in records.items():
        pairs = vehicles.get(key, [])
        record["model"] = {model for model, _ in pairs}
        record["pairs"] = pairs
        record["model_year"] = {str(year) for _, year in pairs if year is not None}
    return list(records.values())


def _model_year_ok(record: dict, model: str | None, year: str | None) -> bool:
    if model is None and year is None:
        return True
    return any((model is None or m == model) and (year is None or y is None or str(y) == year)
               for m, y in record["pairs"])


def facet_counts(records: list[dict], filters: dict, facets: tuple[str, ...]) -> tuple[list[dict], dict]:
    """Records passing every filter, and per facet the counts under the other filters."""
    def keep(record, skip=None):
        for name in facets:
            value = filters.get(name)
            if value is None or name == skip or name in ("model", "model_year"):
                continue
            if value not in record[name]:
                return False
        model = None if skip == "model" else filters.get("model")
        year = None if skip == "model_year" else filters.get("model_year")
        return _model_year_ok(record, model, year)

    chosen = [r for r in records if keep(r)]
    every_year = {v for r in records for v in r["model_year"]}
    model = filters.get("model")
    counts = {}
    for name in facets:
        counter: Counter = Counter()
        for record in records:
            if keep(record, skip=name):
                values = record[name]
                if name == "model_year":
                    values = {str(y) for m, y in record["pairs"] if y is not None and model in (None, m)}
                    if any(y is None and model in (None, m) for m, y in record["pairs"]):
                        values = every_year
                counter.update(values)
        counts[name] = dict(sorted(counter.items(), key=lambda item: item[0], reverse=name in ("year", "model_year")))
    return chosen, counts


def browse_recalls(session: Session, filters: dict, page: int, size: int, lang: str) -> tuple[int, list[dict], dict]:
    chosen, counts = facet_counts(_records(session, "recall"), filters, RECALL_FACETS)
    chosen.sort(key=lambda r: (r["date"] is not None, r["date"] or 0, r["key"]), reverse=True)
    keys = [r["key"] for r in chosen[(page - 1) * size: page * size]]
    rows = {r.id: r for r in session.scalars(select(db.Recall).where(db.Recall.id.in_(keys)))} if keys else {}
    return len(chosen), [recall_summary(rows[k], lang) for k in keys], counts


def browse_releases(session: Session, filters: dict, page: int, size: int, lang: str) -> tuple[int, list[dict], dict]:
    chosen, counts = facet_counts(_records(session, "release"), filters, RELEASE_FACETS)
    chosen.sort(key=lambda r: (r["date"] is not None, r["date"] or 0, r["key"]), reverse=True)
    keys = [r["key"] for r in chosen[(page - 1) * size: page * size]]
    rows = {r.id: r for r in session.scalars(select(db.Release).where(db.Release.id.in_(keys)))} if keys else {}
    remedies: dict[int, list[str]] = defaultdict(list)
    if keys:
        for link in session.scalars(select(db.ReleaseRemedy).where(db.ReleaseRemedy.release_id.in_(keys))):
            remedies[link.release_id].append(link.recall_id)
    return len(chosen), [release_summary(rows[k], lang, sorted(remedies[k])) for k in keys], counts


def option_names(session: Session, lang: str, make: str | None) -> dict[str, dict[str, str]]:
    column = "name_zh" if lang == "zh" else "name_en"
    makes = {m.slug: getattr(m, column) or m.name_en for m in session.scalars(select(db.Make))}
    query = select(db.Model) if not make else select(db.Model).where(db.Model.make_slug == make)
    models = {m.slug: getattr(m, column) or m.name_en for m in session.scalars(query)}
    return {"make": makes, "model": models}
