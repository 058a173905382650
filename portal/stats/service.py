"""Counts for the statistics page, computed with SQL over the served build (no Flask).

"Remedied over the air" counts recalls whose remedy is an OTA update, alone or
with a dealer alternative (``ota`` and ``ota+dealer``). A recall's year is the
year it was reported to the authority, else the year it was announced, else
the year of ``report_month`` (a notice whose month is known but not its day).

Two things the numbers must not hide: a recall whose population was not
published adds nothing to a vehicle total, so every total says how many of its
recalls are unknown (a year where all are unknown is "unknown", not 0); and the
portal holds only SAMR recalls remedied over the air, so a share of OTA
remedies is a finding for NHTSA but an artefact of selection for SAMR.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Integer, case, cast, extract, func, select
from sqlalchemy.orm import Session

from portal.db import content as db
from portal.vocab import AUTHORITY_CODES, OTA_ONLY_AUTHORITIES, OTA_REMEDY_TYPES
from portal.yaml_text import safe_load

PUBLISHED_TOTALS = Path(__file__).with_name("published_totals.yaml")


_YEAR = func.coalesce(extract("year", func.coalesce(db.Recall.report_date, db.Recall.announce_date)),
                      cast(func.substr(db.Recall.report_month, 1, 4), Integer))
_IS_OTA = db.Recall.remedy_type.in_(OTA_REMEDY_TYPES)
_UNKNOWN_POPULATION = func.sum(case((db.Recall.population.is_(None), 1), else_=0))


@dataclass
class Stats:
    ota_by_year: list[dict] = field(default_factory=list)  # year, NHTSA, SAMR, total, population
    ota_by_make: list[dict] = field(default_factory=list)  # make, name, count
    ota_share: list[dict] = field(default_factory=list)  # authority, ota, total, pct, selected
    releases_by_category: list[dict] = field(default_factory=list)  # category, count
    totals: dict = field(default_factory=dict)


def ota_recalls_by_year(session: Session) -> list[dict]:
    rows = session.execute(
        select(_YEAR.label("year"), db.Recall.authority, func.count(), func.coalesce(func.sum(db.Recall.population), 0),
               _UNKNOWN_POPULATION)
        .where(_IS_OTA, _YEAR.is_not(None)).group_by(_YEAR, db.Recall.authority))
    years: dict[int, dict] = {}
    for year, authority, count, population, unknown in rows:
        row = years.setdefault(int(year), {"year": int(year), **dict.fromkeys(AUTHORITY_CODES, 0), "total": 0,
                                           "population": population_total(0, 0, 0)})
        row[authority] = row.get(authority, 0) + count
        row["total"] += count
        row[f"population_{authority}"] = population_total(int(population), int(unknown or 0), count)
        row["population"] = _add(row["population"], row[f"population_{authority}"])
    for row in years.values():
        for authority in AUTHORITY_CODES:
            row.setdefault(f"population_{authority}", population_total(0, 0, 0))
    return [years[year] for year in sorted(years)]


def population_total(known: int, unknown: int, recalls: int) -> dict:
    """Vehicles in a group of recalls: the published sum and how many recalls published none.

    ``vehicles`` is None when no recall in the group published a population
    (unknown, not zero); ``complete`` is False when some did not.
    """
    return {"vehicles": known if unknown < recalls else None, "known_sum": known, "unknown": unknown,
            "recalls": recalls, "complete": unknown == 0}


def _add(a: dict, b: dict) -> dict:
    return population_total(a["known_sum"] + b["known_sum"], a["unknown"] + b["unknown"], a["recalls"] + b["recalls"])


def ota_recalls_by_make(session: Session, lang: str) -> list[dict]:
    name = db.Make.name_zh if lang == "zh" else db.Make.name_en
    rows = session.execute(
        select(db.Recall.make_slug, name, func.count()).join(db.Make, db.Make.slug == db.Recall.make_slug)
        .where(_IS_OTA).group_by(db.Recall.make_slug, name).order_by(func.count().desc(), db.Recall.make_slug))
    return [{"make": slug, "name": label or slug, "count": count} for slug, label, count in rows]


def ota_share(session: Session) -> list[dict]:
    ota = func.sum(case((_IS_OTA, 1), else_=0))
    rows = session.execute(select(db.Recall.authority, ota, func.count()).group_by(db.Recall.authority)
                           .order_by(db.Recall.authority))
    shares = [{"authority": a, "ota": int(o or 0), "total": t, "selected": a in OTA_ONLY_AUTHORITIES}
              for a, o, t in rows]
    for share in shares:
        # A selected authority's share is not a measurement: no percentage is given for it.
        share["pct"] = None if share["selected"] else (
            round(100 * share["ota"] / share["total"], 1) if share["total"] else 0.0)
    return shares


def releases_by_category(session: Session) -> list[dict]:
    rows = session.execute(select(db.Release.category, func.count()).group_by(db.Release.category)
                           .order_by(func.count().desc(), db.Release.category))
    return [{"category": category, "count": count} for category, count in rows]


def collect(session: Session, lang: str) -> Stats:
    stats = Stats(ota_by_year=ota_recalls_by_year(session), ota_by_make=ota_recalls_by_make(session, lang),
                  ota_share=ota_share(session), releases_by_category=releases_by_category(session))
    stats.totals = {"recalls": session.scalar(select(func.count()).select_from(db.Recall)),
                    "releases": session.scalar(select(func.count()).select_from(db.Release))}
    return stats


@lru_cache(maxsize=1)
def published_totals() -> dict:
    """The regulators' figures shipped with the code (see the YAML file for each source)."""
    return safe_load(PUBLISHED_TOTALS.read_text(encoding="utf-8"))


def published_beside_portal(by_year: list[dict]) -> list[dict]:
    """SAMR's published yearly OTA-recall totals next to the SAMR recalls the portal holds."""
    portal = {row["year"]: row for row in by_year}
    rows = []
    for figure in published_totals()["yearly"]:
        own = portal.get(figure["year"], {})
        vehicles = own.get("population_SAMR") or population_total(0, 0, 0)
        rows.append({**figure, "portal_recalls": own.get("SAMR", 0), "portal_vehicles": vehicles["known_sum"],
                     "portal_population": vehicles})
    return rows
