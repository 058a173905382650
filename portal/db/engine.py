"""Engines for the content and runtime tables.

Content tables are declared in the logical schema ``content``. On SQLite each
build is its own database file, so the name maps to the file's main schema; on
PostgreSQL it maps to the schema the build wrote (named in its manifest), so
that publishing a build switches the database along with the index.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

from portal.db.content import CONTENT_SCHEMA, ContentBase


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def content_engine(url: str, *, schema: str | None = None, read_only: bool = False) -> Engine:
    """An engine whose ``content`` tables resolve to ``schema`` (PostgreSQL) or the file (SQLite)."""
    if is_sqlite(url):
        engine = create_engine(url, connect_args={"check_same_thread": False})
        target = None
        if read_only:
            _make_sqlite_read_only(engine)
    else:
        engine = create_engine(url, pool_pre_ping=True)
        if not schema:
            raise ValueError("a PostgreSQL content engine needs the build's schema name")
        target = schema
    return engine.execution_options(schema_translate_map={CONTENT_SCHEMA: target})


def read_only_sqlite_url(path) -> str:
    """A SQLite URL that opens ``path`` read-only and never creates it (``mode=ro``)."""
    from urllib.parse import quote

    return f"sqlite:///file:{quote(str(path))}?mode=ro&uri=true"


def _make_sqlite_read_only(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _query_only(dbapi_connection, _record):  # pragma: no cover - trivial
        dbapi_connection.execute("PRAGMA query_only = ON")


def create_content_tables(engine: Engine) -> None:
    ContentBase.metadata.create_all(engine)


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(bind=engine, expire_on_commit=False)


def runtime_engine(url: str) -> Engine:
    """The engine for the runtime tables (chat log, staff): the only ones the web process writes.

    On SQLite every worker thread may write (a question, a staff session), so
    the file is in WAL mode: readers never wait for the writer, and a writer
    waits its turn (``busy_timeout``) instead of failing at once.
    """
    if not is_sqlite(url):
        return create_engine(url, pool_pre_ping=True)
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 10})

    @event.listens_for(engine, "connect")
    def _wal(dbapi_connection, _record):  # pragma: no cover - trivial
        try:
            dbapi_connection.execute("PRAGMA journal_mode = WAL")
            # FULL: a turn id the user was given survives even a power cut, not only a crash.
            dbapi_connection.execute("PRAGMA synchronous = FULL")
        except sqlite3.Error:  # a read-only file: reads still work, writes fail where they are handled
            pass

    return engine
