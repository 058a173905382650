"""What sources state about a recall's software, and the same defect at other authorities, for the recall page and API.

A recall page shows each stated remedy version beside the source that names
it (and says so when the compilation rates that source "medium"), the other
software facts (defect versions, rollout dates, the Chinese notice of the same
defect), the releases whose notes merely *mention* the recall, and the
related recalls side by side. When two authorities state different remedy
versions for one defect (25V092000: 2023.38.4; the China EPS recall:
2023.38.9), both are shown as a conflict instead of one being dropped.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.db import content as db
from portal.localise import localised_field
from portal.recalls.remedies import stated_remedies
from portal.urls import release_url


def remedy_versions(session: Session, recall_id: str, lang: str) -> list[dict]:
    return [e.as_json(lang) for e in stated_remedies(session, [recall_id]).get(recall_id, [])]


def software_facts(session: Session, recall_id: str, lang: str) -> list[dict]:
    rows = session.scalars(select(db.RecallSoftwareFact).where(db.RecallSoftwareFact.recall_id == recall_id)
                           .order_by(db.RecallSoftwareFact.position))
    return [{"kind": f.kind, "date": f.fact_date.isoformat() if f.fact_date else None,
             "text": localised_field(f, "text", lang), "reliability": f.reliability,
             "source": {"title": f.source_title, "url": f.source_url, "date": f.source_date}} for f in rows]


def affected_ranges(session: Session, recall: db.Recall) -> list[str]:
    stated = [recall.affected_software] if recall.affected_software else []
    stated += session.scalars(select(db.RecallAffectedRange.version_range)
                              .where(db.RecallAffectedRange.recall_id == recall.id).order_by(db.RecallAffectedRange.id))
    return list(dict.fromkeys(stated))


def mentioning_releases(session: Session, recall_id: str, lang: str) -> list[dict]:
    """Releases whose notes mention the recall; ``is_remedy`` only when a source names one of its versions."""
    remedies = set(session.scalars(select(db.ReleaseRemedy.release_id).where(db.ReleaseRemedy.recall_id == recall_id)))
    rows = session.scalars(
        select(db.Release).join(db.ReleaseMention, db.ReleaseMention.release_id == db.Release.id)
        .where(db.ReleaseMention.recall_id == recall_id).order_by(db.Release.version_key))
    return [{"make": r.make_slug, "version": r.version, "title": localised_field(r, "title", lang),
             "date": r.release_date.isoformat() if r.release_date else None, "date_estimated": r.date_estimated,
             "category": r.category, "is_remedy": r.id in remedies,
             "url": release_url(r.make_slug, r.version)} for r in rows]


def related_comparison(session: Session, recall: db.Recall, related: list[dict], lang: str) -> list[dict]:
    """Each related recall with why it is related and the facts to compare; plus remedy-version conflicts."""
    links = {link.related_id: link for link in session.scalars(
        select(db.RecallLink).where(db.RecallLink.recall_id == recall.id))}
    ids = [recall.id] + [r["id"] for r in related]
    stated = stated_remedies(session, ids)
    own = {e.version for e in stated.get(recall.id, [])}
    out = []
    for item in related:
        link = links.get(item["id"])
        theirs = [e.as_json(lang) for e in stated.get(item["id"], [])]
        versions = {e["version"] for e in theirs}
        reason = None
        if link is not None:
            reason = localised_field(link, "reason", lang) or None
        out.append(dict(item, basis=link.basis if link else None, reason=reason, remedy_versions=theirs,
                        remedy_version_conflict=bool(own and versions and not own & versions)))
    return out
