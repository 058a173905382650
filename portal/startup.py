"""Checks ``ota-portal serve`` makes before any worker starts, each failing in one line that names the fix.

A node that starts on the wrong database writes runtime tables into it and
then answers 500 on every page; a 130-line traceback hides the one setting
that is wrong. So, before migrating or forking: the content database can be
reached, it holds the served build's tables (on PostgreSQL, the build's
schema), and the runtime tables are not newer than this code. Each failure is
an :class:`~portal.instance.InstanceNotReady` whose message is the line to
print.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

from sqlalchemy import create_engine, select, text
from sqlalchemy.exc import SQLAlchemyError

from portal.db import content as db
from portal.db.engine import content_engine, is_sqlite, read_only_sqlite_url
from portal.instance import InstanceNotReady


def first_line(exc: BaseException) -> str:
    return (str(getattr(exc, "orig", None) or exc).strip().splitlines() or [type(exc).__name__])[0]


def describe_url(url: str) -> str:
    """``host:port/database`` of a URL, without the password (for messages and logs)."""
    parts = urlsplit(url)
    return f"{parts.hostname or 'localhost'}:{parts.port or 5432}{parts.path}"


def check_content(build_dir: Path, manifest: dict, database_url: str | None) -> None:
    """The served build's content tables answer one cheap query; else InstanceNotReady in one line."""
    build = manifest.get("build_id")
    schema = manifest.get("db_schema")
    if database_url and not is_sqlite(database_url):
        _check_postgres(database_url, schema, build)
        if not schema:
            raise InstanceNotReady(
                f"Build {build} was made on SQLite (its portal.db), but DATABASE_URL names PostgreSQL: unset "
                "DATABASE_URL, or ship a build made against that database.")
        url = database_url
    else:
        path = build_dir / "portal.db"
        if not path.is_file() or path.stat().st_size == 0:
            raise InstanceNotReady(f"The database {path} of build {build} is missing or empty: "
                                   "rebuild with `ota-portal build` (or ship the build again).")
        url = read_only_sqlite_url(path)
    engine = content_engine(url, schema=schema, read_only=not schema)
    try:
        with engine.connect() as connection:
            connection.execute(select(db.Make.slug).limit(1)).first()
    except SQLAlchemyError as exc:
        raise InstanceNotReady(f"The content tables of build {build} cannot be read ({first_line(exc)}): "
                               "rebuild with `ota-portal build` (or ship the build again).") from None
    finally:
        engine.dispose()


def _check_postgres(url: str, schema: str | None, build: str | None) -> None:
    where = describe_url(url)
    try:
        engine = create_engine(url, connect_args={"connect_timeout": 5})
    except SQLAlchemyError as exc:  # not a URL SQLAlchemy can use (postgres:// without +psycopg, a typo)
        raise InstanceNotReady(f"DATABASE_URL is not usable ({first_line(exc)}): write it as "
                               "postgresql+psycopg://user:password@host:5432/database.") from None
    try:
        with engine.connect() as connection:
            found = connection.execute(text("SELECT 1 FROM pg_namespace WHERE nspname = :s"),
                                       {"s": schema or ""}).first()
    except SQLAlchemyError as exc:
        raise InstanceNotReady(f"Cannot connect to DATABASE_URL ({where}): {first_line(exc)}; "
                               "check DATABASE_URL and that PostgreSQL is running.") from None
    finally:
        engine.dispose()
    if found is None and schema:
        raise InstanceNotReady(
            f"The database {where} has no schema {schema} for build {build}: point DATABASE_URL at the database "
            "the build host used, or ship a build made against this database.")


def check_runtime(runtime_url: str) -> None:
    """The runtime database answers and is not at a revision newer than this code."""
    from portal.db.migrate import RuntimeNewerThanCode, check_runtime_revision

    if is_sqlite(runtime_url) and not Path(runtime_url.split("///", 1)[-1]).exists():
        return  # a first start: the migration creates it
    try:
        check_runtime_revision(runtime_url)
    except RuntimeNewerThanCode as exc:
        raise InstanceNotReady(str(exc)[0].upper() + str(exc)[1:] + ".") from None
    except SQLAlchemyError as exc:
        raise InstanceNotReady(f"Cannot open the runtime database ({describe_url(runtime_url) if not is_sqlite(runtime_url) else runtime_url}): "
                               f"{first_line(exc)}.") from None
