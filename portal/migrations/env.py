"""Alembic environment for the runtime tables (chat log, staff, feedback, serving nodes).

Content tables are rebuilt by every build into a fresh schema or file and are
never migrated; only the runtime tables, which outlive builds, are. The
connection is handed in by :mod:`portal.db.migrate` (``config.attributes``).
"""

from alembic import context

from portal.db.migrate import runtime_metadata

config = context.config
target_metadata = runtime_metadata()


def run_migrations_online() -> None:
    connection = config.attributes["connection"]
    context.configure(connection=connection, target_metadata=target_metadata, compare_type=True,
                      render_as_batch=connection.dialect.name == "sqlite")
    with context.begin_transaction():
        context.run_migrations()


run_migrations_online()
