"""Counts for the statistics page, computed with SQL over the served build (no Flask).

"Remedied over the air" counts recalls whose remedy is an OTA update, alone or
with a dealer alternative (``ota`` and ``ota+dealer``). A recall's year is the
year it was reported to the authority, else the year it was announced.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import yaml
from sqlalchemy import case, extract, func, select
from sqlalchemy.orm import Session

from portal.db import content as db

OTA_REMEDIES = ("ota", "ota+dealer")
PUBLISHED_TOTALS = Path(__file__).with_name("published_totals.yaml")

_YEAR = extract("year", func.coalesce(db.Recall.report_date, db.Recall.announce_date))
_IS_OTA = db.Recall.remedy_type.in_(OTA_REMEDIES)


@dataclass
class Stats:
    ota_by_year: list[dict] = field(default_factory=list)  # year, NHTSA, SAMR, total, population
    ota_by_make: list[dict] = field(default_factory=list)  # make, name, count
    ota_share: list[dict] = field(default_factory=list)  # authority, ota, total, pct
    releases_by_category: list[dict] = field(default_factory=list)  # category, count
    totals: dict = field(default_factory=dict)


def ota_recalls_by_year(session: Session) -> list[dict]:
    rows = session.execute(
        select(_YEAR.label("year"), db.Recall.authority, func.count(), func.coalesce(func.sum(db.Recall.population), 0))
        .where(_IS_OTA, _YEAR.is_not(None)).group_by(_YEAR, db.Recall.authority))
    years: dict[int, dict] = {}
    for year, authority, count, population in rows:
        row = years.setdefault(int(year), {"year": int(year), "NHTSA": 0, "SAMR": 0, "total": 0,
                                           "population": 0, "population_NHTSA": 0, "population_SAMR": 0})
        row[authority] = row.get(authority, 0) + count
        row["total"] += count
        row["population"] += int(population)
        row[f"population_{authority}"] = row.get(f"population_{authority}", 0) + int(population)
    return [years[year] for year in sorted(years)]


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
    shares = [{"authority": a, "ota": int(o or 0), "total": t} for a, o, t in rows]
    shares.append({"authority": "all", "ota": sum(s["ota"] for s in shares), "total": sum(s["total"] for s in shares)})
    for share in shares:
        share["pct"] = round(100 * share["ota"] / share["total"], 1) if share["total"] else 0.0
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
    return yaml.safe_load(PUBLISHED_TOTALS.read_text(encoding="utf-8"))


def published_beside_portal(by_year: list[dict]) -> list[dict]:
    """SAMR's published yearly OTA-recall totals next to the SAMR recalls the portal holds."""
    portal = {row["year"]: row for row in by_year}
    rows = []
    for figure in published_totals()["yearly"]:
        own = portal.get(figure["year"], {})
        rows.append({**figure, "portal_recalls": own.get("SAMR", 0), "portal_vehicles": own.get("population_SAMR", 0)})
    return rows
