"""``ota-portal import nhtsa FILE-or-URL``: NHTSA campaigns into ``content/recalls/nhtsa/``.

The steps are kept apart so each can be tested on real data: read (file or
URL, through the one HTTP client), recognise and parse the format, gather the
rows into campaigns, merge with the files already there, derive the structured
facts (remedy type, versions, advisories, Chinese description) and write every
file at once. Any error before the write leaves ``content/`` untouched.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

from indexer import frontmatter
from indexer.frontmatter import Document, FrontMatterError
from indexer.validation import NHTSA_RECALL_TYPES
from portal.vocab import recall_page_url

from . import nhtsa_classify as classify
from . import nhtsa_zh
from .common import ImportFileError, ImportReport, write_all
from .fetch import FetchError, HttpClient, fetch_text
from .nhtsa_formats import parse
from .nhtsa_merge import Campaign, campaign_from_meta, campaigns_from_rows, merge_into
from .nhtsa_names import MakeTable, component_title, model_name, models_phrase
from .nhtsa_notice import Vocabulary, named_vehicles

RECALL_DIR = Path("recalls") / "nhtsa"
BASIS_LISTED, BASIS_NOTICE_TEXT = "listed", "notice_text"

CAMPAIGN_API = "https://api.nhtsa.gov/recalls/campaignNumber?campaignNumber={id}"


def import_nhtsa(source: str, content_dir: Path, client: HttpClient | None = None) -> ImportReport:
    """Import one NHTSA file or URL; raises ImportFileError (naming the line) and writes nothing on bad input."""
    return import_nhtsa_text(_read(source, client), source, content_dir)


def import_nhtsa_text(text: str, source: str, content_dir: Path, cite: dict | None = None) -> ImportReport:
    """Import NHTSA data already read (``sync`` decodes it itself); ``cite`` names the dataset when given."""
    content_dir = Path(content_dir)
    fmt, rows = parse(text, source)
    makes = MakeTable.load(content_dir)
    campaigns = campaigns_from_rows(rows, makes, source, cite or dataset_source(source, fmt))
    out_dir = content_dir / RECALL_DIR
    files: dict[Path, str] = {}
    for campaign_id, campaign in sorted(campaigns.items()):
        if fmt == "api_json":
            # The API answers per campaign, so the citation can point at this campaign's answer.
            campaign.sources = [{"title": f"NHTSA recalls API: campaign {campaign_id}", "url": CAMPAIGN_API.format(id=campaign_id), "date": None}]
        path = out_dir / f"{campaign_id}.md"
        body_en = body_zh = ""
        if path.exists():
            existing_doc = _read_existing(path)
            existing = campaign_from_meta(existing_doc.meta)
            merge_into(existing, campaign)
            campaign, body_en, body_zh = existing, existing_doc.body_en, existing_doc.body_zh
        files[path] = frontmatter.render(Document(build_meta(campaign, makes), body_en, body_zh))
    return write_all(files)


def build_meta(campaign: Campaign, makes: MakeTable) -> dict:
    """The content-file fields (content/README.md, "Recall") in their fixed order."""
    text_en = dict(campaign.text)
    remedy_type, basis, remedy_kind = classify.classify_remedy(text_en["remedy"], campaign.ota_flag)
    recall_type = NHTSA_RECALL_TYPES.get(campaign.id[2], "vehicle")
    listed = _vehicles(campaign)
    vehicles = listed + (_notice_vehicles(campaign, makes) if recall_type == "vehicle" else [])
    own_names = [item["name"] for item in listed if "make" not in item]
    # Sorted so the file does not depend on which input named a component first.
    components = sorted(campaign.components)
    component = components[0] if components else ""
    production = None
    if campaign.production_from or campaign.production_to:
        production = {"from": campaign.production_from, "to": campaign.production_to}
    facts = {
        "make_zh": makes.name(campaign.make, "zh"),
        "manufacturer": campaign.manufacturer or _filer_from_summary(text_en["summary"]),
        "vehicles": _merged_own_make(vehicles),
        "components": components,
        "production": production,
        "population": campaign.population,
        "remedy_type": remedy_type,
        "remedy_kind": remedy_kind,
        "remedy_en": text_en["remedy"],
        "consequence_en": text_en["consequence"],
        "remedy_version": classify.remedy_version(text_en["remedy"]),
        "affected_software": classify.affected_software(text_en["summary"], text_en["remedy"]),
        "remedy_available": classify.remedy_available(text_en["remedy"]),
        "park_it": campaign.park_it,
        "park_outside": campaign.park_outside,
    }
    title = {
        "en": f"{makes.name(campaign.make, 'en')} {models_phrase(own_names)} — {component_title(component)}",
        "zh": nhtsa_zh.title_zh(component, text_en["consequence"], remedy_type),
    }
    if recall_type != "vehicle":
        # Equipment sold for these vehicles, by its own maker: the title names the maker, not the car.
        maker = facts["manufacturer"]
        title = {"en": f"{maker + ' equipment' if maker else 'Equipment'} — {component_title(component)}",
                 "zh": f"配件：{nhtsa_zh.title_zh(component, text_en['consequence'], remedy_type)}"}
    return {
        "id": campaign.id,
        "authority": "NHTSA",
        "recall_type": recall_type,
        "make": campaign.make,
        "manufacturer": facts["manufacturer"],
        "title": title,
        "component": "; ".join(components) or None,
        "report_date": campaign.report_date,
        "announce_date": None,
        "market": "US",
        "population": campaign.population,
        "vehicles": vehicles,
        "production": production,
        "text": {"en": text_en, "zh": nhtsa_zh.text_zh(facts)},
        "remedy_type": remedy_type,
        "remedy_kind": remedy_kind,
        "remedy_type_basis": basis,
        "remedy_available": facts["remedy_available"],
        "remedy_version": facts["remedy_version"],
        "affected_software": facts["affected_software"],
        "park_it": campaign.park_it,
        "park_outside": campaign.park_outside,
        "related": sorted(campaign.related),
        "sources": _sources(campaign),
    }


def dataset_source(source: str, fmt: str) -> dict:
    """The dataset a file came from: its ATTRIBUTION.md when it has one, else the URL or file name."""
    if _is_url(source):
        return {"title": f"NHTSA recall data downloaded from {source}", "url": source, "date": None}
    attribution = Path(source).parent / "ATTRIBUTION.md"
    if attribution.is_file():
        text = attribution.read_text(encoding="utf-8")
        heading = re.search(r"^#\s+(.+)$", text, re.MULTILINE)
        repo = re.search(r"https://github\.com/([\w.-]+/[\w.-]+)", text)
        if heading and repo:
            return {"title": f"{heading.group(1).strip()} (GitHub {repo.group(1)})", "url": repo.group(0), "date": None}
    return {"title": f"NHTSA recall data file {Path(source).name} ({fmt})", "url": None, "date": None}


def _read(source: str, client: HttpClient | None) -> str:
    if _is_url(source):
        try:
            return fetch_text(source, client)
        except FetchError as exc:
            raise ImportFileError(source, exc.reason) from None
    path = Path(source)
    if not path.is_file():
        raise ImportFileError(source, "file not found")
    try:
        return path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportFileError(source, "file is not UTF-8 text", path.read_bytes()[: exc.start].count(b"\n") + 1) from None


def _read_existing(path: Path) -> Document:
    try:
        return frontmatter.read(path)
    except FrontMatterError as exc:
        raise ImportFileError(str(path), f"existing recall file cannot be merged: {exc.message}", exc.line) from None


def _vehicles(campaign: Campaign) -> list[dict]:
    entries = []
    for (make, model), vehicle in sorted(campaign.vehicles.items(), key=lambda item: (item[0][0] != campaign.make, item[0])):
        years = None if vehicle.years is None else sorted(vehicle.years)
        entries.append(_entry(campaign.make, make, model, vehicle.name, years, BASIS_LISTED))
    return entries


def _notice_vehicles(campaign: Campaign, makes: MakeTable) -> list[dict]:
    """The (model, year) pairs the summary names and the rows lack, as entries with basis ``notice_text``."""
    listed = {key: vehicle.name for key, vehicle in campaign.vehicles.items()}
    vocabulary = Vocabulary({slug: entry["en"] for slug, entry in makes.by_slug.items()}, listed)
    named = named_vehicles(campaign.text.get("summary") or "", campaign.make, vocabulary)
    entries = []
    for (make, model), vehicle in sorted(named.items(), key=lambda item: (item[0][0] != campaign.make, item[0])):
        row = campaign.vehicles.get((make, model))
        if row is not None and row.years is None:
            continue  # the rows already cover every year of the model
        added = sorted(vehicle.years - (row.years if row is not None else set()))
        if added:
            entries.append(_entry(campaign.make, make, model, row.name if row else vehicle.name, added, BASIS_NOTICE_TEXT))
    return entries


def _entry(campaign_make: str, make: str, model: str, name: str, years: list[int] | None, basis: str) -> dict:
    entry = {"model": model, "name": name, "years": years, "basis": basis}
    if make != campaign_make:
        entry = {"make": make, **entry}  # a multi-make campaign keeps each model's make
    return entry


def _merged_own_make(vehicles: list[dict]) -> list[dict]:
    """One entry per model of the campaign's own make, years from every basis (for the Chinese description)."""
    merged: dict[str, dict] = {}
    for item in vehicles:
        if "make" in item:
            continue
        entry = merged.setdefault(item["model"], {"name": item["name"], "years": []})
        if item["years"] is None or entry["years"] is None:
            entry["years"] = None
        else:
            entry["years"] = sorted(set(entry["years"]) | set(item["years"]))
    return [merged[model] for model in sorted(merged)]


def _sources(campaign: Campaign) -> list[dict]:
    reported = campaign.report_date
    # A distinct date object: YAML would otherwise write an anchor/alias pair for the shared one.
    reported = date(reported.year, reported.month, reported.day) if reported else None
    page = {"title": f"NHTSA recall {campaign.id}", "url": recall_page_url("NHTSA", campaign.id), "date": reported}
    others = sorted(campaign.sources, key=lambda item: (item.get("title") or "", item.get("url") or ""))
    return [page] + [{"title": item.get("title"), "url": item.get("url"), "date": item.get("date")} for item in others]


def _filer_from_summary(summary: str) -> str | None:
    # API answers without a manufacturer field still open with "<Filer> is recalling ...".
    match = re.match(r"^(.{3,80}?) is recalling\b", summary or "", re.IGNORECASE)
    if not match:
        return None
    name = match.group(1).strip()
    # Old records are upper case ("DOPE, INC. IS RECALLING"): written as a name, not shouted.
    return model_name(name) if name.isupper() else name


def _is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))
