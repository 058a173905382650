"""A model's history: recalls grouped by model year, and the model's OTA releases in version order.

People who do not have a VIN at hand (or whose VIN does not encode the model)
still want "what happened to 2019 Model 3s". Recalls are grouped exactly as
the authorities listed them (a row without a year covers every year); releases
are listed once, in version order, each with the model years it names.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.db import content as db
from portal.localise import localised_field
from portal.recalls.service import recall_summary
from portal.releases.service import release_summary


def model_timeline(session: Session, make: str, model: str, lang: str) -> dict | None:
    """The model's page data, or None when the portal knows no such make and model."""
    make_row = session.get(db.Make, make)
    if make_row is None:
        return None
    model_row = session.scalar(select(db.Model).where(db.Model.make_slug == make, db.Model.slug == model))
    listed = session.execute(select(db.RecallVehicle.recall_id, db.RecallVehicle.year).where(
        db.RecallVehicle.make_slug == make, db.RecallVehicle.model_slug == model)).all()
    fitted = session.execute(select(db.ReleaseModel.release_id, db.ReleaseModel.year).where(
        db.ReleaseModel.make_slug == make, db.ReleaseModel.model_slug == model)).all()
    if model_row is None and not listed and not fitted:
        return None
    recalls = {r.id: r for r in session.scalars(select(db.Recall).where(db.Recall.id.in_({i for i, _ in listed})))}
    by_year: dict[int | None, list[dict]] = {}
    for recall_id, year in listed:
        by_year.setdefault(year, []).append(recall_summary(recalls[recall_id], lang))
    for items in by_year.values():
        items.sort(key=lambda r: (r["report_date"] or "", r["id"]), reverse=True)
    releases = _releases(session, fitted, lang)
    years = sorted({y for y in by_year if y is not None}, reverse=True)
    return {
        "make": make, "make_name": localised_field(make_row, "name", lang), "model": model,
        "model_name": localised_field(model_row, "name", lang) if model_row else model,
        "years": [{"year": y, "recalls": by_year[y]} for y in years],
        "every_year_recalls": by_year.get(None, []),
        "recall_count": len(recalls),
        "releases": releases,
    }


def _releases(session: Session, fitted: list, lang: str) -> list[dict]:
    years: dict[int, set] = {}
    for release_id, year in fitted:
        years.setdefault(release_id, set()).add(year)
    if not years:
        return []
    rows = session.scalars(select(db.Release).where(db.Release.id.in_(years)).order_by(db.Release.version_key))
    remedies: dict[int, list[str]] = {}
    for link in session.scalars(select(db.ReleaseRemedy).where(db.ReleaseRemedy.release_id.in_(years))):
        remedies.setdefault(link.release_id, []).append(link.recall_id)
    items = []
    for release in rows:
        item = release_summary(release, lang, sorted(remedies.get(release.id, [])))
        named = years[release.id]
        item["model_years"] = None if None in named else sorted(named)
        items.append(item)
    return items
