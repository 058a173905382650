"""One VIN in, everything the portal knows about that car out (no Flask here).

``lookup_vehicle`` is shared by the VIN pages, the report, the JSON API and the
benchmark, so they all agree on which recalls apply, their status and the
release timeline. It decides what the car is (fleet record first, then the
decoded VIN), never guesses a model the VIN does not encode (the report then
asks for one: ``needs_model``, and a model the owner picks is marked
``model_source: owner``), takes the market from the owner (``market_source``,
see ``market.py``), says how much of the car's record the portal holds
(``coverage.py``) and how sure each recall is (``certainty``: ``applies`` only
when a fleet record settles it), and returns plain data; the routes translate
the codes it carries into sentences.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from datetime import date

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from portal.build_memo import BuildMemo
from portal.db import content as db
from portal.localise import localised_field
from portal.recalls.remedies import affected_ranges, stated_remedies
from portal.recalls.service import recall_summary
from portal.vehicles import decode_vin, error_message, validate_vin
from portal.vehicles.applicability import (
    OUTSIDE_NOTICE_ATTRIBUTE,
    Exclusion,
    Install,
    installs_from_rows,
    models_for_year,
    origin_of_vin,
    recalls_for,
    split_by_record,
)
from portal.vehicles.attribute_limits import ruled_out
from portal.vehicles.coverage import NOT_COVERED, YEAR_NOT_HELD, Gap, car_coverage
from portal.vehicles.coverage import _cached as cached_per_build
from portal.vehicles.market import choose_market
from portal.vehicles.owner_version import OwnerVersion, VersionRejected, after_owner, owner_version
from portal.vehicles.status import recall_status
from portal.vehicles.timeline import releases_for
from portal.vocab import STATUSES

APPLIES, MAY_APPLY = "applies", "may_apply"
LISTED = "listed"
# Where the model came from (``model_source``).
MODEL_FROM_FLEET, MODEL_FROM_VIN, MODEL_FROM_OWNER = "fleet_record", "vin", "owner"

__all__ = ["VehicleReport", "VersionRejected", "VinRejected", "car_choices", "lookup_vehicle", "recalls_for", "recall_rows"]


class VinRejected(Exception):
    """A VIN that cannot be looked up; ``code`` is a docs/ARCHITECTURE.md §5 code, ``message`` in the asked language."""

    def __init__(self, code: str, message: str, details: dict):
        super().__init__(message)
        self.code, self.message, self.details = code, message, details


@dataclass
class VehicleReport:
    vin: str
    make: str | None
    model: str | None
    model_year: int | None
    market: str | None
    decoded: dict
    fleet_record: bool
    recalls: list[dict]
    releases: list[dict]
    make_name: str | None = None
    model_name: str | None = None
    demo: bool = False
    production_date: str | None = None
    plant: str | None = None
    make_covered: bool = False
    needs_model: bool = False
    model_choices: list[dict] = field(default_factory=list)
    not_applicable: list[dict] = field(default_factory=list)
    coverage: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)
    market_source: str | None = None  # owner | fleet_record | vin | None (not chosen)
    market_other: str | None = None  # the other market that also holds recalls for cars like this
    built_in: str | None = None  # north_america | canada_mexico | china | elsewhere
    model_source: str | None = None  # fleet_record | vin | owner
    advisories: list[dict] = field(default_factory=list)
    owner_version: dict | None = None  # the version the owner stated (?version=), never verified
    # Not a dataclass field (no annotation), so never in as_json(): the per-build key of the recall and
    # release rows when they came from the rows memo (see portal/vehicles/page_cache.py), else None.
    rows_key = None

    def as_json(self) -> dict:
        """The report as JSON-ready data. Its fields already are plain dicts and lists, so one level
        is copied (the caller may add to them) instead of ``asdict``'s deep copy, which took most of
        an API request's time."""
        return {item.name: _one_level_copy(getattr(self, item.name)) for item in fields(self)}


