"""Decode a well-formed VIN into what the portal needs to find recalls and releases.

Recalls and releases are listed by make, model and model year, so a VIN is
only useful once those are known. NHTSA's own decoder comes first
(``vpic.py``): where vPIC knows the VIN, its make, model, series, trim, body
class, cab type, drive, fuel, electrification and plant are the car's, and
``vpic_map.py`` maps its make and model to the portal's slugs. Only where vPIC
knows no make (China-market makers such as Tesla Shanghai ``LRW``) does the
portal's own table decide, and every attribute says which source gave it
(``attributes``: ``{value, source}``, source ``vpic`` or ``portal_table``).

For the portal's own tables: the WMI gives the manufacturer (``wmi.py``);
position 10 gives the model year up to a 30-year cycle, which is resolved with
the 49 CFR 565.15 position-7 rule where it applies and otherwise by taking the
most recent year not after next year; the model comes from the maker's own VDS
scheme for the makes where that scheme is reliably documented (Tesla position
4; the FCA US brand letter in position 5 from model year 2011; the rows of
``vds_table.csv`` for Ford, Toyota, Porsche, Volkswagen, Hyundai, Kia and
Rivian). Anything this module cannot know is ``None`` rather than a guess.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

from vininfo.dicts import COUNTRIES, REGIONS

from portal.vehicles.vin import VIN_LENGTH, check_digit
from portal.vehicles.vpic import SOURCE as VPIC
from portal.vehicles.vpic import VpicDecode, vpic_decode
from portal.vehicles.vpic_map import portal_model
from portal.vehicles.wmi import lookup_wmi

PORTAL_TABLE = "portal_table"
# vPIC attributes shown with the decoded car, in this order.
VPIC_ATTRIBUTES = ("make", "model", "series", "trim", "body_class", "cab_type", "drive_type", "fuel_type",
                   "electrification", "engine", "displacement_l", "plant_city", "plant_country", "vehicle_type")

YEAR_CODES = "ABCDEFGHJKLMNPRSTVWXY123456789"  # 1980 .. 2009, then the cycle repeats
YEAR_CYCLE_START = 1980
YEAR_CYCLE = len(YEAR_CODES)

# Covered makes by a word in the manufacturer name. A name naming two covered
# makes ("Hyundai, Kia", "Jaguar Land Rover") is left undecided.
_MAKE_WORDS = {
    "tesla": r"tesla", "ford": r"fords?", "toyota": r"toyota", "porsche": r"porsche",
    "volvo": r"volvo", "hyundai": r"hyundai", "kia": r"kia", "volkswagen": r"volkswagen|vw",
    "land-rover": r"land rover", "jaguar": r"jaguar", "bmw": r"bmw", "chrysler": r"chrysler",
    "dodge": r"dodge", "jeep": r"jeep", "ram": r"ram", "fiat": r"fiat", "rivian": r"rivian",
    "byd": r"byd", "nio": r"nio", "polestar": r"polestar", "xiaomi": r"xiaomi",
    "trumpchi": r"trumpchi",
}
_MAKE_PATTERNS = {slug: re.compile(rf"\b(?:{words})\b", re.I) for slug, words in _MAKE_WORDS.items()}
# Heavy-vehicle, bus and motorcycle makers: not the covered car brands, and the
# position-7 year rule (light vehicles only) does not apply to them.
_NOT_LIGHT_VEHICLES = re.compile(
    r"truck|\bbus(es)?\b|motorcycle|harley|yamaha|kawasaki|ducati|freightliner|kenworth|"
    r"peterbilt|navistar|western star|eicher|white ?(gmc|volvo)|\bskd\b|fiat v\.i\.|trailer",
    re.I,
)

# Tesla VIN position 4 (model line) and position 11 (assembly plant), as in
# Tesla's published VIN decoding guides; the same scheme on every Tesla WMI.
TESLA_MODELS = {"S": "model-s", "X": "model-x", "3": "model-3", "Y": "model-y", "R": "roadster", "C": "cybertruck"}
TESLA_PLANTS = {"F": "Fremont, CA", "P": "Palo Alto, CA", "A": "Austin, TX", "N": "Reno, NV",
                "C": "Shanghai, China", "B": "Berlin-Brandenburg, Germany"}
# FCA US (Stellantis) VINs from model year 2011 carry the brand in position 5.
FCA_BRANDS = {"C": "chrysler", "D": "dodge", "J": "jeep", "R": "ram", "F": "fiat"}
_FCA_MAKES = frozenset(FCA_BRANDS.values())


VDS_TABLE_PATH = Path(__file__).with_name("vds_table.csv")


@dataclass(frozen=True)
class VdsRule:
    """One row of ``vds_table.csv``: a model read from VIN positions for a make's WMIs and model years."""

    make: str
    wmis: tuple[str, ...]
    first: int  # 1-based position
    last: int
    pattern: re.Pattern
    first_year: int | None
    last_year: int | None
    model: str
    source: str

    def matches(self, vin: str, year: int | None) -> bool:
        if vin[:3] not in self.wmis or year is None:
            return False
        if (self.first_year and year < self.first_year) or (self.last_year and year > self.last_year):
            return False
        return self.pattern.fullmatch(vin[self.first - 1:self.last]) is not None


