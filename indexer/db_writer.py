"""Write a validated ContentBundle into freshly created content tables."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from indexer.records import ContentBundle, RecallRecord, ReleaseRecord
from portal.db import content as db
from portal.db.engine import create_content_tables
from portal.markdown import render_markdown
from portal.versions import version_key

Progress = Callable[[str, int, int], None]
_BATCH = 500


def write_database(engine: Engine, bundle: ContentBundle, build_facts: dict[str, str], progress: Progress) -> None:
    create_content_tables(engine)
    with Session(engine) as session:
        session.add_all(db.BuildInfo(key=k, value=v) for k, v in build_facts.items())
        _write_makes_and_models(session, bundle)
        recalls = sorted(bundle.recalls.values(), key=lambda r: r.id)
        for done, recall in enumerate(recalls, start=1):
            _add_recall(session, recall)
            if done % _BATCH == 0 or done == len(recalls):
                session.flush()
                progress("database: recalls", done, len(recalls))
        session.flush()
        for recall in recalls:
            session.add_all(_link(recall, o) for o in sorted(set(recall.related)))
            _add_recall_software(session, recall)
        releases = sorted(bundle.releases.values(), key=lambda r: (r.make, version_key(r.version)))
        for done, release in enumerate(releases, start=1):
            _add_release(session, release)
            progress("database: releases", done, len(releases))
        _add_fleet(session, bundle)
        session.add_all(db.ImportLedger(
            source=row.source, authority=row.authority, scope=row.scope, make_slug=row.make, model_slug=row.model,
            year_from=row.year_from, year_to=row.year_to, queried=row.queried, filed_from=row.filed_from,
            filed_to=row.filed_to) for row in bundle.ledger)
        progress("database: fleet", 1, 1)
        session.commit()


def _write_makes_and_models(session: Session, bundle: ContentBundle) -> None:
    session.add_all(db.Make(slug=m.slug, name_en=m.en, name_zh=m.zh) for m in bundle.makes.values())
    names: dict[tuple[str, str], str] = {}
    for record in [*bundle.recalls.values(), *bundle.releases.values()]:
        specs = record.vehicles if isinstance(record, RecallRecord) else record.models
        for spec in specs:
            names.setdefault((getattr(spec, "make", None) or record.make, spec.model), spec.name)
    for vehicle in bundle.vehicles.values():
        names.setdefault((vehicle.make, vehicle.model), vehicle.model.replace("-", " ").title())
    for (make, slug), name in sorted(names.items()):
        zh = bundle.makes[make].model_names_zh.get(slug, name)
        session.add(db.Model(make_slug=make, slug=slug, name_en=name, name_zh=zh))
    session.flush()


def _sources(owner_type: str, owner_id: str, record) -> list[db.Source]:
    return [db.Source(owner_type=owner_type, owner_id=owner_id, title=s.title, url=s.url, date=s.date)
            for s in record.sources]


def _add_recall(session: Session, r: RecallRecord) -> None:
    en, zh = r.text["en"], r.text["zh"]
    body_en = "\n\n".join(p for p in (r.explanation["en"], r.body_en) if p)
    body_zh = "\n\n".join(p for p in (r.explanation["zh"], r.body_zh) if p)
    session.add(db.Recall(
        id=r.id, authority=r.authority, make_slug=r.make, manufacturer=r.manufacturer,
        title_en=r.title["en"], title_zh=r.title["zh"], component=r.component,
        report_date=r.report_date, announce_date=r.announce_date, report_month=r.report_month, report_date_basis=r.report_date_basis, market=r.market,
        population=r.population, production_from=r.production_from, production_to=r.production_to,
        remedy_type=r.remedy_type, remedy_type_basis=r.remedy_type_basis,
        remedy_available=r.remedy_available, remedy_kind=r.remedy_kind, recall_type=r.recall_type,
        remedy_version=r.remedy_version,
        remedy_version_key=version_key(r.remedy_version) if r.remedy_version else None,
        affected_software=r.affected_software, park_it=r.park_it, park_outside=r.park_outside,
        summary_en=en["summary"], summary_zh=zh["summary"], consequence_en=en["consequence"],
        consequence_zh=zh["consequence"], remedy_en=en["remedy"], remedy_zh=zh["remedy"],
        notes_en=en["notes"], notes_zh=zh["notes"], zh_is_own_words=bool(r.explanation["zh"]),
        body_en=render_markdown(body_en), body_zh=render_markdown(body_zh), source_file=r.path,
    ))
    for spec in r.vehicles:
        years = spec.years if spec.years is not None else [None]
        session.add_all(db.RecallVehicle(recall_id=r.id, make_slug=spec.make or r.make, model_slug=spec.model, year=y,
                                         basis=spec.basis, origin=spec.origin) for y in years)
    session.add_all(_sources("recall", r.id, r))


def _link(recall: RecallRecord, other: str) -> db.RecallLink:
    why = recall.related_reasons.get(other)
    return db.RecallLink(recall_id=recall.id, related_id=other, basis=why.basis if why else None,
                         reason_en=why.reason["en"] if why else None, reason_zh=why.reason["zh"] if why else None)


def _add_recall_software(session: Session, r: RecallRecord) -> None:
    """The stated remedy versions (first = the contract's ``remedy_version``), ranges and facts."""
    session.add_all(db.RecallRemedyVersion(
        recall_id=r.id, position=i, version=e.version, version_key=version_key(e.version), line=e.line,
        models=",".join(e.models), match=e.match, reliability=e.reliability, note_en=e.note["en"],
        note_zh=e.note["zh"], source_title=e.source.title, source_url=e.source.url, source_date=e.source.date,
    ) for i, e in enumerate(r.remedy_versions))
    session.add_all(db.RecallAffectedRange(recall_id=r.id, version_range=text) for text in r.affected_ranges)
    session.add_all(db.RecallSoftwareFact(
        recall_id=r.id, position=i, kind=f.kind, fact_date=f.date, text_en=f.text["en"], text_zh=f.text["zh"],
        reliability=f.reliability, source_title=f.source.title, source_url=f.source.url, source_date=f.source.date,
    ) for i, f in enumerate(r.software_facts))


def _add_release(session: Session, r: ReleaseRecord) -> None:
    row = db.Release(
        make_slug=r.make, version=r.version, version_key=version_key(r.version),
        title_en=r.title["en"], title_zh=r.title["zh"], release_date=r.date,
        date_estimated=r.date_estimated, markets=",".join(r.markets), category=r.category,
        category_reason=r.category_reason, category_assigned=r.category_assigned, filing_number=r.filing_number,
        summary_en=r.summary["en"], summary_zh=r.summary["zh"],
        body_en=render_markdown(r.body_en), body_zh=render_markdown(r.body_zh), source_file=r.path,
    )
    session.add(row)
    session.flush()
    session.add_all(db.ReleaseVersion(release_id=row.id, make_slug=r.make, version=v,
                                      version_key=version_key(v), fleet_share_pct=share)
                    for v, share in r.point_versions)
    for spec in r.models:
        years = spec.years if spec.years is not None else [None]
        session.add_all(db.ReleaseModel(release_id=row.id, make_slug=r.make, model_slug=spec.model, year=y)
                        for y in years)
    session.add_all(db.ReleaseChange(release_id=row.id, position=i, kind=c.kind, text_en=c.en, text_zh=c.zh)
                    for i, c in enumerate(r.changes))
    session.add_all(db.ReleaseFeature(release_id=row.id, position=i, name=f) for i, f in enumerate(r.features))
    session.add_all(db.ReleaseRemedy(release_id=row.id, recall_id=rid) for rid in r.remedies)
    session.add_all(db.ReleaseMention(release_id=row.id, recall_id=rid) for rid in r.mentions)
    session.add_all(_sources("release", f"{r.make}/{r.version}", r))


def _add_fleet(session: Session, bundle: ContentBundle) -> None:
    session.add_all(db.Vehicle(vin=v.vin, make_slug=v.make, model_slug=v.model, model_year=v.model_year,
                               market=v.market, production_date=v.production_date, demo=True)
                    for v in bundle.vehicles.values())
    session.flush()
    session.add_all(db.Install(vin=i.vin, version=i.version, version_key=version_key(i.version),
                               installed_at=i.installed_at) for i in bundle.installs)
