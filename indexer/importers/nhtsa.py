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

from . import nhtsa_classify as classify
from . import nhtsa_zh
from .common import ImportFileError, ImportReport, write_all
from .fetch import FetchError, HttpClient, fetch_text
from .nhtsa_formats import parse
from .nhtsa_merge import Campaign, campaign_from_meta, campaigns_from_rows, merge_into
from .nhtsa_names import MakeTable, component_title, models_phrase

RECALL_DIR = Path("recalls") / "nhtsa"
CAMPAIGN_PAGE = "https://www.nhtsa.gov/?nhtsaId={id}"
CAMPAIGN_API = "https://api.nhtsa.gov/recalls/campaignNumber?campaignNumber={id}"


def import_nhtsa(source: str, content_dir: Path, client: HttpClient | None = None) -> ImportReport:
    """Import one NHTSA file or URL; raises ImportFileError (naming the line) and writes nothing on bad input."""
    content_dir = Path(content_dir)
    text = _read(source, client)
    fmt, rows = parse(text, source)
    makes = MakeTable.load(content_dir)
    campaigns = campaigns_from_rows(rows, makes, source, dataset_source(source, fmt))
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
    remedy_type, basis = classify.classify_remedy_type(text_en["remedy"], campaign.ota_flag)
    vehicles = _vehicles(campaign)
    own_names = [item["name"] for item in vehicles if "make" not in item]
    # Sorted so the file does not depend on which input named a component first.
    components = sorted(campaign.components)
    component = components[0] if components else ""
    production = None
    if campaign.production_from or campaign.production_to:
        production = {"from": campaign.production_from, "to": campaign.production_to}
    facts = {
        "make_zh": makes.name(campaign.make, "zh"),
        "manufacturer": campaign.manufacturer or _filer_from_summary(text_en["summary"]),
        "vehicles": vehicles,
        "components": components,
        "production": production,
        "population": campaign.population,
        "remedy_type": remedy_type,
        "remedy_en": text_en["remedy"],
        "consequence_en": text_en["consequence"],
        "remedy_version": classify.remedy_version(text_en["remedy"]),
        "affected_software": classify.affected_software(text_en["summary"], text_en["remedy"]),
        "remedy_available": classify.remedy_available(text_en["remedy"]),
        "park_it": campaign.park_it,
        "park_outside": campaign.park_outside,
    }
    return {
        "id": campaign.id,
        "authority": "NHTSA",
        "make": campaign.make,
        "manufacturer": facts["manufacturer"],
        "title": {
            "en": f"{makes.name(campaign.make, 'en')} {models_phrase(own_names)} — {component_title(component)}",
            "zh": nhtsa_zh.title_zh(facts["make_zh"], own_names, component),
        },
        "component": "; ".join(components) or None,
        "report_date": campaign.report_date,
        "announce_date": None,
        "market": "US",
        "population": campaign.population,
        "vehicles": vehicles,
        "production": production,
        "text": {"en": text_en, "zh": nhtsa_zh.text_zh(facts)},
        "remedy_type": remedy_type,
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
        entry = {"model": model, "name": vehicle.name, "years": None if vehicle.years is None else sorted(vehicle.years)}
        if make != campaign.make:
            entry = {"make": make, **entry}  # a multi-make campaign (API answers) keeps each row's make
        entries.append(entry)
    return entries


def _sources(campaign: Campaign) -> list[dict]:
    reported = campaign.report_date
    # A distinct date object: YAML would otherwise write an anchor/alias pair for the shared one.
    reported = date(reported.year, reported.month, reported.day) if reported else None
    page = {"title": f"NHTSA recall {campaign.id}", "url": CAMPAIGN_PAGE.format(id=campaign.id), "date": reported}
    others = sorted(campaign.sources, key=lambda item: (item.get("title") or "", item.get("url") or ""))
    return [page] + [{"title": item.get("title"), "url": item.get("url"), "date": item.get("date")} for item in others]


def _filer_from_summary(summary: str) -> str | None:
    # API answers without a manufacturer field still open with "<Filer> is recalling ...".
    match = re.match(r"^(.{3,80}?) is recalling\b", summary or "")
    return match.group(1).strip() if match else None


def _is_url(source: str) -> bool:
    return source.lower().startswith(("http://", "https://"))
