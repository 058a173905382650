"""The recall listing (filters, order, facets) that the browse page, the API and the feeds share."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from portal.db import content as db
from portal.listing import Listing, RecordType, listing, year_of

REPORTED_ON = func.coalesce(db.Recall.report_date, db.Recall.announce_date)

RECALLS = RecordType(
    name="recall",
    table=db.Recall.__table__,
    key=db.Recall.id,
    columns={
        "make": db.Recall.make_slug,
        "reported_year": year_of(REPORTED_ON),
        "authority": db.Recall.authority,
        "remedy_type": db.Recall.remedy_type,
    },
    link_table=db.RecallVehicle.__table__,
    link_owner=db.RecallVehicle.recall_id,
    link_model=db.RecallVehicle.model_slug,
    link_year=db.RecallVehicle.year,
    order=(REPORTED_ON.desc().nulls_last(), db.Recall.id.desc()),
    year_facets=("reported_year",),
)


def recall_listing(session: Session, filters: dict, page: int, size: int, *, with_counts: bool = False,
                   build_id: str | None = None) -> Listing:
    wanted = dict(filters)
    if wanted.get("authority"):
        wanted["authority"] = str(wanted["authority"]).upper()
    return listing(session, RECALLS, wanted, page, size, with_counts=with_counts, build_id=build_id)


def recall_rows(session: Session, keys: list[str]) -> list[db.Recall]:
    """The recalls named by ``keys``, in that order (one query)."""
    rows = {r.id: r for r in session.scalars(select(db.Recall).where(db.Recall.id.in_(keys)))} if keys else {}
    return [rows[key] for key in keys if key in rows]
