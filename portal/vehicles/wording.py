"""The sentences for what a VIN lookup can and cannot know: market, coverage, certainty, demo cars.

The VIN page, the printable report and the JSON API must say the same thing
about one car, in English and Chinese, so the codes ``lookup_vehicle``
returns (market source, coverage gaps, advisory kinds) are worded here once,
at request time (Flask-Babel picks the language).
"""

from __future__ import annotations

from datetime import date

from flask_babel import format_date, ngettext
from flask_babel import gettext as _

from portal.vocab import MARKET_LABELS, has_vin_lookup


def _month(iso: str) -> str:
    return format_date(date.fromisoformat(iso), format="yyyy-MM")


def gap_sentence(gap: dict, car) -> str:
    """One thing the portal's data lacks for this car."""
    code, p = gap["code"], gap["params"]
    make = car.make_name or (car.decoded.get("manufacturer") if isinstance(car.decoded, dict) else None) or ""
    model = car.model_name or ""
    authority = p.get("authority", "")
    if code == "market_not_chosen":
        return _("The VIN says where the car was built, not where it was sold. Choose the market above: the portal holds NHTSA recalls for cars sold in the United States and SAMR recalls for cars sold in China.")
    if code == "make_not_held":
        if make:
            return _("The portal holds no %(authority)s recalls for %(make)s cars, so it cannot tell you anything about this car's recalls.", authority=authority, make=make)
        return _("The portal holds no %(authority)s recalls for this manufacturer, so it cannot tell you anything about this car's recalls.", authority=authority)
    if code == "model_not_held":
        return _("The portal holds no %(authority)s recalls for the %(make)s %(model)s, so it cannot tell you anything about this car's recalls.", authority=authority, make=make, model=model)
    if code == "not_queried":
        return _("No source the portal imported was queried for every %(authority)s recall of the %(make)s %(model)s of this model year: the recalls shown are those whose notice names it, and others may be missing.", authority=authority, make=make, model=model)
    if code == "model_not_known":
        return _("The VIN does not tell the model: choose it to see the recalls.")
    if code == "year_not_held":
        return _("The portal holds no %(authority)s recalls for %(make)s cars of model year %(year)s.", authority=authority, make=make, year=car.model_year or "?")
    if code == "years_before_data":
        if p.get("named"):
            return _("Our %(authority)s data for %(make)s starts at model year %(year)s except where a notice names earlier years, so recalls for this car may be missing.", authority=authority, make=make, year=p["year"])
        return _("Our %(authority)s data for %(make)s starts at model year %(year)s; it holds nothing for this car's model year.", authority=authority, make=make, year=p["year"])
    if code == "years_after_data":
        if p.get("named"):
            return _("Our %(authority)s data for %(make)s ends at model year %(year)s except where a notice names later years, so recalls for this car may be missing.", authority=authority, make=make, year=p["year"])
        return _("Our %(authority)s data for %(make)s ends at model year %(year)s; it holds nothing for this car's model year.", authority=authority, make=make, year=p["year"])
    if code == "filed_between":
        return _("Our %(authority)s data for %(make)s holds only recalls filed from %(start)s to %(end)s; recalls filed outside those dates are missing.", authority=authority, make=make, start=_month(p["from"]), end=_month(p["to"]))
    if code == "ota_only":
        return _("Our %(authority)s data holds only recalls remedied over the air (some with a dealer visit as well); recalls done only at a dealer are missing.", authority=authority)
    return ""


def make_not_held(car) -> bool:
    """The portal holds no recalls at all for the car's make (under any authority)."""
    gaps = car.coverage.get("gaps") or []
    return bool(gaps) and gaps[0]["code"] == "make_not_held" and not car.coverage.get("authorities")


