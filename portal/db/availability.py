"""Which database errors mean "the database is away" (answer 503 and ask to retry), not a bug (500).

A PostgreSQL restart, a dropped connection, a build schema missing or
dropped, a SQLite file deleted, emptied or on a full disk: the request was
fine and will work again once an operator (or time) fixes the database, so
the user gets 503 with ``Retry-After`` and the load balancer's health check
sees the same through ``/healthz``.
"""

from __future__ import annotations

from sqlalchemy.exc import (
    DBAPIError,
    DisconnectionError,
    InterfaceError,
    OperationalError,
    ProgrammingError,
    SQLAlchemyError,
)
from sqlalchemy.exc import TimeoutError as PoolTimeout

# PostgreSQL SQLSTATEs: undefined table, undefined schema, insufficient resources (disk full, ...).
_AWAY_STATES = ("42P01", "3F000", "53")


def database_away(exc: SQLAlchemyError) -> bool:
    if isinstance(exc, (OperationalError, InterfaceError, DisconnectionError, PoolTimeout)):
        return True
    if isinstance(exc, DBAPIError) and exc.connection_invalidated:
        return True
    if isinstance(exc, ProgrammingError):
        state = getattr(getattr(exc, "orig", None), "sqlstate", None) or ""
        return state.startswith(_AWAY_STATES)
    return False
