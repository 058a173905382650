"""What NHTSA's own decoder (vPIC) says about a VIN, through the offline ``ultravin`` library.

vPIC is the reference the recalls are filed against: its make and model
names are NHTSA's, and it decodes what the maker's Part 565 VIN submission
encodes (series, trim, body class, cab type, drive, fuel and electrification,
plant). ``ultravin`` carries the whole vPIC database in its wheel and
reproduces vPIC's ``spVinDecode`` offline in about 60 µs a VIN, so a lookup
needs no network and no copy of vPIC in this repository.

Only the attributes the portal uses are kept, each as a plain string or None
(vPIC's "Not Applicable" and empty values are None: they say nothing about
the car). A VIN is decoded once per process (``lru_cache``): the VIN page,
its report and the API ask for the same VIN in a row.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

import ultravin

SOURCE = "vpic"

# Portal attribute name -> vPIC variable name.
VARIABLES = {
    "make": "Make",
    "manufacturer": "Manufacturer Name",
    "model": "Model",
    "series": "Series",
    "trim": "Trim",
    "body_class": "Body Class",
    "cab_type": "Cab Type",
    "drive_type": "Drive Type",
    "fuel_type": "Fuel Type - Primary",
    "electrification": "Electrification Level",
    "engine": "Engine Model",
    "displacement_l": "Displacement (L)",
    "plant_city": "Plant City",
    "plant_country": "Plant Country",
    "vehicle_type": "Vehicle Type",
}
_EMPTY = {"", "not applicable", "null"}


@dataclass(frozen=True)
class VpicDecode:
    """vPIC's answer for one VIN: the kept attributes, the model year and vPIC's error codes."""

    attributes: dict[str, str]
    model_year: int | None
    error_codes: tuple[int, ...]

    def get(self, name: str) -> str | None:
        return self.attributes.get(name)

    @property
    def decoded(self) -> bool:
        """vPIC knew the manufacturer and the model (its error 7/8 mean it did not)."""
        return bool(self.attributes.get("make") and self.attributes.get("model"))


def _clean(value) -> str | None:
    if isinstance(value, list):
        value = "; ".join(v for v in value if v)
    text = " ".join(str(value or "").split())
    return None if text.lower() in _EMPTY else text


def vpic_decode(vin: str, today: date | None = None) -> VpicDecode:
    """Decode a normalised 17-character VIN with vPIC's rules (cached per VIN and day).

    ``today`` fixes the clock vPIC resolves the model year's 30-year cycle with
    (a car cannot be of a model year after next year).
    """
    return _decode(vin, today or date.today())


@lru_cache(maxsize=4096)
def _decode(vin: str, today: date) -> VpicDecode:
    answer = ultravin.decode(vin, now=datetime(today.year, today.month, today.day, 12))
    raw = answer.get("attributes") or {}
    attributes = {name: value for name, variable in VARIABLES.items()
                  if (value := _clean(raw.get(variable))) is not None}
    return VpicDecode(attributes, answer.get("model_year"), tuple(answer.get("error_codes") or ()))


def data_release() -> dict[str, str]:
    """Which vPIC data month and decoder version answer (for citations)."""
    return dict(ultravin.provenance())
