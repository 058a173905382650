"""Rendered HTML fragments kept per build and language, keyed on the rows they show.

The heavy parts of a VIN page (the OTA timeline with its 70-odd releases, the
recall cards with their status, certainty and remedy sources) depend only on
the rows the service computed and on the language: every car of one model,
model year and market without a fleet record gets the same rows, whatever
its serial number. Rendering them costs far more than comparing the rows, and
a build never changes, so each fragment is kept in a small per-process LRU
keyed on the build id, the language and the rows themselves (as canonical
JSON). A row that changes (a stated version, an installed update, a different
market) is a different key, so a cached fragment is always the one the
template would render now.
"""

from __future__ import annotations

import json

from flask import render_template
from markupsafe import Markup

from portal.build_memo import BuildMemo
from portal.i18n import select_locale
from portal.state import state


class FragmentCache(BuildMemo):
    """One template's rendered output for the rows passed to it, bounded to ``max_entries`` per worker."""

    def __init__(self, template: str, max_entries: int) -> None:
        super().__init__(max_entries)
        self.template = template

    def render(self, **rows) -> Markup:
        """The template rendered with ``rows`` as its context, from the cache when rendered before.

        Everything else the template reads must be per-language constants (labels, date formats),
        never the request: the key has no room for it.
        """
        key = (select_locale(), json.dumps(rows, sort_keys=True, default=str))
        return self.get(state().build_id, key, lambda: Markup(render_template(self.template, **rows)))
