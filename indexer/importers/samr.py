"""``ota-portal import samr FILE``: the SAMR OTA recall fact sheet into ``content/recalls/samr/``.

China's regulator publishes no machine-readable recall feed; the project keeps
a fact sheet (``recalls.json``) compiled from public reports of SAMR notices,
one record per recall number, each with the pages it rests on. This importer
checks every record, turns it into a recall content file and writes all of
them or none. Text is generated from the fields (:mod:`samr_text`), never
copied from the fact sheet's sentences.

A record is linked to an NHTSA campaign only where its own notes or source
notes say it is the same defect: either by naming the campaign number, or by
naming the US recall in words that match exactly one campaign
(:data:`NHTSA_COUNTERPARTS`).
"""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from indexer.frontmatter import Document, render
from indexer.importers import samr_additions, samr_text
from indexer.importers.common import ImportFileError, ImportReport, in_preview, write_all
from indexer.importers.releases import load_make_names
from indexer.importers.releases_common import line_of, nhtsa_ids_in_text, without_aliases
from indexer.importers.samr_vehicles import make_of, target_versions, vehicles_for
from portal import vocab

REMEDY_TYPES = tuple(t for t in vocab.REMEDY_TYPES if t != "other")  # a SAMR notice always names a repair
RECALL_NUMBER = re.compile(r"^[SE]\d{4}[MT]\d{4}[VIO]$")
# Phrases in a record's notes that name a US recall without its number. Tesla's
# only Autosteer campaign of late 2023 in NHTSA's data is 23V838000.
NHTSA_COUNTERPARTS = {"late-2023 US Autopilot/Autosteer recall": "23V838000"}
_DATE_FIELDS = ("production_start", "production_end", "announced", "remedy_start")


def import_samr(source: str, content_dir: Path) -> ImportReport:
    content_dir = Path(content_dir)
    try:
        text = Path(source).read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ImportFileError(source, "file not found") from None
    except UnicodeDecodeError:
        raise ImportFileError(source, "file is not UTF-8 text") from None
    additions = [(path, samr_additions.load(path)) for path in samr_additions.additions_beside(Path(source))]
    documents = parse_samr(text, source, load_make_names(content_dir), additions)
    folder = content_dir / "recalls" / "samr"
    report = write_all({folder / f"{doc.meta['id']}.md": render(doc) for doc in documents})
    _remove_stale(folder, {doc.meta["id"] for doc in documents})
    return report


def _remove_stale(folder: Path, ids: set[str]) -> None:
    # The folder holds only this importer's output: a record whose key changed
    # (dated by a later compilation) must not survive under its old key.
    if in_preview():
        return
    for path in folder.glob("*.md"):
        if path.stem not in ids:
            path.unlink()


def parse_samr(text: str, source: str, make_names: dict[str, dict[str, str]],
               additions: list[tuple[Path, dict]] = ()) -> list[Document]:
    try:
        records = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ImportFileError(source, f"not valid JSON: {exc.msg}", exc.lineno) from None
    if not isinstance(records, list) or not records:
        raise ImportFileError(source, "expected a non-empty JSON list of recall records", 1)
    for path, data in additions:
        records = samr_additions.apply(records, data, path)
    documents: list[Document] = []
    seen: set[str] = set()
    added_in = {id(r): path for path, data in additions for r in samr_additions.new_records(records, data)}
    for record in records:
        key = record.get("id") if isinstance(record, dict) else None
        line = line_of(text, f'"id": "{key}"', 1) if isinstance(key, str) else 1
        where = source
        if id(record) in added_in:  # an error in an additions record names that file and line
            where = str(added_in[id(record)])
            line = line_of(added_in[id(record)].read_text(encoding="utf-8"), f"id: {key}", 1)
        try:
            doc = to_document(record, make_names)
        except (KeyError, TypeError, ValueError) as exc:
            message = f"missing field {exc}" if isinstance(exc, KeyError) else str(exc)
            raise ImportFileError(where, f"record {key!r}: {message}", line) from None
        if doc.meta["id"] in seen:
            raise ImportFileError(where, f"record {key!r}: id {doc.meta['id']} is used twice", line)
        seen.add(doc.meta["id"])
        documents.append(doc)
    return documents


def recall_id(record: dict) -> str:
    numbers = record["recall_numbers"]
    if not isinstance(numbers, list) or len(numbers) > 1:
        raise ValueError("recall_numbers must be a list of at most one number (split campaigns are separate records)")
    if numbers:
        if not RECALL_NUMBER.match(numbers[0]):
            raise ValueError(f"recall number {numbers[0]!r} is not in GB/T 39061 form (e.g. S2025M0149I)")
        return numbers[0]
    if not re.match(r"^cn-[a-z0-9-]+$", record["id"]):
        raise ValueError("id must be a stable key like cn-2023-05-tesla-regen-braking")
    return record["id"]


def related_ids(record: dict) -> list[str]:
    said = " ".join([record.get("notes") or ""] + [s.get("note") or "" for s in record["sources"]])
    found = nhtsa_ids_in_text(said)
    found += [campaign for phrase, campaign in NHTSA_COUNTERPARTS.items() if phrase in said]
    return sorted(set(found))


