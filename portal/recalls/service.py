"""Recall lookups and the dictionaries that pages and the API show (no Flask request here)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.db import content as db
from portal.localise import localised_field
from portal.recall_ids import normalise_recall_id
from portal.recalls import software
from portal.recalls.components import component_name
from portal.urls import recall_url, release_url


def canonical_recall_id(raw: str) -> str:
    """The stored id for any written form; SAMR records without a published number keep their key."""
    text = (raw or "").strip()
    return normalise_recall_id(text) or (text.lower() if text.lower().startswith("cn-") else text)


def find_recall(session: Session, raw_id: str) -> db.Recall | None:
    return session.get(db.Recall, canonical_recall_id(raw_id))


BASES = ("listed", "notice_text")  # where a (model, year) comes from; listed first


def model_groups(recall: db.Recall, session: Session, lang: str) -> list[dict]:
    """One entry per (make, model, basis): the years the authority listed apart from those only its text names."""
    makes = {row.make_slug for row in recall.vehicles} | {recall.make_slug}
    names = {(m.make_slug, m.slug): localised_field(m, "name", lang) for m in session.scalars(
        select(db.Model).where(db.Model.make_slug.in_(makes)))}
    groups: dict[tuple[str, str, str], list[int]] = {}
    for row in recall.vehicles:
        key = (row.make_slug != recall.make_slug, row.make_slug, row.model_slug, BASES.index(row.basis or "listed"))
        groups.setdefault(key, [])
        if row.year is not None:
            groups[key].append(row.year)
    make_names = {m.slug: localised_field(m, "name", lang) for m in session.scalars(select(db.Make).where(db.Make.slug.in_(makes)))}
    return [{"make": make, "make_name": make_names.get(make, make), "model": slug, "name": names.get((make, slug), slug),
             "years": sorted(years) or None, "basis": BASES[basis]}
            for (_other, make, slug, basis), years in sorted(groups.items())]


def recall_summary(recall: db.Recall, lang: str) -> dict:
    return {
        "id": recall.id,
        "authority": recall.authority,
        "title": localised_field(recall, "title", lang),
        "make": recall.make_slug,
        "report_date": recall.report_date.isoformat() if recall.report_date else None,
        # YYYY-MM when only the month of the report is known (rows of selected columns may lack it)
        "report_month": getattr(recall, "report_month", None),
        "report_date_basis": getattr(recall, "report_date_basis", None),
        "market": recall.market,
        "recall_type": recall.recall_type,
        "remedy_type": recall.remedy_type,
        "remedy_kind": recall.remedy_kind,
        "remedy_available": recall.remedy_available,
        "remedy_version": recall.remedy_version,
        "park_it": recall.park_it,
        "park_outside": recall.park_outside,
        "population": recall.population,
        "url": recall_url(recall.id),
    }


def sources_for(session: Session, owner_type: str, owner_id: str) -> list[dict]:
    rows = session.scalars(select(db.Source).where(
        db.Source.owner_type == owner_type, db.Source.owner_id == owner_id).order_by(db.Source.id))
    return [{"title": s.title, "url": s.url, "date": s.date} for s in rows]


def remedy_releases(session: Session, recall_id: str, lang: str) -> list[dict]:
    rows = session.scalars(
        select(db.Release).join(db.ReleaseRemedy, db.ReleaseRemedy.release_id == db.Release.id)
        .where(db.ReleaseRemedy.recall_id == recall_id).order_by(db.Release.version_key))
    return [{"make": r.make_slug, "version": r.version, "title": localised_field(r, "title", lang),
             "date": r.release_date.isoformat() if r.release_date else None,
             "date_estimated": r.date_estimated, "category": r.category,
             "url": release_url(r.make_slug, r.version)} for r in rows]


def related_recalls(session: Session, recall_id: str, lang: str) -> list[dict]:
    rows = session.scalars(
        select(db.Recall).join(db.RecallLink, db.RecallLink.related_id == db.Recall.id)
        .where(db.RecallLink.recall_id == recall_id).order_by(db.Recall.id))
    return [recall_summary(r, lang) for r in rows]


def recall_detail(session: Session, recall: db.Recall, lang: str) -> dict:
    detail = recall_summary(recall, lang)
    text_lang = lang if (lang == "en" or recall.summary_zh) else "en"
    detail.update({
        "manufacturer": recall.manufacturer,
        "component": recall.component,
        "component_name": component_name(recall.component, lang),
        "announce_date": recall.announce_date.isoformat() if recall.announce_date else None,
        "production": {"from": recall.production_from.isoformat() if recall.production_from else None,
                       "to": recall.production_to.isoformat() if recall.production_to else None},
        "vehicles": model_groups(recall, session, lang),
        "remedy_type_basis": recall.remedy_type_basis,
        "affected_software": recall.affected_software,
        "text": {part: getattr(recall, f"{part}_{text_lang}") for part in ("summary", "consequence", "remedy", "notes")},
        "text_language": text_lang,
        # Beside a Chinese text written by the portal, the authority's English original it rests on.
        "text_original": ({part: getattr(recall, f"{part}_en") for part in ("summary", "consequence", "remedy")}
                          if text_lang != "en" and recall.authority == "NHTSA" else None),
        "explanation_html": localised_field(recall, "body", lang),
        "remedy_releases": remedy_releases(session, recall.id, lang),
        "related_recalls": software.related_comparison(session, recall, related_recalls(session, recall.id, lang), lang),
        "remedy_versions": software.remedy_versions(session, recall.id, lang),
        "affected_ranges": software.affected_ranges(session, recall),
        "software_facts": software.software_facts(session, recall.id, lang),
        "mentioned_in_releases": software.mentioning_releases(session, recall.id, lang),
        "sources": sources_for(session, "recall", recall.id),
    })
    return detail


def list_recalls(session: Session, filters: dict, page: int, page_size: int, lang: str, *,
                 with_counts: bool = False, build_id: str | None = None) -> tuple[int, list[dict], dict]:
    """A page of recall summaries, the total and (``with_counts``) the facet counts: see :mod:`portal.listing`."""
    from portal.listing import build_cached
    from portal.recalls.listing import recall_listing, recall_rows

    found = recall_listing(session, filters, page, page_size, with_counts=with_counts, build_id=build_id)
    items = build_cached(build_id, ("recall-summaries", lang, tuple(found.keys)),
                         lambda: [recall_summary(r, lang) for r in recall_rows(session, found.keys)])
    return found.total, items, found.counts
