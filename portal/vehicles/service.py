"""One VIN in, everything the portal knows about that car out (no Flask here).

``lookup_vehicle`` is shared by the VIN pages, the report, the JSON API and the
benchmark, so they all agree on which recalls apply, their status and the
release timeline. It decides what the car is (fleet record first, then the
decoded VIN), never guesses a model the VIN does not encode (the report then
asks for one: ``needs_model``), and returns plain data; the routes translate
the codes it carries into sentences.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import date

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from portal.db import content as db
from portal.i18n import localised
from portal.recalls.service import recall_summary
from portal.vehicles import decode_vin, error_message, validate_vin
from portal.vehicles.applicability import (
    AUTHORITY_FOR_MARKET, Exclusion, Install, installs_from_rows, market_from_vin, models_for_year,
    recalls_for, split_by_record,
)
from portal.vehicles.owner_version import OwnerVersion, VersionRejected, after_owner, owner_version
from portal.vehicles.status import STATUSES, affected_ranges, recall_status, stated_remedies
from portal.vehicles.timeline import releases_for

__all__ = ["VehicleReport", "VersionRejected", "VinRejected", "car_choices", "lookup_vehicle", "recalls_for", "recall_rows"]


class VinRejected(Exception):
    """A VIN that cannot be looked up; ``code`` is an ARCHITECTURE §5 code, ``message`` is in the asked language."""

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
    owner_version: dict | None = None  # the version the owner stated (?version=), never verified

    def as_json(self) -> dict:
        return asdict(self)


def _decoded(check, decoded) -> dict:
    return {"wmi": decoded.wmi, "manufacturer": decoded.manufacturer, "make": decoded.make_slug,
            "model": decoded.model_slug, "model_year": decoded.model_year, "region": decoded.region,
            "country": decoded.country, "plant": decoded.plant, "plant_name": decoded.plant_name,
            "check_digit_valid": decoded.check_digit_valid, "serial": decoded.serial,
            "warnings": list(check.warnings)}


def _rejected(check, lang: str) -> VinRejected:
    details = dict(check.error.details)
    if not check.error.fatal:  # unknown manufacturer: still say what the VIN does tell
        partial = decode_vin(check.vin)
        details.update(region=partial.region, country=partial.country, model_year=partial.model_year)
    return VinRejected(check.error.code, error_message(check.error.code, lang, **check.error.details), details)


def recall_rows(session: Session, recalls: list, has_record: bool, installs: list[Install], lang: str,
                model: str | None = None, owner: OwnerVersion | None = None) -> list[dict]:
    """Recall summaries (``recalls_for`` rows) with the car's status: most urgent first, newest first within one.

    ``remedy_versions`` lists every remedy version a source states for the car's model, with its source.
    """
    stated = stated_remedies(session, [r.id for r in recalls])
    ranges = affected_ranges(session, recalls) if owner is not None else {}
    rows = []
    for recall in recalls:
        entries = [e for e in stated.get(recall.id, []) if e.for_model(model)]
        status = recall_status(recall, entries, has_record, installs,
                               owner.version if owner else None, ranges.get(recall.id))
        row = recall_summary(recall, lang)
        row.update(basis=getattr(recall, "basis", "listed"), status=status.status, status_reason=status.reason,
                   remedy_version=status.remedy_version or status.required_version,
                   required_version=status.required_version,
                   remedy_versions=[e.as_json(lang) for e in entries],
                   remedied_at=status.remedied_at.isoformat() if status.remedied_at else None)
        rows.append(row)
    return sorted(rows, key=lambda r: STATUSES.index(r["status"]))  # stable: keeps report order inside a status


def _excluded(session: Session, exclusions: list[Exclusion], lang: str, model: str | None = None) -> list[dict]:
    stated = stated_remedies(session, [e.recall.id for e in exclusions])
    return [dict(recall_summary(e.recall, lang), basis=getattr(e.recall, "basis", "listed"), reason=e.reason,
                 evidence=e.detail, remedy_versions=[s.as_json(lang) for s in stated.get(e.recall.id, []) if s.for_model(model)])
            for e in exclusions]


# Built once; a lookup only binds values, and runs them on the session's connection (Core rows,
# no ORM identity map): the VIN path is the portal's hot path, see bench/vin_lookup.py.
_VEHICLE = select(db.Vehicle.make_slug, db.Vehicle.model_slug, db.Vehicle.model_year, db.Vehicle.market,
                  db.Vehicle.production_date, db.Vehicle.demo).where(db.Vehicle.vin == bindparam("vin"))
_INSTALLS = select(db.Install.version, db.Install.version_key, db.Install.installed_at).where(
    db.Install.vin == bindparam("vin"))
_NAMES = select(db.Make.name_en, db.Make.name_zh, db.Model.name_en.label("model_en"),
                db.Model.name_zh.label("model_zh")).outerjoin(
    db.Model, (db.Model.make_slug == db.Make.slug) & (db.Model.slug == bindparam("model"))).where(
    db.Make.slug == bindparam("make"))


def _names(session: Session, make: str | None, model: str | None, lang: str) -> tuple[str | None, str | None, bool]:
    """(make name, model name, whether the portal covers the make at all)."""
    row = session.connection().execute(_NAMES, {"make": make, "model": model}).first() if make else None
    if row is None:
        return None, None, False
    model_name = (row.model_zh if lang == "zh" and row.model_zh else row.model_en) or model
    return localised(row, "name", lang), model_name, True


def _choices(session: Session, make: str, year: int | None, lang: str) -> list[dict]:
    names = {m.slug: localised(m, "name", lang) for m in session.scalars(select(db.Model).where(db.Model.make_slug == make))}
    return [{"slug": slug, "name": names.get(slug, slug)} for slug in models_for_year(session, make, year)]


def lookup_vehicle(session: Session, vin: str, lang: str, chosen_model: str | None = None,
                   version: str | None = None) -> VehicleReport:
    """``version``: the software version the owner states (raises VersionRejected when malformed)."""
    check = validate_vin(vin)
    if not check.ok or check.error is not None:
        raise _rejected(check, lang)
    decoded = decode_vin(check.vin)
    vehicle = session.connection().execute(_VEHICLE, {"vin": check.vin}).first()
    if vehicle is not None:
        make, model, year, market = vehicle.make_slug, vehicle.model_slug, vehicle.model_year, vehicle.market
        production: date | None = vehicle.production_date
        installs = installs_from_rows(session.connection().execute(_INSTALLS, {"vin": check.vin}))
    else:
        make, model, year = decoded.make_slug, decoded.model_slug, decoded.model_year
        market, production, installs = market_from_vin(check.vin[0], decoded.region), None, []
    make_name, model_name, covered = _names(session, make, model, lang)
    owner = owner_version(session, make, make_name, version, lang)
    report = VehicleReport(
        vin=check.vin, make=make, model=model, model_year=year, market=market, decoded=_decoded(check, decoded),
        fleet_record=vehicle is not None, recalls=[], releases=[], make_name=make_name, model_name=model_name,
        demo=bool(vehicle is not None and vehicle.demo), production_date=production.isoformat() if production else None,
        plant=decoded.plant_name, make_covered=covered,
        coverage={"market": market, "authority": AUTHORITY_FOR_MARKET.get(market or "")})
    if covered and model is None:
        # The make's models listed for the car's year; if none is, every model of the make.
        report.model_choices = _choices(session, make, year, lang) or _choices(session, make, None, lang)
        if chosen_model and chosen_model in {c["slug"] for c in report.model_choices}:
            report.model = model = chosen_model
            report.model_name = _names(session, make, model, lang)[1]
        else:
            report.needs_model = bool(report.model_choices)
    if covered and model:
        applies, excluded = split_by_record(recalls_for(session, make, model, year, market), production, installs)
        report.recalls = recall_rows(session, applies, vehicle is not None, installs, lang, model, owner)
        report.not_applicable = _excluded(session, excluded, lang, model)
        report.releases = releases_for(session, make, model, year, market, production, installs, lang)
    if owner is not None:
        report.owner_version = owner.as_json(lang, date.today().isoformat())
        for item in report.releases:
            item["after_owner_version"] = after_owner(item["version"], make, owner.version)
    report.counts = {status: sum(r["status"] == status for r in report.recalls) for status in STATUSES}
    return report


def car_choices(session: Session, lang: str) -> dict:
    """For the make/model/year chooser: ``{makes: [{make, name, models: [{slug, name}]}], years: [...]}``.

    Only makes and models that some recall or release lists, and the model years recalls name.
    """
    listed = set(session.execute(select(db.RecallVehicle.make_slug, db.RecallVehicle.model_slug).distinct()))
    listed |= set(session.execute(select(db.ReleaseModel.make_slug, db.ReleaseModel.model_slug).distinct()))
    models = {(m.make_slug, m.slug): localised(m, "name", lang) for m in session.scalars(select(db.Model))}
    choices = []
    for make in session.scalars(select(db.Make).order_by(db.Make.slug)):
        own = sorted((models.get((make.slug, slug), slug), slug) for mk, slug in listed if mk == make.slug)
        if own:
            choices.append({"make": make.slug, "name": localised(make, "name", lang),
                            "models": [{"slug": slug, "name": name} for name, slug in own]})
    years = session.scalars(select(db.RecallVehicle.year).where(db.RecallVehicle.year.is_not(None))
                            .distinct().order_by(db.RecallVehicle.year.desc()))
    return {"makes": choices, "years": list(years)}
