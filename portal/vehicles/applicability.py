"""Which recalls apply to one car: make, model, model year, market, then the car's own record.

Authorities list recalls by make, model and model year for one market; that
listing is the whole truth for a car we know nothing else about, so
:func:`recalls_for` returns exactly it (the oracle tests compare it with
NHTSA's own per-vehicle lists), less the SAMR entries for cars built elsewhere
than this one (a notice for imported Model 3s does not cover a Shanghai-built
one, and the VIN says where the car was built). The car's own facts can narrow
the listing further: a production-date range needs the car's production date
(without a fleet record, the model year bounds it: a car of model year Y was
built between 1 January Y-1 and 31 December Y), and an affected-software range
needs the version the car ran when the recall was filed. A recall ruled out
that way is kept with the reason, so pages can say why it does not apply
rather than silently dropping it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, func, or_, select, union
from sqlalchemy.orm import Session

from portal.db import content as db
from portal.versions import VersionError, VersionRange, version_key

NOT_IN_PRODUCTION_RANGE = "production_date"
NOT_IN_SOFTWARE_RANGE = "software_version"
NOT_IN_MODEL_YEAR_WINDOW = "model_year_window"
OUTSIDE_NOTICE_ATTRIBUTE = "decoded_attribute"  # the notice's own limit (cab, engine, drive) excludes the decoded car
# Where a car was built, as SAMR notices distinguish it (recall_vehicles.origin).
IMPORTED, DOMESTIC = "imported", "domestic"


@dataclass(frozen=True)
class Install:
    """One software install from the fleet record, in installation order."""

    version: str
    version_key: str
    installed_at: date


@dataclass(frozen=True)
class Exclusion:
    """A recall listed for the car's model and year that the car's own record rules out."""

    recall: db.Recall  # or a recalls_for row
    reason: str  # NOT_IN_PRODUCTION_RANGE | NOT_IN_SOFTWARE_RANGE | NOT_IN_MODEL_YEAR_WINDOW | OUTSIDE_NOTICE_ATTRIBUTE
    detail: str  # the production date, the version the car ran, the model year or the decoded value, as evidence
    ruled_out_by: dict | None = None  # {attribute, value, allowed} for OUTSIDE_NOTICE_ATTRIBUTE


def origin_of_vin(vin: str) -> str:
    """``domestic`` for a China-built car (WMI region L), else ``imported`` (as SAMR notices put it)."""
    return DOMESTIC if vin[:1] == "L" else IMPORTED


def model_year_window(year: int) -> tuple[date, date]:
    """When a car of model year ``year`` can have been built: 1 January of the year before to 31 December."""
    return date(year - 1, 1, 1), date(year, 12, 31)


# Only the columns the VIN pages show or decide with (no long texts), built once: a VIN lookup
# runs these statements with new values, so Python never rebuilds them per request. The query
# starts from recall_vehicles (its make/model/year index) and joins recalls by primary key, so
# its cost follows the car's own listing, not the size of the recall table.
RECALL_COLUMNS = (
    db.Recall.id, db.Recall.authority, db.Recall.title_en, db.Recall.title_zh, db.Recall.make_slug,
    db.Recall.report_date, db.Recall.market, db.Recall.remedy_type, db.Recall.remedy_available,
    db.Recall.remedy_version, db.Recall.remedy_version_key, db.Recall.park_it, db.Recall.park_outside,
    db.Recall.population, db.Recall.production_from, db.Recall.production_to, db.Recall.affected_software,
    db.Recall.remedy_kind, db.Recall.recall_type,
)
_LISTED = (select(*RECALL_COLUMNS, db.RecallVehicle.basis).distinct()
           .select_from(db.RecallVehicle).join(db.Recall, db.Recall.id == db.RecallVehicle.recall_id)
           .where(db.RecallVehicle.make_slug == bindparam("make"), db.RecallVehicle.model_slug == bindparam("model"),
                  db.Recall.market == bindparam("market"),
                  # Entries with an origin apply only to cars built that way; a None origin parameter keeps all.
                  or_(db.RecallVehicle.origin.is_(None),
                      db.RecallVehicle.origin == func.coalesce(bindparam("origin"), db.RecallVehicle.origin)))
           .order_by(db.Recall.report_date.desc().nulls_last(), db.Recall.id))
_RECALLS_ANY_YEAR = _LISTED
_RECALLS_FOR_YEAR = _LISTED.where(or_(db.RecallVehicle.year == bindparam("year"), db.RecallVehicle.year.is_(None)))


def recalls_for(session: Session, make: str, model: str, year: int | None, market: str | None = "US",
                origin: str | None = None) -> list:
    """Every recall the authority listed for this make, model and model year in ``market``.

    A ``recall_vehicles`` row with no year covers every year of the model; one
    with an origin (SAMR: imported / domestic) only cars built that way, when
    ``origin`` is given. Rows carry the recall's columns (attribute access,
    like a ``Recall``) and ``basis``: ``listed`` when the authority's rows name
    the car's model and year, ``notice_text`` when only the notice's text
    does. Newest report first, then by id.
    """
    if market is None or not make or not model:
        return []
    values = {"make": make, "model": model, "market": market, "origin": origin}
    if year is None:
        return _one_per_recall(session.connection().execute(_RECALLS_ANY_YEAR, values))
    return _one_per_recall(session.connection().execute(_RECALLS_FOR_YEAR, dict(values, year=year)))


def _one_per_recall(rows) -> list:
    """Each recall once, in query order, with ``listed`` preferred when both bases match."""
    chosen: dict[str, object] = {}
    for row in rows:
        if row.id not in chosen or (row.basis == "listed" and chosen[row.id].basis != "listed"):
            chosen[row.id] = row
    return list(chosen.values())


def version_on(installs: list[Install], day: date) -> str | None:
    """The version the car ran on ``day`` (the last install on or before it), if the record shows one."""
    current = None
    for install in installs:
        if install.installed_at > day:
            break
        current = install.version
    return current


def exclusion_for(recall: db.Recall, production_date: date | None, installs: list[Install],
                  model_year: int | None = None) -> Exclusion | None:
    """Why the car's own facts rule this recall out, or None when it still applies."""
    if production_date is not None:
        early = recall.production_from is not None and production_date < recall.production_from
        late = recall.production_to is not None and production_date > recall.production_to
        if early or late:
            return Exclusion(recall, NOT_IN_PRODUCTION_RANGE, production_date.isoformat())
    elif model_year is not None:
        first, last = model_year_window(model_year)
        if ((recall.production_from is not None and recall.production_from > last)
                or (recall.production_to is not None and recall.production_to < first)):
            return Exclusion(recall, NOT_IN_MODEL_YEAR_WINDOW, str(model_year))
    if recall.affected_software and recall.report_date and installs:
        running = version_on(installs, recall.report_date)
        try:
            affected = VersionRange.parse(recall.affected_software)
            if running is not None and not affected.contains(running):
                return Exclusion(recall, NOT_IN_SOFTWARE_RANGE, running)
        except VersionError:
            return None  # a range we cannot read narrows nothing
    return None


