"""The VIN page's rendered HTML, kept per build: the whole page per kind of car, its heavy fragments per rows.

Two cars of one kind (make, model, model year, market, plant, no fleet
record) get the same report but for their VIN: the same recalls, statuses,
timeline and wording. Their lookups are cached already (0.6 ms); rendering
the page around the cached fragments (facts, market chooser, verdict, ~50
translated strings, ~20 URLs) took several times that, and the VIN page
served a quarter of ``/healthz``'s rate.

So the page is rendered for a stand-in report in which the VIN is replaced
by :data:`STAND_IN` (seventeen ``Q``: no VIN holds a Q, and no text of the
portal either), kept in a :class:`~portal.build_memo.BuildMemo` keyed on the
language, the address and the stand-in report itself, and each car's page
is that HTML with the stand-in replaced by its VIN. The key is the whole
report as JSON (every field any template or sentence may read) with the VIN
replaced and only the VIN's serial number left out, which no page shows; a
car whose report differs in anything else (a fleet record, installs, a
stated version, a market) is another key. What the templates take from the
request itself (the address in the language links and forms) is the real
VIN, so the rendered HTML has every occurrence of it replaced too: the
cached HTML holds no VIN, and a page never carries another car's.

Inside it, the page's two heavy fragments are kept on their own (a page
that misses its cache still reuses them): the OTA timeline is the same list
of releases for every car of one model, model year and market without a
fleet record (and for every fleet car with the same installs); the recall
cards are the same for every car with the same recall rows. See
``portal.fragments`` for why the rows are the key. Rendering is the web
layer's job, which is why these caches live here and not beside the service
that computes the rows.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from flask import request
from markupsafe import Markup

from portal.build_memo import BuildMemo
from portal.fragments import FragmentCache
from portal.i18n import select_locale
from portal.state import state
from portal.vehicles.service import VehicleReport

STAND_IN = "Q" * 17
_PAGES = BuildMemo(max_entries=512)  # a page is ~60 KB: about 30 MB per worker at most
TIMELINES = FragmentCache("vehicles/_timeline.html", max_entries=256)  # (model, year, market, installs)
RECALL_CARDS = FragmentCache("vehicles/_recall_cards.html", max_entries=512)  # (recall rows, statuses)


ROWS = ("recalls", "not_applicable", "releases")


def stand_in_json(report: VehicleReport) -> str:
    """The report as canonical JSON, its VIN replaced by the stand-in and its serial number left out.

    Rows that came from the per-build rows memo are named by that memo's key instead of written out
    (the same key is the same rows for the whole build): the 70-odd releases of a Model 3 took most
    of a cached page's time to serialise.
    """
    data = report.as_json()
    data["decoded"] = {key: value for key, value in (data.get("decoded") or {}).items() if key != "serial"}
    if report.rows_key is not None:
        for name in ROWS:
            del data[name]
        data["rows_key"] = repr(report.rows_key)
    return json.dumps(data, sort_keys=True, default=str).replace(report.vin, STAND_IN)


def _stand_in(report: VehicleReport, key_json: str) -> VehicleReport:
    data = json.loads(key_json)
    data.pop("rows_key", None)
    for name in ROWS:
        data.setdefault(name, getattr(report, name))
    return VehicleReport(**data)


def vin_page(report: VehicleReport, render: Callable[[VehicleReport], str]) -> str:
    """``render(report)``, from the HTML rendered for another car of the same kind when there is one."""
    if STAND_IN in request.full_path or len(report.vin) != len(STAND_IN):
        return render(report)  # not a VIN this page can stand in for; rendered as it is
    key_json = stand_in_json(report)
    key = (select_locale(), request.full_path.replace(report.vin, STAND_IN), key_json)

    def render_stand_in() -> str:
        # The request's own address still names the VIN (language links, forms): stand in there too.
        return render(_stand_in(report, key_json)).replace(report.vin, STAND_IN)

    return _PAGES.get(state().build_id, key, render_stand_in).replace(STAND_IN, report.vin)


def timeline_html(releases: list[dict]) -> Markup:
    """The ``release_timeline`` macro's output for these release rows."""
    return TIMELINES.render(releases=releases)


def recall_cards_html(recalls: list[dict], not_applicable: list[dict]) -> Markup:
    """The recall cards and the "not for this car" list for these recall rows."""
    return RECALL_CARDS.render(recalls=recalls, not_applicable=not_applicable)
