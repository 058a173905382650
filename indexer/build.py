"""``ota-portal build``: validate content, write database + index + manifest, swap in.

Order matters for the promise that a failed build leaves the previous one
serving: validation comes first and writes nothing; everything else is written
into a fresh ``builds/<id>.partial`` folder (and, on PostgreSQL, a fresh
schema); only a complete build is renamed and published. A build killed at any
point before publishing leaves only debris, which the next build removes: a
finished folder that was never published is debris too, never a reason to
delete the build that was really served. On PostgreSQL no schema that a live
node still serves (``serving_nodes``) is dropped. A full disk ends the build
with :class:`DiskFull`, after the same clean-up.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import secrets
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from indexer.db_writer import write_database
from indexer.export import EXPORT_DIR, write_exports
from indexer.loader import load_content
from indexer.manifest import content_hash, counts
from indexer.progress import silent
from indexer.search_index import iter_documents, write_index
from indexer.sources import manifest_sources
from indexer.swap import build_schema_name, drop_build_schemas, publish_build, remove_stale_builds
from portal.db.engine import content_engine, is_sqlite
from portal.db.migrate import migrate_runtime
from portal.db.nodes import live_builds, live_schemas
from portal.instance import SCHEMA_VERSION, InstancePaths, runtime_database_url
from portal.private_files import private_sqlite
from portal.search.openers import BACKENDS

SEARCH_BACKENDS = tuple(BACKENDS)  # the names the web process can open, and only those


class BuildLocked(RuntimeError):
    """Another build of the same instance is running."""


class DiskFull(RuntimeError):
    """The disk (or the database's) filled up during the build; nothing was published."""


def _is_disk_full(exc: BaseException) -> bool:
    seen = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
            return True
        message = str(exc).lower()
        if "database or disk is full" in message or "no space left on device" in message \
                or getattr(exc, "sqlstate", None) == "53100":
            return True
        exc = getattr(exc, "orig", None) or exc.__cause__ or exc.__context__
    return False


def search_backends(database_url: str | None, requested: str | None = None) -> tuple[str, ...]:
    """What the build writes: the Whoosh index unless only PostgreSQL search is wanted,
    plus the PostgreSQL search tables whenever the content goes to PostgreSQL."""
    requested = (requested or os.environ.get("SEARCH_BACKEND") or "whoosh").strip().lower()
    if requested not in SEARCH_BACKENDS:
        raise ValueError(f"SEARCH_BACKEND must be one of {', '.join(SEARCH_BACKENDS)}, not {requested!r}")
    postgres = bool(database_url) and not is_sqlite(database_url)
    if requested == "postgres" and not postgres:
        raise ValueError("SEARCH_BACKEND=postgres needs DATABASE_URL naming PostgreSQL")
    if requested == "postgres":
        return ("postgres",)
    return ("whoosh", "postgres") if postgres else ("whoosh",)


@dataclass
class BuildResult:
    build_id: str
    manifest: dict
    seconds: float
    warnings: list[str]


@contextmanager
def _build_lock(paths: InstancePaths):
    paths.root.mkdir(parents=True, exist_ok=True)
    with open(paths.lock, "w") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BuildLocked(f"another build of {paths.root} is running") from None
        yield


def new_build_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ") + "-" + secrets.token_hex(3)


def build(content_dir: Path, paths: InstancePaths, database_url: str | None = None, progress=silent,
          search: str | None = None) -> BuildResult:
    started = time.perf_counter()
    content_dir = Path(content_dir).resolve()
    backends = search_backends(database_url, search)
    bundle = load_content(content_dir, progress)  # raises ContentValidationError; nothing written yet
    try:
        return _build(content_dir, bundle, paths, database_url, progress, backends, started)
    except Exception as exc:
        if _is_disk_full(exc):
            raise DiskFull(f"the disk filled up while building ({exc.__class__.__name__}: "
                           f"{str(exc).splitlines()[0] if str(exc) else 'no space left'})") from exc
        raise


def _build(content_dir, bundle, paths, database_url, progress, backends, started) -> BuildResult:
    with _build_lock(paths):
        build_id = new_build_id()
        partial = paths.builds / f"{build_id}.partial"
        partial.mkdir(parents=True)
        postgres = bool(database_url) and not is_sqlite(database_url)
        url = database_url if postgres else f"sqlite:///{partial / 'portal.db'}"
        build_schema = build_schema_name(build_id) if postgres else None
        engine = content_engine(url, schema=build_schema)
        try:
            if postgres:
                with engine.begin() as conn:
                    conn.execute(text(f'CREATE SCHEMA "{build_schema}"'))
            facts = {"build_id": build_id, "schema_version": str(SCHEMA_VERSION)}
            write_database(engine, bundle, facts, progress)
            documents = 0
            if "whoosh" in backends:
                with Session(engine) as session:
                    documents = write_index(partial / "index", session)
            if "postgres" in backends:
                from indexer.search_tables import write_search_tables

                with Session(engine) as session:
                    documents = write_search_tables(engine, build_schema, iter_documents(session))
            progress("search index", documents, documents)
            _copy_rules(content_dir, partial)
            built_at = datetime.now(UTC).isoformat(timespec="seconds")
            sources = manifest_sources(content_dir)
            package = write_exports(engine, partial / EXPORT_DIR, build_id, built_at, sources, progress)
            manifest = {
                "schema_version": SCHEMA_VERSION,
                "build_id": build_id,
                "built_at": built_at,
                "content_hash": content_hash(content_dir),
                "database": "postgresql" if postgres else "sqlite",
                "db_schema": build_schema,
                "counts": counts(bundle),
                "index_documents": documents,
                "search_backends": list(backends),
                "sources": sources,
                "exports": {r["path"]: {"bytes": r["bytes"], "hash": r["hash"]} for r in package["resources"]},
            }
            (partial / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
            runtime_url = runtime_database_url(paths, database_url)
            private_sqlite(runtime_url)  # staff password hashes and the questions people asked: owner only
            migrate_runtime(runtime_url)
            finished = paths.builds / build_id
            os.replace(partial, finished)
            previous = publish_build(paths, finished)
            live = _live(runtime_url)
            removed = remove_stale_builds(paths, keep={previous, *live[0]} - {None})
            if postgres and removed:
                drop_build_schemas(engine, removed, spare=live[1])
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            if postgres and paths.current_build_id() != build_id:
                drop_build_schemas(engine, [build_id])
            raise
        finally:
            engine.dispose()
    return BuildResult(build_id, manifest, time.perf_counter() - started, bundle.warnings)


def _live(runtime_url: str) -> tuple[set[str], set[str]]:
    """(build ids, schemas) that serving nodes reported recently."""
    engine = create_engine(runtime_url)
    try:
        return live_builds(engine), live_schemas(engine)
    finally:
        engine.dispose()


def _copy_rules(content_dir: Path, build_dir: Path) -> None:
    """The assistant's rules travel with the build, so a node needs no content/ folder."""
    rules = content_dir / "qa"
    if rules.is_dir():
        shutil.copytree(rules, build_dir / "qa")
