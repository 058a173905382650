"""The start page and the "about the data" page."""

from __future__ import annotations

from flask import Blueprint, render_template
from sqlalchemy import select

from portal.db import content as db
from portal.i18n import select_locale
from portal.recalls.service import list_recalls
from portal.releases.service import list_releases
from portal.state import db as session, state

bp = Blueprint("pages", __name__)
HOME_LIST_LENGTH = 6


@bp.get("/")
def home():
    lang = select_locale()
    _, ota = list_recalls(session(), {"remedy_type": "ota"}, 1, HOME_LIST_LENGTH, lang)
    _, remedies = list_releases(session(), {"category": "defect_recall"}, 1, HOME_LIST_LENGTH, lang)
    makes = session().scalars(select(db.Make).order_by(db.Make.slug)).all()
    return render_template("pages/home.html", counts=state().manifest["counts"], latest_ota_recalls=ota,
                           remedy_releases=[r for r in remedies if r["remedies"]], makes=makes)


@bp.get("/about")
def about():
    return render_template("pages/about.html", manifest=state().manifest)
