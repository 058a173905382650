"""``ota-portal sync``: fetch every configured source, import what changed, rebuild and swap.

Per source: fetch (conditionally, streamed, through the one HTTP client),
compare the data file's checksum with the one recorded, import only when it
changed, and record URL, fetched-at, newest record date, record count and
checksum in ``content/source_records.yaml``. A source whose fetch fails or
whose data cannot be imported changes nothing (its staged download is thrown
away, its record kept) and is named in the result; the others go on. Then one
build, swapped in atomically as every build is, so the manifest, ``/healthz``
and the pages carry the new records. ``dry_run`` fetches and reports what
would change and writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from indexer.importers.common import ImportFileError, ImportReport, preview, write_all
from indexer.importers.fetch import HttpClient
from indexer.progress import silent
from indexer.sources import RECORDS_FILE, Source, load_records, load_sources, render_records

from . import api, kinds, raw


class SyncError(RuntimeError):
    """The sync cannot start (an unknown source name, a bad configuration)."""


@dataclass
class Outcome:
    name: str
    status: str  # imported | unchanged | failed | skipped | would_import
    detail: str = ""
    record: dict | None = None
    report: ImportReport | None = None

    def line(self) -> str:
        text = f"{self.name}: {self.status}"
        if self.report is not None:
            text += f" ({self.report.summary()})"
        return text + (f" — {self.detail}" if self.detail else "")


@dataclass
class SyncResult:
    outcomes: list[Outcome] = field(default_factory=list)
    build_id: str | None = None
    build_error: str | None = None

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.status == "failed"]


def sync(content_dir: Path, paths, database_url: str | None = None, names: list[str] | None = None,
         dry_run: bool = False, client: HttpClient | None = None, progress=silent, rebuild: bool = True,
         now: datetime | None = None) -> SyncResult:
    content_dir = Path(content_dir)
    sources = load_sources(content_dir)
    if names:
        known = {s.name for s in sources}
        unknown = [n for n in names if n not in known]
        if unknown:
            raise SyncError(f"unknown source {', '.join(unknown)}; configured: {', '.join(sorted(known))}")
        sources = [s for s in sources if s.name in names]
    client = client or HttpClient()
    records = load_records(content_dir)
    fetched_at = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    result = SyncResult()
    changed_campaigns: set[str] | None = None
    for source in sources:
        # Ford's updates are linked to NHTSA campaigns through the NHTSA records: new records can
        # give a new link, so the history is imported again whenever NHTSA data changed.
        relink = source.kind == "ford_power_up" and bool(changed_campaigns)
        outcome = _sync_one(source, content_dir, paths.root, client, records.get(source.name) or {},
                            dry_run, progress, fetched_at, changed_campaigns, relink)
        result.outcomes.append(outcome)
        if source.kind in ("nhtsa_flat", "nhtsa_api"):
            # The API is asked only about what the flat file brought or changed this time.
            report = outcome.report
            changed = {Path(p).stem for p in report.created + report.updated} if report else set()
            changed_campaigns = changed if source.kind == "nhtsa_flat" else (changed_campaigns or set()) | changed
        if outcome.record is not None and not dry_run:
            records[source.name] = outcome.record
    if dry_run or not any(o.record is not None for o in result.outcomes):
        return result
    write_all({content_dir / RECORDS_FILE: render_records(records)})
    if rebuild:
        from indexer.build import build

        try:
            result.build_id = build(content_dir, paths, database_url, progress).build_id
        except Exception as exc:  # noqa: BLE001 - the sync reports it; the previous build keeps serving
            result.build_error = f"{type(exc).__name__}: {exc}"
    return result


def _sync_one(source: Source, content_dir: Path, root: Path, client: HttpClient, record: dict, dry_run: bool,
              progress, fetched_at: str, changed_campaigns: set[str] | None, relink: bool = False) -> Outcome:
    if not source.fetchable:
        return Outcome(source.name, "skipped", "no published URL is configured; the shipped copy stays")
    folder = raw.sync_dir(root, source)
    try:
        files = _fetch(source, content_dir, folder, client, progress, changed_campaigns)
    except raw.SourceFetchError as exc:
        raw.discard(folder)
        return Outcome(source.name, "failed", f"{exc.url or ''}: {exc.reason}".lstrip(": "))
    if files is None:
        raw.discard(folder)
        kept = {**record, "fetched_at": fetched_at} if record and not dry_run else None
        return Outcome(source.name, "unchanged", "no new or changed campaign of the configured makes to ask about",
                       kept)
    sha = raw.combined_sha256(files)
    unchanged = sha == record.get("sha256")
    try:
        seen = kinds.inspect(source.kind, files)
        report = None
        if not unchanged or relink:
            if dry_run:
                with preview():
                    report = kinds.import_files(source.kind, files, content_dir, source.link, progress)
            else:
                report = kinds.import_files(source.kind, files, content_dir, source.link, progress)
    except (ImportFileError, ValueError, KeyError) as exc:
        raw.discard(folder)
        return Outcome(source.name, "failed", f"the data cannot be imported: {exc}")
    new_record = {
        "url": files[0].url if len(files) == 1 else [f.url for f in files],
        "fetched_at": fetched_at,
        "as_of": seen.as_of.isoformat() if seen.as_of else None,
        "records": seen.records,
        "sha256": sha,
    }
    if seen.newest:
        new_record["newest"] = seen.newest
    if seen.precision != "day":
        new_record["as_of_precision"] = seen.precision
    if dry_run:
        raw.discard(folder)
        status = "unchanged" if unchanged else "would_import"
        return Outcome(source.name, status, _change_note(record, new_record), None, report)
    raw.promote(folder, files)
    status = "unchanged" if unchanged else "imported"
    return Outcome(source.name, status, _change_note(record, new_record), new_record, report)


def _fetch(source, content_dir, folder, client, progress, changed_campaigns):
    def bar(label, done, total):
        progress(f"{label} (KiB)", done // 1024, (total or done) // 1024)

    if source.kind == "nhtsa_api":
        campaigns = api.held_campaigns(content_dir, source.makes, changed_campaigns)
        if not campaigns:
            return None
        return api.fetch_campaigns(source, folder, client, campaigns, progress)
    return raw.fetch_files(source, folder, client, bar)


def _change_note(old: dict, new: dict) -> str:
    if old.get("sha256") == new["sha256"]:
        return f"checksum {new['sha256'][:12]} as before"
    before = old.get("sha256")
    return (f"checksum {before[:12] if before else 'none'} → {new['sha256'][:12]}; "
            f"{new['records']} records, newest {new['as_of'] or 'undated'}")
