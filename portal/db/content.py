"""Content tables: recalls, releases, makes/models, the demo fleet.

Written only by ``indexer`` (one build = one fresh set of these tables), read by
the web process. Tables are declared in the logical schema ``content``; the
engine maps that name to the real place at connect time (the SQLite build file
itself, or a PostgreSQL schema that the build swaps in atomically).
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    Boolean,
    Date,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

CONTENT_SCHEMA = "content"


class ContentBase(DeclarativeBase):
    metadata = MetaData(schema=CONTENT_SCHEMA)


class BuildInfo(ContentBase):
    """Key/value facts about the build that wrote these rows (build id, schema version)."""

    __tablename__ = "build_info"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Make(ContentBase):
    __tablename__ = "makes"
    slug: Mapped[str] = mapped_column(String(64), primary_key=True)
    name_en: Mapped[str] = mapped_column(String(128))
    name_zh: Mapped[str] = mapped_column(String(128))
    models: Mapped[list[Model]] = relationship(back_populates="make", order_by="Model.slug")


class Model(ContentBase):
    __tablename__ = "models"
    __table_args__ = (UniqueConstraint("make_slug", "slug"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    make_slug: Mapped[str] = mapped_column(ForeignKey("makes.slug"), index=True)
    slug: Mapped[str] = mapped_column(String(128))
    name_en: Mapped[str] = mapped_column(String(128))
    name_zh: Mapped[str] = mapped_column(String(128))
    make: Mapped[Make] = relationship(back_populates="models")


class Recall(ContentBase):
    __tablename__ = "recalls"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    authority: Mapped[str] = mapped_column(String(16), index=True)  # NHTSA | SAMR
    make_slug: Mapped[str] = mapped_column(ForeignKey("makes.slug"), index=True)
    manufacturer: Mapped[str | None] = mapped_column(String(256))
    title_en: Mapped[str] = mapped_column(Text)
    title_zh: Mapped[str] = mapped_column(Text)
    component: Mapped[str | None] = mapped_column(Text)
    report_date: Mapped[date | None] = mapped_column(Date, index=True)
    announce_date: Mapped[date | None] = mapped_column(Date)
    report_month: Mapped[str | None] = mapped_column(String(7))  # YYYY-MM when the day was not published
    # "press_report": report_date is the first press report's date; the authority's own date was not published
    report_date_basis: Mapped[str | None] = mapped_column(String(16))
    market: Mapped[str] = mapped_column(String(8), index=True)  # US | CN
    population: Mapped[int | None] = mapped_column(Integer)
    production_from: Mapped[date | None] = mapped_column(Date)
    production_to: Mapped[date | None] = mapped_column(Date)
    remedy_type: Mapped[str] = mapped_column(String(16), index=True)  # ota | dealer | ota+dealer | other
    remedy_kind: Mapped[str | None] = mapped_column(String(32))  # remedy_type other: refund, repurchase, ...
    recall_type: Mapped[str] = mapped_column(String(16), default="vehicle")  # vehicle | equipment | tires | child_seat
    remedy_type_basis: Mapped[str] = mapped_column(Text)
    remedy_available: Mapped[bool] = mapped_column(Boolean, default=True)
    remedy_version: Mapped[str | None] = mapped_column(String(64))
    remedy_version_key: Mapped[str | None] = mapped_column(String(128))
    affected_software: Mapped[str | None] = mapped_column(String(128))
    park_it: Mapped[bool] = mapped_column(Boolean, default=False)
    park_outside: Mapped[bool] = mapped_column(Boolean, default=False)
    summary_en: Mapped[str] = mapped_column(Text, default="")
    summary_zh: Mapped[str] = mapped_column(Text, default="")
    consequence_en: Mapped[str] = mapped_column(Text, default="")
    consequence_zh: Mapped[str] = mapped_column(Text, default="")
    remedy_en: Mapped[str] = mapped_column(Text, default="")
    remedy_zh: Mapped[str] = mapped_column(Text, default="")
    notes_en: Mapped[str] = mapped_column(Text, default="")
    notes_zh: Mapped[str] = mapped_column(Text, default="")
    zh_is_own_words: Mapped[bool] = mapped_column(Boolean, default=False)
    body_en: Mapped[str] = mapped_column(Text, default="")  # sanitised HTML
    body_zh: Mapped[str] = mapped_column(Text, default="")
    source_file: Mapped[str] = mapped_column(String(512))

    vehicles: Mapped[list[RecallVehicle]] = relationship(
        back_populates="recall", order_by="(RecallVehicle.model_slug, RecallVehicle.year)"
    )


class RecallVehicle(ContentBase):
    """One (make, model, model year) a recall applies to, and where that comes from.

    ``basis`` is ``listed`` for the authority's own rows and ``notice_text`` for a
    model year or model that only the notice's text names; one row per basis.
    """

    __tablename__ = "recall_vehicles"
    __table_args__ = (Index("ix_recall_vehicles_lookup", "make_slug", "model_slug", "year"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    recall_id: Mapped[str] = mapped_column(ForeignKey("recalls.id"), index=True)
    make_slug: Mapped[str] = mapped_column(String(64))
    model_slug: Mapped[str] = mapped_column(String(128))
    year: Mapped[int | None] = mapped_column(Integer)  # None: every year of the model
    basis: Mapped[str] = mapped_column(String(16), default="listed")  # listed | notice_text
    # Where the listed cars were built, when the notice says (SAMR: imported | domestic); None = either.
    origin: Mapped[str | None] = mapped_column(String(16))
    recall: Mapped[Recall] = relationship(back_populates="vehicles")


class ImportLedger(ContentBase):
    """What one upstream source was queried for (``content/import_ledger.yaml``): a make, a model
    (None: every model) and a model-year range (None: every year), with the scope of the query.

    Coverage is "covered" only where a ``by_vehicle`` row names the car's make, model and year."""

    __tablename__ = "import_ledger"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    source: Mapped[str] = mapped_column(String(128))
    authority: Mapped[str] = mapped_column(String(16))
    scope: Mapped[str] = mapped_column(String(16))  # by_vehicle | filed_between | sample | ota_only
    make_slug: Mapped[str] = mapped_column(String(64), index=True)
    model_slug: Mapped[str | None] = mapped_column(String(128))
    year_from: Mapped[int | None] = mapped_column(Integer)
    year_to: Mapped[int | None] = mapped_column(Integer)
    queried: Mapped[date | None] = mapped_column(Date)
    filed_from: Mapped[date | None] = mapped_column(Date)
    filed_to: Mapped[date | None] = mapped_column(Date)


