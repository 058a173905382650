"""GET /stats: counts and charts from the served build, and the regulators' published totals."""

from __future__ import annotations

from flask import Blueprint, render_template

from portal.i18n import select_locale
from portal.state import db
from portal.stats.charts import bar_chart
from portal.stats.service import collect, published_beside_portal, published_totals

bp = Blueprint("stats", __name__)
# Makes beyond this many are in the table only; a chart of forty bars reads as noise.
CHART_MAKES = 15


@bp.get("/stats")
def index():
    lang = select_locale()
    stats = collect(db(), lang)
    return render_template(
        "stats/index.html", stats=stats, published=published_beside_portal(stats.ota_by_year),
        filings=published_totals().get("filings", []), bar_chart=bar_chart, chart_makes=CHART_MAKES,
        percent=lambda value: f"{value}%")
