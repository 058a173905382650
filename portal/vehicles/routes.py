"""VIN pages: /vin (the form's target), /vin/<vin> (the car) and /vin/<vin>/report (printable history).

Routes parse, call :func:`lookup_vehicle` and render. The words for the codes
the service returns (statuses, reasons, coverage) are kept here, once, so the
page and the printable report say the same thing.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from urllib.parse import urlencode

from flask import Blueprint, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from portal.i18n import select_locale
from portal.state import db, state
from portal.templating import show_date
from portal.vehicles import error_message, normalise_vin, validate_vin
from portal.vehicles.car_kinds import car_models, cars_only
from portal.vehicles.market import MARKETS, parse_market
from portal.vehicles.messages import CHECK_DIGIT_ADVISORY
from portal.vehicles.owner_version import where_to_find
from portal.vehicles.page_cache import recall_cards_html, timeline_html, vin_page
from portal.vehicles.service import VehicleReport, VersionRejected, VinRejected, car_choices, lookup_vehicle
from portal.vehicles.wording import (
    advisory_text,
    certainty_label,
    coverage_note,
    demo_note,
    lookup_link_text,
    make_not_held,
    market_note,
    ruled_out_text,
    verdict,
)
from portal.vocab import STATUS_LABELS

bp = Blueprint("vehicles", __name__)
MAX_INPUT = 64

REASONS = {
    "no_fleet_record": _l("There is no fleet record for this car, so whether it was fixed cannot be seen."),
    "dealer_repair_not_visible": _l("The remedy is a dealer repair, which does not show in the software history. Ask a dealer whether it was done."),
    "other_remedy_not_visible": _l("The remedy is not a repair (a refund, a buy-back, a replacement vehicle or corrected labels sent to owners), which does not show in the software history. Ask the maker whether it was done."),
    "remedy_version_unknown": _l("No source the portal holds names the software version that remedies this recall, so the portal cannot tell whether the fix is installed. Ask the maker or check the car's recall screen."),
    "not_updated_since_recall": _l("This car has installed no software update since the recall was filed, so it cannot have the over-the-air remedy."),
    "dealer_part_not_visible": _l("Part of the remedy is a dealer visit, which does not show in the software history."),
    "no_remedy_yet": _l("The maker has no remedy yet. The recall stays open until it does."),
    "owner_version": _l("Decided by comparing the software version you stated with the remedy version a source states."),
    "software_line_unknown": _l("The sources state remedy versions for other software lines than the one given, so the portal cannot compare. Enter the version with its line name as the car shows it."),
}
# The article the report's note on resale value draws on (content/qa/sources.yaml, id why_ota_is_recall).
SEED_ARTICLE = {
    "title_en": "As of this year, there have been 1.66 million vehicles undergoing OTA upgrades. "
                "Why can OTA upgrades also be called recalls?",
    "title_zh": "今年以来已有166万辆车通过OTA升级召回，为什么OTA升级也能叫召回？",
    "publisher": "China New Economy (WeChat account jwview), republished by 36Kr",
    "url": "https://eu.36kr.com/en/p/3474449679325832",
}




def coverage_lines(car: VehicleReport) -> list[str]:
    """What the portal's data covers for this car, and what it does not."""
    if make_not_held(car):
        return []  # the one sentence at the top says it all
    lines = [coverage_note(car)]
    if car.demo:
        lines.insert(0, demo_note())
    if car.fleet_record:
        lines.append(_("Statuses come from the car's software install history in the fleet record."))
    elif car.make_covered and car.market:
        lines.append(_("There is no fleet record for this VIN, so the portal cannot see which updates it installed: recalls are those listed for its make, model and model year, they may apply to this car, and their status cannot be known."))
    return lines


def exclusion_text(item: dict) -> str:
    if item["reason"] == "decoded_attribute" and item.get("ruled_out_by"):
        return ruled_out_text(item["ruled_out_by"])
    if item["reason"] == "model_year_window":
        return _("A car of model year %(year)s was built in %(before)s or %(year)s, outside the production dates this recall covers.", year=item["evidence"], before=int(item["evidence"]) - 1)
    if item["reason"] == "production_date":
        return _("Built on %(date)s, outside the production dates this recall covers.", date=item["evidence"])
    return _("The car ran software %(version)s when the recall was filed, outside the affected versions.", version=item["evidence"])


def words() -> dict:
    return {"status": STATUS_LABELS, "reasons": REASONS}


