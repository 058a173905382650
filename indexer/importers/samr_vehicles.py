"""Makes, models and versions as the SAMR fact sheet writes them, turned into slugs.

Model strings carry notice detail that is not part of the model: "(imported)"
and "(China-built)" (进口 / 国产), "(2nd generation)", "standard edition:
XMA7000MBEVR2" type codes, and model years ("MY2023-2024", "2022 model year").
The portal's VIN lookup needs the bare model slug and the years, so both are
pulled out here and the rest is kept for the notes. Where the notice says
whether the cars were imported or built in China, that is kept as the entry's
``origin`` (``imported`` / ``domestic``): the VIN says where a car was built,
so a Shanghai-built Model 3 is not under a recall of imported ones. A model
listed both ways has no origin (either).

One record (Chery Jaguar Land Rover, January 2025) covers two makes. A recall
file has one make and its vehicles must be that make's models, so the record
is filed under ``land-rover`` (two of its four models) and the Jaguar models
are named in the notes instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from portal.slugs import slugify

BRAND_MAKES = {
    "Tesla": "tesla",
    "Xiaomi": "xiaomi",
    "Toyota": "toyota",
    "Polestar": "polestar",
    "Changan": "changan",
    "Trumpchi (GAC)": "trumpchi",
    "Jaguar / Land Rover": "land-rover",
    "BYD": "byd",
    "NIO": "nio",
}
# Make names that prefix a model string, for records that span makes.
_MODEL_PREFIXES = {"Jaguar ": "jaguar", "Land Rover ": "land-rover", "Range Rover ": "land-rover"}
# Prefixes that are the make, not part of the model name ("Range Rover Evoque" keeps its own).
_DROP_PREFIX = ("Jaguar ", "Land Rover ")
_PAREN = re.compile(r"\s*\(([^)]*)\)")
_EDITION = re.compile(r"\s+[\w-]+ edition$", re.IGNORECASE)
_YEARS = re.compile(r"MY(\d{4})(?:-(\d{4}))?|(\d{4}) model year")
_VERSION = re.compile(r"\d+(?:\.\d+)+")
_ORIGINS = (("imported", re.compile(r"\bimported\b|进口", re.I)),
            ("domestic", re.compile(r"\bChina-built\b|\bbuilt in China\b|国产", re.I)))


@dataclass
class ModelEntry:
    make: str
    slug: str
    name: str
    years: list[int] | None
    origin: str | None = None


def make_of(brand: str) -> str:
    return BRAND_MAKES.get(brand) or slugify(brand)


def parse_model(text: str, record_make: str) -> ModelEntry:
    """``"Polestar 4 (China-built, MY2023-2024)"`` -> polestar-4, years [2023, 2024]."""
    base = text.split(":", 1)[0]
    qualifiers = " ".join(_PAREN.findall(base))
    name = _EDITION.sub("", _PAREN.sub("", base)).strip()
    make = record_make
    for prefix, prefix_make in _MODEL_PREFIXES.items():
        if name.startswith(prefix):
            make = prefix_make
            if prefix in _DROP_PREFIX:
                name = name[len(prefix):]
    return ModelEntry(make, slugify(name), name, _years(qualifiers), _origin(qualifiers))


def _origin(qualifiers: str) -> str | None:
    found = [origin for origin, pattern in _ORIGINS if pattern.search(qualifiers)]
    return found[0] if len(found) == 1 else None


def _years(qualifiers: str) -> list[int] | None:
    match = _YEARS.search(qualifiers)
    if not match:
        return None
    first = int(match.group(1) or match.group(3))
    last = int(match.group(2) or first)
    return list(range(first, last + 1))


def vehicles_for(models: list[str], record_make: str) -> tuple[list[dict], list[str]]:
    """Content ``vehicles`` of the record's make, and the names left out (other makes)."""
    merged: dict[str, ModelEntry] = {}
    other: list[str] = []
    for text in models:
        entry = parse_model(text, record_make)
        if entry.make != record_make:
            other.append(text.split(" (")[0])
            continue
        seen = merged.get(entry.slug)
        if seen is None:
            merged[entry.slug] = entry
            continue
        if seen.origin != entry.origin:
            seen.origin = None  # listed both imported and China-built: either applies
        if seen.years is not None:
            # Imported and China-built rows of one model: any "every year" row wins.
            seen.years = None if entry.years is None else sorted(set(seen.years) | set(entry.years))
    vehicles = [dict({"model": e.slug, "name": e.name, "years": e.years}, **({"origin": e.origin} if e.origin else {}))
                for e in merged.values()]
    return vehicles, list(dict.fromkeys(other))


def target_versions(ota_target_version: str | None) -> list[str]:
    """Versions named in the target text: "Aspen 3.5.6 / Alder 2.1.0 or later" -> both."""
    return _VERSION.findall(ota_target_version or "")
