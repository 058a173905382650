"""Per kind of source: what a fetched file holds (count, newest date) and how it is imported.

``inspect`` reads the fetched data and returns the figures the record keeps;
``import_`` hands the data to the importer of ``ota-portal import`` (so a
synced file is imported exactly as a file given by hand would be) and returns
its report. Both raise :class:`ImportFileError` on data that cannot be read.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from indexer.importers.common import ImportFileError, ImportReport
from portal.yaml_text import safe_load

from .raw import FetchedFile, decode


@dataclass
class Inspection:
    records: int
    as_of: date | None
    newest: str | None = None  # a version, where the source's newest record is one
    precision: str = "day"  # "month" where the source dates records by month only (Ford Power-Up)


def inspect(kind: str, files: list[FetchedFile]) -> Inspection:
    return _INSPECT[kind](files)


def _inspect_flat(files: list[FetchedFile]) -> Inspection:
    """Campaigns and the newest report date, read line by line (the real file is hundreds of MB)."""
    from indexer.importers.nhtsa_formats import FLAT_FIELDS

    campaigns: set[str] = set()
    newest = ""
    with open(files[0].data_path, "rb") as handle:
        first = handle.readline()
        head = first.rstrip(b"\r\n").split(b"\t")
        names = [f.decode("ascii", "replace") for f in head] if b"CAMPNO" in head else list(FLAT_FIELDS)
        campno, received_at = names.index("CAMPNO"), names.index("RCDATE")
        lines = handle if b"CAMPNO" in head else _chain(first, handle)
        for raw in lines:
            fields = raw.rstrip(b"\r\n").split(b"\t")
            if len(fields) <= received_at:
                continue
            campaigns.add(fields[campno].strip().decode("ascii", "replace"))
            received = fields[received_at].strip().decode("ascii", "replace")
            if len(received) == 8 and received.isdigit() and received > newest:
                newest = received
    as_of = datetime.strptime(newest, "%Y%m%d").date() if newest else None
    return Inspection(len(campaigns), as_of)


def _chain(first: bytes, rest):
    yield first
    yield from rest


def _inspect_api(files: list[FetchedFile]) -> Inspection:
    results = json.loads(files[0].data_path.read_text(encoding="utf-8"))["results"]
    dates = [_api_date(r.get("ReportReceivedDate")) for r in results]
    dates = [d for d in dates if d]
    return Inspection(len({r.get("NHTSACampaignNumber") for r in results}), max(dates) if dates else None)


def _inspect_releases(files: list[FetchedFile]) -> Inspection:
    from indexer.importers.releases import parse_releases

    text = decode(files[0].data_path)
    makes = _AnyMake()
    releases = parse_releases(text, files[0].url, makes)
    dated = [r for r in releases if r.date]
    newest = max(dated, key=lambda r: r.date) if dated else None
    return Inspection(len(releases), newest.date if newest else None, newest.version if newest else None)


def _inspect_samr(files: list[FetchedFile]) -> Inspection:
    records = json.loads(decode(files[0].data_path))
    dates = [date.fromisoformat(r["announced"]) for r in records if r.get("announced")]
    for extra in files[1:]:
        added = safe_load(decode(extra.data_path)) or {}
        for record in added.get("records") or added.get("additions") or []:
            if isinstance(record, dict) and record.get("announced"):
                dates.append(date.fromisoformat(str(record["announced"])))
                records.append(record)
    return Inspection(len(records), max(dates) if dates else None)


def _inspect_ford(files: list[FetchedFile]) -> Inspection:
    from indexer.importers.ford_power_up import parse_history

    versions = parse_history([decode(f.data_path) for f in files], files[0].url)
    dated = [v for v in versions if v.month]
    newest = max(dated, key=lambda v: v.month) if dated else None
    return Inspection(len(versions), newest.month if newest else None, newest.version if newest else None, "month")


_INSPECT = {"nhtsa_flat": _inspect_flat, "nhtsa_api": _inspect_api, "releases": _inspect_releases,
            "samr": _inspect_samr, "ford_power_up": _inspect_ford}


def import_files(kind: str, files: list[FetchedFile], content_dir: Path, link: str, progress=None) -> ImportReport:
    if kind == "nhtsa_flat":
        from .flat_stream import import_flat_file

        cite = {"title": f"NHTSA recall flat file (FLAT_RCL), {files[0].url}", "url": link, "date": None}
        return import_flat_file(files[0].data_path, files[0].url, content_dir, cite, progress)
    if kind == "nhtsa_api":
        from indexer.importers.nhtsa import import_nhtsa_text

        return import_nhtsa_text(decode(files[0].data_path), files[0].url, content_dir)
    if kind == "releases":
        from indexer.importers.releases import import_releases

        return import_releases(str(files[0].data_path), content_dir)
    if kind == "samr":
        from indexer.importers.samr import import_samr

        return import_samr(str(files[0].data_path), content_dir)
    if kind == "ford_power_up":
        from indexer.importers.ford_power_up import import_ford_power_up

        return import_ford_power_up([str(f.data_path) for f in files], content_dir)
    raise ImportFileError(kind, "no importer for this kind of source")


def _api_date(value) -> date | None:
    if not value:
        return None
    text = str(value)
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%m/%d/%Y"):
        try:
            return datetime.strptime(text[:10], pattern).date()
        except ValueError:
            continue
    match = re.match(r"/Date\((\d+)", text)
    return datetime.utcfromtimestamp(int(match.group(1)) / 1000).date() if match else None


class _AnyMake(dict):
    """Counting releases needs no make table: every make is accepted."""

    def __contains__(self, key) -> bool:
        return True

    def __missing__(self, key):
        return {"en": key, "zh": key}