def _one_level_copy(value):
    if isinstance(value, list):
        return [dict(row) if isinstance(row, dict) else row for row in value]
    return dict(value) if isinstance(value, dict) else value


def _display_make(raw: str) -> str:
    """"HONDA" -> "Honda", "MERCEDES-BENZ" -> "Mercedes-Benz", "ALFA ROMEO" -> "Alfa Romeo"; "GMC" stays."""
    def word(w: str) -> str:
        return "-".join(p if len(p) <= 3 else p.capitalize() for p in w.split("-"))
    return " ".join(word(w) for w in raw.split())


def decoder_names(attributes) -> tuple[str | None, str | None]:
    """(make, model) as the vPIC decoder gives them for a car of a make the portal does not hold."""
    def value(name: str) -> str | None:
        entry = (attributes or {}).get(name) or {}
        text = str(entry.get("value") or "").strip()
        return text or None

    make = value("make")
    return (_display_make(make) if make else None), (value("model") if make else None)


def _decoded(check, decoded) -> dict:
    return {"wmi": decoded.wmi, "manufacturer": decoded.manufacturer, "make": decoded.make_slug,
            "model": decoded.model_slug, "model_year": decoded.model_year, "region": decoded.region,
            "country": decoded.country, "plant": decoded.plant, "plant_name": decoded.plant_name,
            "check_digit_valid": decoded.check_digit_valid, "serial": decoded.serial,
            "model_source": decoded.model_source, "brand": decoded.brand,
            "attributes": {name: dict(entry) for name, entry in decoded.attributes.items()},
            "warnings": list(check.warnings)}


def _rejected(check, lang: str) -> VinRejected:
    details = dict(check.error.details)
    if not check.error.fatal:  # unknown manufacturer: still say what the VIN does tell
        partial = decode_vin(check.vin)
        details.update(region=partial.region, country=partial.country, model_year=partial.model_year)
    return VinRejected(check.error.code, error_message(check.error.code, lang, **check.error.details), details)


def recall_rows(session: Session, recalls: list, has_record: bool, installs: list[Install], lang: str,
                model: str | None = None, owner: OwnerVersion | None = None, *,
                stated: dict | None = None, summaries: dict[str, dict] | None = None) -> list[dict]:
    """Recall summaries (``recalls_for`` rows) with the car's status: most urgent first, newest first within one.

    ``certainty`` is ``applies`` only with a fleet record (the maker's own per-VIN
    facts); otherwise the authority lists the car's make, model and year and only
    the maker can say whether this VIN is in the campaign (``may_apply``).
    ``remedy_versions`` lists every remedy version a source states for the car's model, with its source.
    ``stated`` and ``summaries`` (per recall id), when the caller holds them already, save their queries.
    """
    if stated is None:
        stated = stated_remedies(session, [r.id for r in recalls])
    ranges = affected_ranges(session, recalls) if owner is not None else {}
    rows = []
    for recall in recalls:
        entries = [e for e in stated.get(recall.id, []) if e.for_model(model)]
        status = recall_status(recall, entries, has_record, installs,
                               owner.version if owner else None, ranges.get(recall.id))
        row = dict(summaries[recall.id]) if summaries is not None else recall_summary(recall, lang)
        row.update(certainty=APPLIES if has_record else MAY_APPLY, basis=getattr(recall, "basis", None) or LISTED)
        row.update(status=status.status, status_reason=status.reason,
                   remedy_version=status.remedy_version or status.required_version,
                   required_version=status.required_version,
                   remedy_versions=[e.as_json(lang) for e in entries],
                   remedied_at=status.remedied_at.isoformat() if status.remedied_at else None,
                   ruled_out_by=None)
        rows.append(row)
    return sorted(rows, key=lambda r: STATUSES.index(r["status"]))  # stable: keeps report order inside a status


RULING_ATTRIBUTES = ("cab_type", "drive_type", "fuel_type", "displacement_l")