@bp.context_processor
def _helpers():
    def show_iso(value: str | None) -> str:
        if not value:
            return ""
        return show_date(date.fromisoformat(value))

    return {"show_iso": show_iso, "vin_words": words(), "exclusion_text": exclusion_text,
            "advisory_text": advisory_text, "certainty_label": certainty_label, "vin_markets": MARKETS,
            "lookup_link_text": lookup_link_text, "check_digit_advisory": _(CHECK_DIGIT_ADVISORY)}


def _query(**extra) -> str:
    """The kept query parameters (model choice, language) for a redirect."""
    args = {k: v for k, v in request.args.items() if k in ("model", "market", "lang", "version") and v}
    args.update({k: v for k, v in extra.items() if v})
    return ("?" + urlencode(args)) if args else ""


def _form(raw: str = "", error: str | None = None, status: int = 200):
    cars, _makes = car_models(db(), state().build_id)
    return render_template("vehicles/lookup.html", raw=raw[:MAX_INPUT], error=error,
                           car_options=cars_only(car_choices(db(), select_locale()), cars)), status


@bp.get("/vin")
def lookup():
    raw = request.args.get("vin", "")[:MAX_INPUT]
    car = request.args.get("car", "")
    if not raw.strip() and car.count("/") == 1:  # the make/model/year chooser
        make, model = car.split("/")
        year = request.args.get("year", "")
        target = url_for("models_pages.timeline", make=make, model=model)
        return redirect(target + (f"#year-{year}" if year.isdigit() else ""))
    if not raw.strip():
        return _form()
    check = validate_vin(raw)
    if not check.ok:
        return _form(raw, error_message(check.error.code, select_locale(), **check.error.details), 400)
    return redirect(url_for("vehicles.show", vin=check.vin) + _query())


def _report_or_form(vin: str):
    """(report, None, version error) or (None, response, None): a rejected VIN re-renders the form with its message.

    A malformed ``?version=`` still shows the car (without the version) and the form's error, with a 400.
    """
    model = request.args.get("model", "").strip().lower()[:128] or None
    version = request.args.get("version", "")[:MAX_INPUT] or None
    market = parse_market(request.args.get("market"))
    try:
        return (lookup_vehicle(db(), vin[:MAX_INPUT], select_locale(), chosen_model=model, market=market,
                               version=version), None, None)
    except VersionRejected as exc:
        return (lookup_vehicle(db(), vin[:MAX_INPUT], select_locale(), chosen_model=model, market=market),
                None, exc.message)
    except VinRejected as exc:
        return None, _form(vin, exc.message, 400), None


def version_form(car: VehicleReport, error: str | None) -> dict:
    """What the "Your software version" form shows: the value, where to read it for this make, any error."""
    return {"value": request.args.get("version", "")[:MAX_INPUT], "error": error,
            "where": where_to_find(car.make, select_locale()), "model": request.args.get("model") or None}


@bp.get("/vin/<path:vin>")
def show(vin: str):
    if normalise_vin(vin) != vin:
        return redirect(url_for("vehicles.show", vin=normalise_vin(vin)[:MAX_INPUT]) + _query(), code=301)
    report, response, version_error = _report_or_form(vin)
    if response is not None:
        return response

    def render(car: VehicleReport) -> str:
        return render_template("vehicles/detail.html", car=car, verdict=verdict(car), printable=False,
                               timeline_html=timeline_html, recall_cards_html=recall_cards_html,
                               market_sentence=market_note(car), coverage_sentence=coverage_note(car),
                               coverage=coverage_lines(car), make_not_held=make_not_held(car),
                               version_form=version_form(car, version_error))

    if version_error:
        return render(report), 400
    return vin_page(report, render)


@bp.get("/vin/<path:vin>/report")
def report(vin: str):
    if normalise_vin(vin) != vin:
        return redirect(url_for("vehicles.report", vin=normalise_vin(vin)[:MAX_INPUT]) + _query(), code=301)
    car, response, version_error = _report_or_form(vin)
    if response is not None:
        return response
    if version_error:
        return redirect(url_for("vehicles.show", vin=car.vin, model=request.args.get("model") or None,
                                version=request.args.get("version")))
    # The data's age is said per source (the "as of" lines), never as the build date.
    return render_template("vehicles/report.html", car=car, verdict=verdict(car), printable=True,
                           market_sentence=market_note(car), coverage_sentence=coverage_note(car),
                           coverage=coverage_lines(car), article=SEED_ARTICLE, make_not_held=make_not_held(car),
                           generated=datetime.now(UTC).date().isoformat())
