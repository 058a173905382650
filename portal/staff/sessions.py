"""Staff sign-ins stored server-side: started at sign-in, checked on every request, ended at sign-out.

The signed cookie only carries a random token; the session row decides. So a
cookie saved before signing out reads nothing afterwards, a session unused for
``STAFF_SESSION_IDLE_MINUTES`` or older than ``STAFF_SESSION_MAX_HOURS`` has
expired, and a user can see and end their other sessions. A session whose use
cannot be recorded (the disk full) is refused: the console fails closed.
Failed sign-ins are throttled in :mod:`portal.staff.throttle`.
No Flask here: the routes pass the settings in.
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from portal.db.runtime import StaffSession, StaffUser

TOUCH_EVERY = timedelta(minutes=1)  # last_seen_at is written at most this often, not on every request


@dataclass(frozen=True)
class Lifetimes:
    idle: timedelta
    maximum: timedelta


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)  # SQLite returns naive datetimes


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii", "replace")).hexdigest()


def start_session(db: Session, user: StaffUser, user_agent: str) -> str:
    """A new session for ``user``; returns the token for the cookie."""
    token = secrets.token_urlsafe(32)
    db.add(StaffSession(id=_digest(token), user_id=user.id, user_agent=(user_agent or "")[:200]))
    db.commit()
    return token


def _live(row: StaffSession | None, lifetimes: Lifetimes, now: datetime) -> bool:
    return (row is not None and row.ended_at is None and now - _aware(row.last_seen_at) <= lifetimes.idle
            and now - _aware(row.created_at) <= lifetimes.maximum)


def session_user(db: Session, token: str | None, lifetimes: Lifetimes) -> tuple[StaffUser | None, str | None]:
    """The signed-in user and their session id for a cookie's token, or (None, None)."""
    if not isinstance(token, str) or not token:
        return None, None
    now = _now()
    row = db.get(StaffSession, _digest(token))
    if not _live(row, lifetimes, now):
        return None, None
    user = db.get(StaffUser, row.user_id)
    if user is None or user.disabled_at is not None:
        return None, None
    if now - _aware(row.last_seen_at) >= TOUCH_EVERY:
        row.last_seen_at = now
        try:
            db.commit()
        except SQLAlchemyError:  # cannot record use (disk full, database away): fail closed
            db.rollback()
            return None, None
    return user, row.id


def end_session(db: Session, token: str | None = None, *, session_id: str | None = None,
                user_id: int | None = None) -> bool:
    """End the session of ``token`` (or ``session_id``, only if it belongs to ``user_id``)."""
    key = _digest(token) if token else session_id
    if not key:
        return False
    query = update(StaffSession).where(StaffSession.id == key, StaffSession.ended_at.is_(None))
    if user_id is not None:
        query = query.where(StaffSession.user_id == user_id)
    ended = db.execute(query.values(ended_at=_now())).rowcount
    db.commit()
    return bool(ended)


def end_user_sessions(db: Session, user_id: int) -> int:
    """End every open session of one user (password changed, account disabled) and commit."""
    ended = db.execute(update(StaffSession).where(StaffSession.user_id == user_id, StaffSession.ended_at.is_(None))
                       .values(ended_at=_now())).rowcount
    db.commit()
    return ended or 0


def active_sessions(db: Session, user_id: int, lifetimes: Lifetimes) -> list[StaffSession]:
    now = _now()
    rows = db.scalars(select(StaffSession).where(StaffSession.user_id == user_id, StaffSession.ended_at.is_(None))
                      .order_by(StaffSession.last_seen_at.desc()))
    return [row for row in rows if _live(row, lifetimes, now)]
