"""What the assistant needs to know about recalls, releases and one car.

The engine depends on these Protocols, not on the database, so that it can be
tested with a tiny SQLite, run before a VIN service exists, and later be given
a different store. :class:`SqlContentFacts` is the implementation over the
content tables written by the indexer. ``VehicleFacts`` is implemented by the
VIN service; until then the engine runs without it and asks for a VIN page.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from datetime import date
from typing import Protocol

from cachetools import LRUCache
from sqlalchemy import Engine, func, or_, select
from sqlalchemy.orm import Session

from portal.db.content import (
    Make,
    Recall,
    RecallLink,
    RecallVehicle,
    Release,
    ReleaseChange,
    ReleaseModel,
    ReleaseRemedy,
    ReleaseVersion,
)
from portal.db.queries import covers_model_year
from portal.localise import localised_field
from portal.recalls.remedies import stated_remedies
from portal.urls import recall_url, release_url
from portal.versions import family_of, is_version, version_key
from portal.vocab import OTA_REMEDY_TYPES


@dataclass(frozen=True)
class RecallFact:
    id: str
    authority: str
    make: str
    title: str
    remedy_type: str
    remedy_available: bool
    remedy_version: str | None
    park_it: bool
    park_outside: bool
    summary: str
    consequence: str
    remedy: str
    population: int | None
    report_date: date | None
    models: tuple[str, ...] = ()
    remedy_versions: tuple = ()  # RemedyVersion: each stated version with its source
    related: tuple = ()  # (id, authority) of the same defect recalled by the other authority

    @property
    def url(self) -> str:
        return recall_url(self.id)


@dataclass(frozen=True)
class ReleaseFact:
    make: str
    version: str
    title: str
    date: date | None
    category: str
    summary: str
    changes: tuple[tuple[str, str], ...] = ()  # (kind, text)
    remedies: tuple[str, ...] = ()

    @property
    def url(self) -> str:
        return release_url(self.make, self.version)


@dataclass(frozen=True)
class CatalogueEntry:
    """A make or model name the entity finder should recognise."""

    make: str
    model: str | None
    names: tuple[str, ...]


class ContentFacts(Protocol):
    def recall(self, recall_id: str, lang: str) -> RecallFact | None: ...

    def release(self, version: str, lang: str, make: str | None = None) -> ReleaseFact | None: ...

    def latest_release(self, lang: str, make: str | None = None, model: str | None = None) -> ReleaseFact | None: ...

    def catalogue(self) -> list[CatalogueEntry]: ...


@dataclass(frozen=True)
class RemedyVersion:
    """A remedy version a source states, with that source (one per software line)."""

    version: str
    source_title: str | None = None
    source_url: str | None = None
    line: str | None = None  # a make's software line (NIO Aspen / Alder), None where it runs one


@dataclass(frozen=True)
class VehicleRecall:
    id: str
    title: str
    status: str  # remedied | open | remedy_not_available | unknown
    remedy_type: str
    remedy_version: str | None = None
    remedied_at: date | None = None
    park_it: bool = False
    park_outside: bool = False
    status_reason: str | None = None  # e.g. dealer_repair_not_visible, remedy_version_unknown, owner_version
    certainty: str = "applies"  # applies (a fleet record settles it) | may_apply (only the maker can say)
    remedy_versions: tuple[RemedyVersion, ...] = ()


@dataclass(frozen=True)
class LatestRelease:
    version: str
    date: date | None


@dataclass(frozen=True)
class CarCoverage:
    """What the VIN page says about how much the portal can know of this car, in the answer's language.

    The sentences come from :mod:`portal.vehicles.wording` and the page's own
    verdict, so the page and the assistant cannot disagree.
    """

    status: str  # covered | partial | not_covered | choose_market | choose_model
    verdict: str = ""  # the page's one-line verdict
    note: str = ""  # the page's coverage paragraph (what is held, what is missing, where to check)
    lookup: str = ""  # the authority's lookup sentence
    lookup_url: str | None = None
    make_name: str | None = None
    model_name: str | None = None
    model_year: int | None = None
    model_choices: tuple[str, ...] = ()  # model names offered when the VIN does not tell the model
    ruled_out: tuple[str, ...] = ()  # recall ids the page lists as not applying to this car


@dataclass(frozen=True)
class VehicleSummary:
    make: str
    model: str
    model_year: int | None
    recalls: list[VehicleRecall] = field(default_factory=list)
    latest_release: LatestRelease | None = None  # the newest release for the car's model
    last_install: LatestRelease | None = None  # the car's own newest install (fleet record only)
    fleet_record: bool = True
    demo: bool = False
    stated_version: str | None = None  # the owner's version, when one was given and the lookup used it
    coverage: CarCoverage | None = None
    usable: bool = True  # False: the portal cannot list this car's recalls (see ``coverage``)


def remedy_versions_of(items) -> tuple[RemedyVersion, ...]:
    """Stated remedy versions from a row or record: plain strings or ``{version, source|url|title}``."""
    out = []
    for item in items or ():
        if isinstance(item, str):
            out.append(RemedyVersion(item))
        elif isinstance(item, dict) and item.get("version"):
            source = item.get("source") if isinstance(item.get("source"), dict) else {}
            sources = item.get("sources") if isinstance(item.get("sources"), list) else []
            first = sources[0] if sources and isinstance(sources[0], dict) else {}
            title = source.get("title") or first.get("title") or item.get("source_title") or (
                item["source"] if isinstance(item.get("source"), str) else None)
            url = source.get("url") or first.get("url") or item.get("source_url") or item.get("url")
            out.append(RemedyVersion(str(item["version"]), title, url, item.get("line")))
        elif getattr(item, "version", None):
            out.append(RemedyVersion(str(item.version), getattr(item, "source_title", None),
                                     getattr(item, "source_url", None), getattr(item, "line", None)))
    return tuple(out)


class VehicleFacts(Protocol):
    def lookup(self, vin: str, version: str | None = None, lang: str = "en") -> VehicleSummary | None: ...


def _memoised(method):
    """Remember a fact per arguments: content is read-only for a build, and an engine serves one build."""

    def wrapper(self, *args, **kwargs):
        key = (method.__name__, args, tuple(sorted(kwargs.items())))
        with self._memo_lock:
            value = self._memo.get(key, _MISSING)  # None (no such recall) is remembered too
        if value is _MISSING:
            value = method(self, *args, **kwargs)
            with self._memo_lock:
                self._memo[key] = value
        return value

    wrapper.__doc__, wrapper.__name__ = method.__doc__, method.__name__
    return wrapper


# Recalls, releases and "newest release for X" asked about in a day: a few thousand at most.
FACT_CACHE_SIZE = 4096
_MISSING = object()


class SqlContentFacts:
    """:class:`ContentFacts` over ``portal.db.content`` (read-only queries, remembered per instance)."""

    def __init__(self, engine: Engine):
        self._engine = engine
        self._memo: LRUCache = LRUCache(FACT_CACHE_SIZE)
        self._memo_lock = threading.Lock()

    @_memoised
    def recall(self, recall_id: str, lang: str) -> RecallFact | None:
        with Session(self._engine) as session:
            row = session.get(Recall, recall_id)
            if row is None:
                return None
            models = tuple(dict.fromkeys(v.model_slug for v in row.vehicles))
            return RecallFact(
                id=row.id, authority=row.authority, make=row.make_slug, title=localised_field(row, "title", lang),
                remedy_type=row.remedy_type, remedy_available=bool(row.remedy_available),
                remedy_version=row.remedy_version, park_it=bool(row.park_it),
                park_outside=bool(row.park_outside), summary=localised_field(row, "summary", lang),
                consequence=localised_field(row, "consequence", lang), remedy=localised_field(row, "remedy", lang),
                population=row.population, report_date=row.report_date, models=models,
                remedy_versions=remedy_versions_of(stated_remedies(session, [row.id]).get(row.id, [])),
                related=tuple(session.execute(
                    select(Recall.id, Recall.authority).join(RecallLink, RecallLink.related_id == Recall.id)
                    .where(RecallLink.recall_id == row.id).order_by(Recall.id)).all()),
            )

    @_memoised
    def release(self, version: str, lang: str, make: str | None = None) -> ReleaseFact | None:
        """The release named ``version``, or the one owning that point version, or its family."""
        if not is_version(version):
            return None
        with Session(self._engine) as session:
            for candidate in (version, family_of(version)):
                query = select(Release).where(Release.version == candidate)
                if make:
                    query = query.where(Release.make_slug == make)
                row = session.scalars(query.order_by(Release.make_slug)).first()
                if row is None:
                    point = select(ReleaseVersion).where(ReleaseVersion.version == candidate)
                    if make:
                        point = point.where(ReleaseVersion.make_slug == make)
                    hit = session.scalars(point).first()
                    row = hit.release if hit else None
                if row is not None:
                    return self._release_fact(session, row, lang)
            # "Rivian 2023.30" names the release 2023.30.00: the first release under that prefix.
            query = select(Release).where(Release.version.like(version + ".%"))
            if make:
                query = query.where(Release.make_slug == make)
            row = session.scalars(query.order_by(Release.version_key, Release.make_slug)).first()
            if row is not None:
                return self._release_fact(session, row, lang)
        return None

    @_memoised
    def latest_release(self, lang: str, make: str | None = None, model: str | None = None) -> ReleaseFact | None:
        with Session(self._engine) as session:
            query = select(Release)
            if make:
                query = query.where(Release.make_slug == make)
            if model:
                query = query.where(covers_model_year(Release.id, ReleaseModel.release_id, ReleaseModel.model_slug,
                                                      ReleaseModel.year, model, None))
            rows = session.scalars(query).all()
            if not rows:
                return None
            newest = max(rows, key=lambda r: (r.release_date or date.min, version_key(r.version)))
            return self._release_fact(session, newest, lang)

    @_memoised
    def feature_changes(self, lang: str, make: str | None = None,
                        kinds: tuple[str, ...] = ("paywalled", "restricted", "removed")) -> tuple:
        """Release changes of the given kinds, newest release first: ``(make, version, date, kind, text, remedies)``,
        ``remedies`` the ids of the recalls the release remedies (a feature restricted by a recall is the recall's remedy)."""
        with Session(self._engine) as session:
            query = (select(Release.id, Release.make_slug, Release.version, Release.release_date, ReleaseChange.kind,
                            ReleaseChange.text_en, ReleaseChange.text_zh)
                     .join(ReleaseChange, ReleaseChange.release_id == Release.id)
                     .where(ReleaseChange.kind.in_(kinds)))
            if make:
                query = query.where(Release.make_slug == make)
            rows = session.execute(query).all()
            remedies: dict = {}
            for release_id, recall_id in session.execute(select(ReleaseRemedy.release_id, ReleaseRemedy.recall_id)
                                                         .where(ReleaseRemedy.release_id.in_({r.id for r in rows}))):
                remedies.setdefault(release_id, []).append(recall_id)
        rows.sort(key=lambda r: (r.release_date or date.min, version_key(r.version)), reverse=True)
        return tuple((r.make_slug, r.version, r.release_date, r.kind,
                      r.text_zh if lang == "zh" and r.text_zh else r.text_en, tuple(sorted(remedies.get(r.id, ()))))
                     for r in rows)

    @_memoised
    def model_recalls(self, lang: str, make: str | None = None, model: str | None = None,
                      ota_only: bool = False, year: int | None = None) -> tuple:
        """Recalls listing a make or model (of one model year, when given), newest first:
        ``(id, title, report_date, remedy_type, authority)``."""
        if not (make or model):
            return ()
        with Session(self._engine) as session:
            query = select(Recall).join(RecallVehicle, RecallVehicle.recall_id == Recall.id)
            if model:
                query = query.where(RecallVehicle.model_slug == model)
            if make:
                query = query.where(RecallVehicle.make_slug == make)
            if ota_only:
                query = query.where(Recall.remedy_type.in_(OTA_REMEDY_TYPES))
            if year is not None:
                # A row without a year lists every year of the model.
                query = query.where(or_(RecallVehicle.year == year, RecallVehicle.year.is_(None)))
            rows = session.scalars(query.distinct()).all()
            out = [(r.id, localised_field(r, "title", lang), r.report_date, r.remedy_type, r.authority) for r in rows]
        out.sort(key=lambda r: (r[2] or date.min, r[0]), reverse=True)
        return tuple(out)

    @_memoised
    def release_count(self, make: str) -> int:
        """How many of a make's OTA releases the portal holds: a make with no recall may still have its updates here."""
        with Session(self._engine) as session:
            return session.scalar(select(func.count(Release.id)).where(Release.make_slug == make)) or 0

    @_memoised
    def releases_naming(self, code: str) -> tuple:
        """Releases whose notes name a maker's recall campaign ("Ford's notes say this update remedies Ford recall
        22S41"), oldest first: ``(make, version, date)``."""
        with Session(self._engine) as session:
            rows = session.execute(select(Release.make_slug, Release.version, Release.release_date)
                                   .where(Release.category_reason.contains(code.upper()))).all()
        rows.sort(key=lambda r: (r.release_date or date.min, version_key(r.version)))
        return tuple((r.make_slug, r.version, r.release_date) for r in rows)

    @_memoised
    def recalled_models(self, make: str) -> tuple:
        """The slugs of a make's models that some recall lists, most recalled first: which cars a make's list is about."""
        with Session(self._engine) as session:
            rows = session.execute(select(RecallVehicle.model_slug, func.count(RecallVehicle.recall_id.distinct()))
                                   .where(RecallVehicle.make_slug == make, RecallVehicle.model_slug.is_not(None))
                                   .group_by(RecallVehicle.model_slug)).all()
        return tuple(slug for slug, _ in sorted(rows, key=lambda row: (-row[1], row[0])))

    @_memoised
    def recall_titles(self, lang: str) -> tuple:
        """Every recall's ``(id, title)``: a recall asked for by its subject alone ("the seat belt chime recall")."""
        with Session(self._engine) as session:
            rows = session.execute(select(Recall.id, Recall.title_en, Recall.title_zh)).all()
        return tuple((rid, (zh if lang == "zh" and zh else en) or "") for rid, en, zh in rows)

    def catalogue(self) -> list[CatalogueEntry]:
        with Session(self._engine) as session:
            entries = []
            for make in session.scalars(select(Make)).all():
                entries.append(CatalogueEntry(make.slug, None, (make.slug, make.name_en, make.name_zh)))
                for model in make.models:
                    entries.append(CatalogueEntry(make.slug, model.slug, (model.slug, model.name_en, model.name_zh)))
            return entries

    @staticmethod
    def _release_fact(session: Session, row: Release, lang: str) -> ReleaseFact:
        remedies = session.scalars(select(ReleaseRemedy.recall_id).where(ReleaseRemedy.release_id == row.id)).all()
        changes = tuple((c.kind, c.text_zh if lang == "zh" and c.text_zh else c.text_en) for c in row.changes)
        return ReleaseFact(
            make=row.make_slug, version=row.version, title=localised_field(row, "title", lang), date=row.release_date,
            category=row.category, summary=localised_field(row, "summary", lang), changes=changes,
            remedies=tuple(sorted(remedies)),
        )
