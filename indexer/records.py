"""Validated, normalised records: what the loader hands to the database writer.

Plain dataclasses with no I/O, so that cross-record checks and the writer can be
tested without files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

Bilingual = dict[str, str]

# The remedy kinds, recall types, vehicle bases and change kinds a record may carry are portal.vocab's.
REPORT_DATE_BASES = ("press_report",)
TEXT_PARTS = ("summary", "consequence", "remedy", "notes")


@dataclass
class SourceRef:
    title: str
    url: str | None = None
    date: str | None = None


@dataclass
class VehicleSpec:
    """A model and the model years a record applies to (``years=None``: every year)."""

    model: str
    name: str
    years: list[int] | None = None
    make: str | None = None  # recalls only: a model of another make than the record's
    basis: str = "listed"  # recalls only: portal.vocab.VEHICLE_BASES
    origin: str | None = None  # SAMR: "imported" | "domestic" (China-built); None = either


@dataclass
class StatedVersion:
    """A remedy version a source states for a recall, on one software line (``line`` None: the make's only line)."""

    version: str
    source: SourceRef
    line: str | None = None
    models: list[str] = field(default_factory=list)  # empty: every model the recall lists
    match: str = "or_later"  # or_later | branch (only later point versions of the same branch)
    reliability: str = "high"  # high | medium, as the source compilation marks it
    note: Bilingual = field(default_factory=lambda: {"en": "", "zh": ""})


@dataclass
class SoftwareFact:
    """Something a source states about a recall's software: a defect version, a rollout date, another notice."""

    kind: str
    text: Bilingual
    source: SourceRef
    date: date | None = None
    reliability: str = "high"


@dataclass
class RelatedLink:
    """The same defect recalled elsewhere, and why the portal says so (editorial, sourced)."""

    other: str
    reason: Bilingual = field(default_factory=lambda: {"en": "", "zh": ""})
    basis: str = "same_defect"


@dataclass
class RecallRecord:
    id: str
    authority: str
    make: str
    manufacturer: str
    title: Bilingual
    market: str
    vehicles: list[VehicleSpec]
    text: dict[str, dict[str, str]]
    remedy_type: str
    remedy_type_basis: str
    sources: list[SourceRef]
    path: str
    component: str | None = None
    report_date: date | None = None
    announce_date: date | None = None
    report_month: str | None = None  # YYYY-MM when only the month of the report is known
    report_date_basis: str | None = None  # "press_report" when report_date is a press report's, not the notice's
    population: int | None = None
    production_from: date | None = None
    production_to: date | None = None
    remedy_available: bool = True
    remedy_kind: str | None = None
    recall_type: str = "vehicle"
    remedy_version: str | None = None
    affected_software: str | None = None
    park_it: bool = False
    park_outside: bool = False
    related: list[str] = field(default_factory=list)
    remedy_versions: list[StatedVersion] = field(default_factory=list)
    affected_ranges: list[str] = field(default_factory=list)
    software_facts: list[SoftwareFact] = field(default_factory=list)
    related_reasons: dict[str, RelatedLink] = field(default_factory=dict)
    explanation: Bilingual = field(default_factory=lambda: {"en": "", "zh": ""})
    body_en: str = ""
    body_zh: str = ""


@dataclass
class Change:
    kind: str
    en: str
    zh: str


@dataclass
class ReleaseRecord:
    make: str
    version: str
    title: Bilingual
    markets: list[str]
    models: list[VehicleSpec]
    point_versions: list[tuple[str, float | None]]
    category: str
    category_reason: str
    sources: list[SourceRef]
    path: str
    date: date | None = None
    date_estimated: bool = False
    filing_number: str | None = None
    remedies: list[str] = field(default_factory=list)
    mentions: list[str] = field(default_factory=list)  # recalls the notes mention (not proof of remedy)
    features: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)
    summary: Bilingual = field(default_factory=lambda: {"en": "", "zh": ""})
    body_en: str = ""
    body_zh: str = ""
    # Who read the category: "rules" (the importer's rules over the notes),
    # "editorial" (the portal's editors) or "recall" (a recall names this version).
    category_assigned: str = "rules"

    @property
    def key(self) -> tuple[str, str]:
        return (self.make, self.version)


@dataclass
class MakeRecord:
    slug: str
    en: str
    zh: str
    model_names_zh: dict[str, str] = field(default_factory=dict)


@dataclass
class FleetVehicle:
    vin: str
    make: str
    model: str
    model_year: int
    market: str
    production_date: date | None


@dataclass
class FleetInstall:
    vin: str
    version: str
    installed_at: date


@dataclass
class ContentBundle:
    makes: dict[str, MakeRecord]
    recalls: dict[str, RecallRecord]
    releases: dict[tuple[str, str], ReleaseRecord]
    vehicles: dict[str, FleetVehicle]
    installs: list[FleetInstall]
    warnings: list[str] = field(default_factory=list)
    ledger: list = field(default_factory=list)  # indexer.load_ledger.LedgerRow: what each source was queried for
