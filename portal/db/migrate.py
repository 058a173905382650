"""Schema migrations for the runtime tables (Alembic), applied by builds, ``serve`` and ``ota-portal migrate``.

``create_all`` adds missing tables but never a missing column, so a runtime
table that changes shape needs a migration. Revisions live in
``portal/migrations/versions`` (package data, so an installed portal can
migrate). A database made before migrations existed (tables from
``create_all``, no ``alembic_version``) is recognised and stamped at the
first revision, which describes exactly those tables, then upgraded.

Adding a runtime table or column: declare it on ``RuntimeBase``, then
``make migration MESSAGE="what changed"`` writes a revision by comparing the
models with a database migrated to head; review it and commit it.
"""

from __future__ import annotations

import importlib
import pkgutil
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
    """The runtime tables' metadata, with every module that declares runtime tables imported."""
    import portal
    from portal.db.runtime import RuntimeBase

    for module in pkgutil.walk_packages(portal.__path__, "portal."):
        if module.name.startswith(("portal.migrations", "portal.wsgi")):
            continue
        importlib.import_module(module.name)
    return RuntimeBase.metadata


def _config(connection=None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def migrate_runtime(url_or_engine: str | Engine) -> None:
    """Bring the runtime tables to the newest revision (idempotent)."""
    engine = create_engine(url_or_engine) if isinstance(url_or_engine, str) else url_or_engine
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.execute(text("SELECT pg_advisory_xact_lock(:id)"), {"id": _LOCK_ID})
            tables = set(inspect(connection).get_table_names())
            config = _config(connection)
            if "alembic_version" not in tables and BASELINE_TABLES <= tables:
                command.stamp(config, BASELINE)
            command.upgrade(config, "head")
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
