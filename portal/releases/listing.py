"""The release listing (filters, order, facets) that the browse page, the API and the feeds share."""

from __future__ import annotations

from collections import defaultdict

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.db import content as db
from portal.listing import Listing, RecordType, listing, year_of

RELEASES = RecordType(
    name="release",
    table=db.Release.__table__,
    key=db.Release.id,
    columns={
        "make": db.Release.make_slug,
        "released_year": year_of(db.Release.release_date),
        "category": db.Release.category,
    },
    link_table=db.ReleaseModel.__table__,
    link_owner=db.ReleaseModel.release_id,
    link_model=db.ReleaseModel.model_slug,
    link_year=db.ReleaseModel.year,
    order=(db.Release.release_date.desc().nulls_last(), db.Release.version_key.desc(), db.Release.id.desc()),
    year_facets=("released_year",),
)


def release_listing(session: Session, filters: dict, page: int, size: int, *, with_counts: bool = False,
                    build_id: str | None = None) -> Listing:
    return listing(session, RELEASES, filters, page, size, with_counts=with_counts, build_id=build_id)


def release_rows(session: Session, keys: list[int]) -> list[db.Release]:
    rows = {r.id: r for r in session.scalars(select(db.Release).where(db.Release.id.in_(keys)))} if keys else {}
    return [rows[key] for key in keys if key in rows]


def remedies_of(session: Session, keys: list[int]) -> dict[int, list[str]]:
    """Recall ids each release remedies, sorted (one query)."""
    remedies: dict[int, list[str]] = defaultdict(list)
    if keys:
        for link in session.scalars(select(db.ReleaseRemedy).where(db.ReleaseRemedy.release_id.in_(keys))):
            remedies[link.release_id].append(link.recall_id)
    return {key: sorted(ids) for key, ids in remedies.items()}
