"""What a notice limits itself to beyond make, model and year, and whether a decoded car is outside it.

NHTSA's summaries often narrow the cars they list: "certain 2021 F-150 Super
Cab vehicles", "... vehicles equipped with 3.5L GTDI engines", "F-250 diesel
4x4 trucks". Where the notice says such a limit and vPIC decodes the same
attribute from the VIN (cab type, fuel, drive, engine displacement), a car
outside the limit is not in the campaign: the recall stays on the page, as
``not_affected`` with the attribute that ruled it out, and never raises a
do-not-drive banner.

Only limits the notice ties to the car's own model ("<model> Super Cab") or to
the whole list ("vehicles equipped with ...") are read, and only the first
sentence (the list of vehicles) is searched. A car whose attribute vPIC does
not decode is never ruled out: the notice's limit then narrows nothing.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# vPIC's Cab Type values.
CAB_REGULAR = "Regular"
CAB_EXTENDED = "Extra/Super/Quad/Double/King/Extended"
CAB_CREW = "Crew/Super Crew/Crew Max"
_CABS = (
    (re.compile(r"super\s?crew|crew\s?cab|crew\s?max", re.I), CAB_CREW),
    (re.compile(r"super\s?cab|extended\s?cab|king\s?cab|double\s?cab|quad\s?cab", re.I), CAB_EXTENDED),
    (re.compile(r"regular\s?cab", re.I), CAB_REGULAR),
)
_DRIVES = (
    (re.compile(r"\b(?:4x4|4wd|four[- ]wheel[- ]drive)\b", re.I), "4wd"),
    (re.compile(r"\b(?:awd|all[- ]wheel[- ]drive)\b", re.I), "awd"),
    (re.compile(r"\b(?:rwd|rear[- ]wheel[- ]drive)\b", re.I), "rwd"),
    (re.compile(r"\b(?:fwd|front[- ]wheel[- ]drive)\b", re.I), "fwd"),
)
# "Gasoline Direct Injection" names an injection system, not a limit to petrol engines.
_FUELS = ((re.compile(r"\bdiesel\b", re.I), "diesel"), (re.compile(r"\bgasoline\b(?!\s+direct)", re.I), "gasoline"))
# "2.3L RWD, 3.3L GAS ... powertrain": the drive belongs to one engine, not to the whole list.
_DRIVE_OF_ONE_ENGINE = re.compile(r"\d\.\d\s?L\s+(?:RWD|AWD|FWD|4WD|4x4|4x2)\b", re.I)
_EQUIPPED = re.compile(r"\b(?:vehicles|trucks)\s+equipped\s+with\s+([^;]*)", re.I)  # the sentence is already cut
_LITRES = re.compile(r"\b(\d{1,2}\.\d)\s?-?\s?(?:L\b|liter|litre)", re.I)
_TRIM_WORDS = r"(?:\s+[A-Za-z0-9][\w-]*){0,3}?"


@dataclass(frozen=True)
class Limit:
    attribute: str  # cab_type | drive_type | fuel_type | displacement_l (decoded attribute names)
    allowed: tuple[str, ...]  # what the notice covers, in vPIC's terms (cab) or the portal's classes


@dataclass(frozen=True)
class RuledOut:
    attribute: str
    value: str  # the car's decoded value
    allowed: tuple[str, ...]


def _first_sentence(summary: str) -> str:
    text = " ".join((summary or "").split())
    match = re.search(r"(?<=[a-z0-9)])\.\s+(?=[A-Z])", text)
    return text[: match.start()] if match else text


def notice_limits(summary: str, model_name: str | None) -> list[Limit]:
    """The limits the summary's list of vehicles puts on ``model_name`` (the notice's spelling)."""
    sentence = _first_sentence(summary)
    limits: list[Limit] = []
    if model_name:
        after = re.compile(rf"(?<![\w-]){re.escape(model_name)}(?![\w-]){_TRIM_WORDS}\s+"
                           r"(super\s?crew|crew\s?cab|crew\s?max|super\s?cab|extended\s?cab|king\s?cab|double\s?cab|"
                           r"quad\s?cab|regular\s?cab)", re.I)
        cabs = {value for found in after.finditer(sentence) for pattern, value in _CABS if pattern.fullmatch(found.group(1))}
        if cabs:
            limits.append(Limit("cab_type", tuple(sorted(cabs))))
    equipped = _EQUIPPED.search(sentence)
    if equipped:
        phrase = equipped.group(1)
        litres = sorted(set(_LITRES.findall(phrase)))
        if litres and re.search(r"\bengines?\b", phrase, re.I):
            limits.append(Limit("displacement_l", tuple(litres)))
        drives = sorted({value for pattern, value in _DRIVES if pattern.search(phrase)})
        if drives and not _DRIVE_OF_ONE_ENGINE.search(phrase):
            limits.append(Limit("drive_type", tuple(drives)))
        fuels = sorted({value for pattern, value in _FUELS if pattern.search(phrase)})
        if fuels and re.search(r"\bengines?\b", phrase, re.I):
            limits.append(Limit("fuel_type", tuple(fuels)))
    return limits


def _drive_classes(value: str) -> set[str]:
    text = value.lower()
    if "4wd" in text or "4x4" in text:
        return {"4wd"}
    if "awd" in text:
        return {"awd"}
    if "rwd" in text:
        return {"rwd"}
    if "fwd" in text:
        return {"fwd"}
    if "4x2" in text:
        return {"rwd", "fwd"}
    return set()


def outside(limit: Limit, value: str | None) -> bool:
    """Whether a car whose decoded attribute is ``value`` is outside ``limit`` (False when unknown)."""
    if not value:
        return False
    if limit.attribute == "cab_type":
        return value not in limit.allowed
    if limit.attribute == "displacement_l":
        try:
            litres = float(value)
        except ValueError:
            return False
        return all(abs(litres - float(allowed)) > 0.05 for allowed in limit.allowed)
    if limit.attribute == "drive_type":
        classes = _drive_classes(value)
        return bool(classes) and not (classes & set(limit.allowed))
    if limit.attribute == "fuel_type":
        fuel = value.lower()
        known = next((name for name in ("diesel", "gasoline", "electric") if name in fuel), None)
        return known is not None and known not in limit.allowed
    return False


def ruled_out(summary: str, model_name: str | None, attributes: dict[str, str]) -> RuledOut | None:
    """The first notice limit the car's decoded ``attributes`` (name -> value) fall outside, or None."""
    for limit in notice_limits(summary, model_name):
        value = attributes.get(limit.attribute)
        if outside(limit, value):
            return RuledOut(limit.attribute, value, limit.allowed)
    return None
