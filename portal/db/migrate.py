"""Schema migrations for the runtime tables (Alembic), applied by builds, ``serve`` and ``ota-portal migrate``.

``create_all`` adds missing tables but never a missing column, so a runtime
table that changes shape needs a migration. Revisions live in
``portal/migrations/versions`` (package data, so an installed portal can
migrate). A database made before migrations existed (tables from
``create_all``, no ``alembic_version``) is recognised and stamped at the
first revision, which describes exactly those tables, then upgraded.

Adding a runtime table or column: declare it on ``RuntimeBase`` in
``portal/db/runtime.py`` (or a module :func:`runtime_metadata` imports), then
``make migration MESSAGE="what changed"`` writes a revision by comparing the
models with a database migrated to head; review it and commit it.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, create_engine, inspect, text

MIGRATIONS = Path(__file__).resolve().parent.parent / "migrations"
BASELINE = "0001"
# Tables that existed before migrations (created by create_all): their presence means "stamp the baseline".
BASELINE_TABLES = frozenset({"staff_users", "chat_turns", "chat_sources", "staff_actions"})
# Any fixed number: all nodes and builds agree on it, so only one migrates at a time (PostgreSQL).
_LOCK_ID = 0x07A0_0001


def runtime_metadata():
    """The runtime tables' metadata: the tables are declared in :mod:`portal.db.runtime` and
    :mod:`portal.db.nodes` (the serving heartbeat), and nowhere else, so importing those two is enough."""
    from portal.db import nodes  # noqa: F401  (declares serving_nodes on RuntimeBase)
    from portal.db.runtime import RuntimeBase

    return RuntimeBase.metadata


def _config(connection=None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


class RuntimeNewerThanCode(RuntimeError):
    """The runtime tables were migrated by newer code than this; the message names both revisions."""


def _revision_of(connection) -> str | None:
    from alembic.runtime.migration import MigrationContext

    return MigrationContext.configure(connection).get_current_revision()


def _check_known(revision: str | None) -> None:
    from alembic.script import ScriptDirectory
    from alembic.util import CommandError

    if revision is None:
        return
    script = ScriptDirectory.from_config(_config())
    try:
        known = script.get_revision(revision) is not None
    except CommandError:  # "Can't locate revision identified by ..."
        known = False
    if not known:
        raise RuntimeNewerThanCode(
            f"the runtime tables are at revision {revision}, newer than this code (newest {script.get_current_head()}): "
            "install the newer code on this node; upgrade the build host first, then each node (docs/DEPLOYMENT.md, rolling upgrades)")


def check_runtime_revision(url: str) -> None:
    """Raise RuntimeNewerThanCode when the database is at a revision this code does not know."""
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            if "alembic_version" in set(inspect(connection).get_table_names()):
                _check_known(_revision_of(connection))
    finally:
        engine.dispose()


def migrate_runtime(url_or_engine: str | Engine) -> list[str]:
    """Bring the runtime tables to the newest revision (idempotent); returns the revisions applied, oldest first.

    Each is ``"<id>: <message>"``. A database at a revision this code does not
    know (migrated by newer code) raises RuntimeNewerThanCode and is left as it is.
    """
    from alembic.script import ScriptDirectory

    engine = create_engine(url_or_engine) if isinstance(url_or_engine, str) else url_or_engine
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _LOCK_ID})
            tables = set(inspect(connection).get_table_names())
            config = _config(connection)
            before = _revision_of(connection) if "alembic_version" in tables else None
            _check_known(before)
            if before is None and BASELINE_TABLES <= tables:
                command.stamp(config, BASELINE)
                before = BASELINE
            command.upgrade(config, "head")
            after = _revision_of(connection)
        script = ScriptDirectory.from_config(_config())
        applied = [f"{rev.revision}: {(rev.doc or '').strip()}"
                   for rev in script.iterate_revisions(after, before)] if after != before else []
        return applied[::-1]
    finally:
        if isinstance(url_or_engine, str):
            engine.dispose()


def current_revision(url: str) -> str | None:
    from alembic.runtime.migration import MigrationContext

    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return MigrationContext.configure(connection).get_current_revision()
    finally:
        engine.dispose()


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(_config()).get_current_head()


def new_revision(url: str, message: str) -> None:
    """Write a revision for the difference between the models and a database at head."""
    engine = create_engine(url)
    try:
        migrate_runtime(engine)
        with engine.begin() as connection:
            command.revision(_config(connection), message=message, autogenerate=True)
    finally:
        engine.dispose()
