"""GET /api/v1/vehicles/<vin>: the car, its recalls with status, its OTA timeline (ARCHITECTURE §6).

A bad VIN is a 400 with the §5 code and a message in the request language;
``unknown_manufacturer`` is one of them, with what the VIN still tells
(region, country, model year) in ``details``.

Every campaign the authority lists for the car's make, model and year is in
``recalls``. One that the car's own record rules out (its software was never
in the affected range, or it was built outside the production window) keeps
its place with the status ``not_affected`` (an extension of the four §3
statuses) and the evidence in ``status_reason`` / ``evidence``, so a client
counting campaigns sees the authority's full list.

``?version=`` is the software version the owner states: each OTA recall with a
stated remedy version is then ``remedied``/``open``/``not_affected`` by
comparison (``status_reason: owner_version``), the stated version is echoed in
``owner_version`` (never verified), and a malformed one is a 400
``invalid_version``.
"""

from __future__ import annotations

from flask import jsonify, request

from portal.api.blueprint import api_bp
from portal.errors import ApiError
from portal.i18n import select_locale
from portal.state import db
from portal.vehicles.service import VersionRejected, VinRejected, lookup_vehicle

NOT_AFFECTED = "not_affected"


@api_bp.get("/vehicles/<path:vin>")
def vehicle_show(vin: str):
    lang = select_locale()
    model = request.args.get("model", "").strip().lower()[:128] or None
    version = request.args.get("version", "")[:64] or None
    try:
        report = lookup_vehicle(db(), vin[:64], lang, chosen_model=model, version=version)
    except (VinRejected, VersionRejected) as exc:
        raise ApiError(400, exc.code, exc.message, exc.details) from None
    body = report.as_json()
    body["recalls"] += [dict(row, status=NOT_AFFECTED, status_reason=row.pop("reason"))
                        for row in body["not_applicable"]]
    return jsonify(body)