def make_not_held_sentence(car) -> str:
    """The one sentence for a make the portal holds nothing for: what the car is, and where to look."""
    # The names the page's heading uses (NHTSA's decoder's, in title case), so the two read alike.
    make = getattr(car, "make_name", None) or (car.decoded.get("manufacturer") if isinstance(car.decoded, dict) else None)
    described = " ".join(str(part) for part in (car.model_year, make, getattr(car, "model_name", None)) if part)
    authority = car.coverage.get("authority")
    if authority == "NHTSA":
        return _("The portal holds no recall data for this car (%(car)s), so it may still have recalls: NHTSA's lookup tells its open recalls.", car=described or car.vin)
    return _("The portal holds no recall data for this car (%(car)s), so it may still have recalls: ask the authority where it is registered, or its maker.", car=described or car.vin)


def coverage_note(car) -> str:
    """The coverage verdict in one paragraph: what is held, what is missing, where to check."""
    if make_not_held(car):
        return make_not_held_sentence(car)
    coverage = car.coverage
    status = coverage["status"]
    authority = coverage.get("authority") or ""
    if status == "covered":
        head = _("The portal holds %(authority)s's recalls for this make, model and model year.", authority=authority)
    elif status == "partial":
        head = _("The portal holds part of %(authority)s's recalls for this car.", authority=authority)
    elif coverage.get("authority") or any(g["code"] == "make_not_held" for g in coverage.get("gaps", [])):
        head = _("The portal holds no data for this car: it may still have recalls.")
    else:
        head = _("The portal does not yet know which market's recalls apply to this car.")
    parts = [head] + [gap_sentence(g, car) for g in coverage.get("gaps", [])]
    if coverage.get("lookup_url"):
        parts.append(lookup_sentence(authority, coverage["lookup_url"]))
    return " ".join(p for p in parts if p)


def lookup_sentence(authority: str, url: str) -> str:
    """Where to check: NHTSA looks the VIN up; SAMR only publishes notices, so the maker decides."""
    if has_vin_lookup(authority):
        return _("Check every recall for this VIN at %(authority)s: %(url)s", authority=authority, url=url)
    return _("%(authority)s publishes recall notices at %(url)s but offers no per-VIN lookup that the portal knows of: ask the maker whether this VIN is in a recall.", authority=authority, url=url)


def lookup_link_text(authority: str) -> str:
    if has_vin_lookup(authority):
        return _("Look up this VIN at %(authority)s", authority=authority)
    return _("Recall notices at %(authority)s", authority=authority)


def market_note(car) -> str:
    """Where the market came from, and what the owner can change."""
    if car.market is None:
        return _("The VIN cannot tell: cars built where this one was are sold in the United States and in China.")
    label = str(MARKET_LABELS.get(car.market, car.market))
    if car.market_source == "owner":
        return _("Market chosen by you: %(market)s.", market=label)
    if car.market_source == "fleet_record":
        return _("Market from the fleet record: %(market)s.", market=label)
    if car.built_in == "canada_mexico":
        return _("Built in Canada or Mexico. The portal takes it as a car sold in the United States, where NHTSA lists cars built there like US-built ones. A car registered in Canada or Mexico falls under that country's authority, which the portal does not hold.")
    if car.built_in == "china":
        note = _("Built in China, so the portal takes it as a car sold in China.")
    else:
        note = _("Built in North America, so the portal takes it as a car sold in the United States.")
    if car.market_other:
        note += " " + _("Cars like this one were also sold in %(market)s: if this one was, choose it.",
                        market=str(MARKET_LABELS.get(car.market_other, car.market_other)))
    return note


def advisory_text(advisory: dict) -> str:
    """A do-not-drive or park-outside warning, worded to what the portal can know."""
    recall = advisory["recall_id"]
    if advisory["certainty"] == "applies":
        if advisory["kind"] == "park_it":
            return _("Do not drive this car until recall %(id)s is remedied.", id=recall)
        return _("Park this car outside and away from buildings until recall %(id)s is remedied.", id=recall)
    if advisory["kind"] == "park_it":
        return _("Recall %(id)s tells owners of affected cars not to drive them. It may apply to this car: check with the authority or the maker using your VIN.", id=recall)
    return _("Recall %(id)s tells owners of affected cars to park outside, away from buildings. It may apply to this car: check with the authority or the maker using your VIN.", id=recall)


