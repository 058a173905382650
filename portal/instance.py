"""Where a built instance lives, and the check the web process makes before serving it.

Layout (the indexer writes it, the web process only reads it)::

    instance/
      builds/<build-id>/portal.db, index/, manifest.json   one complete build each
      current -> builds/<build-id>                           swapped atomically
      portal.db -> current/portal.db                         stable paths for tools
      index -> current/index
      manifest.json -> current/manifest.json
      runtime.db                                             chat log, staff (never rebuilt)

With ``DATABASE_URL`` naming PostgreSQL, content tables live in the
``content`` schema of that database instead of ``portal.db``.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

SCHEMA_VERSION = 2
FIX_COMMAND = "ota-portal build"


class InstanceNotReady(RuntimeError):
    """The instance is missing or was built for another schema version."""


@dataclass(frozen=True)
class InstancePaths:
    root: Path

    @classmethod
    def from_env(cls, root: str | os.PathLike | None = None) -> "InstancePaths":
        return cls(Path(root or os.environ.get("PORTAL_INSTANCE") or "instance").resolve())

    @property
    def builds(self) -> Path:
        return self.root / "builds"

    @property
    def current(self) -> Path:
        return self.root / "current"

    @property
    def manifest(self) -> Path:
        return self.root / "manifest.json"

    @property
    def index(self) -> Path:
        return self.root / "index"

    @property
    def content_db(self) -> Path:
        return self.root / "portal.db"

    @property
    def runtime_db(self) -> Path:
        return self.root / "runtime.db"

    @property
    def lock(self) -> Path:
        return self.root / ".build.lock"

    def current_build_id(self) -> str | None:
        try:
            return Path(os.readlink(self.current)).name
        except OSError:
            return None


def content_database_url(paths: InstancePaths, database_url: str | None = None) -> str:
    return database_url or f"sqlite:///{paths.content_db}"


def runtime_database_url(paths: InstancePaths, database_url: str | None = None) -> str:
    if database_url and not database_url.startswith("sqlite"):
        return database_url
    return f"sqlite:///{paths.runtime_db}"


def read_manifest(paths: InstancePaths) -> dict:
    """The served build's manifest, or InstanceNotReady naming the command that fixes it."""
    if not paths.manifest.exists():
        raise InstanceNotReady(
            f"No built instance in {paths.root}: run `{FIX_COMMAND}` first (or `make build`)."
        )
    try:
        manifest = json.loads(paths.manifest.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InstanceNotReady(f"{paths.manifest} is unreadable ({exc}): run `{FIX_COMMAND}` again.") from None
    found = manifest.get("schema_version")
    if found != SCHEMA_VERSION:
        raise InstanceNotReady(
            f"The instance in {paths.root} has schema version {found}, this code needs {SCHEMA_VERSION}: "
            f"run `{FIX_COMMAND}` to rebuild it."
        )
    if not paths.index.is_dir():
        raise InstanceNotReady(f"The search index {paths.index} is missing: run `{FIX_COMMAND}`.")
    return manifest
