"""Where a built instance lives, and the check the web process makes before serving it.

Layout (the indexer writes it, the web process only reads it)::

    instance/
      builds/<build-id>/portal.db, index/, manifest.json   one complete build each
      current -> builds/<build-id>                           swapped atomically
      portal.db -> current/portal.db                         stable paths for tools
      index -> current/index
      manifest.json -> current/manifest.json
      runtime.db                                             chat log, staff (never rebuilt)

With ``DATABASE_URL`` naming PostgreSQL, content tables (and, for
``SEARCH_BACKEND=postgres``, the search tables) live in a schema of their own
per build, named in its manifest, instead of ``portal.db``. A node then needs
only ``builds/<id>/`` and the ``current`` link: everything is read through
``current``, the links beside it are conveniences for tools.

An instance copied with its links followed (``cp -rL``, some backup tools)
has a plain folder as ``current``: it is a complete build and is served as it
is. One copied without its links (no ``current``) is refused with the
``ota-portal rollback --to ID`` that links it. A build made on PostgreSQL
needs ``DATABASE_URL`` (and, without an index, ``SEARCH_BACKEND=postgres``)
on the node serving it; the refusal says which, never "build here".
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

SCHEMA_VERSION = 3  # 3: recalls.report_date_basis, the import_ledger table
FIX_COMMAND = "ota-portal build"
SHIP_HINT = ("ship a build to this node: copy builds/<id>/ and the `current` link from the instance "
             "folder of the build host (where `ota-portal build` made it); do not build on a serving node")


class InstanceNotReady(RuntimeError):
    """The instance is missing or was built for another schema version."""


@dataclass(frozen=True)
class InstancePaths:
    root: Path

    @classmethod
    def from_env(cls, root: str | os.PathLike | None = None) -> InstancePaths:
        return cls(Path(root or os.environ.get("PORTAL_INSTANCE") or "instance").resolve())

    @property
    def builds(self) -> Path:
        return self.root / "builds"

    @property
    def current(self) -> Path:
        return self.root / "current"

    @property
    def manifest(self) -> Path:
        return self.current / "manifest.json"

    @property
    def index(self) -> Path:
        return self.current / "index"

    @property
    def content_db(self) -> Path:
        return self.root / "portal.db"

    @property
    def runtime_db(self) -> Path:
        return self.root / "runtime.db"

    @property
    def lock(self) -> Path:
        return self.root / ".build.lock"

    def build_dir(self, build_id: str) -> Path:
        return self.builds / build_id

    def current_build_id(self) -> str | None:
        """The build ``current`` links to; None when it is missing or a plain folder (a copied instance)."""
        try:
            return Path(os.readlink(self.current)).name
        except OSError:
            return None

    def current_is_plain_copy(self) -> bool:
        """``current`` is a folder, not a link: the instance was copied with its links followed (``cp -rL``)."""
        return self.current.is_dir() and not self.current.is_symlink()

    def finished_builds(self) -> list[str]:
        """Ids of the complete build folders here, oldest first (by name: ids start with the build time)."""
        if not self.builds.is_dir():
            return []
        return sorted(p.name for p in self.builds.iterdir()
                      if not p.name.endswith(".partial") and (p / "manifest.json").is_file())


def content_database_url(paths: InstancePaths, database_url: str | None = None) -> str:
    """For readers: on SQLite a read-only URI, so that a missing ``portal.db`` is never created empty."""
    from urllib.parse import quote

    return database_url or f"sqlite:///file:{quote(str(paths.content_db))}?mode=ro&uri=true"


def runtime_database_url(paths: InstancePaths, database_url: str | None = None) -> str:
    if database_url and not database_url.startswith("sqlite"):
        return database_url
    return f"sqlite:///{paths.runtime_db}"


def _shared_database(database_url: str | None) -> bool:
    """True when the content lives in a server database several nodes share (shipped builds)."""
    url = database_url if database_url is not None else os.environ.get("DATABASE_URL", "")
    return bool(url) and not url.startswith("sqlite")


def _fix(database_url: str | None) -> str:
    return SHIP_HINT if _shared_database(database_url) else f"run `{FIX_COMMAND}` (or `make build`)"


def served_build(paths: InstancePaths, database_url: str | None = None,
                 search_backend: str | None = None, check_settings: bool = True) -> tuple[Path, dict]:
    """The served build's folder and manifest, read through one resolution of ``current``.

    Raises InstanceNotReady naming the fix: build here (one machine, SQLite),
    or ship a build from the build host (a node of a PostgreSQL deployment).
    """
    build_id = paths.current_build_id()
    if build_id:
        folder = paths.build_dir(build_id)
    elif paths.current_is_plain_copy():
        folder = paths.current  # copied without its links: the folder is a complete build, serve it as it is
    else:
        builds = paths.finished_builds()
        if builds:
            raise InstanceNotReady(
                f"{paths.root} has builds/ but no `current` link (copied without symlinks?): "
                f"run `ota-portal rollback --to {builds[-1]}` there to link the newest one.")
        raise InstanceNotReady(f"No build is served from {paths.root}: {_fix(database_url)}.")
    manifest_path = folder / "manifest.json"
    if not manifest_path.exists():
        raise InstanceNotReady(f"No build is served from {paths.root} ({manifest_path} is missing): "
                               f"{_fix(database_url)}.")
    try:
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InstanceNotReady(f"{manifest_path} is unreadable ({exc}): {_fix(database_url)} again.") from None
    found = manifest.get("schema_version")
    if found != SCHEMA_VERSION:
        raise InstanceNotReady(
            f"The instance in {paths.root} has schema version {found}, this code needs {SCHEMA_VERSION}: "
            f"{_fix(database_url)} from this version of the code."
        )
    if check_settings:
        _check_settings(manifest, database_url, search_backend)
    if "whoosh" in manifest.get("search_backends", ["whoosh"]) and not (folder / "index").is_dir():
        raise InstanceNotReady(f"The search index {folder / 'index'} is missing: {_fix(database_url)}.")
    return folder, manifest


def _check_settings(manifest: dict, database_url: str | None, search_backend: str | None) -> None:
    """A build made on PostgreSQL needs this node's DATABASE_URL (and SEARCH_BACKEND) to say so too."""
    url = database_url if database_url is not None else os.environ.get("DATABASE_URL", "")
    build = manifest.get("build_id")
    schema = manifest.get("db_schema")
    if schema and not _shared_database(url):
        raise InstanceNotReady(
            f"Build {build} keeps its content in PostgreSQL (schema {schema}) but DATABASE_URL is not set "
            "to PostgreSQL here: set DATABASE_URL to the build host's database (do not build on a serving node).")
    backends = manifest.get("search_backends", ["whoosh"])
    wanted = (search_backend or os.environ.get("SEARCH_BACKEND") or "whoosh").strip().lower()
    if "whoosh" not in backends and wanted != "postgres":
        raise InstanceNotReady(
            f"Build {build} searches with PostgreSQL only (it ships no index/): set SEARCH_BACKEND=postgres "
            "on this node, as on the build host (do not build on a serving node).")


def read_manifest(paths: InstancePaths, database_url: str | None = None) -> dict:
    """The served build's manifest, or InstanceNotReady naming the command that fixes it."""
    return served_build(paths, database_url, check_settings=False)[1]
