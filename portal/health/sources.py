"""The sources part of ``/healthz``: each source's record, and which are stale.

Kept apart from the database and index checks: a stale source does not make
pages fail, so it turns the answer ``degraded`` (still 200, with a reason per
source) rather than 503. A source is stale when it was last fetched longer ago
than its configured ``stale_after_days``, or when no fetch date is known.
"""

from __future__ import annotations

from datetime import UTC, datetime

PUBLIC = ("name", "url", "licence", "fetched_at", "as_of", "records", "sha256")


def source_health(manifest: dict, now: datetime | None = None) -> tuple[list[dict], list[str]]:
    """``(sources, reasons)``: every source with ``stale``, and one reason per stale source."""
    now = now or datetime.now(UTC)
    sources, reasons = [], []
    for source in manifest.get("sources") or []:
        item = {key: source.get(key) for key in PUBLIC}
        licence = source.get("licence")
        item["licence"] = licence.get("en") if isinstance(licence, dict) else licence
        limit = source.get("stale_after_days")
        fetched = _parse(source.get("fetched_at"))
        if fetched is None:
            item["stale"] = True
            reasons.append(f"source {source['name']}: no fetch date is known (run ota-portal sync)")
        else:
            age = (now - fetched).total_seconds() / 86400
            item["stale"] = limit is not None and age > limit
            if item["stale"]:
                reasons.append(f"source {source['name']}: last fetched {fetched.date().isoformat()}, "
                               f"{age:.1f} days ago, older than its limit of {limit} days")
        sources.append(item)
    return sources, reasons


def _parse(value) -> datetime | None:
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
