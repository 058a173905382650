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
# Makes whose VINs the portal does not decode to a model: one real pattern per make and
# market (the fleet record names the model).
MAKE_PLATES = {
    ("byd", "CN"): ("LGX", "CE4CB", "S"), ("toyota", "CN"): ("LFM", "A1RC8", "T"),
    ("trumpchi", "CN"): ("LMG", "AE4G5", "G"), ("polestar", "US"): ("LPS", "ED3KA", "L"),
    ("polestar", "CN"): ("LPS", "ED3KA", "L"), ("volvo", "US"): ("YV4", "A22RK", "1"),
    ("land-rover", "US"): ("SAL", "GS2RE", "A"), ("jaguar", "US"): ("SAJ", "DA1EX", "C"),
    ("bmw", "US"): ("WBA", "JA7C5", "B"), ("chrysler", "US"): ("2C3", "CCAAG", "H"),
    ("dodge", "US"): ("2C3", "CDXBG", "H"), ("jeep", "US"): ("1C4", "RJFAG", "C"),
    ("ram", "US"): ("1C6", "SRFFT", "N"), ("fiat", "US"): ("3C3", "CFFAR", "T"),
}
# Makes the decoder reads the model of (portal/vehicles/vds_table.csv): each model its own
# real pattern, for the model years the pattern was used, so every demo VIN decodes to the
# model its fleet record names. (make, model): [(first year, last year, wmi, positions 4-8, plant)].
MODEL_PLATES = {
    ("ford", "f-150"): [(2009, 2039, "1FT", "FW1E8", "F")],
    ("ford", "explorer"): [(2011, 2019, "1FM", "5K8D8", "G"), (2020, 2039, "1FM", "SK8DH", "G")],
    ("ford", "escape"): [(2001, 2039, "1FM", "CU0GD", "U")],
    ("ford", "mustang"): [(2015, 2039, "1FA", "6P8TH", "5")],
    ("ford", "fiesta"): [(2011, 2019, "3FA", "DP4EJ", "M")],
    ("toyota", "camry"): [(2010, 2039, "4T1", "B11HK", "U")],
    ("toyota", "corolla"): [(2014, 2039, "2T1", "BURHE", "C")],
    ("toyota", "rav4"): [(2010, 2039, "2T3", "P1RFV", "W")],
    ("toyota", "prius"): [(2010, 2039, "JTD", "KARFU", "3")],
    ("toyota", "c-hr"): [(2018, 2039, "NMT", "KHMBX", "R")],
    ("porsche", "taycan"): [(2020, 2039, "WP0", "AB2Y1", "S")],
    ("porsche", "panamera"): [(2010, 2039, "WP0", "AJ2A7", "L")],
    ("porsche", "911"): [(2012, 2039, "WP0", "AB2A9", "S")],
    ("porsche", "cayenne"): [(2011, 2018, "WP1", "AA2A2", "L"), (2019, 2039, "WP1", "AA2AY", "D")],
    ("porsche", "macan"): [(2015, 2039, "WP1", "AA2A5", "L")],
    ("volkswagen", "jetta"): [(2011, 2018, "3VW", "D07AJ", "M"), (2019, 2039, "3VW", "C57BU", "M")],
    ("volkswagen", "passat"): [(2012, 2022, "1VW", "SA7A3", "C")],
    ("volkswagen", "tiguan"): [(2018, 2039, "3VV", "3B7AX", "M")],
    ("volkswagen", "arteon"): [(2019, 2039, "WVW", "SR7AN", "E")],
    ("volkswagen", "id-4"): [(2021, 2022, "WVG", "DMPE2", "P")],
    ("hyundai", "elantra"): [(2011, 2020, "5NP", "D84LF", "H")],
    ("hyundai", "sonata"): [(2011, 2039, "5NP", "E34AF", "H")],
    ("hyundai", "tucson"): [(2010, 2039, "KM8", "J33A4", "U")],
    ("kia", "stinger"): [(2018, 2039, "KNA", "E55LC", "6")],
    ("kia", "forte"): [(2010, 2039, "KNA", "FK4A6", "5")],
    ("rivian", "r1t"): [(2022, 2039, "7FC", "TGAAA", "N")],
    ("rivian", "r1s"): [(2022, 2039, "7PD", "SGABA", "N")],
}
DECODED_MAKES = frozenset(make for make, _ in MODEL_PLATES)


def plate_for(make: str, market: str, model: str, year: int | None = None) -> tuple[str, str, str] | None:
    """(wmi, positions 4-8, plant) for a demo car; with no ``year``, the first of any year."""
    if make == "tesla":
        return TESLA_PLATES.get(market, {}).get(model)
    if make in DECODED_MAKES:
        if market != "US":
            return None
        plates = [p for p in MODEL_PLATES.get((make, model), []) if year is None or p[0] <= year <= p[1]]
        return plates[0][2:] if plates else None
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
    wmi, vds, plant = plate_for(car.make, car.market, car.model, car.year)
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
