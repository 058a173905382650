"""The start page and the "about the data" page.

The start page is the same for every visitor of one build, language and
address: recall and release lists, the make/model chooser (every model any
recall or release lists) and the demo cars take ~60 ms to query and render,
against ~2 ms for ``/healthz``. So it is rendered once per build, language
and full path (:mod:`portal.page_memo`).
"""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from portal.db import content as db
from portal.i18n import select_locale
from portal.page_memo import memoised_page
from portal.recalls.service import list_recalls
from portal.releases.service import list_releases
from portal.state import db as session
from portal.state import state
from portal.vehicles.car_kinds import car_models, cars_only
from portal.vehicles.examples import demo_examples
from portal.vehicles.service import car_choices

bp = Blueprint("pages", __name__)
HOME_LIST_LENGTH = 6
# What each demo car shows, for people without a VIN at hand.
DEMO_LABELS = {
    "remedied": _l("recall %(id)s remedied over the air"),
    "open": _l("recall %(id)s still open"),
    "remedy_not_available": _l("recall %(id)s, no remedy available yet"),
    "unknown": _l("recall %(id)s, status the software history cannot show"),
}


@bp.get("/")
@memoised_page(max_entries=32)  # a page is ~40 KB; two languages and a few query strings
def home():
    lang = select_locale()
    _, ota, _ = list_recalls(session(), {"remedy_type": "ota"}, 1, HOME_LIST_LENGTH, lang)
    _, remedies, _ = list_releases(session(), {"category": "defect_recall"}, 1, HOME_LIST_LENGTH, lang)
    cars, car_makes = car_models(session(), state().build_id)
    # "Browse by make" opens a make's recalls: only makes with recalls for passenger cars.
    makes = [m for m in session().scalars(select(db.Make).order_by(db.Make.slug)) if m.slug in car_makes]
    return render_template("pages/home.html", counts=state().manifest["counts"], latest_ota_recalls=ota,
                           remedy_releases=[r for r in remedies if r["remedies"]], makes=makes,
                           car_options=cars_only(car_choices(session(), lang), cars), demo_labels=DEMO_LABELS,
                           demo_cars=demo_examples(session(), state().build_id, lang))


@bp.get("/about")
def about():
    return render_template("pages/about.html", manifest=state().manifest)