class RecallLink(ContentBase):
    """The same defect recalled in another jurisdiction (stored in both directions)."""

    __tablename__ = "recall_links"
    recall_id: Mapped[str] = mapped_column(ForeignKey("recalls.id"), primary_key=True)
    related_id: Mapped[str] = mapped_column(ForeignKey("recalls.id"), primary_key=True)
    basis: Mapped[str | None] = mapped_column(String(32))  # same_defect (editorial pair) | None (notice)
    reason_en: Mapped[str | None] = mapped_column(Text)
    reason_zh: Mapped[str | None] = mapped_column(Text)


class RecallRemedyVersion(ContentBase):
    """A remedy version a source states for a recall, on one software line, with that source."""

    __tablename__ = "recall_remedy_versions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    recall_id: Mapped[str] = mapped_column(ForeignKey("recalls.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    version: Mapped[str] = mapped_column(String(64))
    version_key: Mapped[str] = mapped_column(String(128))
    line: Mapped[str | None] = mapped_column(String(32))  # None: the make's only software line
    models: Mapped[str] = mapped_column(Text, default="")  # comma-separated slugs; empty: every model
    match: Mapped[str] = mapped_column(String(16), default="or_later")  # or_later | branch
    reliability: Mapped[str] = mapped_column(String(16), default="high")  # high | medium
    note_en: Mapped[str] = mapped_column(Text, default="")
    note_zh: Mapped[str] = mapped_column(Text, default="")
    source_title: Mapped[str] = mapped_column(Text)
    source_url: Mapped[str | None] = mapped_column(Text)
    source_date: Mapped[str | None] = mapped_column(Text)


class RecallSoftwareFact(ContentBase):
    """What a source states about a recall's software besides the remedy: defect versions, rollout dates."""

    __tablename__ = "recall_software_facts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    recall_id: Mapped[str] = mapped_column(ForeignKey("recalls.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(32))
    fact_date: Mapped[date | None] = mapped_column(Date)
    text_en: Mapped[str] = mapped_column(Text)
    text_zh: Mapped[str] = mapped_column(Text)
    reliability: Mapped[str] = mapped_column(String(16), default="high")
    source_title: Mapped[str] = mapped_column(Text)
    source_url: Mapped[str | None] = mapped_column(Text)
    source_date: Mapped[str | None] = mapped_column(Text)


class RecallAffectedRange(ContentBase):
    """A stated range of affected software (a recall may state several, e.g. two branches)."""

    __tablename__ = "recall_affected_ranges"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    recall_id: Mapped[str] = mapped_column(ForeignKey("recalls.id"), index=True)
    version_range: Mapped[str] = mapped_column(String(128))