@lru_cache(maxsize=1)
def vds_rules() -> tuple[VdsRule, ...]:
    with VDS_TABLE_PATH.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        rules = []
        for row in rows:
            first, _, last = row["positions"].partition("-")
            rules.append(VdsRule(row["make"], tuple(row["wmi"].split()), int(first), int(last or first),
                                 re.compile(row["pattern"]), int(row["first_year"]) if row["first_year"] else None,
                                 int(row["last_year"]) if row["last_year"] else None, row["model"], row["source"]))
        return tuple(rules)


def model_from_vds(vin: str, make: str | None, year: int | None) -> tuple[str | None, str | None]:
    """(model slug, source) from the first ``vds_table.csv`` row that matches, else (None, None)."""
    for rule in vds_rules():
        if rule.make == make and rule.matches(vin, year):
            return rule.model, rule.source
    return None, None


@dataclass(frozen=True)
class DecodedVin:
    vin: str
    wmi: str
    manufacturer: str | None
    make_slug: str | None
    model_slug: str | None
    model_year: int | None
    region: str | None
    country: str | None
    plant: str  # position 11, the maker's own plant code
    check_digit_valid: bool
    serial: str  # positions 12-17
    plant_name: str | None = None
    model_year_candidates: tuple[int, ...] = field(default=())
    manufacturer_source: str | None = None
    model_source: str | None = None  # "vpic", or which portal table gave the model ("tesla-guide", "ford-vds")
    attributes: dict = field(default_factory=dict)  # name -> {"value": str, "source": "vpic" | "portal_table"}
    brand: str | None = None  # vPIC's make when it is a brand of the portal make ("Lincoln" under ford)
    model_name: str | None = None  # display name from the decoder, for a model the portal lists nothing for

    def attribute(self, name: str) -> str | None:
        entry = self.attributes.get(name)
        return entry["value"] if entry else None


def make_slug_for(manufacturer: str | None) -> str | None:
    """The covered make a WMI manufacturer name stands for, if exactly one."""
    if not manufacturer or _NOT_LIGHT_VEHICLES.search(manufacturer):
        return None
    found = [slug for slug, pattern in _MAKE_PATTERNS.items() if pattern.search(manufacturer)]
    return found[0] if len(found) == 1 else None


def year_candidates(code: str, today: date | None = None) -> list[int]:
    """Every model year that position-10 ``code`` can mean, up to next year, newest first."""
    if code not in YEAR_CODES:
        return []
    last = (today or date.today()).year + 1
    year = YEAR_CYCLE_START + YEAR_CODES.index(code)
    years = []
    while year <= last:
        years.append(year)
        year += YEAR_CYCLE
    return sorted(years, reverse=True)


def model_year(vin: str, light_vehicle: bool = True, today: date | None = None) -> int | None:
    """The model year, resolving the 30-year cycle.

    For light vehicles built to 49 CFR 565 (North American WMIs, and Japanese
    17-character VINs, which are issued for export to that market) a numeric
    position 7 means 1980-2009 and a letter 2010-2039. Otherwise, or when the
    rule leaves no year up to next year, the most recent candidate wins.
    """
    candidates = year_candidates(vin[9], today)
    if not candidates:
        return None
    if light_vehicle and vin[0] in "123457J":
        modern = vin[6].isalpha()
        ruled = [year for year in candidates if (year >= 2010) == modern]
        if ruled:
            return ruled[0]
    return candidates[0]


def _region(first: str) -> str | None:
    return next((name for chars, name in REGIONS.items() if first in chars), None)


def decode_vin(vin: str, today: date | None = None) -> DecodedVin:
    """Decode a normalised, well-formed VIN (see ``validate_vin``); unknown parts are None."""
    if len(vin) != VIN_LENGTH:
        raise ValueError(f"decode_vin needs a normalised {VIN_LENGTH}-character VIN, got {vin!r}")
    if today is None:
        return _decode_cached(vin, date.today())
    return _decode(vin, today)


@lru_cache(maxsize=4096)
def _decode_cached(vin: str, today: date) -> DecodedVin:
    return _decode(vin, today)


