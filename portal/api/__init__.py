"""The JSON API under /api/v1 (contract: docs/ARCHITECTURE.md §6).

Each feature adds its routes to ``api_bp`` in its own ``api.py``; importing them
here registers them. The API takes JSON and no cookies-based forms, so it is
exempt from CSRF protection.
"""

from __future__ import annotations

from portal.api import openapi as _openapi  # noqa: F401
from portal.api.blueprint import api_bp
from portal.chat import api as _chat_api  # noqa: F401
from portal.extensions import csrf
from portal.recalls import api as _recalls_api  # noqa: F401  (registers routes)
from portal.releases import api as _releases_api  # noqa: F401
from portal.search import api as _search_api  # noqa: F401
from portal.vehicles import api as _vehicles_api  # noqa: F401

csrf.exempt(api_bp)

__all__ = ["api_bp"]
