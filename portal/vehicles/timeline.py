"""The OTA timeline of one car: every release of its make that fits it, in version order.

A release fits when its model list names the car's model (for every year or
its model year), it was released on or after the car could exist, and, when
the make publishes markets at all, it names the car's market. "Could exist" is
the production date from the fleet record; without one, the start of the
calendar year before the model year (49 CFR 565.12: a model year may begin on
2 January of the previous calendar year). Whatever the fleet record shows the
car installed is always on the timeline, marked with the versions and dates.
"""

from __future__ import annotations

from datetime import date
from typing import NamedTuple

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from portal.build_memo import BuildMemo
from portal.db import content as db
from portal.localise import localised_field
from portal.releases.service import release_summary
from portal.vehicles.applicability import Install


def earliest_day(production_date: date | None, model_year: int | None) -> date | None:
    if production_date is not None:
        return production_date
    return date(model_year - 1, 1, 1) if model_year else None


def _market_fits(release, market: str | None, market_known: bool) -> bool:
    markets = [m for m in (release.markets or "").split(",") if m]
    return not (market_known and market and markets and market not in markets)


# Built once. Release rows carry no long texts. A make's releases and the models they list are read
# once per build; which of them fit a model and year is decided in memory (see ``releases_of``).
_RELEASE_COLUMNS = (db.Release.id, db.Release.make_slug, db.Release.version, db.Release.version_key,
                    db.Release.title_en, db.Release.title_zh, db.Release.summary_en, db.Release.summary_zh,
                    db.Release.release_date, db.Release.date_estimated, db.Release.category, db.Release.markets)
_RELEASES = select(*_RELEASE_COLUMNS).where(db.Release.make_slug == bindparam("make")).order_by(db.Release.version_key)
_RELEASE_MODELS = select(db.ReleaseModel.release_id, db.ReleaseModel.model_slug, db.ReleaseModel.year).where(
    db.ReleaseModel.make_slug == bindparam("make"))


class ReleaseRow(NamedTuple):
    """One release as the timeline reads it, and whether it fits the model and year asked for."""

    id: int
    make_slug: str
    version: str
    version_key: str
    title_en: str | None
    title_zh: str | None
    summary_en: str | None
    summary_zh: str | None
    release_date: date | None
    date_estimated: bool | None
    category: str | None
    markets: str | None
    fits: bool


_REMEDIES = (select(db.ReleaseRemedy.release_id, db.ReleaseRemedy.recall_id)
             .join(db.Release, db.Release.id == db.ReleaseRemedy.release_id)
             .where(db.Release.make_slug == bindparam("make")).order_by(db.ReleaseRemedy.recall_id))
_POINT_OWNERS = select(db.ReleaseVersion.version, db.ReleaseVersion.release_id).where(
    db.ReleaseVersion.make_slug == bindparam("make"))


# A build's releases never change while it is served, so the served build keeps (portal/build_memo.py)
# each make's release rows and remedy links, which of them fit each (make, model, year), each
# release's summary per language and each make's point versions (Tesla: ~520): the lookup then only
# filters and marks installs, with no query of its own.
CACHE_SIZE = 4096
_MAKE_RELEASES = BuildMemo(max_entries=256)
_FITTING = BuildMemo(max_entries=CACHE_SIZE)
_SUMMARIES = BuildMemo(max_entries=CACHE_SIZE)
_POINTS = BuildMemo(max_entries=256)


def _make_releases(session: Session, make: str) -> tuple[tuple, dict[str, list[tuple[int, int | None]]], dict[int, list[str]]]:
    """The make's releases, the (release, year) rows of each model they list, and remedy links."""
    def compute():
        conn = session.connection()
        rows = tuple(conn.execute(_RELEASES, {"make": make}))
        listed: dict[str, list[tuple[int, int | None]]] = {}
        for release_id, model, year in conn.execute(_RELEASE_MODELS, {"make": make}):
            listed.setdefault(model, []).append((release_id, year))
        remedies: dict[int, list[str]] = {}
        for release_id, recall_id in conn.execute(_REMEDIES, {"make": make}):
            remedies.setdefault(release_id, []).append(recall_id)
        return rows, listed, remedies
    return _MAKE_RELEASES.get(session.info.get("build_id"), make, compute)