def ruling_attributes(decoded) -> dict[str, str]:
    """The vPIC-decoded attributes a notice's limits are compared with (name -> value)."""
    return {name: entry["value"] for name, entry in decoded.attributes.items()
            if name in RULING_ATTRIBUTES and entry.get("source") == "vpic"}


def _excluded(session: Session, exclusions: list[Exclusion], lang: str, model: str | None = None, *,
              stated: dict | None = None, summaries: dict[str, dict] | None = None) -> list[dict]:
    if stated is None:
        stated = stated_remedies(session, [e.recall.id for e in exclusions])
    return [dict(summaries[e.recall.id] if summaries is not None else recall_summary(e.recall, lang),
                 basis=getattr(e.recall, "basis", "listed"), reason=e.reason, evidence=e.detail,
                 ruled_out_by=dict(e.ruled_out_by) if e.ruled_out_by else None,
                 remedy_versions=[s.as_json(lang) for s in stated.get(e.recall.id, []) if s.for_model(model)])
            for e in exclusions]


def split_by_attributes(session: Session, recalls: list, model_name: str | None,
                        attributes: dict[str, str]) -> tuple[list, list[Exclusion]]:
    """(recalls the decoded car stays in, recalls whose notice limits it to cars this one is not).

    ``attributes``: what vPIC decodes from the VIN (name -> value). Only a notice limit on an
    attribute vPIC decodes can rule a recall out (``attribute_limits.py``).
    """
    if not attributes or not recalls:
        return recalls, []
    summaries = notice_summaries(session, [r.id for r in recalls if r.authority == "NHTSA"])
    applies, excluded = [], []
    for recall in recalls:
        found = ruled_out(summaries.get(recall.id, ""), model_name, attributes)
        if found is None:
            applies.append(recall)
        else:
            excluded.append(Exclusion(recall, OUTSIDE_NOTICE_ATTRIBUTE, found.value,
                                      {"attribute": found.attribute, "value": found.value,
                                       "allowed": list(found.allowed)}))
    return applies, excluded


_SUMMARIES = select(db.Recall.id, db.Recall.summary_en).where(db.Recall.authority == "NHTSA")


def notice_summaries(session: Session, ids: list[str]) -> dict[str, str]:
    """The English summary (the notice's list of vehicles) of each NHTSA recall; all read once per build
    (a few hundred KB), off the VIN hot path."""
    every = cached_per_build(session, ("nhtsa_summaries",),
                             lambda: {rid: text or "" for rid, text in session.connection().execute(_SUMMARIES)})
    return {rid: every[rid] for rid in ids if rid in every}


def advisories(rows: list[dict]) -> list[dict]:
    """Do-not-drive and park-outside warnings of the recalls not shown remedied, with their certainty."""
    found = []
    for kind in ("park_it", "park_outside"):
        found += [{"recall_id": r["id"], "kind": kind, "certainty": r["certainty"]}
                  for r in rows if r.get(kind) and r["status"] != "remedied"]
    return found


# Built once; a lookup only binds values, and runs them on the session's connection (Core rows,
# no ORM identity map): the VIN path is the portal's hot path, see bench/vin_lookup.py.
# The car's fleet row and its installs in one statement (one round trip to PostgreSQL, not two):
# one row per install, the vehicle's columns repeated; a car with no installs gives one row of NULLs.
_VEHICLE = (select(db.Vehicle.make_slug, db.Vehicle.model_slug, db.Vehicle.model_year, db.Vehicle.market,
                   db.Vehicle.production_date, db.Vehicle.demo,
                   db.Install.version, db.Install.version_key, db.Install.installed_at)
            .outerjoin(db.Install, db.Install.vin == db.Vehicle.vin).where(db.Vehicle.vin == bindparam("vin")))
