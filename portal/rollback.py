"""``ota-portal rollback``: serve the build before the current one again (or a named one).

Every node keeps the build folders it was shipped, and the build host keeps
the previous build's folder and schema; nodes record what they serve, so a
schema served in the last 15 minutes is never dropped (:mod:`portal.db.nodes`).
Rolling back is therefore the symlink step of docs/DEPLOYMENT.md pointed backwards, made
safe: the target must be a complete build of this code's schema version and,
on PostgreSQL, its schema must still exist, or nothing changes and one line
says why. Run it on the build host and on every node (or ship the link).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from sqlalchemy import create_engine, text
from sqlalchemy.exc import SQLAlchemyError

from portal.db.engine import is_sqlite
from portal.instance import SCHEMA_VERSION, InstancePaths


class RollbackError(RuntimeError):
    """Nothing to roll back to, or the target cannot be served; the message says which."""


@dataclass(frozen=True)
class RollbackResult:
    build_id: str
    previous: str | None


def rollback_target(paths: InstancePaths, to: str | None = None) -> str:
    """The named build, or the newest complete build older than the served one."""
    builds = paths.finished_builds()
    if to:
        if to not in builds:
            raise RollbackError(f"there is no complete build {to} in {paths.builds} "
                                f"(builds here: {', '.join(builds) or 'none'})")
        return to
    served = paths.current_build_id()
    older = [build for build in builds if served is None or build < served]
    if not older:
        raise RollbackError(f"no build older than {served} is kept in {paths.builds}: nothing to roll back to")
    return older[-1]


def _check_servable(paths: InstancePaths, build_id: str, database_url: str | None) -> None:
    folder = paths.build_dir(build_id)
    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    if manifest.get("schema_version") != SCHEMA_VERSION:
        raise RollbackError(f"build {build_id} has schema version {manifest.get('schema_version')}, this code "
                            f"serves {SCHEMA_VERSION}: roll back the code with it, or ship a new build")
    schema = manifest.get("db_schema")
    if not schema:
        if not (folder / "portal.db").is_file():
            raise RollbackError(f"build {build_id} has no portal.db: ship a complete build")
        return
    if not database_url or is_sqlite(database_url):
        raise RollbackError(f"build {build_id} lives in PostgreSQL schema {schema}: set DATABASE_URL")
    engine = create_engine(database_url)
    try:
        with engine.connect() as connection:
            found = connection.execute(text("SELECT 1 FROM pg_namespace WHERE nspname = :s"), {"s": schema}).first()
    except SQLAlchemyError as exc:
        raise RollbackError(f"cannot reach DATABASE_URL to check schema {schema}: "
                            f"{str(getattr(exc, 'orig', exc)).splitlines()[0]}") from None
    finally:
        engine.dispose()
    if found is None:
        raise RollbackError(f"the schema {schema} of build {build_id} was dropped: ship a new build instead")


def rollback(paths: InstancePaths, database_url: str | None, to: str | None = None) -> RollbackResult:
    """Point ``current`` at the target build (atomically); raises RollbackError and changes nothing otherwise."""
    from indexer.swap import publish_build

    target = rollback_target(paths, to)
    _check_servable(paths, target, database_url)
    previous = publish_build(paths, paths.build_dir(target))
    return RollbackResult(target, previous)
