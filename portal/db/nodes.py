"""Which build each serving node uses, so the build host never drops a schema still in use.

Every web process writes one row (``node`` = host name and process id) when
it opens a build and again at most every ``HEARTBEAT_SECONDS`` while it
serves requests. A build whose schema is named by a row younger than
``LIVE_SECONDS`` is live: the build host and ``ota-portal prune`` keep it.
A node that stopped simply ages out of the live set; its row is removed by
the next prune.
"""

from __future__ import annotations

import os
import socket
from datetime import datetime, timedelta, timezone

from sqlalchemy import DateTime, Engine, String, delete, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from portal.db.runtime import RuntimeBase

HEARTBEAT_SECONDS = 30
# Several missed heartbeats (a node busy, restarting or briefly cut off) before a build counts as unused.
LIVE_SECONDS = 15 * 60


def _now() -> datetime:
    return datetime.now(timezone.utc)


class ServingNode(RuntimeBase):
    """One web process and the build it serves."""

    __tablename__ = "serving_nodes"
    node: Mapped[str] = mapped_column(String(255), primary_key=True)
    build_id: Mapped[str] = mapped_column(String(64))
    db_schema: Mapped[str | None] = mapped_column(String(128), index=True)
    heartbeat_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)


def node_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:255]


def record_serving(engine: Engine, build_id: str, db_schema: str | None, node: str | None = None) -> None:
    """Upsert this process's row (portable: update, then insert when there was none)."""
    node = node or node_name()
    with Session(engine) as session, session.begin():
        changed = session.execute(
            update(ServingNode).where(ServingNode.node == node)
            .values(build_id=build_id, db_schema=db_schema, heartbeat_at=_now())
        ).rowcount
        if not changed:
            session.add(ServingNode(node=node, build_id=build_id, db_schema=db_schema, heartbeat_at=_now()))


def live_schemas(engine: Engine, live_seconds: int = LIVE_SECONDS) -> set[str]:
    """Schemas named by a node that reported within ``live_seconds``."""
    since = _now() - timedelta(seconds=live_seconds)
    with Session(engine) as session:
        rows = session.scalars(select(ServingNode.db_schema).where(ServingNode.heartbeat_at >= since))
        return {schema for schema in rows if schema}


def live_builds(engine: Engine, live_seconds: int = LIVE_SECONDS) -> set[str]:
    since = _now() - timedelta(seconds=live_seconds)
    with Session(engine) as session:
        return set(session.scalars(select(ServingNode.build_id).where(ServingNode.heartbeat_at >= since)))


def forget_stale_nodes(engine: Engine, live_seconds: int = LIVE_SECONDS) -> int:
    since = _now() - timedelta(seconds=live_seconds)
    with Session(engine) as session, session.begin():
        return session.execute(delete(ServingNode).where(ServingNode.heartbeat_at < since)).rowcount
