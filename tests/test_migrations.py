"""Runtime-table migrations: from an empty database and from the schema create_all made before them.

The last test compares the migrated schema with the models, so a runtime table
or column added without a migration fails here.
"""

from __future__ import annotations

import secrets

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import create_engine, inspect, text

from portal.db.migrate import BASELINE, BASELINE_TABLES, head_revision, migrate_runtime, runtime_metadata


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def empty_database(request, tmp_path):
    """An empty database: a fresh SQLite file, or a fresh PostgreSQL schema used as the search path."""
    if request.param == "sqlite":
        engine = create_engine(f"sqlite:///{tmp_path / 'runtime.db'}")
        yield engine
        engine.dispose()
        return
    from tests.support.requirements import require_postgres

    url = require_postgres()
    schema = f"test_migrate_{secrets.token_hex(4)}"
    admin = create_engine(url)
    with admin.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine = create_engine(url, connect_args={"options": f"-csearch_path={schema}"})
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


def _differences(engine) -> list:
    with engine.connect() as conn:
        return compare_metadata(MigrationContext.configure(conn), runtime_metadata())


def _revision(engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def test_an_empty_database_migrates_to_the_models(empty_database):
    migrate_runtime(empty_database)
    assert _revision(empty_database) == head_revision()
    assert _differences(empty_database) == []
    migrate_runtime(empty_database)  # idempotent
    assert _revision(empty_database) == head_revision()


def test_a_database_made_before_migrations_keeps_its_rows(empty_database):
    # The tables as create_all made them then: the baseline revision's shape, without alembic_version
    # (today's models have grown columns since).
    from alembic import command

    from portal.db.migrate import _config

    with empty_database.begin() as conn:
        command.upgrade(_config(conn), BASELINE)
        conn.execute(text("DROP TABLE alembic_version"))
    assert BASELINE_TABLES <= set(inspect(empty_database).get_table_names())
    with empty_database.begin() as conn:
        conn.execute(text("INSERT INTO staff_users (username, password_hash, created_at) "
                          "VALUES ('kept', 'x', CURRENT_TIMESTAMP)"))
    migrate_runtime(empty_database)
    assert _revision(empty_database) == head_revision()
    assert _differences(empty_database) == []
    assert "serving_nodes" in inspect(empty_database).get_table_names()
    with empty_database.connect() as conn:
        assert conn.execute(text("SELECT username FROM staff_users")).scalar() == "kept"


def test_every_runtime_table_has_a_migration(tmp_path):
    """A table declared on RuntimeBase but missing from the revisions shows up as a difference."""
    engine = create_engine(f"sqlite:///{tmp_path / 'runtime.db'}")
    try:
        migrate_runtime(engine)
        missing = [diff for diff in _differences(engine)]
        assert missing == [], ("runtime models and migrations differ; write a revision with "
                               f"`make migration MESSAGE=...`: {missing}")
    finally:
        engine.dispose()


def test_ota_portal_migrate_command(tmp_path, monkeypatch):
    from click.testing import CliRunner

    from portal.cli import main as cli

    monkeypatch.setenv("PORTAL_INSTANCE", str(tmp_path / "instance"))
    monkeypatch.delenv("DATABASE_URL", raising=False)
    result = CliRunner().invoke(cli, ["migrate"])
    assert result.exit_code == 0, result.output
    engine = create_engine(f"sqlite:///{tmp_path / 'instance' / 'runtime.db'}")
    assert _revision(engine) == head_revision()
    engine.dispose()


def test_chat_context_stores_the_longest_recall_id_the_content_holds(empty_database):
    """The portal's own ids for Chinese recalls run past 32 characters; PostgreSQL refuses a value longer than its column."""
    from pathlib import Path

    from sqlalchemy.orm import Session

    from portal.db.runtime import ChatContext

    recalls = Path(__file__).resolve().parents[1] / "content" / "editorial" / "recalls"
    longest = max((p.stem for p in recalls.glob("*.yaml")), key=len)
    assert len(longest) > 32, longest  # the case this test guards
    migrate_runtime(empty_database)
    with Session(empty_database) as session:
        session.add(ChatContext(session="s" * 16, recall_id=longest))
        session.commit()
        assert session.get(ChatContext, "s" * 16).recall_id == longest