_NAMES = select(db.Make.name_en, db.Make.name_zh, db.Model.name_en.label("model_en"),
                db.Model.name_zh.label("model_zh")).outerjoin(
    db.Model, (db.Model.make_slug == db.Make.slug) & (db.Model.slug == bindparam("model"))).where(
    db.Make.slug == bindparam("make"))


def model_family(session: Session, make: str, model: str) -> list[str]:
    """The model and the variants the authorities list apart (``cayenne``: ``cayenne-s``, ``cayenne-gts`` ...).

    A VIN's model line does not say the trim as the recall lists name it, so a
    decoded ``cayenne`` may be any of them: every one of their recalls may apply.
    """
    slugs = session.scalars(select(db.Model.slug).where(db.Model.make_slug == make,
                                                        db.Model.slug.startswith(model + "-"))).all()
    return [model, *sorted(slugs)]


def _listed_for(session: Session, make: str, models: list[str], year, market, origin) -> list:
    """``recalls_for`` over several model slugs, each recall once, newest report first."""
    if len(models) == 1:
        return recalls_for(session, make, models[0], year, market, origin)
    found = {}
    for slug in models:
        for row in recalls_for(session, make, slug, year, market, origin):
            found.setdefault(row.id, row)
    return sorted(found.values(), key=lambda r: (r.report_date is None, -(r.report_date.toordinal() if r.report_date else 0), r.id))


def _names(session: Session, make: str | None, model: str | None, lang: str) -> tuple[str | None, str | None, bool]:
    """(make name, model name, whether the portal covers the make at all); per build, a query once."""
    if not make:
        return None, None, False
    return _NAMES_MEMO.get(session.info.get("build_id"), (make, model, lang),
                           lambda: _names_now(session, make, model, lang))


def _names_now(session: Session, make: str, model: str | None, lang: str) -> tuple[str | None, str | None, bool]:
    row = session.connection().execute(_NAMES, {"make": make, "model": model}).first()
    if row is None:
        return None, None, False
    model_name = localised_field(row, "model", lang) or model
    return localised_field(row, "name", lang), model_name, True


_NAMES_MEMO = BuildMemo(max_entries=4096)  # a few hundred bytes each


def _choices(session: Session, make: str, year: int | None, lang: str, market: str | None = None) -> list[dict]:
    names = {m.slug: localised_field(m, "name", lang) for m in session.scalars(select(db.Model).where(db.Model.make_slug == make))}
    return [{"slug": slug, "name": names.get(slug, slug)} for slug in models_for_year(session, make, year, market)]


