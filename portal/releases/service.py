"""Release lookups and the dictionaries that pages and the API show (no Flask request here)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.db import content as db
from portal.localise import localised_field
from portal.recalls.remedies import stated_remedies
from portal.recalls.service import recall_summary, sources_for
from portal.releases.category_basis import category_basis
from portal.urls import release_url
from portal.versions import is_version
from portal.vocab import RECALL_MARKETS


def find_release(session: Session, make: str, version: str) -> tuple[db.Release | None, str | None]:
    """The release named ``version``, or the release that has it as a point version.

    Returns ``(release, point_version)``; ``point_version`` is set when the
    request named a point version (``2023.44.30.14`` -> release ``2023.44``).
    """
    release = session.scalar(select(db.Release).where(db.Release.make_slug == make, db.Release.version == version))
    if release is not None:
        return release, None
    if not is_version(version):
        return None, None
    point = session.scalar(select(db.ReleaseVersion).where(
        db.ReleaseVersion.make_slug == make, db.ReleaseVersion.version == version))
    return (point.release, version) if point else (None, None)


def remedied_recalls(session: Session, release_id: int) -> list[db.Recall]:
    return list(session.scalars(
        select(db.Recall).join(db.ReleaseRemedy, db.ReleaseRemedy.recall_id == db.Recall.id)
        .where(db.ReleaseRemedy.release_id == release_id).order_by(db.Recall.id)))


def mentioned_recalls(session: Session, release_id: int) -> list[db.Recall]:
    """Recalls the release notes mention: shown as mentions, never as remedies (no source names the version)."""
    return list(session.scalars(
        select(db.Recall).join(db.ReleaseMention, db.ReleaseMention.recall_id == db.Recall.id)
        .where(db.ReleaseMention.release_id == release_id).order_by(db.Recall.id)))


def _stated_versions(session: Session, recall_ids: list[str]) -> dict[str, set[str]]:
    """Every remedy version a source states for each recall (a recall may state one per software line)."""
    return {rid: {e.version for e in entries} for rid, entries in stated_remedies(session, recall_ids).items()}


def _with_stated_versions(session: Session, release: db.Release, rows: list[dict], lang: str) -> list[dict]:
    """Each remedied recall with the stated remedy versions this release carries, and their sources."""
    own = {v.version for v in release.versions} | {release.version}
    stated = stated_remedies(session, [r["id"] for r in rows])
    return [dict(r, remedy_versions=[e.as_json(lang) for e in stated.get(r["id"], []) if e.version in own])
            for r in rows]


def release_summary(release: db.Release, lang: str, remedies: list[str] | None = None) -> dict:
    return {
        "make": release.make_slug,
        "version": release.version,
        "title": localised_field(release, "title", lang),
        "date": release.release_date.isoformat() if release.release_date else None,
        "date_estimated": release.date_estimated,
        "category": release.category,
        "is_recall_remedy": bool(remedies),
        "remedies": remedies or [],
        "url": release_url(release.make_slug, release.version),
    }


def release_detail(session: Session, release: db.Release, lang: str) -> dict:
    recalls = remedied_recalls(session, release.id)
    detail = release_summary(release, lang, [r.id for r in recalls])
    stated = _stated_versions(session, [r.id for r in recalls])
    names = {m.slug: localised_field(m, "name", lang) for m in session.scalars(
        select(db.Model).where(db.Model.make_slug == release.make_slug))}
    models: dict[str, list[int]] = {}
    for row in release.models:
        models.setdefault(row.model_slug, [])
        if row.year is not None:
            models[row.model_slug].append(row.year)
    detail.update({
        # The markets whose recalls the portal holds first (US, CN), then the rest alphabetically.
        "markets": sorted((m for m in release.markets.split(",") if m), key=lambda m: (m not in RECALL_MARKETS, m)),
        "models": [{"model": s, "name": names.get(s, s), "years": sorted(y) or None} for s, y in sorted(models.items())],
        # A recall that names a point version as its remedy is shown at that version.
        "point_versions": [{"version": v.version, "fleet_share_pct": v.fleet_share_pct,
                            "remedies": sorted(r.id for r in recalls if v.version in stated.get(r.id, ()))}
                           for v in release.versions],
        "category_reason": release.category_reason,
        "category_basis": category_basis(release.category, release.category_assigned, lang),
        "filing_number": release.filing_number,
        "summary": localised_field(release, "summary", lang),
        "changes": [{"kind": c.kind, "text": c.text_zh if lang == "zh" else c.text_en} for c in release.changes],
        "features": [f.name for f in release.features],
        "remedy_recalls": _with_stated_versions(session, release, [recall_summary(r, lang) for r in recalls], lang),
        "mentioned_recalls": [recall_summary(r, lang) for r in mentioned_recalls(session, release.id)
                              if r.id not in {x.id for x in recalls}],
        "sources": sources_for(session, "release", f"{release.make_slug}/{release.version}"),
    })
    return detail


def list_releases(session: Session, filters: dict, page: int, page_size: int, lang: str, *,
                  with_counts: bool = False, build_id: str | None = None) -> tuple[int, list[dict], dict]:
    """A page of release summaries, the total and (``with_counts``) the facet counts: see :mod:`portal.listing`."""
    from portal.listing import build_cached
    from portal.releases.listing import release_listing, release_rows, remedies_of

    def summaries() -> list[dict]:
        remedies = remedies_of(session, found.keys)
        return [release_summary(r, lang, remedies.get(r.id, [])) for r in release_rows(session, found.keys)]

    found = release_listing(session, filters, page, page_size, with_counts=with_counts, build_id=build_id)
    items = build_cached(build_id, ("release-summaries", lang, tuple(found.keys)), summaries)
    return found.total, items, found.counts
