"""Feed entries from the content tables (no Flask): newest recalls and releases first.

A feed is a list of :class:`Entry` in the request's language; the routes turn
it into Atom. Per-car feeds reuse the VIN lookup so a feed reader sees exactly
the recalls and releases the car's page shows.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import force_locale, gettext
from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.db import content as db
from portal.localise import localised_field
from portal.recalls.listing import recall_listing, recall_rows
from portal.releases.listing import release_listing, release_rows
from portal.urls import recall_url, release_url

# Feed readers poll often; the newest entries are what they need.
FEED_SIZE = 50


@dataclass(frozen=True)
class Entry:
    key: str  # stable public id: recall id or make/version
    kind: str  # recall | release
    title: str
    summary: str
    path: str
    updated: date | None


def _recall_entry(recall: db.Recall, lang: str) -> Entry:
    summary = localised_field(recall, "summary", lang) or localised_field(recall, "consequence", lang)
    return Entry(recall.id, "recall", f"{recall.id} — {localised_field(recall, 'title', lang)}", summary,
                 recall_url(recall.id), recall.report_date or recall.announce_date)


def _release_entry(release: db.Release, lang: str) -> Entry:
    title, summary = localised_field(release, "title", lang), localised_field(release, "summary", lang)
    if release.date_estimated and release.release_date:
        # A feed reader shows the entry date as fact; the title and summary say it is an estimate.
        with force_locale(lang):
            note = gettext("release date %(date)s estimated from the version number",
                           date=release.release_date.isoformat())
        title, summary = f"{title} ({note})", " ".join(p for p in (summary or title, f"({note})") if p)
    return Entry(f"{release.make_slug}/{release.version}", "release", title, summary,
                 release_url(release.make_slug, release.version), release.release_date)


def _newest(entries: list[Entry]) -> list[Entry]:
    return sorted(entries, key=lambda e: (e.updated or date.min, e.key), reverse=True)[:FEED_SIZE]


def recall_entries(session: Session, lang: str, make: str | None = None, model: str | None = None,
                   build_id: str | None = None) -> list[Entry]:
    """The newest recalls, as the recall listing (the browse page and the API) orders and filters them."""
    found = recall_listing(session, {"make": make, "model": model}, 1, FEED_SIZE, build_id=build_id)
    return [_recall_entry(r, lang) for r in recall_rows(session, found.keys)]


def release_entries(session: Session, lang: str, make: str | None = None, model: str | None = None,
                    build_id: str | None = None) -> list[Entry]:
    """The newest releases, as the release listing orders and filters them."""
    found = release_listing(session, {"make": make, "model": model}, 1, FEED_SIZE, build_id=build_id)
    return [_release_entry(r, lang) for r in release_rows(session, found.keys)]


def model_entries(session: Session, lang: str, make: str, model: str, build_id: str | None = None) -> list[Entry]:
    return _newest(recall_entries(session, lang, make, model, build_id)
                   + release_entries(session, lang, make, model, build_id))


def vehicle_entries(session: Session, report, lang: str) -> list[Entry]:
    """Entries for a VIN report (``portal.vehicles.service.lookup_vehicle``): its recalls and releases."""
    recall_ids = [row["id"] for row in report.recalls]
    recalls = session.scalars(select(db.Recall).where(db.Recall.id.in_(recall_ids))) if recall_ids else []
    entries = [_recall_entry(r, lang) for r in recalls]
    wanted = {(row["make"], row["version"]) for row in report.releases}
    if wanted:
        makes = {make for make, _ in wanted}
        for release in session.scalars(select(db.Release).where(db.Release.make_slug.in_(makes))):
            if (release.make_slug, release.version) in wanted:
                entries.append(_release_entry(release, lang))
    return _newest(entries)


def make_name(session: Session, make: str, lang: str) -> str | None:
    row = session.get(db.Make, make)
    return localised_field(row, "name", lang) if row else None


def model_name(session: Session, make: str, model: str, lang: str) -> str | None:
    row = session.scalar(select(db.Model).where(db.Model.make_slug == make, db.Model.slug == model))
    return localised_field(row, "name", lang) if row else None