def lookup_vehicle(session: Session, vin: str, lang: str, chosen_model: str | None = None,
                   market: str | None = None, version: str | None = None) -> VehicleReport:
    """Everything about one VIN; ``market`` (US | CN) is the owner's choice and beats every default.

    ``version``: the software version the owner states (raises VersionRejected when malformed).
    """
    check = validate_vin(vin)
    if not check.ok or check.error is not None:
        raise _rejected(check, lang)
    decoded = decode_vin(check.vin)
    fleet_rows = session.connection().execute(_VEHICLE, {"vin": check.vin}).all()
    vehicle = fleet_rows[0] if fleet_rows else None
    if vehicle is not None:
        make, model, year = vehicle.make_slug, vehicle.model_slug, vehicle.model_year
        production: date | None = vehicle.production_date
        installs = installs_from_rows(row for row in fleet_rows if row.version is not None)
        model_source = MODEL_FROM_FLEET
    else:
        make, model, year = decoded.make_slug, decoded.model_slug, decoded.model_year
        production, installs = None, []
        model_source = MODEL_FROM_VIN if model else None
    choice = choose_market(session, check.vin, make, market, vehicle.market if vehicle is not None else None)
    market = choice.market
    origin = origin_of_vin(check.vin)
    make_name, model_name, covered = _names(session, make, model, lang)
    if vehicle is None and model and model_name == model and decoded.model_name:
        model_name = decoded.model_name  # a model no recall or release lists: the decoder's name, not the slug
    if vehicle is None and decoded.brand and model_name and model_name.startswith(decoded.brand + " "):
        # A brand of the make (a Lincoln, whose campaigns are Ford's): named as its owner knows it.
        make_name, model_name = decoded.brand, model_name[len(decoded.brand) + 1:]
    if vehicle is None and make is None and not make_name:
        # A make the portal holds nothing for: named as NHTSA's decoder names it ("2020 Honda Accord"),
        # not by the maker's legal name, so the page and the assistant say which car this is.
        make_name, model_name = decoder_names(decoded.attributes)
    owner = owner_version(session, make, make_name, version, lang)
    report = VehicleReport(
        vin=check.vin, make=make, model=model, model_year=year, market=market, decoded=_decoded(check, decoded),
        fleet_record=vehicle is not None, recalls=[], releases=[], make_name=make_name, model_name=model_name,
        demo=bool(vehicle is not None and vehicle.demo), production_date=production.isoformat() if production else None,
        plant=decoded.plant_name, make_covered=covered, market_source=choice.source,
        market_other=choice.other_market, built_in=choice.built_in, model_source=model_source)
    if covered and model is None and market is not None:
        # Only the make's models that the market's data lists for the car's year.
        report.model_choices = _choices(session, make, year, lang, market)
        if chosen_model and chosen_model in {c["slug"] for c in report.model_choices}:
            report.model = model = chosen_model
            report.model_name = _names(session, make, model, lang)[1]
            report.model_source = MODEL_FROM_OWNER
        else:
            report.needs_model = bool(report.model_choices)
    coverage = car_coverage(session, check.vin, make if covered else None, model, year, market, origin)
    if covered and model is None and market is not None and not report.model_choices:
        coverage.status, coverage.gaps = NOT_COVERED, [Gap(YEAR_NOT_HELD, {"authority": coverage.authority})]
    if covered and model and market is not None:
        # A fleet record is the maker's word on the car; without one, what vPIC decodes can rule recalls out.
        ruling = {} if vehicle is not None else ruling_attributes(decoded)

        def rows() -> tuple[list[dict], list[dict], list[dict]]:
            english_name = _names(session, make, model, "en")[1] if ruling else None  # as the notices spell it
            return _car_rows(session, make, model, report.model_source, year, market, origin, production, installs,
                             vehicle is not None, lang, owner, ruling, english_name)

        if vehicle is None:  # the same rows for every car of this model, year, market, origin and attributes
            key = (make, model, report.model_source, year, market, origin, lang,
                   (owner.version.version, owner.version.line) if owner else None, tuple(sorted(ruling.items())))
            cached = _MODEL_YEAR_ROWS.get(session.info.get("build_id"), key, rows)
            report.recalls, report.not_applicable, report.releases = (
                [dict(row) for row in part] for part in cached)  # callers may add to a row
            if session.info.get("build_id") is not None:
                report.rows_key = key  # not a field: names these rows for the page cache, never in the JSON
        else:
            report.recalls, report.not_applicable, report.releases = rows()
    report.coverage = coverage.as_json()
    report.advisories = advisories(report.recalls)
    if owner is not None:
        report.owner_version = owner.as_json(lang, date.today().isoformat())
    report.counts = {status: sum(r["status"] == status for r in report.recalls) for status in STATUSES}
    return report


# Rows of cars without a fleet record, per (make, model, year, market, origin, language, stated version).
# One entry is 5 to 150 KB in memory (a Model 3's 76 releases are most of it): 256 keep the models
# people look up most within about 40 MB per worker; the rest are computed again (2 to 3 ms).
_MODEL_YEAR_ROWS = BuildMemo(max_entries=256)


@dataclass(frozen=True)
class _ModelRecalls:
    """What a model, year, market and origin's recalls are, before any one car's record is applied."""

    listed: list  # recalls_for rows: Core rows, not bound to the session that read them
    stated: dict  # recall id -> stated remedy versions
    summaries: dict  # recall id -> recall_summary in the language; copied before a car's status is added


