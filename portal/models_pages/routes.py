"""/models/<make>/<model>: parse, look up, render; 404 for a make or model the portal does not know."""

from __future__ import annotations

from flask import Blueprint, abort, render_template

from portal.i18n import select_locale
from portal.models_pages.service import model_timeline
from portal.state import db

bp = Blueprint("models_pages", __name__)


@bp.get("/models/<make>/<model>")
def timeline(make: str, model: str):
    page = model_timeline(db(), make.lower()[:64], model.lower()[:128], select_locale())
    if page is None:
        abort(404)
    return render_template("models/timeline.html", page=page)
