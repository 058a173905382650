"""The ``/api/v1`` blueprint: the parent of every feature's API blueprint (registered in :mod:`portal.api`)."""

from __future__ import annotations

from flask import Blueprint

api_bp = Blueprint("api", __name__, url_prefix="/api/v1")
