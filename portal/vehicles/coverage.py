"""How much of a car's recall record the portal can know, computed from the data it holds.

An empty recall list means "no recalls" only where the portal holds the
authority's recalls for that make, model and model year. What was imported,
not what was found, decides it: the import ledger (``content/import_ledger.yaml``,
table ``import_ledger``) says which source was queried for which make, model
and model years, and when; a car is ``covered`` only where a source was
queried for its make, model and year for every recall (scope ``by_vehicle``),
and a model no source was queried for is at best ``partial`` (gap
``not_queried``), whatever recalls notices naming it brought in. The imported data
are samples (NHTSA's per-vehicle lists for some makes and model years, the
flat file for others over three years of filings, SAMR's over-the-air recalls
only), so this module measures, per authority, make, model and model year,
what the build actually holds and returns a verdict:

* ``covered``: the car's model and year are inside what is held;
* ``partial``: something is held but not all (the ``gaps`` say what: model
  years before or after the listed ones, filings outside the held dates, only
  over-the-air recalls);
* ``not_covered``: nothing is held for this car (or the market is not chosen),
  so the page must not read as a clean record.

Every verdict carries the authority's own VIN lookup, the place to check.
Nothing here is hard-coded per make: the figures come from the database.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import timedelta

from sqlalchemy import bindparam, func, or_, select
from sqlalchemy.orm import Session

from portal.build_memo import BuildMemo
from portal.db import content as db
from portal.vehicles.applicability import model_year_window
from portal.vocab import AUTHORITIES, AUTHORITY_FOR_MARKET, lookup_url

COVERED, PARTIAL, NOT_COVERED = "covered", "partial", "not_covered"

# A make whose newest held filing is this much older than the authority's newest
# is taken to stop there (a sample over a date range), not to have had no recalls since.
STALE_AFTER = timedelta(days=365)

# Gap codes (pages word them; ``params`` fill the sentence).
MARKET_NOT_CHOSEN = "market_not_chosen"
MAKE_NOT_HELD = "make_not_held"
MODEL_NOT_HELD = "model_not_held"
MODEL_NOT_KNOWN = "model_not_known"
YEAR_NOT_HELD = "year_not_held"
YEARS_BEFORE = "years_before_data"
YEARS_AFTER = "years_after_data"
FILED_BETWEEN = "filed_between"
OTA_ONLY = "ota_only"
NOT_QUERIED = "not_queried"  # no source was queried for this make, model and year: recalls found by notice text only


@dataclass
class Gap:
    code: str
    params: dict = field(default_factory=dict)


@dataclass
class Coverage:
    status: str
    authority: str | None
    authorities: list[str]
    model_years: list[int]
    lookup_url: str | None
    lookups: list[dict]
    gaps: list[Gap] = field(default_factory=list)
    note: str = ""  # filled in the reader's language by the routes / API
    sources: list[dict] = field(default_factory=list)  # ledger rows for this car: {source, scope, queried}

    def as_json(self) -> dict:
        return asdict(self)


_BASIS = getattr(db.RecallVehicle, "basis", None)  # listed | notice_text, where the importer records it

_MAKE_STATS = (select(func.count(func.distinct(db.Recall.id)), func.min(db.Recall.report_date),
                      func.max(db.Recall.report_date),
                      func.count(func.distinct(db.Recall.id)).filter(db.Recall.remedy_type == "dealer"))
               .where(db.Recall.make_slug == bindparam("make"), db.Recall.market == bindparam("market")))
_NEWEST = select(func.max(db.Recall.report_date)).where(db.Recall.market == bindparam("market"))
_LISTED_YEARS = (select(func.min(db.RecallVehicle.year), func.max(db.RecallVehicle.year))
                 .join(db.Recall, db.Recall.id == db.RecallVehicle.recall_id)
                 .where(db.RecallVehicle.make_slug == bindparam("make"), db.Recall.market == bindparam("market")))
if _BASIS is not None:
    _LISTED_YEARS = _LISTED_YEARS.where(_BASIS == "listed")
_MODEL_YEARS = (select(db.RecallVehicle.year).distinct()
                .join(db.Recall, db.Recall.id == db.RecallVehicle.recall_id)
                .where(db.RecallVehicle.make_slug == bindparam("make"),
                       db.RecallVehicle.model_slug == bindparam("model"), db.Recall.market == bindparam("market"),
                       or_(db.RecallVehicle.origin.is_(None), db.RecallVehicle.origin == bindparam("origin"))))


# The figures are constants of a build: kept for the served build, off the VIN hot path.
_FIGURES = BuildMemo(max_entries=20_000)


def _cached(session: Session, key: tuple, compute):
    """``compute()`` once per served build and ``key``."""
    return _FIGURES.get(session.info.get("build_id"), key, compute)


def _held_by(session: Session, make: str | None) -> list[str]:
    if not make:
        return []

    def compute():
        rows = session.execute(select(db.Recall.market).where(db.Recall.make_slug == make).distinct())
        return sorted(AUTHORITY_FOR_MARKET[m] for (m,) in rows if m in AUTHORITY_FOR_MARKET)
    return _cached(session, ("held", make), compute)


_LEDGER = select(db.ImportLedger.source, db.ImportLedger.authority, db.ImportLedger.scope, db.ImportLedger.make_slug,
                 db.ImportLedger.model_slug, db.ImportLedger.year_from, db.ImportLedger.year_to,
                 db.ImportLedger.queried, db.ImportLedger.filed_from, db.ImportLedger.filed_to)


def ledger_rows(session: Session, authority: str, make: str, model: str | None, year: int | None) -> list:
    """The import-ledger rows whose query reached this make, model and model year under ``authority``."""
    every = _cached(session, ("ledger",), lambda: tuple(session.connection().execute(_LEDGER)))
    return [row for row in every
            if row.authority == authority and row.make_slug == make
            and (row.model_slug is None or row.model_slug == model)
            and (year is None or row.year_from is None or row.year_from <= year <= row.year_to)]


def queried_for(session: Session, authority: str, make: str, model: str | None, year: int | None) -> bool:
    """Whether a source was queried for every recall of this make, model and year (scope ``by_vehicle``)."""
    return model is not None and any(row.scope == "by_vehicle" and row.model_slug == model
                                     for row in ledger_rows(session, authority, make, model, year))


def _with_ledger(session: Session, result: Coverage, make: str, model: str | None, year: int | None) -> Coverage:
    """Caps the verdict at what the ledger says was imported for this car, and names those sources."""
    rows = ledger_rows(session, result.authority, make, model, year) if result.authority and make else []
    result.sources = [{"source": r.source, "scope": r.scope, "queried": r.queried.isoformat() if r.queried else None}
                      for r in rows]
    if result.status == COVERED and not queried_for(session, result.authority, make, model, year):
        result.status = PARTIAL
        result.gaps.insert(0, Gap(NOT_QUERIED, {"authority": result.authority}))
    return result


def car_coverage(session: Session, vin: str, make: str | None, model: str | None, year: int | None,
                 market: str | None, origin: str | None) -> Coverage:
    """The verdict for this car in ``market`` (None: not chosen yet), capped by the import ledger."""
    result = _car_coverage(session, vin, make, model, year, market, origin)
    if result.status == NOT_COVERED or not make:
        return result
    return _with_ledger(session, result, make, model, year)


def _car_coverage(session: Session, vin: str, make: str | None, model: str | None, year: int | None,
                  market: str | None, origin: str | None) -> Coverage:
    """The verdict for this car in ``market`` (None: not chosen yet)."""
    held = _held_by(session, make)
    authority = AUTHORITY_FOR_MARKET.get(market or "")
    lookups = [{"authority": a, "url": lookup_url(a, vin)} for a in sorted(AUTHORITIES)]
    result = Coverage(NOT_COVERED, authority, held, [], lookup_url(authority, vin), lookups)
    if authority is None:
        # A make no authority's data holds needs no market choice to say so.
        result.gaps.append(Gap(MARKET_NOT_CHOSEN) if held else Gap(MAKE_NOT_HELD, {"authority": ", ".join(sorted(AUTHORITIES))}))
        return result
    conn = session.connection()
    make_values = {"make": make, "market": market}
    count, first_filed, last_filed, dealer_only = _cached(
        session, ("make", make, market), lambda: tuple(conn.execute(_MAKE_STATS, make_values).one())) \
        if make else (0, None, None, 0)
    if not count:
        result.gaps.append(Gap(MAKE_NOT_HELD, {"authority": authority}))
        return result
    first_year, last_year = _cached(session, ("years", make, market),
                                    lambda: tuple(conn.execute(_LISTED_YEARS, make_values).one()))
    gaps: list[Gap] = []
    if model is None:
        result.gaps.append(Gap(MODEL_NOT_KNOWN, {"authority": authority}))
        result.status = PARTIAL
        return result
    model_values = {"make": make, "model": model, "market": market, "origin": origin}
    years = _cached(session, ("model", make, model, market, origin),
                    lambda: list(conn.execute(_MODEL_YEARS, model_values).scalars()))
    every_year = None in years
    result.model_years = sorted(y for y in years if y is not None)
    if not years:
        result.gaps.append(Gap(MODEL_NOT_HELD, {"authority": authority}))
        return result
    named = every_year or year is None or year in result.model_years
    if year is not None and first_year is not None and year < first_year:
        gaps.append(Gap(YEARS_BEFORE, {"authority": authority, "year": first_year, "named": named}))
    elif year is not None and last_year is not None and year > last_year:
        gaps.append(Gap(YEARS_AFTER, {"authority": authority, "year": last_year, "named": named}))
    newest = _cached(session, ("newest", market), lambda: conn.execute(_NEWEST, {"market": market}).scalar())
    car_from = model_year_window(year)[0] if year else None
    stops_early = last_filed and newest and newest - last_filed > STALE_AFTER
    starts_late = first_filed and car_from and first_filed > car_from + STALE_AFTER
    if stops_early or starts_late:
        gaps.append(Gap(FILED_BETWEEN, {"authority": authority, "from": first_filed.isoformat(),
                                        "to": last_filed.isoformat()}))
    if dealer_only == 0:
        gaps.append(Gap(OTA_ONLY, {"authority": authority}))
    result.gaps = gaps
    if any(g.code in (YEARS_BEFORE, YEARS_AFTER) and not g.params["named"] for g in gaps):
        result.status = NOT_COVERED
    else:
        result.status = PARTIAL if gaps else COVERED
    return result
