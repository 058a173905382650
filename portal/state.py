"""The web process's read-only view of the served build.

Opened once (``open()``) after the app is created, and refreshed when the
indexer publishes a new build: each request compares the ``current`` symlink
with the build it opened (one ``readlink``), and reopens the database and index
when they differ. The build folder is resolved once per open, so the manifest,
the database file, the search index and the assistant's rules all come from
the same build even while a new one is being published. Nothing here writes
content; the only row written is this process's heartbeat in
``serving_nodes`` (:mod:`portal.db.nodes`), which keeps the build host from
dropping the schema it serves.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Mapping
from pathlib import Path

from flask import Flask, g
from sqlalchemy import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from portal.db.engine import content_engine, is_sqlite, read_only_sqlite_url, runtime_engine
from portal.db.nodes import HEARTBEAT_SECONDS, record_serving
from portal.instance import (
    InstanceNotReady,
    InstancePaths,
    runtime_database_url,
    served_build,
)
from portal.private_files import private_sqlite

EXTENSION_KEY = "portal_state"
log = logging.getLogger(__name__)

# Opens the search index of a build: (build folder, manifest, content engine) -> search backend.
SearchOpener = Callable[[Path, dict, Engine], object]


class InstanceState:
    """The served build of one app, opened with ``search_backends`` (``SEARCH_BACKEND`` name -> opener).

    The app factory passes :data:`portal.search.openers.BACKENDS`; the state itself knows no search
    backend, so the search package (whose views read the state) stays above it.
    """

    def __init__(self, app: Flask, search_backends: Mapping[str, SearchOpener]):
        self.paths = InstancePaths.from_env(app.config["PORTAL_INSTANCE"])
        self.database_url = app.config.get("DATABASE_URL")
        self.search_backend = app.config.get("SEARCH_BACKEND") or "whoosh"
        if self.search_backend not in search_backends:
            raise ValueError(f"SEARCH_BACKEND must be one of {', '.join(search_backends)}, not {self.search_backend!r}")
        self._open_search = search_backends[self.search_backend]
        self.manifest: dict | None = None
        self.build_id: str | None = None
        self.build_dir: Path | None = None
        self._content_engine: Engine | None = None
        self._runtime_engine: Engine | None = None
        self._content_sessions: sessionmaker[Session] | None = None
        self._runtime_sessions: sessionmaker[Session] | None = None
        self.search = None
        self._beat = 0.0
        self._link: str | None = None  # what `current` named when this build was opened
        self._lock = threading.Lock()
        app.extensions[EXTENSION_KEY] = self

    def open(self) -> InstanceState:
        """Check the instance and open it; InstanceNotReady names the fix."""
        with self._lock:
            folder, manifest = served_build(self.paths, self.database_url or "", self.search_backend)
            if self.build_id and self.build_id != manifest.get("build_id"):
                self.heartbeat()  # the last moment the old build was served: kept 15 minutes from now
            self._close_content()
            postgres = bool(self.database_url) and not is_sqlite(self.database_url)
            # Read-only URI: a deleted portal.db stays missing (503 from /healthz), never re-created empty.
            url = self.database_url if postgres else read_only_sqlite_url(folder / "portal.db")
            self._content_engine = content_engine(url, schema=manifest.get("db_schema"), read_only=not postgres)
            self._content_sessions = sessionmaker(bind=self._content_engine, expire_on_commit=False,
                                                  info={"build_id": manifest.get("build_id")})
            if self._runtime_engine is None:
                runtime_url = runtime_database_url(self.paths, self.database_url)
                private_sqlite(runtime_url)
                self._runtime_engine = runtime_engine(runtime_url)
                self._runtime_sessions = sessionmaker(bind=self._runtime_engine, expire_on_commit=False)
            self.search = self._open_search(folder, manifest, self._content_engine)
            self.manifest = manifest
            self.build_id = manifest.get("build_id")
            self.build_dir = folder
            self._link = self.paths.current_build_id()
            self._beat = 0.0
        self.heartbeat()
        return self

    @property
    def qa_dir(self) -> Path | None:
        """The assistant's rules shipped in the served build (None: an older build without them)."""
        if self.build_dir is not None and (self.build_dir / "qa").is_dir():
            return self.build_dir / "qa"
        return None

    def refresh_if_rebuilt(self) -> None:
        if self.manifest is None or self.paths.current_build_id() != self._link:
            try:
                self.open()
            except InstanceNotReady:
                if self.manifest is None:
                    raise
        elif time.monotonic() - self._beat >= HEARTBEAT_SECONDS:
            self.heartbeat()

    def heartbeat(self) -> None:
        """Record the build this process serves; a failure is logged, never passed to the request."""
        self._beat = time.monotonic()
        if self._runtime_engine is None or self.build_id is None:
            return
        try:
            record_serving(self._runtime_engine, self.build_id, (self.manifest or {}).get("db_schema"))
        except SQLAlchemyError as exc:  # no table yet (unmigrated) or the database briefly away
            log.warning("could not record the served build: %s", str(exc).splitlines()[0])

    def content_session(self) -> Session:
        if self._content_sessions is None:
            raise InstanceNotReady("the instance is not open")
        return self._content_sessions()

    def runtime_session(self) -> Session:
        if self._runtime_sessions is None:
            raise InstanceNotReady("the instance is not open")
        return self._runtime_sessions()

    def _close_content(self) -> None:
        if self.search is not None and hasattr(self.search, "close"):
            self.search.close()
        if self._content_engine is not None:
            self._content_engine.dispose()

    def close(self) -> None:
        self._close_content()
        if self._runtime_engine is not None:
            self._runtime_engine.dispose()


def state(app: Flask | None = None) -> InstanceState:
    from flask import current_app

    return (app or current_app).extensions[EXTENSION_KEY]


def db() -> Session:
    """The request's content session (read-only), closed at teardown."""
    if "content_session" not in g:
        g.content_session = state().content_session()
    return g.content_session


def runtime_db() -> Session:
    if "runtime_session" not in g:
        g.runtime_session = state().runtime_session()
    return g.runtime_session


def close_sessions(_exc=None) -> None:
    """Close the request's sessions; a connection the database dropped is discarded, not raised.

    Closing rolls back, and a rollback on a connection PostgreSQL terminated
    (a restart) fails. The answer is already made by then, so raising here would
    replace it with the server's bare 500; the connection is invalidated instead
    and the pool opens a new one for the next request.
    """
    for name in ("content_session", "runtime_session"):
        session = g.pop(name, None)
        if session is None:
            continue
        try:
            session.close()
        except SQLAlchemyError as exc:
            log.warning("discarding a database connection that failed to close: %s", str(exc).splitlines()[0])
            try:
                session.invalidate()
            except SQLAlchemyError:  # already gone; nothing left to release
                pass