# Per (make, models, year, market, origin, language): the listing query, the stated remedies and the
# summaries, shared by every car of that kind, fleet record or not. A fleet car then only reads its own
# row and installs and applies them in Python (bench/vin_lookup.py: 1 M cars, 30 k campaigns). An entry
# is a few KB (a Model 3 lists ~10 recalls): 2,048 keep every model a worker meets in a day.
_MODEL_RECALLS = BuildMemo(max_entries=2048)


def _model_recalls(session: Session, make: str, models: list[str], year: int | None, market: str,
                   origin: str | None, lang: str) -> _ModelRecalls:
    def compute() -> _ModelRecalls:
        listed = _listed_for(session, make, models, year, market, origin)
        return _ModelRecalls(listed, stated_remedies(session, [r.id for r in listed]),
                             {r.id: recall_summary(r, lang) for r in listed})

    key = (make, tuple(models), year, market, origin, lang)
    return _MODEL_RECALLS.get(session.info.get("build_id"), key, compute)


def _car_rows(session: Session, make: str, model: str, model_source: str | None, year: int | None, market: str,
              origin: str | None, production: date | None, installs: list[Install], has_record: bool, lang: str,
              owner: OwnerVersion | None, attributes: dict[str, str] | None = None,
              model_name: str | None = None) -> tuple[list[dict], list[dict], list[dict]]:
    """(recalls with status, recalls ruled out, OTA releases) for one car; releases after a stated version marked.

    ``attributes``: what vPIC decodes from the VIN (cab type, drive, fuel, displacement); a notice that
    limits itself to cars this one is not rules its recall out (``not_affected``, ``ruled_out_by``).
    The timeline names only remedies of the recalls listed for this car.
    """
    models = model_family(session, make, model) if model_source == MODEL_FROM_VIN else [model]
    listing = _model_recalls(session, make, models, year, market, origin, lang)
    applies, excluded = split_by_record(listing.listed, production, installs, None if has_record else year)
    applies, outside = split_by_attributes(session, applies, model_name, attributes or {})
    recalls = recall_rows(session, applies, has_record, installs, lang, model, owner,
                          stated=listing.stated, summaries=listing.summaries)
    not_applicable = _excluded(session, excluded + outside, lang, model, stated=listing.stated,
                               summaries=listing.summaries)
    releases = releases_for(session, make, model, year, market, production, installs, lang,
                            frozenset(r.id for r in listing.listed))
    if owner is not None:
        for item in releases:
            item["after_owner_version"] = after_owner(item["version"], make, owner.version)
    return recalls, not_applicable, releases


def car_choices(session: Session, lang: str) -> dict:
    """For the make/model/year chooser: ``{makes: [{make, name, models: [{slug, name}]}], years: [...]}``.

    Only makes and models that some recall or release lists, and the model years recalls name.
    """
    listed = set(session.execute(select(db.RecallVehicle.make_slug, db.RecallVehicle.model_slug).distinct()))
    listed |= set(session.execute(select(db.ReleaseModel.make_slug, db.ReleaseModel.model_slug).distinct()))
    models = {(m.make_slug, m.slug): localised_field(m, "name", lang) for m in session.scalars(select(db.Model))}
    choices = []
    for make in session.scalars(select(db.Make).order_by(db.Make.slug)):
        own = sorted((models.get((make.slug, slug), slug), slug) for mk, slug in listed if mk == make.slug)
        if own:
            choices.append({"make": make.slug, "name": localised_field(make, "name", lang),
                            "models": [{"slug": slug, "name": name} for name, slug in own]})
    years = session.scalars(select(db.RecallVehicle.year).where(db.RecallVehicle.year.is_not(None))
                            .distinct().order_by(db.RecallVehicle.year.desc()))
    return {"makes": choices, "years": list(years)}
