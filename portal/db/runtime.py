"""Runtime tables: the only rows the web process writes.

They live apart from the content tables so that a rebuild of the content never
touches them (SQLite: ``instance/runtime.db``; PostgreSQL: the ``public``
schema of the same database).
"""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Boolean, DateTime, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


def _now() -> datetime:
    return datetime.now(UTC)


class RuntimeBase(DeclarativeBase):
    pass


class StaffUser(RuntimeBase):
    __tablename__ = "staff_users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    password_hash: Mapped[str] = mapped_column(String(256))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    # Set by `ota-portal staff disable`: the account cannot sign in and its sessions are ended.
    disabled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ChatTurn(RuntimeBase):
    """One question and the answer given, with the rule trace (for staff review)."""

    __tablename__ = "chat_turns"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session: Mapped[str] = mapped_column(String(64), index=True)
    lang: Mapped[str] = mapped_column(String(8))
    question: Mapped[str] = mapped_column(Text)
    intent: Mapped[str | None] = mapped_column(String(64), index=True)
    confidence: Mapped[float] = mapped_column(Float)
    fallback: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    answer: Mapped[str] = mapped_column(Text)
    trace: Mapped[str] = mapped_column(Text, default="")
    vin: Mapped[str | None] = mapped_column(String(17))
    handled: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    feedback: Mapped[int | None] = mapped_column(Integer)  # +1 helpful, -1 not helpful
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)


class ChatSource(RuntimeBase):
    """A source cited by one stored answer, so a conversation can be shown again with its links.

    A table of its own rather than a column on ``chat_turns``: the runtime
    tables outlive every build and ``create_all`` (run by each build) adds
    missing tables but never missing columns, so extending by tables keeps
    existing deployments working without a migration step.
    """

    __tablename__ = "chat_sources"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    turn_id: Mapped[int] = mapped_column(ForeignKey("chat_turns.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    title: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text)


class StaffAction(RuntimeBase):
    """Who marked a queued question handled, and when (the queue's audit trail)."""

    __tablename__ = "staff_actions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    turn_id: Mapped[int] = mapped_column(ForeignKey("chat_turns.id", ondelete="CASCADE"), index=True)
    username: Mapped[str] = mapped_column(String(64))
    action: Mapped[str] = mapped_column(String(32))  # "handled" | "reopened"
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class StaffSession(RuntimeBase):
    """One staff sign-in, kept on the server so that signing out (or ending it from another
    browser) ends it everywhere, whatever copies of the cookie exist.

    ``id`` is the SHA-256 of the random token in the signed session cookie, so
    the table alone cannot be used to sign in.
    """

    __tablename__ = "staff_sessions"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("staff_users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    last_seen_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)
    ended_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    user_agent: Mapped[str] = mapped_column(String(200), default="")


class StaffLoginFailure(RuntimeBase):
    """A failed sign-in for an account name from one address: counted across every worker and
    node, so guessing is slowed per account and address (see :mod:`portal.staff.throttle`)."""

    __tablename__ = "staff_login_failures"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), index=True)
    address: Mapped[str | None] = mapped_column(String(64), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)


class ChatContext(RuntimeBase):
    """What one conversation is about, so a follow-up ("is it fixed?", "那个呢") resolves on any node.

    One row per chat session: the last VIN, recall id, the owner's stated
    software version, the last intent and language. A new VIN or recall id
    overwrites the old one; rows older than the memory's TTL are ignored.
    """

    __tablename__ = "chat_context"
    session: Mapped[str] = mapped_column(String(64), primary_key=True)
    vin: Mapped[str | None] = mapped_column(String(17))
    recall_id: Mapped[str | None] = mapped_column(String(64))  # as long as recalls.id
    version: Mapped[str | None] = mapped_column(String(64))
    intent: Mapped[str | None] = mapped_column(String(64))
    lang: Mapped[str | None] = mapped_column(String(8))
    # JSON: the recalls, releases and models the last answer named, in order ("it", "the other one").
    mentioned: Mapped[str | None] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now, index=True)
