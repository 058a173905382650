"""The staff review queue and feedback totals, as queries over ``chat_turns`` (no Flask).

A question is in the queue when the assistant fell back (it had no answer)
or answered with low confidence: both are where rules are missing or weak,
which is what staff are there to fix. The engine's threshold for answering
is 0.5; an answer between it and ``LOW_CONFIDENCE`` matched a single word
group only, so it is shown for review as well — except greetings and thanks,
which are answered correctly at that confidence and need no review.

``queue_groups`` shows the open queue as staff read it: the same question
asked many times is one row with a count, and likely junk or prompt-injection
text is a group of its own (:mod:`portal.chat.junk`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import and_, case, func, or_, select
from sqlalchemy.orm import Session

from portal.chat.junk import group_key, kind
from portal.db.runtime import ChatTurn, StaffAction

LOW_CONFIDENCE = 0.6
PAGE_SIZE = 50
# Answered at low confidence by design; never queued.
NEVER_QUEUED = ("greeting", "thanks")
# How many open turns the grouped view reads (newest first).
GROUPED_TURNS = 1000


def _in_queue():
    return or_(ChatTurn.fallback.is_(True),
               and_(ChatTurn.confidence < LOW_CONFIDENCE,
                    or_(ChatTurn.intent.is_(None), ChatTurn.intent.notin_(NEVER_QUEUED))))


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


@dataclass
class QueueGroup:
    """One question as staff read it: the newest turn, how often it was asked, and every turn's id."""

    kind: str  # question | junk | injection
    latest: ChatTurn
    count: int
    ids: list[int]


def queue_groups(db: Session, limit: int = GROUPED_TURNS) -> tuple[list[QueueGroup], list[QueueGroup]]:
    """(real questions, likely junk and injection) from the open queue, most asked first, then newest."""
    turns = queue_items(db, handled=False, limit=limit)
    groups: dict[str, QueueGroup] = {}
    for turn in turns:  # newest first, so the first turn seen is a group's latest
        key = group_key(turn.question) or f"#{turn.id}"
        if key in groups:
            groups[key].count += 1
            groups[key].ids.append(turn.id)
        else:
            groups[key] = QueueGroup(kind(turn.question), turn, 1, [turn.id])
    ordered = sorted(groups.values(), key=lambda g: (-g.count, -g.latest.id))
    return [g for g in ordered if g.kind == "question"], [g for g in ordered if g.kind != "question"]


def mark_group_handled(db: Session, turn_ids: list[int], username: str) -> int:
    """Close every queued turn of a group; the number closed."""
    return sum(mark_handled(db, turn_id, username) for turn_id in turn_ids)


def mark_handled(db: Session, turn_id: int, username: str) -> bool:
    """Close one queued question and record who did it; False when it is not in the queue."""
    turn = db.scalar(select(ChatTurn).where(ChatTurn.id == turn_id, _in_queue()))
    if turn is None:
        return False
    if not turn.handled:
        turn.handled = True
        db.add(StaffAction(turn_id=turn.id, username=username, action="handled",
                           created_at=datetime.now(UTC)))
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
