"""``ota-portal build``: validate content, write database + index + manifest, swap in.

Order matters for the promise that a failed build leaves the previous one
serving: validation comes first and writes nothing; everything else is written
into a fresh ``builds/<id>.partial`` folder (and, on PostgreSQL, a fresh
schema); only a complete build is renamed and published. A build killed at any
point before publishing leaves only debris, which the next build removes.
"""

from __future__ import annotations

import fcntl
import json
import os
import secrets
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.orm import Session

from indexer.db_writer import write_database
from indexer.loader import load_content
from indexer.manifest import content_hash, counts
from indexer.progress import silent
from indexer.search_index import write_index
from indexer.swap import build_schema_name, drop_build_schemas, publish_build, remove_stale_builds
from portal.db.engine import content_engine, is_sqlite
from portal.db.runtime import RuntimeBase
from portal.instance import SCHEMA_VERSION, InstancePaths, runtime_database_url


class BuildLocked(RuntimeError):
    """Another build of the same instance is running."""


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
    return datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%fZ") + "-" + secrets.token_hex(3)


def build(content_dir: Path, paths: InstancePaths, database_url: str | None = None, progress=silent) -> BuildResult:
    started = time.perf_counter()
    content_dir = Path(content_dir).resolve()
    bundle = load_content(content_dir, progress)  # raises ContentValidationError; nothing written yet
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
            with Session(engine) as session:
                documents = write_index(partial / "index", session)
            progress("search index", documents, documents)
            manifest = {
                "schema_version": SCHEMA_VERSION,
                "build_id": build_id,
                "built_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "content_hash": content_hash(content_dir),
                "database": "postgresql" if postgres else "sqlite",
                "db_schema": build_schema,
                "counts": counts(bundle),
                "index_documents": documents,
            }
            (partial / "manifest.json").write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
            _ensure_runtime_tables(paths, database_url)
            finished = paths.builds / build_id
            os.replace(partial, finished)
            publish_build(paths, finished)
            removed = remove_stale_builds(paths)
            if postgres and removed:
                drop_build_schemas(engine, removed)
        except BaseException:
            shutil.rmtree(partial, ignore_errors=True)
            if postgres and paths.current_build_id() != build_id:
                drop_build_schemas(engine, [build_id])
            raise
        finally:
            engine.dispose()
    return BuildResult(build_id, manifest, time.perf_counter() - started, bundle.warnings)


def _ensure_runtime_tables(paths: InstancePaths, database_url: str | None) -> None:
    """Runtime tables (chat log, staff) are created once and kept across builds."""
    from portal.secrets import private_sqlite

    url = runtime_database_url(paths, database_url)
    private_sqlite(url)  # staff password hashes and the questions people asked: readable by the owner only
    engine = create_engine(url)
    try:
        RuntimeBase.metadata.create_all(engine)
    finally:
        engine.dispose()
