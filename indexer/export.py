"""Bulk downloads per build: CSV and JSON of the joined data, described by a Frictionless data package.

NHTSA publishes its own file; what no other source has is the portal's joins
(which release remedies which recall, the remedy versions sources state, the
same defect across authorities). Each build writes them into ``data/`` beside
its database, so a download always matches the pages it was built with, and
the web process serves them as static files.

Rows are streamed from the freshly written database (``yield_per``) straight
into the files, and the checksums are computed while writing, so memory stays
flat however many campaigns the build holds. ``datapackage.json`` gives every
field's type and description and every file's ``bytes`` and ``hash``
(sha256), so a download can be checked with any Frictionless validator.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.engine import Engine

from portal.db import content as db

EXPORT_DIR = "data"
PACKAGE_FILE = "datapackage.json"
_BATCH = 2000


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # Frictionless table schema type: string, integer, number, boolean, date
    description: str
    column: object


@dataclass(frozen=True)
class Resource:
    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    joins: tuple = ()
    order_by: tuple = ()


R, V, L, RV, RR, REL = db.Recall, db.RecallVehicle, db.RecallLink, db.RecallRemedyVersion, db.ReleaseRemedy, db.Release

RESOURCES = (
    Resource("recalls", "Recalls", "One row per recall (NHTSA campaign or SAMR recall), with the portal's structured facts.", (
        Field("id", "string", "Recall id: NHTSA campaign number (24V051000) or the portal's SAMR id", R.id),
        Field("authority", "string", "NHTSA or SAMR", R.authority),
        Field("make", "string", "Make slug (tesla, ford, …)", R.make_slug),
        Field("manufacturer", "string", "The company that filed the recall", R.manufacturer),
        Field("title_en", "string", "Title in English", R.title_en),
        Field("title_zh", "string", "Title in Simplified Chinese", R.title_zh),
        Field("component", "string", "The authority's component description", R.component),
        Field("report_date", "date", "Date the authority received the report (NHTSA) or announced the recall (SAMR)", R.report_date),
        Field("report_month", "string", "YYYY-MM when only the month was published", R.report_month),
        Field("announce_date", "date", "SAMR: the day the remedy starts", R.announce_date),
        Field("market", "string", "US or CN", R.market),
        Field("recall_type", "string", "vehicle, equipment, tires or child_seat", R.recall_type),
        Field("population", "integer", "Vehicles the authority lists as potentially affected", R.population),
        Field("production_from", "date", "First production date stated", R.production_from),
        Field("production_to", "date", "Last production date stated", R.production_to),
        Field("remedy_type", "string", "ota, dealer, ota+dealer or other", R.remedy_type),
        Field("remedy_kind", "string", "For remedy_type other: refund, repurchase, labels_or_manual, …", R.remedy_kind),
        Field("remedy_type_basis", "string", "Why the remedy type was given", R.remedy_type_basis),
        Field("remedy_available", "boolean", "false while the authority's text says the remedy is still being developed", R.remedy_available),
        Field("remedy_version", "string", "The software version the notice names as the remedy", R.remedy_version),
        Field("affected_software", "string", "Range of affected software versions, where stated", R.affected_software),
        Field("park_it", "boolean", "NHTSA's park-it advisory (do not drive)", R.park_it),
        Field("park_outside", "boolean", "NHTSA's park-outside advisory (fire risk)", R.park_outside),
        Field("summary_en", "string", "The authority's defect summary (NHTSA text is US public domain)", R.summary_en),
        Field("consequence_en", "string", "The authority's consequence text", R.consequence_en),
        Field("remedy_en", "string", "The authority's remedy text", R.remedy_en),
    ), ("id",), order_by=(R.id,)),
    Resource("recall_vehicles", "Vehicles per recall", "One row per recall, make, model and model year (empty year: every year).", (
        Field("recall_id", "string", "Recall id (recalls.id)", V.recall_id),
        Field("make", "string", "Make slug", V.make_slug),
        Field("model", "string", "Model slug", V.model_slug),
        Field("year", "integer", "Model year; empty for every year of the model", V.year),
        Field("basis", "string", "listed (the authority's rows) or notice_text (named only in the notice's text)", V.basis),
        Field("origin", "string", "SAMR: imported or domestic, where the notice says", V.origin),
    ), (), order_by=(V.recall_id, V.make_slug, V.model_slug, V.year, V.basis)),
    Resource("releases", "Software releases", "One row per OTA release (family) as the maker names it.", (
        Field("make", "string", "Make slug", REL.make_slug),
        Field("version", "string", "Release version as the maker names it", REL.version),
        Field("title_en", "string", "Title in English", REL.title_en),
        Field("title_zh", "string", "Title in Simplified Chinese", REL.title_zh),
        Field("release_date", "date", "First public release date", REL.release_date),
        Field("date_estimated", "boolean", "true when the date is derived from the version number or a month", REL.date_estimated),
        Field("markets", "string", "Comma-separated market codes", REL.markets),
        Field("category", "string", "MIIT/SAMR category as the portal reads the notes", REL.category),
        Field("category_reason", "string", "Why that category", REL.category_reason),
        Field("filing_number", "string", "Filing number, where published", REL.filing_number),
        Field("summary_en", "string", "The portal's own-words summary in English", REL.summary_en),
        Field("summary_zh", "string", "The portal's own-words summary in Simplified Chinese", REL.summary_zh),
    ), ("make", "version"), order_by=(REL.make_slug, REL.version_key)),
    Resource("release_remedies", "Which release remedies which recall", "One row per (release, recall) the sources link as remedy.", (
        Field("make", "string", "Make slug of the release", REL.make_slug),
        Field("version", "string", "Release version (releases.version)", REL.version),
        Field("recall_id", "string", "Recall id (recalls.id)", RR.recall_id),
    ), ("make", "version", "recall_id"), joins=((REL, RR.release_id == REL.id),),
        order_by=(REL.make_slug, REL.version_key, RR.recall_id)),
    Resource("remedy_versions", "Remedy versions", "Software versions a cited source states as a recall's remedy, per software line.", (
        Field("recall_id", "string", "Recall id (recalls.id)", RV.recall_id),
        Field("position", "integer", "Order within the recall (the notice's own version first)", RV.position),
        Field("version", "string", "The remedy version", RV.version),
        Field("line", "string", "The maker's software line, where it has several", RV.line),
        Field("models", "string", "Comma-separated model slugs the version is stated for; empty: every model", RV.models),
        Field("match", "string", "or_later or branch", RV.match),
        Field("reliability", "string", "high (authority or maker) or medium (fan sites)", RV.reliability),
        Field("source_title", "string", "The source that states it", RV.source_title),
        Field("source_url", "string", "Its address", RV.source_url),
        Field("source_date", "string", "Its date as printed", RV.source_date),
    ), ("recall_id", "position"), order_by=(RV.recall_id, RV.position)),
    Resource("related_recalls", "Related recalls", "The same defect recalled by another authority (both directions).", (
        Field("recall_id", "string", "Recall id (recalls.id)", L.recall_id),
        Field("related_id", "string", "The related recall's id (recalls.id)", L.related_id),
        Field("basis", "string", "same_defect (editorial pair) or empty (named in the notice)", L.basis),
        Field("reason_en", "string", "Why they are the same defect, in English", L.reason_en),
        Field("reason_zh", "string", "Why they are the same defect, in Simplified Chinese", L.reason_zh),
    ), ("recall_id", "related_id"), order_by=(L.recall_id, L.related_id)),
)


class _HashingWriter(io.RawIOBase):
    """A binary file that counts and hashes what passes through it."""

    def __init__(self, handle):
        self.handle, self.digest, self.size = handle, hashlib.sha256(), 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.digest.update(data)
        self.size += len(data)
        return self.handle.write(data)


def write_exports(engine: Engine, folder: Path, build_id: str, built_at: str, sources: list[dict],
                  progress=None) -> dict:
    """Write every resource as CSV and JSON plus ``datapackage.json`` into ``folder``; returns the package."""
    folder.mkdir(parents=True, exist_ok=True)
    described = []
    with engine.connect() as connection:
        for resource in RESOURCES:
            statement = select(*(f.column for f in resource.fields))
            for target, on in resource.joins:
                statement = statement.join(target, on)
            statement = statement.order_by(*resource.order_by)
            csv_meta, json_meta, rows = _write_resource(connection, statement, resource, folder)
            described.extend(_describe(resource, csv_meta, json_meta))
            if progress:
                progress(f"export {resource.name}", rows, rows)
    package = {
        "profile": "data-package",
        "name": "ota-transparency-portal",
        "id": build_id,
        "title": "OTA Transparency Portal: recalls, OTA releases and the links between them",
        "description": "Every recall and OTA software release the portal holds, which release remedies which recall, "
                       "the remedy versions sources state, and the same defect across authorities. One package per build.",
        "created": built_at,
        "licenses": [{"name": "ODC-By-1.0", "title": "Open Data Commons Attribution License (attribute each source below)",
                      "path": "https://opendatacommons.org/licenses/by/1-0/"}],
        "sources": [{"title": s["name"] + (f": {s['title']['en']}" if isinstance(s.get("title"), dict) else ""),
                     "path": s.get("link") or s.get("url") or ""} for s in sources],
        "resources": described,
    }
    (folder / PACKAGE_FILE).write_text(json.dumps(package, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return package


def _write_resource(connection, statement, resource: Resource, folder: Path):
    names = [f.name for f in resource.fields]
    csv_path, json_path = folder / f"{resource.name}.csv", folder / f"{resource.name}.json"
    rows = 0
    with open(csv_path, "wb") as csv_raw, open(json_path, "wb") as json_raw:
        csv_hash, json_hash = _HashingWriter(csv_raw), _HashingWriter(json_raw)
        csv_text = io.TextIOWrapper(io.BufferedWriter(csv_hash, 1 << 16), encoding="utf-8", newline="")
        json_text = io.TextIOWrapper(io.BufferedWriter(json_hash, 1 << 16), encoding="utf-8")
        writer = csv.writer(csv_text, lineterminator="\n")
        writer.writerow(names)
        json_text.write("[")
        result = connection.execution_options(yield_per=_BATCH, stream_results=True).execute(statement)
        for row in result:
            values = [_plain(value) for value in row]
            writer.writerow(["" if v is None else ("true" if v is True else "false" if v is False else v) for v in values])
            json_text.write(("\n" if rows == 0 else ",\n") + json.dumps(dict(zip(names, values)), ensure_ascii=False))
            rows += 1
        json_text.write("\n]\n")
        csv_text.flush()
        json_text.flush()
        csv_text.detach().flush()
        json_text.detach().flush()
    return ({"path": csv_path.name, "bytes": csv_hash.size, "sha256": csv_hash.digest.hexdigest()},
            {"path": json_path.name, "bytes": json_hash.size, "sha256": json_hash.digest.hexdigest()}, rows)


def _plain(value):
    if isinstance(value, date):
        return value.isoformat()
    return value


def _describe(resource: Resource, csv_meta: dict, json_meta: dict) -> list[dict]:
    schema = {"fields": [{"name": f.name, "type": f.type, "description": f.description} for f in resource.fields]}
    if resource.primary_key:
        schema["primaryKey"] = list(resource.primary_key)
    common = {"title": resource.title, "description": resource.description, "encoding": "utf-8", "schema": schema}
    return [
        {"name": resource.name, "path": csv_meta["path"], "profile": "tabular-data-resource", "format": "csv",
         "mediatype": "text/csv", "bytes": csv_meta["bytes"], "hash": f"sha256:{csv_meta['sha256']}", **common},
        # The same rows as a JSON array of objects; described as a plain data resource (its fields are
        # the CSV's), which Frictionless checks by bytes and hash without loading it as a table.
        {"name": f"{resource.name}-json", "path": json_meta["path"], "profile": "data-resource", "format": "json",
         "mediatype": "application/json", "bytes": json_meta["bytes"], "hash": f"sha256:{json_meta['sha256']}",
         "title": f"{resource.title} (JSON)",
         "description": f"The rows of {csv_meta['path']} as a JSON array of objects with the same fields "
                        f"({', '.join(f.name for f in resource.fields)})."},
    ]
