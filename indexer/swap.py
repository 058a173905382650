"""Put a finished build in place atomically, and clear away what failed builds left.

The served build is whatever ``instance/current`` points at. A new build is
written beside it and becomes visible through a single ``rename`` of a
symlink, which POSIX makes atomic: a reader sees the old build or the new one,
never a mix. On PostgreSQL each build writes its own schema and its manifest
names it, so the same rename switches the database too.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from sqlalchemy import Engine, text

from portal.instance import InstancePaths

BUILD_SCHEMA_PREFIX = "content_"


def _symlink_atomically(link: Path, target: str) -> None:
    temporary = link.with_name(f".{link.name}.new")
    temporary.unlink(missing_ok=True)
    os.symlink(target, temporary)
    os.replace(temporary, link)


def publish_build(paths: InstancePaths, build_dir: Path) -> str | None:
    """Point ``current`` at ``build_dir`` and make sure the stable links exist.

    Returns the id of the build served until now: the one rollback target worth
    keeping (not merely the newest finished folder, which may be a build that
    was killed before it was ever published).
    """
    previous = paths.current_build_id()
    _symlink_atomically(paths.current, os.path.relpath(build_dir, paths.root))
    for name in ("portal.db", "index", "manifest.json"):
        link = paths.root / name
        if not link.is_symlink():
            if link.is_dir():
                shutil.rmtree(link)
            else:
                link.unlink(missing_ok=True)
            os.symlink(f"current/{name}", link)
    return previous if previous != build_dir.name else None


def remove_stale_builds(paths: InstancePaths, keep: set[str] | frozenset[str] = frozenset()) -> list[str]:
    """Delete every build folder but the served one and those in ``keep``.

    ``keep`` holds the build served before the one just published (the
    rollback target) and any build a live node still serves. A finished but
    unpublished build (a build killed between its last write and its publish)
    is never a reason to delete one that was really served.
    Returns the ids of the removed builds, so that their database schemas can be dropped too.
    """
    keep = {paths.current_build_id(), *keep} - {None}
    removed = []
    for path in paths.builds.glob("*"):
        if path.name not in keep:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path.name.removesuffix(".partial"))
    return removed


def build_schema_name(build_id: str) -> str:
    """The PostgreSQL schema a build writes its content tables into (one per build)."""
    return BUILD_SCHEMA_PREFIX + re.sub(r"[^a-z0-9]", "_", build_id.lower())


def drop_build_schemas(engine: Engine, build_ids: list[str], spare: set[str] = frozenset()) -> list[str]:
    """Drop the schemas of builds no longer kept, except those named in ``spare`` (live nodes')."""
    dropped = []
    with engine.begin() as conn:
        for build_id in build_ids:
            schema = build_schema_name(build_id)
            if schema in spare:
                continue
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            dropped.append(schema)
    return dropped


def build_schemas(engine: Engine) -> list[str]:
    """Every build schema in the database, from any instance folder, oldest first."""
    with engine.connect() as conn:
        rows = conn.execute(text("SELECT nspname FROM pg_namespace WHERE nspname LIKE :prefix ORDER BY nspname"),
                            {"prefix": BUILD_SCHEMA_PREFIX.replace("_", r"\_") + "%"})
        return [row[0] for row in rows]


def drop_schemas(engine: Engine, schemas: list[str]) -> None:
    with engine.begin() as conn:
        for schema in schemas:
            if not schema.startswith(BUILD_SCHEMA_PREFIX):
                raise ValueError(f"{schema} is not a build schema")
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
