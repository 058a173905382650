"""Synthetic cars for the demo fleet: which real WMI and VDS each make gets, and a valid VIN.

VINs carry real manufacturer codes and a valid check digit so that they decode
(``portal.vehicles``) to the recorded make, model and year; the serial number
is random, so no VIN identifies a real car.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from portal.vehicles.decode import YEAR_CODES, YEAR_CYCLE_START
from portal.vehicles.vin import check_digit

# (wmi, positions 4-8, plant) per make and market. Tesla position 4 is the
# model line, so it has one pattern per model; FCA US position 5 is the brand.
# North American VINs keep a letter in position 7 (model years 2010-2039).
TESLA_PLATES = {
    "US": {"model-3": ("5YJ", "3E1EA", "F"), "model-y": ("5YJ", "YGDEE", "F"),
           "model-s": ("5YJ", "SA1H1", "F"), "model-x": ("5YJ", "XCAE2", "F")},
    # Shanghai builds the Model 3 and Y for China; the S and X are imported from Fremont.
    "CN": {"model-3": ("LRW", "3E7EK", "C"), "model-y": ("LRW", "YGCEK", "C"),
           "model-s": ("5YJ", "SA1H1", "F"), "model-x": ("5YJ", "XCAE2", "F")},
}
MAKE_PLATES = {
    ("ford", "US"): ("1FT", "FW1E8", "F"), ("toyota", "US"): ("4T1", "B11HK", "U"),
    ("rivian", "US"): ("7FC", "TGAAA", "N"), ("byd", "CN"): ("LGX", "CE4CB", "S"),
    ("toyota", "CN"): ("LFM", "A1RC8", "T"), ("trumpchi", "CN"): ("LMG", "AE4G5", "G"),
    ("polestar", "US"): ("LPS", "ED3KA", "L"), ("polestar", "CN"): ("LPS", "ED3KA", "L"), ("volvo", "US"): ("YV4", "A22RK", "1"),
    ("porsche", "US"): ("WP0", "AB2Y1", "S"), ("hyundai", "US"): ("5NP", "E34AF", "H"),
    ("kia", "US"): ("KNA", "E55LC", "6"), ("volkswagen", "US"): ("1VW", "SA7A3", "C"),
    ("land-rover", "US"): ("SAL", "GS2RE", "A"), ("jaguar", "US"): ("SAJ", "DA1EX", "C"),
    ("bmw", "US"): ("WBA", "JA7C5", "B"), ("chrysler", "US"): ("2C3", "CCAAG", "H"),
    ("dodge", "US"): ("2C3", "CDXBG", "H"), ("jeep", "US"): ("1C4", "RJFAG", "C"),
    ("ram", "US"): ("1C6", "SRFFT", "N"), ("fiat", "US"): ("3C3", "CFFAR", "T"),
}


def plate_for(make: str, market: str, model: str) -> tuple[str, str, str] | None:
    if make == "tesla":
        return TESLA_PLATES.get(market, {}).get(model)
    return MAKE_PLATES.get((make, market))


@dataclass
class Car:
    make: str
    model: str
    year: int
    market: str
    production: date
    vin: str = ""
    installs: list[tuple[str, date]] = field(default_factory=list)

    def row(self) -> dict[str, Any]:
        return {"vin": self.vin, "make": self.make, "model": self.model, "model_year": self.year,
                "market": self.market, "production_date": self.production.isoformat()}


def day(value: Any) -> date | None:
    return value if isinstance(value, date) or value is None else date.fromisoformat(str(value))


def vin_for(rng: random.Random, car: Car, taken: set[str]) -> str:
    wmi, vds, plant = plate_for(car.make, car.market, car.model)
    code = YEAR_CODES[(car.year - YEAR_CYCLE_START) % len(YEAR_CODES)]
    while True:
        body = f"{wmi}{vds}0{code}{plant}{rng.randint(100000, 999999)}"
        vin = body[:8] + check_digit(body) + body[9:]
        if vin not in taken:
            taken.add(vin)
            return vin


def production_day(rng: random.Random, year: int, recall: dict | None = None) -> date | None:
    """A production day inside model year ``year`` (Aug-Jul) and inside the recall's range."""
    start, end = date(year - 1, 8, 1), date(year, 7, 31)
    production = (recall or {}).get("production") or {}
    start = max(start, day(production.get("from")) or start)
    end = min(end, day(production.get("to")) or end)
    if start > end:
        return None
    return start + timedelta(days=rng.randint(0, (end - start).days))
