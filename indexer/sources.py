"""The configured sources (``content/sources.yaml``) and the records sync keeps of them.

The configuration travels with the content because the build needs it too:
every page, ``/data`` and ``/healthz`` say what each source is, under which
licence, and how old it may get. The per-source record (URL, fetched at,
newest record date, counts, checksum) lives beside it in
``content/source_records.yaml``, written by ``ota-portal sync`` only, so a
build always carries the records of the data it was built from.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

from portal.yaml_text import safe_load

SOURCES_FILE = "sources.yaml"
RECORDS_FILE = "source_records.yaml"
KINDS = ("nhtsa_flat", "nhtsa_api", "releases", "ford_power_up", "samr")


class SourceConfigError(ValueError):
    """``sources.yaml`` is missing or wrong; names the source and the field."""


@dataclass(frozen=True)
class SourceFile:
    url: str | None
    name: str  # the file's name on disk under instance/sync/<source>/
    member: str | None = None  # the file inside a zip


@dataclass(frozen=True)
class Source:
    name: str
    kind: str
    title: dict
    files: tuple[SourceFile, ...]
    link: str
    licence: dict
    stale_after_days: int
    licence_url: str | None = None
    makes: tuple[str, ...] = field(default_factory=tuple)
    covers: dict = field(default_factory=dict)  # {authority: NHTSA} or {make: tesla}: which pages cite it

    @property
    def fetchable(self) -> bool:
        return all(f.url for f in self.files)


def load_sources(content_dir: Path, environ=os.environ) -> list[Source]:
    """Every configured source, with URLs rewritten by ``PORTAL_SYNC_BASE_URL`` / ``PORTAL_SYNC_URL_<NAME>``."""
    path = Path(content_dir) / SOURCES_FILE
    if not path.is_file():
        return []
    entries = safe_load(path.read_text(encoding="utf-8")) or []
    base = (environ.get("PORTAL_SYNC_BASE_URL") or "").rstrip("/")
    sources, seen = [], set()
    for entry in entries:
        name = entry.get("name")
        if not name or name in seen:
            raise SourceConfigError(f"{path}: every source needs a unique name (got {name!r})")
        seen.add(name)
        if entry.get("kind") not in KINDS:
            raise SourceConfigError(f"{path}: source {name}: kind must be one of {', '.join(KINDS)}")
        files = []
        for item in entry.get("files") or []:
            url = item.get("url")
            file_name = item.get("name") or _file_name(url)
            override = environ.get(f"PORTAL_SYNC_URL_{name.upper().replace('-', '_')}")
            if override and len(entry["files"]) == 1:
                url = override
            elif base:
                url = f"{base}/{name}/{_tail(url) if url else file_name}"
            files.append(SourceFile(url, file_name, item.get("member")))
        if not files:
            raise SourceConfigError(f"{path}: source {name}: files must list at least one URL")
        sources.append(Source(
            name=name, kind=entry["kind"], title=entry["title"], files=tuple(files), link=entry["link"],
            licence=entry["licence"], stale_after_days=int(entry["stale_after_days"]),
            licence_url=entry.get("licence_url"), makes=tuple(entry.get("makes") or ()),
            covers=dict(entry.get("covers") or {}),
        ))
    return sources


def load_records(content_dir: Path) -> dict[str, dict]:
    path = Path(content_dir) / RECORDS_FILE
    if not path.is_file():
        return {}
    return safe_load(path.read_text(encoding="utf-8")) or {}


def render_records(records: dict[str, dict]) -> str:
    header = ("# Written by `ota-portal sync`: what each source held when it was last fetched.\n"
              "# fetched_at: when; as_of: its newest record's date; records: how many; sha256: of the\n"
              "# data file (inside the zip where the authority zips).\n")
    return header + yaml.safe_dump(records, sort_keys=True, allow_unicode=True)


def manifest_sources(content_dir: Path) -> list[dict]:
    """What the build manifest carries per source: its configuration and its last record."""
    records = load_records(content_dir)
    out = []
    for source in load_sources(content_dir, environ={}):
        record = records.get(source.name) or {}
        out.append({
            "name": source.name,
            "title": source.title,
            "url": record.get("url") or next((f.url for f in source.files if f.url), None),
            "link": source.link,
            "licence": source.licence,
            "licence_url": source.licence_url,
            "fetched_at": _text(record.get("fetched_at")),
            "as_of": _text(record.get("as_of")),
            "as_of_precision": record.get("as_of_precision") or "day",
            "newest": record.get("newest"),
            "records": record.get("records"),
            "sha256": record.get("sha256"),
            "stale_after_days": source.stale_after_days,
            "covers": source.covers,
            "note": record.get("note"),
        })
    return out


def _text(value):
    return None if value is None else str(value)


def _file_name(url: str | None) -> str:
    if not url:
        return "data"
    name = urlsplit(url).path.rsplit("/", 1)[-1]
    return name or "data"


def _tail(url: str) -> str:
    parts = urlsplit(url)
    tail = parts.path.rsplit("/", 1)[-1]
    return tail + (f"?{parts.query}" if parts.query else "")