def split_by_record(recalls: list[db.Recall], production_date: date | None,
                    installs: list[Install], model_year: int | None = None) -> tuple[list[db.Recall], list[Exclusion]]:
    """(recalls that apply, recalls the car's record or its model year rules out)."""
    applies, excluded = [], []
    for recall in recalls:
        reason = exclusion_for(recall, production_date, installs, model_year)
        if reason is None:
            applies.append(recall)
        else:
            excluded.append(reason)
    return applies, excluded


def models_for_year(session: Session, make: str, year: int | None, market: str | None = None) -> list[str]:
    """The make's model slugs that any recall or release lists for ``year`` (all years when None).

    With ``market``, only recalls filed for that market and releases published in it count.
    """
    recall_rows = select(db.RecallVehicle.model_slug).where(db.RecallVehicle.make_slug == make)
    release_rows = select(db.ReleaseModel.model_slug).where(db.ReleaseModel.make_slug == make)
    if year is not None:
        recall_rows = recall_rows.where(or_(db.RecallVehicle.year == year, db.RecallVehicle.year.is_(None)))
        release_rows = release_rows.where(or_(db.ReleaseModel.year == year, db.ReleaseModel.year.is_(None)))
    if market is not None:
        recall_rows = recall_rows.join(db.Recall, db.Recall.id == db.RecallVehicle.recall_id).where(
            db.Recall.market == market)
        release_rows = release_rows.join(db.Release, db.Release.id == db.ReleaseModel.release_id).where(
            db.Release.markets.contains(market))
    return sorted(set(session.scalars(union(recall_rows, release_rows))))


def installs_from_rows(rows) -> list[Install]:
    """Installs in the order they happened (same-day installs in version order)."""
    found = [Install(r.version, r.version_key or version_key(r.version), r.installed_at) for r in rows]
    return sorted(found, key=lambda i: (i.installed_at, i.version_key))
