"""GET /healthz: the manifest of the build being served (what a load balancer and a deploy check)."""

from __future__ import annotations

from flask import Blueprint, jsonify

from portal.state import state

bp = Blueprint("health", __name__)

PUBLIC_FIELDS = ("schema_version", "build_id", "built_at", "content_hash", "database", "counts", "index_documents")


@bp.get("/healthz")
def healthz():
    manifest = state().manifest or {}
    return jsonify({key: manifest.get(key) for key in PUBLIC_FIELDS})