class Release(ContentBase):
    """An OTA software release (a maker's release family, e.g. Tesla ``2023.44``)."""

    __tablename__ = "releases"
    __table_args__ = (UniqueConstraint("make_slug", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    make_slug: Mapped[str] = mapped_column(ForeignKey("makes.slug"), index=True)
    version: Mapped[str] = mapped_column(String(64))
    version_key: Mapped[str] = mapped_column(String(128), index=True)
    title_en: Mapped[str] = mapped_column(Text)
    title_zh: Mapped[str] = mapped_column(Text)
    release_date: Mapped[date | None] = mapped_column(Date, index=True)
    date_estimated: Mapped[bool] = mapped_column(Boolean, default=False)
    markets: Mapped[str] = mapped_column(Text, default="")  # comma-separated country codes
    category: Mapped[str] = mapped_column(String(32), index=True)
    category_reason: Mapped[str] = mapped_column(Text)
    # rules | editorial | recall: how the portal assigned the category (no maker publishes it)
    category_assigned: Mapped[str] = mapped_column(String(16), default="rules")
    filing_number: Mapped[str | None] = mapped_column(String(64))
    summary_en: Mapped[str] = mapped_column(Text, default="")
    summary_zh: Mapped[str] = mapped_column(Text, default="")
    body_en: Mapped[str] = mapped_column(Text, default="")
    body_zh: Mapped[str] = mapped_column(Text, default="")
    source_file: Mapped[str] = mapped_column(String(512))

    versions: Mapped[list[ReleaseVersion]] = relationship(
        back_populates="release", order_by="ReleaseVersion.version_key"
    )
    changes: Mapped[list[ReleaseChange]] = relationship(order_by="ReleaseChange.position")
    features: Mapped[list[ReleaseFeature]] = relationship(order_by="ReleaseFeature.position")
    models: Mapped[list[ReleaseModel]] = relationship(order_by="(ReleaseModel.model_slug, ReleaseModel.year)")


class ReleaseVersion(ContentBase):
    """A point version a car actually installs (``2023.44.30.14``), belonging to one release."""

    __tablename__ = "release_versions"
    __table_args__ = (UniqueConstraint("make_slug", "version"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    release_id: Mapped[int] = mapped_column(ForeignKey("releases.id"), index=True)
    make_slug: Mapped[str] = mapped_column(String(64))
    version: Mapped[str] = mapped_column(String(64))
    version_key: Mapped[str] = mapped_column(String(128), index=True)
    fleet_share_pct: Mapped[float | None] = mapped_column(Float)
    release: Mapped[Release] = relationship(back_populates="versions")


class ReleaseModel(ContentBase):
    __tablename__ = "release_models"
    __table_args__ = (Index("ix_release_models_lookup", "make_slug", "model_slug", "year"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    release_id: Mapped[int] = mapped_column(ForeignKey("releases.id"), index=True)
    make_slug: Mapped[str] = mapped_column(String(64))
    model_slug: Mapped[str] = mapped_column(String(128))
    year: Mapped[int | None] = mapped_column(Integer)  # None: every model year


class ReleaseChange(ContentBase):
    """One change a release made, in the portal's own words."""

    __tablename__ = "release_changes"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    release_id: Mapped[int] = mapped_column(ForeignKey("releases.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))  # added|improved|fixed|removed|restricted|paywalled
    text_en: Mapped[str] = mapped_column(Text)
    text_zh: Mapped[str] = mapped_column(Text)


class ReleaseFeature(ContentBase):
    """A feature name as the maker's release note titled it (linked to the note, not copied)."""

    __tablename__ = "release_features"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    release_id: Mapped[int] = mapped_column(ForeignKey("releases.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(Text)


class ReleaseRemedy(ContentBase):
    """Release X remedies recall Y (one row; both directions are read from it)."""

    __tablename__ = "release_remedies"
    # Looked up by recall on every VIN lookup (which release remedies this recall?).
    __table_args__ = (Index("ix_release_remedies_recall", "recall_id"),)
    release_id: Mapped[int] = mapped_column(ForeignKey("releases.id"), primary_key=True)
    recall_id: Mapped[str] = mapped_column(ForeignKey("recalls.id"), primary_key=True)


class ReleaseMention(ContentBase):
    """Release X's notes mention recall Y: shown as a mention, never taken as proof of a remedy."""

    __tablename__ = "release_mentions"
    __table_args__ = (Index("ix_release_mentions_recall", "recall_id"),)
    release_id: Mapped[int] = mapped_column(ForeignKey("releases.id"), primary_key=True)
    recall_id: Mapped[str] = mapped_column(ForeignKey("recalls.id"), primary_key=True)


class Source(ContentBase):
    """Where a fact comes from; shown as a citation wherever the fact is shown."""

    __tablename__ = "sources"
    __table_args__ = (Index("ix_sources_owner", "owner_type", "owner_id"),)
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    owner_type: Mapped[str] = mapped_column(String(16))  # recall | release
    owner_id: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)
    date: Mapped[str | None] = mapped_column(Text)


class Vehicle(ContentBase):
    """A fleet record (the shipped demo fleet is synthetic and flagged ``demo``)."""

    __tablename__ = "vehicles"
    vin: Mapped[str] = mapped_column(String(17), primary_key=True)
    make_slug: Mapped[str] = mapped_column(String(64))
    model_slug: Mapped[str] = mapped_column(String(128))
    model_year: Mapped[int] = mapped_column(Integer)
    market: Mapped[str] = mapped_column(String(8))
    production_date: Mapped[date | None] = mapped_column(Date)
    demo: Mapped[bool] = mapped_column(Boolean, default=True)
    installs: Mapped[list[Install]] = relationship(order_by="Install.installed_at")


class Install(ContentBase):
    """One software install on a fleet vehicle."""

    __tablename__ = "installs"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    vin: Mapped[str] = mapped_column(ForeignKey("vehicles.vin"), index=True)
    version: Mapped[str] = mapped_column(String(64))
    version_key: Mapped[str] = mapped_column(String(128))
    installed_at: Mapped[date] = mapped_column(Date)
