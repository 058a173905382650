"""Each source's record as the served build carries it, for the pages that say how old their data is.

The build manifest holds one record per source (``indexer.sources``).
Pages ask for the sources that feed them: a recall page for its authority, a
VIN page for the authorities of its market and the release notes of its make.
"""

from __future__ import annotations

from datetime import date

from portal.state import state


def served_sources() -> list[dict]:
    return list((state().manifest or {}).get("sources") or [])


def sources_for(authorities=(), makes=()) -> list[dict]:
    """The sources covering any of ``authorities`` (NHTSA, SAMR) or ``makes`` (slugs), in configured order."""
    authorities, makes = {a for a in authorities if a}, {m for m in makes if m}
    out = []
    for source in served_sources():
        covers = source.get("covers") or {}
        if covers.get("authority") in authorities or covers.get("make") in makes:
            out.append(source)
    return out


def as_date(value) -> date | None:
    """``2026-06-04`` or ``2026-06-04T00:00:00+00:00`` as a date; None when absent or unreadable."""
    if not value:
        return None
    try:
        return date.fromisoformat(str(value)[:10])
    except ValueError:
        return None
