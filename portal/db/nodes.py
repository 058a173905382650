"""Which build each serving node uses, so the build host never drops a schema still in use.

Every web process writes one row per build it serves (``node`` = host name,
process id and build id) when it opens the build and again at most every
``HEARTBEAT_SECONDS`` while it serves requests, and a last time when it
switches to another build. A row for build A is therefore left alone when the
process moves on to build B: its ``heartbeat_at`` stays the last moment A was
served. A build whose schema is named by a row younger than ``LIVE_SECONDS``
(15 minutes) is live: the build host and ``ota-portal prune`` keep it, so a
node can still be rolled back to it. A node that stopped simply ages out of
the live set; its rows are removed by the next prune.
"""

from __future__ import annotations

import os
import socket
from datetime import UTC, datetime, timedelta

from sqlalchemy import DateTime, Engine, String, delete, select, update
from sqlalchemy.orm import Mapped, Session, mapped_column

from portal.db.runtime import RuntimeBase

HEARTBEAT_SECONDS = 30
# Several missed heartbeats (a node busy, restarting or briefly cut off) before a build counts as unused.
LIVE_SECONDS = 15 * 60


def _now() -> datetime:
    return datetime.now(UTC)


class ServingNode(RuntimeBase):
    """One web process and the build it serves."""

    __tablename__ = "serving_nodes"
    node: Mapped[str] = mapped_column(String(255), primary_key=True)
    build_id: Mapped[str] = mapped_column(String(64))
    db_schema: Mapped[str | None] = mapped_column(String(128), index=True)
    heartbeat_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)


def node_name(build_id: str = "") -> str:
    """``host:pid`` and the build, so each build a process served keeps its own last heartbeat."""
    process = f"{socket.gethostname()}:{os.getpid()}"
    return (f"{process} {build_id}" if build_id else process)[:255]


def record_serving(engine: Engine, build_id: str, db_schema: str | None, node: str | None = None) -> None:
    """Upsert this process's row (portable: update, then insert when there was none)."""
    node = node or node_name(build_id)
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
