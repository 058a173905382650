"""The web process's read-only view of the served build.

Opened once (``open()``) after the app is created, and refreshed when the
indexer publishes a new build: each request compares the ``current`` symlink
with the build it opened (one ``readlink``), and reopens the database and index
when they differ. Nothing here writes content.
"""

from __future__ import annotations

import threading

from flask import Flask, g
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from portal.db.engine import content_engine, is_sqlite, runtime_engine
from portal.instance import (
    InstancePaths,
    InstanceNotReady,
    content_database_url,
    read_manifest,
    runtime_database_url,
)

EXTENSION_KEY = "portal_state"


class InstanceState:
    def __init__(self, app: Flask):
        self.paths = InstancePaths.from_env(app.config["PORTAL_INSTANCE"])
        self.database_url = app.config.get("DATABASE_URL")
        self.manifest: dict | None = None
        self.build_id: str | None = None
        self._content_engine: Engine | None = None
        self._runtime_engine: Engine | None = None
        self._content_sessions: sessionmaker[Session] | None = None
        self._runtime_sessions: sessionmaker[Session] | None = None
        self.search = None
        self._lock = threading.Lock()
        app.extensions[EXTENSION_KEY] = self

    def open(self) -> "InstanceState":
        """Check the instance and open it; InstanceNotReady names the fix."""
        with self._lock:
            manifest = read_manifest(self.paths)
            self._close_content()
            url = content_database_url(self.paths, self.database_url)
            self._content_engine = content_engine(url, schema=manifest.get("db_schema"), read_only=is_sqlite(url))
            self._content_sessions = sessionmaker(bind=self._content_engine, expire_on_commit=False)
            if self._runtime_engine is None:
                runtime_url = runtime_database_url(self.paths, self.database_url)
                from portal.secrets import private_sqlite

                private_sqlite(runtime_url)
                self._runtime_engine = runtime_engine(runtime_url)
                self._runtime_sessions = sessionmaker(bind=self._runtime_engine, expire_on_commit=False)
            from portal.search.backend import WhooshSearch

            self.search = WhooshSearch(self.paths.index)
            self.manifest = manifest
            self.build_id = manifest.get("build_id")
        return self

    def refresh_if_rebuilt(self) -> None:
        if self.build_id is None or self.paths.current_build_id() != self.build_id:
            try:
                self.open()
            except InstanceNotReady:
                if self.manifest is None:
                    raise

    def content_session(self) -> Session:
        if self._content_sessions is None:
            raise InstanceNotReady("the instance is not open")
        return self._content_sessions()

    def runtime_session(self) -> Session:
        if self._runtime_sessions is None:
            raise InstanceNotReady("the instance is not open")
        return self._runtime_sessions()

    def _close_content(self) -> None:
        if self._content_engine is not None:
            self._content_engine.dispose()
        if self.search is not None and hasattr(self.search, "close"):
            self.search.close()

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
    for name in ("content_session", "runtime_session"):
        session = g.pop(name, None)
        if session is not None:
            session.close()
