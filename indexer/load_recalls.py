"""Turn one recall content file (plus its editorial file, if any) into a RecallRecord."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from indexer.frontmatter import Document
from indexer.load_common import read_sources, read_vehicles
from indexer.records import REPORT_DATE_BASES, TEXT_PARTS, RecallRecord
from indexer.validation import NHTSA_RECALL_TYPES, ContentError, FieldReader
from portal.vocab import AUTHORITIES, AUTHORITY_CODES, RECALL_TYPES, REMEDY_KINDS, REMEDY_TYPES

RECALL_FIELDS = (
    "id", "authority", "recall_type", "make", "manufacturer", "title", "component", "report_date", "announce_date",
    "report_month", "report_date_basis", "market", "population", "vehicles", "production", "text", "remedy_type", "remedy_kind",
    "remedy_type_basis",
    "remedy_available", "remedy_version", "affected_software", "park_it", "park_outside", "related",
    "sources",
)
EDITORIAL_RECALL_FIELDS = ("title", "explanation", "related", "remedy_version", "affected_software")
_MONTH_RE = re.compile(r"^\d{4}-(0[1-9]|1[0-2])$")
_ID_PATTERNS = {code: re.compile(f"^(?:{a.id_pattern})$") for code, a in AUTHORITIES.items()}


def read_recall(path: Path, doc: Document, folder_authority: str, errors: list[ContentError]) -> RecallRecord | None:
    before = len(errors)
    reader = FieldReader(str(path), doc.meta, errors)
    recall_id = reader.text("id")
    authority = reader.choice("authority", AUTHORITY_CODES)
    if authority and authority.lower() != folder_authority:
        reader.error("authority", f"is {authority} but the file is in recalls/{folder_authority}/")
    if recall_id and authority and not _ID_PATTERNS[authority].match(recall_id):
        reader.error("id", f"is not a valid {authority} recall id (got {recall_id!r})")
    if recall_id and path.stem != recall_id:
        reader.error("id", f"must match the file name {path.stem!r} (got {recall_id!r})")
    production = doc.meta.get("production") or {}
    prod = reader.child("production", production if isinstance(production, dict) else {})
    record = RecallRecord(
        id=recall_id,
        authority=authority or "",
        make=reader.slug("make") or "",
        manufacturer=reader.text("manufacturer", required=False),
        title=reader.bilingual("title"),
        market=reader.market("market") or "",
        vehicles=read_vehicles(reader, "vehicles", recall=True),
        text=_read_text(reader),
        remedy_type=reader.choice("remedy_type", REMEDY_TYPES) or "",
        remedy_type_basis=reader.text("remedy_type_basis"),
        sources=read_sources(reader),
        path=str(path),
        component=reader.text("component", required=False) or None,
        report_date=reader.date("report_date"),
        announce_date=reader.date("announce_date"),
        report_month=_month(reader),
        report_date_basis=reader.choice("report_date_basis", REPORT_DATE_BASES, required=False),
        population=reader.integer("population"),
        production_from=prod.date("from"),
        production_to=prod.date("to"),
        remedy_available=reader.boolean("remedy_available", default=True),
        remedy_kind=reader.choice("remedy_kind", REMEDY_KINDS, required=False),
        recall_type=reader.choice("recall_type", RECALL_TYPES, required=False) or "vehicle",
        remedy_version=reader.version("remedy_version"),
        affected_software=reader.version_range("affected_software"),
        park_it=reader.boolean("park_it"),
        park_outside=reader.boolean("park_outside"),
        related=[str(r) for r in reader.list_of("related")],
        body_en=doc.body_en,
        body_zh=doc.body_zh,
    )
    expected_type = NHTSA_RECALL_TYPES.get(recall_id[2:3]) if authority == "NHTSA" and recall_id else None
    if expected_type and record.recall_type != expected_type:
        reader.error("recall_type", f"must be {expected_type} for NHTSA id {recall_id} (got {record.recall_type!r})")
    if record.remedy_type == "other" and record.remedy_kind is None:
        reader.error("remedy_kind", f"is required when remedy_type is other: one of {', '.join(REMEDY_KINDS)}")
    if record.remedy_kind and record.remedy_type != "other":
        reader.error("remedy_kind", f"is only for remedy_type other (remedy_type is {record.remedy_type!r})")
    _check_vehicle_bases(reader, record)
    if record.production_from and record.production_to and record.production_from > record.production_to:
        reader.error("production", "'from' is after 'to'")
    reader.unknown_fields(RECALL_FIELDS)
    return record if len(errors) == before else None


def _check_vehicle_bases(reader: FieldReader, record: RecallRecord) -> None:
    """Each (make, model, year) has one basis: a notice_text year is one the listed rows lack."""
    seen: dict[tuple[str, str, int | None], str] = {}
    for spec in record.vehicles:
        for year in spec.years if spec.years is not None else [None]:
            key = (spec.make or record.make, spec.model, year)
            if key in seen:
                reader.error("vehicles", f"{spec.model} {year or 'every year'} is listed twice ({seen[key]}, {spec.basis})")
            seen[key] = spec.basis


def _month(reader: FieldReader) -> str | None:
    """``report_month`` (YYYY-MM): the month of the report when its day was not published."""
    value = reader.text("report_month", required=False) or None
    if value and not _MONTH_RE.match(value):
        reader.error("report_month", f"must be YYYY-MM (got {value!r})")
        return None
    if value and reader.data.get("report_date"):
        reader.error("report_month", "is only for a recall whose report_date is unknown")
    return value


def _read_text(reader: FieldReader) -> dict[str, dict[str, str]]:
    raw = reader.data.get("text")
    if not isinstance(raw, dict):
        reader.error("text", "is required: a mapping with 'en' and 'zh' parts")
        return {lang: dict.fromkeys(TEXT_PARTS, "") for lang in ("en", "zh")}
    text = {}
    for lang in ("en", "zh"):
        part = raw.get(lang)
        sub = reader.child(f"text.{lang}", part if isinstance(part, dict) else {})
        if not isinstance(part, dict):
            sub.error(None, "is required: a mapping of summary, consequence, remedy, notes")
        text[lang] = {name: sub.text(name, required=False) for name in TEXT_PARTS}
        if isinstance(part, dict):
            if not text[lang]["summary"]:
                sub.error("summary", "is required")
            sub.unknown_fields(TEXT_PARTS)
    return text


def apply_recall_editorial(record: RecallRecord, path: Path, data: Any, errors: list[ContentError]) -> None:
    """Merge hand-written, own-words text onto an imported recall."""
    if not isinstance(data, dict):
        errors.append(ContentError(str(path), None, "must be a YAML mapping"))
        return
    reader = FieldReader(str(path), data, errors)
    if "title" in data:
        record.title = reader.bilingual("title")
    if "explanation" in data:
        record.explanation = reader.bilingual("explanation")
    record.related = sorted(set(record.related) | {str(r) for r in reader.list_of("related")})
    record.remedy_version = reader.version("remedy_version") or record.remedy_version
    record.affected_software = reader.version_range("affected_software") or record.affected_software
    reader.unknown_fields(EDITORIAL_RECALL_FIELDS)
