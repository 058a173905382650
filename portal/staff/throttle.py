"""Slowing password guesses without letting a stranger lock the owner out.

A lock-out per account ("10 failures, then 429 for 15 minutes") lets anyone
who knows a staff name keep its owner out. So failures are counted per
account *and* address, in the runtime database (every worker and node sees
them), and each address that keeps failing for an account waits longer:
from the ``free``-th failure within the window on, ``2 ** (failures - free)``
seconds from its last failure, doubling up to the whole window. The owner signing in
from an address that has not failed is never made to wait. When an account
has had ``account_limit`` failures from all addresses together (a guesser
spread over many addresses), the back-off starts at the first failure of each
address instead of after ``free``. The per-address request limit
(``LOGIN_RATE_LIMIT``) still holds on top. No Flask here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from portal.db.runtime import StaffLoginFailure

FREE_FAILURES = 3  # per account and address before any wait: typos cost nothing


@dataclass(frozen=True)
class Throttle:
    window: timedelta
    account_limit: int
    free: int = FREE_FAILURES


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def wait_seconds(db: Session, username: str, address: str, throttle: Throttle) -> int:
    """Seconds ``address`` must still wait before trying ``username`` again (0: it may try now)."""
    since = _now() - throttle.window
    recent = StaffLoginFailure.created_at >= since
    mine = db.execute(select(func.count(), func.max(StaffLoginFailure.created_at)).where(
        StaffLoginFailure.username == username, StaffLoginFailure.address == address[:64], recent)).one()
    count, last = mine[0] or 0, mine[1]
    if not count:
        return 0
    account = db.scalar(select(func.count()).select_from(StaffLoginFailure).where(
        StaffLoginFailure.username == username, recent)) or 0
    threshold = 1 if account >= throttle.account_limit else throttle.free
    if count < threshold:
        return 0
    delay = min(2 ** (count - threshold), throttle.window.total_seconds())
    remaining = _aware(last) + timedelta(seconds=delay) - _now()
    return max(0, int(remaining.total_seconds() + 0.999))


def record_failure(db: Session, username: str, address: str, throttle: Throttle) -> None:
    """Count a failed sign-in for ``username`` from ``address``, and forget failures older than the window."""
    db.execute(delete(StaffLoginFailure).where(StaffLoginFailure.created_at < _now() - throttle.window))
    db.add(StaffLoginFailure(username=username[:64], address=address[:64]))
    db.commit()
