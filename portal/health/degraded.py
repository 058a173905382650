"""Conditions that leave a node serving but not as it should: ``status: degraded`` (200) with ``reasons``.

Unlike :mod:`portal.health.checks` (a failure there is a 503 and the load
balancer stops sending traffic), these keep the node in service: pages still
answer, but someone should look. Each check is a small function of the app
returning ``None`` or a one-line reason; add new ones to ``DEGRADING``.
"""

from __future__ import annotations

import logging

from portal.health.disk import disk_space
from portal.health.rate_limits import rate_limit_storage

log = logging.getLogger(__name__)

DEGRADING = {"rate_limits": rate_limit_storage, "disk": disk_space}


def degraded_reasons(app) -> list[str]:
    """One line per condition that holds now (a check that raises counts as its own reason)."""
    reasons = []
    for name, check in DEGRADING.items():
        try:
            reason = check(app)
        except Exception as exc:  # noqa: BLE001 - a broken check must not turn health into a 500
            log.error("degrading check %s failed: %s", name, exc)
            reason = f"{name} check failed: {type(exc).__name__}"
        if reason:
            reasons.append(reason)
    return reasons
