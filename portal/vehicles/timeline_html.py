"""The VIN page's two heavy fragments, rendered once per build, language and rows.

The OTA timeline is the same list of releases for every car of one model,
model year and market without a fleet record (and for every fleet car with
the same installs); the recall cards are the same for every car with the same
recall rows. See ``portal.fragments`` for why the rows are the key.
"""

from __future__ import annotations

from markupsafe import Markup

from portal.fragments import FragmentCache

TIMELINES = FragmentCache("vehicles/_timeline.html", max_entries=256)  # (model, year, market, installs)
RECALL_CARDS = FragmentCache("vehicles/_recall_cards.html", max_entries=512)  # (recall rows, statuses)


def timeline_html(releases: list[dict]) -> Markup:
    """The ``release_timeline`` macro's output for these release rows."""
    return TIMELINES.render(releases=releases)


def recall_cards_html(recalls: list[dict], not_applicable: list[dict]) -> Markup:
    """The recall cards and the "not for this car" list for these recall rows."""
    return RECALL_CARDS.render(recalls=recalls, not_applicable=not_applicable)
