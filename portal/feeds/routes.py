"""/feeds/...atom: new recalls and releases, overall, per make, per model and per VIN.

``?lang=zh`` gives the Chinese titles and summaries. An unknown make or model
is a 404 page, an invalid VIN a 400 page in the request language (never a
half-made feed).
"""

from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, Response, abort, current_app, render_template, request, url_for
from flask_babel import gettext as _

from portal.feeds.atom import build_atom, parse_built_at
from portal.feeds.service import (
    make_name,
    model_entries,
    model_name,
    recall_entries,
    release_entries,
    vehicle_entries,
)
from portal.i18n import select_locale
from portal.state import db, state

bp = Blueprint("feeds", __name__, url_prefix="/feeds")
ATOM = "application/atom+xml; charset=utf-8"


def _atom(feed_key: str, title: str, subtitle: str, alternate: str, entries) -> Response:
    lang = select_locale()
    # Never the request's Host header, which any client can set: the configured address, else relative links.
    base = current_app.config.get("PORTAL_BASE_URL") or ""
    suffix = "?lang=zh" if lang == "zh" else ""
    body = build_atom(feed_key=feed_key, title=title, subtitle=subtitle,
                      self_url=f"{base}{request.path}{suffix}", alternate_url=f"{base}{alternate}{suffix}",
                      base_url=base, lang=lang, entries=entries,
                      built_at=parse_built_at((state().manifest or {}).get("built_at")))
    return Response(body, mimetype="application/atom+xml", content_type=ATOM)


def _build() -> str | None:
    return state().build_id


def _make_or_404(make: str) -> str:
    name = make_name(db(), make.lower(), select_locale())
    if name is None:
        abort(404)
    return name


@bp.get("/recalls.atom")
def recalls():
    return _atom("recalls", _("New recalls"), _("Recalls with an over-the-air or dealer remedy, newest first."),
                 url_for("recalls.index"), recall_entries(db(), select_locale(), build_id=_build()))


@bp.get("/releases.atom")
def releases():
    return _atom("releases", _("New OTA releases"), _("Over-the-air software releases, newest first."),
                 url_for("releases.index"), release_entries(db(), select_locale(), build_id=_build()))


@bp.get("/<make>/recalls.atom")
def make_recalls(make: str):
    name = _make_or_404(make)
    return _atom(f"{make.lower()}/recalls", _("New %(make)s recalls", make=name),
                 _("Recalls for %(make)s vehicles, newest first.", make=name),
                 url_for("recalls.index", make=make.lower()), recall_entries(db(), select_locale(), make.lower(), build_id=_build()))


@bp.get("/<make>/releases.atom")
def make_releases(make: str):
    name = _make_or_404(make)
    return _atom(f"{make.lower()}/releases", _("New %(make)s OTA releases", make=name),
                 _("Over-the-air software releases for %(make)s vehicles, newest first.", make=name),
                 url_for("releases.index", make=make.lower()), release_entries(db(), select_locale(), make.lower(), build_id=_build()))


@bp.get("/<make>/<model>.atom")
def model_feed(make: str, model: str):
    make, model = make.lower(), model.lower()
    brand = _make_or_404(make)
    name = model_name(db(), make, model, select_locale())
    if name is None:
        abort(404)
    title = f"{brand} {name}"
    return _atom(f"{make}/{model}", _("Recalls and OTA releases: %(model)s", model=title),
                 _("New recalls and over-the-air releases for the %(model)s, newest first.", model=title),
                 f"/models/{make}/{model}", model_entries(db(), select_locale(), make, model, _build()))


@bp.get("/vin/<vin>.atom")
def vin_feed(vin: str):
    from portal.vehicles.service import VinRejected, lookup_vehicle

    lang = select_locale()
    try:
        report = lookup_vehicle(db(), vin[:64], lang)
    except VinRejected as exc:
        return render_template("errors/error.html", status=400, code=exc.code, message=exc.message), 400
    if report.demo:
        # A demo VIN's feed must not read as a real car's history, in the feed or in any one entry.
        note = _("Synthetic demo car: this VIN belongs to the portal's demo fleet and to no real vehicle.")
        entries = [replace(e, summary=f"{note} {e.summary}") for e in vehicle_entries(db(), report, lang)]
        return _atom(f"vin/{report.vin}", _("Recalls and OTA releases for synthetic demo VIN %(vin)s", vin=report.vin),
                     _("This car is synthetic: it belongs to the portal's demo fleet and to no real vehicle; its "
                       "software history is generated for demonstration."),
                     f"/vin/{report.vin}", entries)
    return _atom(f"vin/{report.vin}", _("Recalls and OTA releases for VIN %(vin)s", vin=report.vin),
                 _("New recalls that apply to this car and new software releases for it."),
                 f"/vin/{report.vin}", vehicle_entries(db(), report, lang))
