"""Which market's recalls apply to a car: the owner says; the VIN only suggests.

Recalls are filed per market (NHTSA for cars sold in the United States, SAMR
for cars sold in China), but a VIN says where a car was *built*, not where it
was sold. So the owner's choice (``?market=US|CN``) always wins; a fleet
record's market comes next; without either the VIN gives a default only where
the place of building settles it well enough:

* North America (first character 1-5, and 7, which ISO 3780 now allocates to
  the United States): the United States. Cars built in Canada (2) and Mexico
  (3) for the US market are listed by NHTSA exactly like US-built ones (an
  Ontario-built Chrysler, a Mexico-built Ford Fiesta), so they default to the
  US as well; a car registered in Canada or Mexico falls under that country's
  authority, which the portal does not hold, and the page says so.
* China (``L``): China.
* Anywhere else (Japan, Korea, Europe, ...): no default. Such cars are sold in
  both markets, so the page asks first and says nothing about recalls until
  the owner has chosen.

Where a default stands but the other market's recalls name cars of this make
built where this one was (SAMR recalled *imported* Teslas, so US-built Teslas
were sold in China), ``other_market`` names it so the page can offer it next
to the default rather than hide it. Only an explicit origin counts: that an
authority recalled some cars of a make says nothing about where they were built.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from portal.db import content as db
from portal.vehicles.applicability import origin_of_vin
from portal.vehicles.coverage import _cached as cached_per_build
from portal.vocab import RECALL_MARKETS

MARKETS = RECALL_MARKETS  # the markets whose authority the portal holds
NORTH_AMERICA_US = "12345" + "7"
CHINA = "L"

# Where the market came from (API ``market_source``).
FROM_OWNER, FROM_FLEET, FROM_VIN = "owner", "fleet_record", "vin"


@dataclass(frozen=True)
class MarketChoice:
    market: str | None  # US | CN | None (the owner must choose)
    source: str | None  # FROM_OWNER | FROM_FLEET | FROM_VIN | None
    other_market: str | None = None  # another market that also holds recalls for cars like this one
    built_in: str | None = None  # "north_america" | "canada_mexico" | "china" | "elsewhere"


def parse_market(raw: str | None) -> str | None:
    """``"us"`` -> ``"US"``; anything that is not a covered market -> None (then the default applies)."""
    value = (raw or "").strip().upper()
    return value if value in MARKETS else None


def built_in(vin: str) -> str:
    first = vin[:1]
    if first in "23":
        return "canada_mexico"
    if first in NORTH_AMERICA_US:
        return "north_america"
    return "china" if first == CHINA else "elsewhere"


def default_market(vin: str) -> str | None:
    """The market the VIN alone suggests, or None where the place of building does not settle it."""
    place = built_in(vin)
    if place in ("north_america", "canada_mexico"):
        return "US"
    return "CN" if place == "china" else None


_HELD = (select(db.RecallVehicle.id)
         .join(db.Recall, db.Recall.id == db.RecallVehicle.recall_id)
         .where(db.RecallVehicle.make_slug == bindparam("make"), db.Recall.market == bindparam("market"),
                db.RecallVehicle.origin == bindparam("origin"))
         .limit(1))


def names_cars_built_like(session: Session, make: str | None, market: str, vin: str) -> bool:
    """Whether ``market``'s recalls in the portal name cars of this make built where this car was."""
    if not make:
        return False
    values = {"make": make, "market": market, "origin": origin_of_vin(vin)}
    return cached_per_build(session, ("built_like", make, market, values["origin"]),
                            lambda: session.connection().execute(_HELD, values).first() is not None)


def choose_market(session: Session, vin: str, make: str | None, requested: str | None,
                  fleet_market: str | None = None) -> MarketChoice:
    place = built_in(vin)
    if requested:
        market, source = requested, FROM_OWNER
    elif fleet_market:
        market, source = fleet_market, FROM_FLEET
    else:
        market = default_market(vin)
        source = FROM_VIN if market else None
    other = None
    if market is not None and source == FROM_VIN:  # the first other market whose recalls name cars built like it
        other = next((m for m in MARKETS if m != market and names_cars_built_like(session, make, m, vin)), None)
    return MarketChoice(market, source, other, place)
