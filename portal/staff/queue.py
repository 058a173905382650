"""The staff review queue and feedback totals, as queries over ``chat_turns`` (no Flask).

A question is in the queue when the assistant fell back (it had no answer)
or answered with low confidence: both are where rules are missing or weak,
which is what staff are there to fix. The engine's threshold for answering
is 0.5; an answer between it and ``LOW_CONFIDENCE`` matched a single word
group only, so it is shown for review as well.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import case, func, or_, select
from sqlalchemy.orm import Session

from portal.db.runtime import ChatTurn, StaffAction

LOW_CONFIDENCE = 0.6
PAGE_SIZE = 50


def _in_queue():
    return or_(ChatTurn.fallback.is_(True), ChatTurn.confidence < LOW_CONFIDENCE)


@dataclass
class QueueCounts:
    open: int
    handled: int


def queue_counts(db: Session) -> QueueCounts:
    rows = dict(db.execute(select(ChatTurn.handled, func.count()).where(_in_queue())
                           .group_by(ChatTurn.handled)).all())
    return QueueCounts(open=rows.get(False, 0), handled=rows.get(True, 0))


def queue_items(db: Session, handled: bool = False, limit: int = PAGE_SIZE) -> list[ChatTurn]:
    """Queued turns, newest first: the open ones, or those already handled."""
    query = (select(ChatTurn).where(_in_queue(), ChatTurn.handled.is_(handled))
             .order_by(ChatTurn.created_at.desc(), ChatTurn.id.desc()).limit(limit))
    return list(db.scalars(query))


def mark_handled(db: Session, turn_id: int, username: str) -> bool:
    """Close one queued question and record who did it; False when it is not in the queue."""
    turn = db.scalar(select(ChatTurn).where(ChatTurn.id == turn_id, _in_queue()))
    if turn is None:
        return False
    if not turn.handled:
        turn.handled = True
        db.add(StaffAction(turn_id=turn.id, username=username, action="handled",
                           created_at=datetime.now(timezone.utc)))
        db.commit()
    return True


@dataclass
class FeedbackTotals:
    intent: str | None
    helpful: int
    not_helpful: int


def feedback_totals(db: Session) -> list[FeedbackTotals]:
    """Helpful / not helpful votes per intent (fallbacks grouped under no intent), most votes first."""
    helpful = func.sum(case((ChatTurn.feedback > 0, 1), else_=0))
    unhelpful = func.sum(case((ChatTurn.feedback < 0, 1), else_=0))
    rows = db.execute(select(ChatTurn.intent, helpful, unhelpful).where(ChatTurn.feedback.is_not(None))
                      .group_by(ChatTurn.intent)).all()
    totals = [FeedbackTotals(intent, int(h or 0), int(n or 0)) for intent, h, n in rows]
    return sorted(totals, key=lambda t: (-(t.helpful + t.not_helpful), t.intent or ""))