def demo_note() -> str:
    return _("This is a synthetic demonstration car from the portal's demo fleet, not a real vehicle: its VIN and software history were generated.")


def certainty_label(value: str, basis: str | None = None) -> str:
    """Why a recall is shown for this car; a model year only the notice's text names is not called "listed"."""
    if value == "applies":
        return _("Applies to this car (fleet record)")
    if basis == "notice_text":
        return _("May apply: the authority's notice names this model and year; only the maker's record for this VIN can confirm it.")
    return _("May apply: the authority lists this model and year; only the maker's record for this VIN can confirm it.")


def attribute_label(name: str) -> str:
    """A decoded attribute's name, as the VIN page and the assistant say it."""
    labels = {
        "cab_type": _("cab type"), "drive_type": _("drive"), "fuel_type": _("fuel"),
        "displacement_l": _("engine displacement (litres)"), "body_class": _("body"), "model": _("model"),
        "series": _("series"), "trim": _("trim"), "electrification": _("electrification"),
        "plant_city": _("plant city"), "plant_country": _("plant country"), "make": _("make"),
        "engine": _("engine"), "vehicle_type": _("vehicle type"), "manufacturer": _("manufacturer"),
    }
    return str(labels.get(name, name.replace("_", " ")))


def ruled_out_text(ruled_out_by: dict) -> str:
    """Why a recall whose notice limits itself (cab, engine, drive, fuel) does not reach this car."""
    return _("The notice covers only cars with %(attribute)s %(allowed)s; NHTSA's decoder (vPIC) reads this VIN as %(value)s.",
             attribute=attribute_label(ruled_out_by["attribute"]), allowed=" / ".join(ruled_out_by["allowed"]),
             value=ruled_out_by["value"])


def verdict(car) -> str:
    """One line: "2 open recalls, 19 remedied over the air" (only the statuses present).

    Never "no recalls" before the market is chosen, for a car the portal holds
    no data for, or while the model is still to be chosen.
    """
    counts = car.counts
    gaps = {g["code"] for g in car.coverage.get("gaps", [])}
    if car.market is None and "make_not_held" not in gaps:
        return _("Choose where this car was sold to see the recalls that may apply.")
    if car.coverage.get("status") == "not_covered":
        return _("The portal holds no recall data for this car, so it may still have recalls: check with %(authority)s using the VIN.", authority=car.coverage.get("authority") or _("NHTSA (United States) or SAMR (China)"))
    if car.needs_model:
        return _("Choose the model to see the recalls that may apply.")
    parts = []
    if counts.get("open"):
        parts.append(ngettext("%(num)d open recall", "%(num)d open recalls", counts["open"]))
    if counts.get("remedy_not_available"):
        parts.append(ngettext("%(num)d with no remedy yet", "%(num)d with no remedy yet", counts["remedy_not_available"]))
    if counts.get("unknown"):
        parts.append(ngettext("%(num)d whose status cannot be seen", "%(num)d whose status cannot be seen", counts["unknown"]))
    if counts.get("remedied"):
        parts.append(ngettext("%(num)d remedied over the air", "%(num)d remedied over the air", counts["remedied"]))
    if counts.get("not_affected"):
        parts.append(ngettext("%(num)d not affected at your version", "%(num)d not affected at your version", counts["not_affected"]))
    if not parts:
        if car.coverage.get("status") == "partial":
            return _("No recall in the portal's data lists this car, but that data is incomplete for it (see below).")
        return _("No recall in the portal's data lists this car.")
    line = _(", ").join(parts)
    if not car.fleet_record:
        line = _("Recalls that may apply to this car: %(list)s", list=line)
    return line