def _cache_for(session: Session):
    """``releases_of``, ``summary_of`` and ``point_owners`` over the session's build, each remembered."""
    build = session.info.get("build_id")

    def releases_of(make: str, model: str, year: int | None) -> tuple[tuple, dict[int, list[str]]]:
        """A release fits when it lists the model for every year, for ``year``, or ``year`` is unknown."""
        def compute():
            rows, listed, remedies = _make_releases(session, make)
            fitting = {release_id for release_id, listed_year in listed.get(model, ())
                       if listed_year is None or year is None or listed_year == year}
            return tuple(ReleaseRow(*row, row.id in fitting) for row in rows), remedies
        return _FITTING.get(build, (make, model, year), compute)

    def summary_of(release, lang: str, remedies: tuple[str, ...]) -> dict:
        def compute():
            item = release_summary(release, lang, list(remedies))
            item["summary"] = localised_field(release, "summary", lang)
            return item
        return _SUMMARIES.get(build, (release, lang, remedies), compute)

    def point_owners(make: str) -> dict[str, int]:
        return _POINTS.get(build, make, lambda: dict(session.connection().execute(_POINT_OWNERS, {"make": make}).all()))

    return releases_of, summary_of, point_owners


def _installed_by_release(session: Session, make: str, installs: list[Install], releases: list) -> dict[int, list[Install]]:
    """Installs grouped by the release they belong to (a point version, else a release of that name)."""
    if not installs:
        return {}
    points = _cache_for(session)[2](make)
    owners = {r.version: r.id for r in releases}
    grouped: dict[int, list[Install]] = {}
    for install in installs:
        owner = points.get(install.version, owners.get(install.version))
        if owner is not None:
            grouped.setdefault(owner, []).append(install)
    return grouped


def _one_per_version(chosen: list, installed: dict) -> tuple[list, dict]:
    """One release per version number: a source that writes ``2020.04`` and ``2020.4`` names one release.

    The spelling without leading zeros (the maker's own, ``2020.4.1``) is kept; the other's installs and
    remedies join it.
    """
    if len({release.version_key for release in chosen}) == len(chosen):  # the usual case: nothing to merge
        return chosen, None
    kept: dict[str, object] = {}
    merged: dict[int, list[int]] = {}
    for release in chosen:
        first = kept.get(release.version_key)
        if first is None:
            kept[release.version_key] = release
            merged[release.id] = [release.id]
            continue
        canonical, other = (release, first) if _plain(release.version) and not _plain(first.version) else (first, release)
        ids = merged.pop(first.id)
        kept[release.version_key] = canonical
        merged[canonical.id] = ids + [release.id] if canonical is first else [release.id] + ids
    joined = {kid: [i for rid in ids for i in installed.get(rid, [])] for kid, ids in merged.items()}
    order = {r.id: n for n, r in enumerate(chosen)}
    return sorted(kept.values(), key=lambda r: order[r.id]), (joined, merged)


def _plain(version: str) -> bool:
    return all(not (part.startswith("0") and len(part) > 1) for part in version.split("."))


def releases_for(session: Session, make: str, model: str, model_year: int | None, market: str | None,
                 production_date: date | None, installs: list[Install], lang: str,
                 recall_ids: frozenset[str] | None = None) -> list[dict]:
    """Release summaries (``release_summary`` plus ``installed``: [{version, installed_at}]), version order.

    ``recall_ids``: the recalls listed for this car; a release then names only those among the recalls
    it remedies (the others are other cars' and stay on the release's own page).
    """
    if not make or not model:
        return []
    releases_of, summary_of, _points = _cache_for(session)
    own, remedies = releases_of(make, model, model_year)
    installed = _installed_by_release(session, make, installs, own)
    market_known = bool(market) and any(market in (r.markets or "").split(",") for r in own)
    start = earliest_day(production_date, model_year)
    chosen, first_key = [], None
    for release in own:
        if release.id in installed:
            chosen.append(release)
        elif release.fits and _market_fits(release, market, market_known):
            if release.release_date is None:
                chosen.append(release)  # undated: placed by version, kept only after a dated fit (below)
            elif start is None or release.release_date >= start:
                chosen.append(release)
                first_key = first_key or release.version_key
    chosen = [r for r in chosen if r.release_date is not None or r.id in installed
              or (first_key is not None and r.version_key >= first_key)]
    chosen, groups = _one_per_version(chosen, installed)
    if groups is not None:
        installed, members = groups
        remedies = {rid: sorted({r for m in ids for r in remedies.get(m, ())}) for rid, ids in members.items()}
    timeline = []
    for release in chosen:
        named = remedies.get(release.id, ())
        if recall_ids is not None and named:
            named = [r for r in named if r in recall_ids]
        item = dict(summary_of(release, lang, tuple(named)))
        item["installed"] = [{"version": i.version, "installed_at": i.installed_at.isoformat()}
                             for i in sorted(installed.get(release.id, ()), key=lambda i: (i.installed_at, i.version_key))]
        timeline.append(item)
    return timeline
