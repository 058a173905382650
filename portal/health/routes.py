"""GET /healthz: the served build's manifest, whether it can be read, and ``ok``.

200 with ``ok: true`` when the database (on PostgreSQL, the build's schema) and
the search index answer a cheap query; 503 with ``ok: false`` and the failing
check otherwise (see :mod:`portal.health.checks`), so a load balancer stops
sending traffic to a node whose pages would fail. ``status`` is ``ok``, or
``degraded`` with ``reasons`` when the node serves but something needs a look
(Redis away, the disk nearly full: :mod:`portal.health.degraded`; a source
older than its limit: ``sources`` lists each source's record); a 503 also
says ``degraded`` and lists the failed checks. ``search_backend`` names the
engine answering searches.
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from portal.health.checks import run_checks
from portal.health.degraded import degraded_reasons
from portal.health.sources import source_health
from portal.state import state

bp = Blueprint("health", __name__)

PUBLIC_FIELDS = ("schema_version", "build_id", "built_at", "content_hash", "database", "counts", "index_documents")


@bp.get("/healthz")
def healthz():
    instance = state()
    manifest = instance.manifest or {}
    checks = run_checks(instance)
    ok = all(result == "ok" for result in checks.values())
    reasons = [f"{name}: {result}" for name, result in checks.items() if result != "ok"]
    reasons += degraded_reasons(current_app)
    body = {key: manifest.get(key) for key in PUBLIC_FIELDS}
    sources, stale = source_health(manifest)
    reasons += stale
    body.update(search_backend=instance.search_backend, ok=ok, checks=checks, sources=sources,
                status="degraded" if reasons else "ok", reasons=reasons)
    return jsonify(body), (200 if ok else 503)
