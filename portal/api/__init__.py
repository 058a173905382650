"""The JSON API under /api/v1 (contract: docs/ARCHITECTURE.md §6).

Each feature keeps its API views on a blueprint of its own in its ``api.py``
(``bp``); they are nested here under ``api_bp``, which gives them the
``/api/v1`` prefix, so a feature's API never imports this package (their
shared parameter parsing is :mod:`portal.api_params`). The API takes JSON and
no cookie-based forms, so every one of them is exempt from CSRF protection:
Flask-WTF checks the innermost blueprint of a request, so each child is
exempted, not only the parent.
"""

from __future__ import annotations

from portal.api import openapi as _openapi  # noqa: F401  (registers /api/v1/openapi.json)
from portal.api.blueprint import api_bp
from portal.chat.api import bp as chat_api
from portal.extensions import csrf
from portal.recalls.api import bp as recalls_api
from portal.releases.api import bp as releases_api
from portal.search.api import bp as search_api
from portal.vehicles.api import bp as vehicles_api

FEATURE_APIS = (chat_api, recalls_api, releases_api, search_api, vehicles_api)

for _feature in FEATURE_APIS:
    api_bp.register_blueprint(_feature)
    csrf.exempt(_feature)
csrf.exempt(api_bp)

__all__ = ["api_bp"]
