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
KEEP_PREVIOUS_BUILDS = 1  # one rollback target; older builds are removed


def _symlink_atomically(link: Path, target: str) -> None:
    temporary = link.with_name(f".{link.name}.new")
    temporary.unlink(missing_ok=True)
    os.symlink(target, temporary)
    os.replace(temporary, link)


def publish_build(paths: InstancePaths, build_dir: Path) -> None:
    """Point ``current`` at ``build_dir`` and make sure the stable links exist."""
    _symlink_atomically(paths.current, os.path.relpath(build_dir, paths.root))
    for name in ("portal.db", "index", "manifest.json"):
        link = paths.root / name
        if not link.is_symlink():
            if link.is_dir():
                shutil.rmtree(link)
            else:
                link.unlink(missing_ok=True)
            os.symlink(f"current/{name}", link)


def remove_stale_builds(paths: InstancePaths) -> list[str]:
    """Delete unfinished builds and all finished ones but the served and the previous ones.

    Returns the ids of the removed builds, so that their database schemas can be dropped too.
    """
    served = paths.current_build_id()
    finished = sorted(p for p in paths.builds.glob("*") if p.is_dir() and not p.name.endswith(".partial"))
    keep = {served}
    older = [p.name for p in finished if p.name != served and (served is None or p.name < served)]
    keep.update(older[-KEEP_PREVIOUS_BUILDS:])
    removed = []
    for path in paths.builds.glob("*"):
        if path.name not in keep:
            shutil.rmtree(path, ignore_errors=True)
            removed.append(path.name.removesuffix(".partial"))
    return removed


def build_schema_name(build_id: str) -> str:
    """The PostgreSQL schema a build writes its content tables into (one per build)."""
    return BUILD_SCHEMA_PREFIX + re.sub(r"[^a-z0-9]", "_", build_id.lower())


def drop_build_schemas(engine: Engine, build_ids: list[str]) -> None:
    """Drop the schemas of builds that are no longer kept (finished, or killed half-way)."""
    with engine.begin() as conn:
        for build_id in build_ids:
            conn.execute(text(f'DROP SCHEMA IF EXISTS "{build_schema_name(build_id)}" CASCADE'))