def _vpic_attributes(vpic: VpicDecode) -> dict:
    return {name: {"value": vpic.get(name), "source": VPIC} for name in VPIC_ATTRIBUTES if vpic.get(name)}


def _decode(vin: str, today: date) -> DecodedVin:
    vpic = vpic_decode(vin, today)
    if vpic.get("make"):
        return _from_vpic(vin, vpic, today)
    return _from_portal_tables(vin, today)


def _place(name: str) -> str:
    """vPIC's upper-case place names as written: ``UNITED STATES (USA)`` -> ``United States (USA)``."""
    return name.title().replace("(Usa)", "(USA)")


def _from_vpic(vin: str, vpic: VpicDecode, today: date) -> DecodedVin:
    """vPIC knows the maker: its make and model (mapped to the portal's slugs) and attributes are the car's."""
    mapped = portal_model(vpic.attributes)
    manufacturer = vpic.get("manufacturer") or vpic.get("make")
    vehicle_type = (vpic.get("vehicle_type") or "").lower()
    light = not (_NOT_LIGHT_VEHICLES.search(manufacturer or "")
                 or any(word in vehicle_type for word in ("motorcycle", "bus", "trailer")))
    # The portal's own cycle rule, as before: vPIC's year depends on the day its data was cut.
    year = model_year(vin, light, today)
    make = mapped.make if mapped else None
    model = mapped.model if mapped else None
    brand = vpic.get("make").title() if mapped and vpic.get("make").lower() != make else None
    plant = ", ".join(_place(p) for p in (vpic.get("plant_city"), vpic.get("plant_country")) if p) or None
    attributes = _vpic_attributes(vpic)
    model_source = VPIC if model else None
    if make and model is None:  # vPIC knows the maker, not the model: the portal's own tables may
        model, model_source = _model_from_tables(vin, make, year)
        if model:
            attributes["model"] = {"value": model, "source": PORTAL_TABLE, "table": model_source}
    return DecodedVin(
        vin=vin, wmi=vin[:3], manufacturer=manufacturer, make_slug=make, model_slug=model, model_year=year,
        region=_region(vin[0]), country=COUNTRIES.get(vin[:2]), plant=vin[10],
        check_digit_valid=check_digit(vin) == vin[8], serial=vin[11:], plant_name=plant,
        model_year_candidates=tuple(year_candidates(vin[9], today)), manufacturer_source=VPIC,
        model_source=model_source, attributes=attributes, brand=brand,
        model_name=mapped.name if mapped and model_source == VPIC else None,
    )


def _model_from_tables(vin: str, make: str, year: int | None) -> tuple[str | None, str | None]:
    if make == "tesla":
        model = TESLA_MODELS.get(vin[3])
        return model, "tesla-guide" if model else None
    return model_from_vds(vin, make, year)


def _from_portal_tables(vin: str, today: date) -> DecodedVin:
    """vPIC knows no maker for this WMI (China-market makers): the portal's own sourced tables decide."""
    info = lookup_wmi(vin)
    manufacturer = info.manufacturer if info else None
    make = make_slug_for(manufacturer)
    light = not (manufacturer and _NOT_LIGHT_VEHICLES.search(manufacturer))
    year = model_year(vin, light, today)
    model = plant_name = model_source = None
    if make == "tesla":
        model = TESLA_MODELS.get(vin[3])
        model_source = "tesla-guide" if model else None
        plant_name = TESLA_PLANTS.get(vin[10])
    elif (make in _FCA_MAKES or (manufacturer or "").upper() == "FCA") and (year or 0) >= 2011:
        make = FCA_BRANDS.get(vin[4], make)
    else:
        model, model_source = model_from_vds(vin, make, year)
    attributes = {}
    if manufacturer:
        attributes["manufacturer"] = {"value": manufacturer, "source": PORTAL_TABLE, "table": info.source}
    if model:
        attributes["model"] = {"value": model, "source": PORTAL_TABLE, "table": model_source}
    if plant_name:
        attributes["plant_city"] = {"value": plant_name, "source": PORTAL_TABLE, "table": "tesla-guide"}
    return DecodedVin(
        vin=vin,
        wmi=vin[:3],
        manufacturer=manufacturer,
        make_slug=make,
        model_slug=model,
        model_year=year,
        region=_region(vin[0]),
        country=COUNTRIES.get(vin[:2]),
        plant=vin[10],
        check_digit_valid=check_digit(vin) == vin[8],
        serial=vin[11:],
        plant_name=plant_name,
        model_year_candidates=tuple(year_candidates(vin[9], today)),
        manufacturer_source=info.source if info else None,
        model_source=model_source,
        attributes=attributes,
    )
