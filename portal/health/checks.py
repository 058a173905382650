"""What ``/healthz`` checks: one cheap read of the content database and one of the search index.

A load balancer takes a node out of service on a 503, so the check must fail
when pages would (an empty or damaged database, a missing index) and cost
next to nothing when all is well. Each check returns ``None`` when it passed,
else a short reason for the log and the answer. New checks (another search
backend, a node's heartbeat) go in ``CHECKS``.
"""

from __future__ import annotations

import logging

from sqlalchemy import select

from portal.db import content as db

log = logging.getLogger(__name__)


def database(instance) -> str | None:
    if instance.build_dir is not None and not instance.manifest.get("db_schema"):
        path = instance.build_dir / "portal.db"  # an open connection still reads a deleted file: look at it
        if not path.is_file() or path.stat().st_size == 0:
            return f"{path} is missing or empty"
    with instance.content_session() as session:
        engine = session.get_bind()
    with engine.connect() as connection:  # Core, not the ORM: the check runs on every probe
        connection.execute(select(db.Make.slug).limit(1)).first()
    return None


def search_index(instance) -> str | None:
    ping = getattr(instance.search, "ping", None)
    if instance.search is None:
        return "no search index is open"
    if ping is not None:
        ping()
    return None


CHECKS = {"database": database, "search_index": search_index}


def run_checks(instance) -> dict[str, str]:
    """``{name: "ok" | reason}`` for every check; a check that raises has failed."""
    results = {}
    for name, check in CHECKS.items():
        try:
            problem = check(instance)
        except Exception as exc:  # noqa: BLE001 - any failure here means "not healthy", never a 500
            log.error("health check %s failed: %s", name, exc)
            problem = type(exc).__name__
        results[name] = problem or "ok"
    return results
