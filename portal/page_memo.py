"""Whole pages rendered once per build, language and address, for pages nothing else changes.

A listing page (``/``, ``/recalls``, ``/releases``) shows the served build's
rows for the filters in its query string, in the visitor's language, and
nothing of the visitor: no form token, no signed-in name. Its queries are
cached per build already (:mod:`portal.listing`), but rendering 20-odd rows
with their badges, facets and pager took 5-30 ms against 2 ms for
``/healthz``. So the rendered HTML is kept in a :class:`BuildMemo` keyed on
the language and the full path. Only a rendered page (a ``str``) is kept: a
redirect, an error or a response object passes through untouched. Headers
(ETag, cache control, the language cookie) are still added per request by
the app's ``after_request`` hooks. An address nobody else asks for only
pushes out an older entry.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from flask import request

from portal.build_memo import BuildMemo


class _NotAPage(Exception):
    def __init__(self, result):
        super().__init__()
        self.result = result


def memoised_page(max_entries: int) -> Callable:
    """Decorator for a GET view whose HTML depends only on the build, the language and the full path."""
    memo = BuildMemo(max_entries)

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def cached(*args, **kwargs):
            from portal.i18n import select_locale
            from portal.state import state

            def render():
                result = view(*args, **kwargs)
                if not isinstance(result, str):
                    raise _NotAPage(result)
                return result

            try:
                return memo.get(state().build_id, (select_locale(), request.full_path), render)
            except _NotAPage as passed:
                return passed.result

        cached.memo = memo
        return cached

    return decorate
