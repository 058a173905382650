"""Is the shared rate-limit storage (Redis) answering? A degrading check for ``/healthz``.

Public limits fail open while Redis is away (see ``portal.extensions``):
each worker counts in its own memory and logs a warning, so pages and the
assistant keep answering. ``/healthz`` says so (200, ``status: degraded``)
so the on-call engineer sees it, while the load balancer keeps the node in
service. Recovery needs nothing: Flask-Limiter probes the storage again and
switches back when it answers.
"""

from __future__ import annotations

import logging

log = logging.getLogger(__name__)


def rate_limit_storage(app) -> str | None:
    """None when the storage answers (or is per-process memory), else the reason."""
    uri = app.config.get("RATELIMIT_STORAGE_URI") or "memory://"
    if uri.startswith("memory://"):
        return None
    # The app's Flask-Limiter, as it registers itself; read from the app so health needs no web-layer import.
    limiters = app.extensions.get("limiter") or ()
    try:
        answered = all(limiter.storage.check() for limiter in limiters)
    except Exception as exc:  # noqa: BLE001 - any failure means "away"
        log.warning("rate-limit storage check failed: %s", exc)
        answered = False
    if answered:
        return None
    return "rate-limit storage (Redis) is not answering: limits are counted per worker until it returns"
