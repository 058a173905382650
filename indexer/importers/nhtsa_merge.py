"""One campaign's facts, gathered from input rows and merged across inputs.

A campaign can reach the portal from several datasets (the Porsche API list
and the flat file share 21 campaigns), each holding part of it: some model
years here, a population or production range there. Facts are therefore
merged, never replaced, and every rule is order-independent so that importing
A then B writes the same file as B then A, and importing again changes nothing:

* vehicle rows: union; text fields: the longest (richest) wins;
* manufacturer: the shortest spelling; flags: OR-ed; population: the largest published; production: the widest;
* sources: union.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from portal.slugs import slugify

from .common import ImportFileError
from .nhtsa_classify import BASIS_FLAG, park_flags_from_text
from .nhtsa_names import MakeTable, model_name
from .nhtsa_rows import Row

TEXT_FIELDS = ("summary", "consequence", "remedy", "notes")


@dataclass
class Vehicle:
    name: str
    years: set[int] | None  # None: every year of the model


@dataclass
class Campaign:
    id: str
    make: str
    manufacturer: str | None = None
    components: list[str] = field(default_factory=list)
    report_date: date | None = None
    population: int | None = None
    production_from: date | None = None
    production_to: date | None = None
    vehicles: dict[tuple[str, str], Vehicle] = field(default_factory=dict)  # (make, model slug)
    text: dict[str, str] = field(default_factory=lambda: dict.fromkeys(TEXT_FIELDS, ""))
    ota_flag: bool | None = None
    park_it: bool = False
    park_outside: bool = False
    related: set[str] = field(default_factory=set)
    sources: list[dict] = field(default_factory=list)


def campaigns_from_rows(rows: list[Row], makes: MakeTable, source: str, dataset: dict) -> dict[str, Campaign]:
    campaigns: dict[str, Campaign] = {}
    for row in rows:
        make = makes.slug_for(row.make)
        if make is None:
            raise ImportFileError(source, f"make {row.make!r} is not in content/makes.yaml", row.line)
        one = Campaign(id=row.campaign, make=make, manufacturer=row.manufacturer, report_date=row.report_date)
        one.components = [row.component] if row.component else []
        one.population, one.production_from, one.production_to = row.population, row.production_from, row.production_to
        name = model_name(row.model)
        one.vehicles[(make, slugify(name))] = Vehicle(name, None if row.year is None else {row.year})
        one.text = {name_: getattr(row, name_) for name_ in TEXT_FIELDS}
        one.ota_flag = row.ota_flag
        text_park_it, text_park_outside = park_flags_from_text(row.summary, row.consequence, row.remedy, row.notes)
        # A flag, where the format has one, is NHTSA's own statement: it wins over the text.
        one.park_it = row.park_it_flag if row.park_it_flag is not None else text_park_it
        one.park_outside = row.park_outside_flag if row.park_outside_flag is not None else text_park_outside
        one.sources = [dataset]
        if row.campaign in campaigns:
            merge_into(campaigns[row.campaign], one)
        else:
            campaigns[row.campaign] = one
    return campaigns


def campaign_from_meta(meta: dict) -> Campaign:
    """The facts an existing content file holds, so a new import can merge into them."""
    one = Campaign(id=meta["id"], make=meta["make"], manufacturer=meta.get("manufacturer"))
    one.components = [part for part in (meta.get("component") or "").split("; ") if part]
    one.report_date, one.population = meta.get("report_date"), meta.get("population")
    production = meta.get("production") or {}
    one.production_from, one.production_to = production.get("from"), production.get("to")
    for entry in meta.get("vehicles") or []:
        if entry.get("basis", "listed") != "listed":
            continue  # read again from the summary at every import; only the rows are merged
        key = (entry.get("make") or one.make, entry["model"])
        years = entry.get("years")
        one.vehicles[key] = Vehicle(entry["name"], None if years is None else set(years))
    english = (meta.get("text") or {}).get("en") or {}
    one.text = {name: english.get(name) or "" for name in TEXT_FIELDS}
    if meta.get("remedy_type_basis") == BASIS_FLAG:
        one.ota_flag = meta.get("remedy_type") != "dealer"
    one.park_it, one.park_outside = bool(meta.get("park_it")), bool(meta.get("park_outside"))
    one.related = set(meta.get("related") or [])
    one.sources = [dict(item) for item in meta.get("sources") or [] if not is_campaign_page(item)]
    return one


def merge_into(target: Campaign, other: Campaign) -> None:
    # Shortest: a name read from the summary ("X, Inc. (X)") is the filer's name plus its short form.
    names = [name for name in (target.manufacturer, other.manufacturer) if name]
    target.manufacturer = min(names, key=lambda name: (len(name), name)) if names else None
    target.components += [part for part in other.components if part not in target.components]
    target.report_date = _pick(min, target.report_date, other.report_date)
    target.population = _pick(max, target.population, other.population)
    target.production_from = _pick(min, target.production_from, other.production_from)
    target.production_to = _pick(max, target.production_to, other.production_to)
    for key, vehicle in other.vehicles.items():
        mine = target.vehicles.get(key)
        if mine is None:
            target.vehicles[key] = Vehicle(vehicle.name, None if vehicle.years is None else set(vehicle.years))
            continue
        # Mixed case was chosen by a person (``Model 3``); prefer it over upper-case text.
        mine.name = min(mine.name, vehicle.name, key=lambda name: (name.isupper(), name))
        # An unknown year (flat file 9999) means the rows cannot be narrowed: keep "every year".
        mine.years = None if mine.years is None or vehicle.years is None else mine.years | vehicle.years
    for name in TEXT_FIELDS:
        target.text[name] = _richest(target.text[name], other.text[name])
    target.ota_flag = _pick(lambda a, b: a or b, target.ota_flag, other.ota_flag)
    target.park_it = target.park_it or other.park_it
    target.park_outside = target.park_outside or other.park_outside
    target.related |= other.related
    known = {_source_key(item) for item in target.sources}
    target.sources += [item for item in other.sources if _source_key(item) not in known]


# The campaign page in NHTSA's form (/recalls?nhtsaId=) and the bare one files written earlier carry.
_CAMPAIGN_PAGE_RE = re.compile(r"^https://www\.nhtsa\.gov/(?:recalls)?\?nhtsaId=")


def is_campaign_page(source: dict) -> bool:
    return bool(_CAMPAIGN_PAGE_RE.match(source.get("url") or ""))


def _richest(a: str | None, b: str | None) -> str:
    # Length first (more of NHTSA's text), then the text itself so the choice never depends on order.
    return max(a or "", b or "", key=lambda text: (len(text), text))


def _pick(choose, a, b):
    if a is None or b is None:
        return b if a is None else a
    return choose(a, b)


def _source_key(source: dict) -> tuple[str, str]:
    return (source.get("url") or "", source.get("title") or "")