def sources_of(record: dict) -> list[dict[str, Any]]:
    sources = record["sources"]
    if not isinstance(sources, list) or not sources or not all(isinstance(s, dict) and s.get("url") for s in sources):
        raise ValueError("sources must be a non-empty list of {url, date_stated, date_iso, note}")
    out = []
    for s in sources:
        host = urlparse(s["url"]).hostname or s["url"]
        # The fact sheet's note says what the page supports; the host says whose page it is.
        title = f"{host}: {s['note']}" if s.get("note") else host
        if not s.get("date_iso") and s.get("date_stated"):
            # Not a clean article date (a URL path, a crawl stamp): kept as the page shows it.
            title = f"{title} (page date: {s['date_stated']})"
        out.append({"title": title, "url": s["url"], "date": _date(s.get("date_iso"), "date_iso")})
    return out


def _date(value: Any, field: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValueError(f"{field} {value!r} is not an ISO date") from None


def _month(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, str) or not re.match(r"^\d{4}-(0[1-9]|1[0-2])$", value):
        raise ValueError(f"announced_month {value!r} is not YYYY-MM")
    return value


BASIS_NOTICE = "SAMR notice"
BASIS_REPRINTS = "foreign-language press reprints only; the Chinese notice text read does not name the channel"
# The fact sheet says so in its notes: "remedy_type 'ota' rests on the Russian/English reprints; the
# Chinese excerpt read does not name the delivery method."
_REPRINTS_RE = re.compile(r"remedy_type '[\w+]+' rests on the [\w/ -]*reprints", re.IGNORECASE)


# The fact sheet marks an ``announced`` date taken from the press: "'announced' is the date of the first
# media report", "'announced' = date of first reports", "taken from the 2023-05-12 news reprint", and on an
# additions record "date of the first report found, not the SAMR posting date".
_PRESS_DATE_RE = re.compile(
    r"'announced' (?:is|=) (?:the )?date of (?:the )?first (?:media )?reports?|announcement date taken from the [\d-]+ news"
    r"|date of the first report found",
    re.IGNORECASE,
)


def report_date_basis(record: dict) -> str | None:
    """``press_report`` when the fact sheet says the announced date is a press report's; None otherwise."""
    if not record.get("announced"):
        return None
    said = " ".join(str(record.get(key) or "") for key in ("notes", "announced_note"))
    return "press_report" if _PRESS_DATE_RE.search(said) else None


def remedy_basis(record: dict) -> str:
    """What the remedy type rests on: the notice, or (where the fact sheet says so) reprints only."""
    return BASIS_REPRINTS if _REPRINTS_RE.search(record.get("notes") or "") else BASIS_NOTICE


def to_document(record: dict, make_names: dict[str, dict[str, str]]) -> Document:
    if not isinstance(record, dict):
        raise ValueError("each record must be a JSON object")
    dates = {f: _date(record.get(f), f) for f in _DATE_FIELDS}
    make = make_of(record["brand"])
    if make not in make_names:
        raise ValueError(f"brand {record['brand']!r} maps to make {make!r}, which is not in makes.yaml")
    if record["remedy_type"] not in REMEDY_TYPES:
        raise ValueError(f"remedy_type must be one of {', '.join(REMEDY_TYPES)}")
    population = record.get("vehicles")
    if population is not None and (isinstance(population, bool) or not isinstance(population, int)):
        raise ValueError("vehicles must be a whole number")
    vehicles, other_models = vehicles_for(record["models"], make)
    if not vehicles:
        raise ValueError(f"no model of make {make} in models")
    versions = target_versions(record.get("ota_target_version"))
    names = make_names[make]
    brand = (record["brand"], "、".join(
        make_names.get(make_of(part.strip()), {}).get("zh", part.strip()) for part in record["brand"].split("/")
    ))
    notes = samr_text.notes(record, versions, other_models, (names["en"], names["zh"]))
    production = None
    if dates["production_start"] or dates["production_end"]:
        production = {"from": dates["production_start"], "to": dates["production_end"]}
    meta = {
        "id": recall_id(record),
        "authority": "SAMR",
        "make": make,
        "manufacturer": record.get("company_en") or record.get("company_zh") or record["brand"],
        "title": samr_text.title(record, brand, vehicles),
        "component": None,
        "report_date": dates["announced"],
        "report_month": _month(record.get("announced_month")) if not dates["announced"] else None,
        "report_date_basis": report_date_basis(record),
        "announce_date": dates["remedy_start"],
        "market": "CN",
        "population": population,
        "vehicles": vehicles,
        "production": production,
        "text": samr_text.text(record, brand, vehicles, notes),
        "remedy_type": record["remedy_type"],
        "remedy_type_basis": remedy_basis(record),
        "remedy_available": True,
        "remedy_version": versions[0] if versions else None,
        "affected_software": None,
        "park_it": False,
        "park_outside": False,
        "related": related_ids(record),
        "sources": sources_of(record),
    }
    return Document(without_aliases(meta))
