"""The VIN page's OTA timeline, rendered once per build, language and release list.

A model's timeline is the same list of releases for every car of that model,
model year and market without a fleet record (and for every fleet car with
the same installs), and rendering its 70-odd entries is most of the VIN
page's cost. The rendered HTML depends only on the release rows and the
language, and a build never changes, so it is kept in a small per-process
LRU keyed on both; a new build starts a fresh cache.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from threading import Lock

from flask import render_template
from markupsafe import Markup

from portal.i18n import select_locale
from portal.state import state

MAX_ENTRIES = 256  # distinct (model, year, market, installs) timelines kept per worker

_cache: OrderedDict[tuple, Markup] = OrderedDict()
_lock = Lock()


def timeline_html(releases: list[dict]) -> Markup:
    """The ``release_timeline`` macro's output for these rows, from the cache when it was rendered before."""
    key = (state().build_id, select_locale(), json.dumps(releases, sort_keys=True, default=str))
    with _lock:
        hit = _cache.get(key)
        if hit is not None:
            _cache.move_to_end(key)
            return hit
    html = Markup(render_template("vehicles/_timeline.html", releases=releases))
    with _lock:
        _cache[key] = html
        while len(_cache) > MAX_ENTRIES:
            _cache.popitem(last=False)
    return html
