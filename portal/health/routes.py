"""GET /healthz: the manifest of the build being served (what a load balancer and a deploy check).

``ok`` is false and the status 503 when the served build cannot be read: its
database (or, on PostgreSQL, its schema, e.g. dropped from under the node) or
its search index. ``search_backend`` names the engine answering searches.
"""

from __future__ import annotations

from flask import Blueprint, jsonify
from sqlalchemy import select

from portal.db.content import Make
from portal.state import db, state

bp = Blueprint("health", __name__)

PUBLIC_FIELDS = ("schema_version", "build_id", "built_at", "content_hash", "database", "counts", "index_documents")


def _readable() -> bool:
    try:
        db().execute(select(Make.slug).limit(1)).all()
        search = state().search
        if hasattr(search, "ping"):
            search.ping()
    except Exception:  # any failure to read the build means this node cannot serve it
        return False
    return True


@bp.get("/healthz")
def healthz():
    manifest = state().manifest or {}
    body = {key: manifest.get(key) for key in PUBLIC_FIELDS}
    body["search_backend"] = state().search_backend
    body["ok"] = _readable()
    return jsonify(body), 200 if body["ok"] else 503
