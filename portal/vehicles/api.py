"""GET /api/v1/vehicles/<vin>: the car, its recalls with status, its OTA timeline (docs/ARCHITECTURE.md §6).

A bad VIN is a 400 with the §5 code and a message in the request language;
``unknown_manufacturer`` is one of them, with what the VIN still tells
(region, country, model year) in ``details``. ``?market=US|CN`` is the
owner's market (another value is a 400 ``invalid_market``); without it the
market defaults from the VIN where the place of building settles it
(``market_source``), and is null where the owner must choose.

Every campaign the authority lists for the car's make, model and year is in
``recalls``, each with its ``certainty`` (``applies`` only with a fleet record,
else ``may_apply``) and ``basis``. One that the car's own record or its model
year rules out (its software was never in the affected range, or it was built
outside the production window) keeps its place with the status
``not_affected`` (an extension of the four §3 statuses) and the evidence in
``status_reason`` / ``evidence``, so a client counting campaigns sees the
authority's full list. ``coverage.note`` says, in the request language, what
the portal holds for this car and where to check; a demo car says it is
synthetic in ``note``.

``?version=`` is the software version the owner states: each OTA recall with a
stated remedy version is then ``remedied``/``open``/``not_affected`` by
comparison (``status_reason: owner_version``), the stated version is echoed in
``owner_version`` (never verified), and a malformed one is a 400
``invalid_version``.
"""

from __future__ import annotations

from flask import Blueprint, jsonify, request
from flask_babel import gettext as _

from portal.errors import ApiError
from portal.i18n import select_locale
from portal.state import db
from portal.vehicles.market import MARKETS, parse_market
from portal.vehicles.service import VersionRejected, VinRejected, lookup_vehicle
from portal.vehicles.wording import coverage_note, demo_note, market_note
from portal.vocab import NOT_AFFECTED

# Nested under portal.api's /api/v1 blueprint: endpoints are "api.vehicles.<view>".
bp = Blueprint("vehicles", __name__)


@bp.get("/vehicles/<path:vin>")
def vehicle_show(vin: str):
    lang = select_locale()
    model = request.args.get("model", "").strip().lower()[:128] or None
    raw_market = request.args.get("market", "").strip()
    market = parse_market(raw_market)
    if raw_market and market is None:
        raise ApiError(400, "invalid_market", _("The market must be one of: %(markets)s.", markets=", ".join(MARKETS)),
                       {"market": raw_market[:16], "allowed": list(MARKETS)})
    version = request.args.get("version", "")[:64] or None
    try:
        report = lookup_vehicle(db(), vin[:64], lang, chosen_model=model, market=market, version=version)
    except (VinRejected, VersionRejected) as exc:
        raise ApiError(400, exc.code, exc.message, exc.details) from None
    body = report.as_json()
    body["coverage"]["note"] = coverage_note(report)
    body["market_note"] = market_note(report)
    body["note"] = demo_note() if report.demo else None
    body["recalls"] += [dict(row, status=NOT_AFFECTED, status_reason=row.pop("reason"),
                             certainty="applies" if report.fleet_record else "may_apply", basis=row.get("basis") or "listed")
                        for row in body["not_applicable"]]
    return jsonify(body)
