"""The assistant as the web process runs it: one engine, every turn logged, memory in the database.

The engine is built once per process (rules, vocabulary and the make/model
catalogue take a moment to load) and rebuilt only when the indexer publishes a
new build. Every turn is written to ``chat_turns``: staff review the rule
trace there and fallbacks form their queue. What a conversation is about (the
last VIN, recall id, stated version, intent and language) is kept in
``chat_context``. Reading memory from the shared database rather than from a
per-process dict is what lets a conversation hop between nodes behind a load
balancer (docs/ARCHITECTURE.md §8). No Flask in here.
"""

from __future__ import annotations

import logging
import re
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from portal.chat.engine import DEFAULT_QA_DIR, Answer, Engine
from portal.chat.evaluate import evaluate, format_report
from portal.chat.facts import SqlContentFacts
from portal.chat.memory import DEFAULT_TTL_SECONDS, MEMORY_KEYS
from portal.chat.normalise import segment
from portal.chat.rules import RuleError
from portal.chat.script import HANT, in_script, variant_of
from portal.chat.vehicle_facts import ServiceVehicleFacts
from portal.db.engine import content_engine, is_sqlite
from portal.db.runtime import ChatContext, ChatSource, ChatTurn
from portal.instance import InstancePaths, content_database_url, served_build

log = logging.getLogger(__name__)
# Session ids are made by ``new_session_id`` (16 url-safe characters); callers may
# bring their own, within the column's size and a charset safe in a hidden field.
SESSION_RE = re.compile(r"[A-Za-z0-9_-]{8,64}")
# The conversation shown again on a page without JavaScript: enough to follow
# it, bounded so a long session cannot make a heavy page.
CONVERSATION_TURNS = 20
# A valid VIN of no demo car, asked once before an evaluation is timed.
WARM_UP_VIN = "1HGCM82633A004352"


def new_session_id() -> str:
    return secrets.token_urlsafe(12)


def valid_session_id(value: str | None) -> bool:
    return bool(value) and SESSION_RE.fullmatch(value) is not None


class RuntimeMemory:
    """The engine's session memory in the ``chat_context`` table (one row per conversation).

    Reading and writing the shared database, not a per-process dict, is what
    lets a follow-up ("is it fixed?") land on another node and still know the
    car and the recall. Older than the TTL, a conversation is forgotten. A
    database error costs the memory of this turn, never the answer.
    """

    def __init__(self, sessions, ttl_seconds: float = DEFAULT_TTL_SECONDS):
        self._sessions = sessions
        self._ttl = timedelta(seconds=ttl_seconds)

    @staticmethod
    def new_id() -> str:
        return new_session_id()

    def get(self, session_id: str) -> dict:
        try:
            with self._sessions() as session:
                row = session.get(ChatContext, session_id)
                if row is None or _aware(row.updated_at) < datetime.now(UTC) - self._ttl:
                    return {}
                return {key: getattr(row, key) for key in MEMORY_KEYS if getattr(row, key)}
        except SQLAlchemyError:
            log.exception("could not read the chat context of session %s", session_id)
            return {}

    def remember(self, session_id: str, **values) -> None:
        values = {k: v for k, v in values.items() if k in MEMORY_KEYS}
        try:
            with self._sessions() as session:
                row = session.get(ChatContext, session_id)
                if row is None:
                    row = ChatContext(session=session_id)
                    session.add(row)
                for key, value in values.items():
                    setattr(row, key, value)
                row.updated_at = datetime.now(UTC)
                session.commit()
        except SQLAlchemyError:
            log.exception("could not store the chat context of session %s", session_id)


def _aware(moment: datetime) -> datetime:
    # SQLite hands back naive datetimes for timezone-aware columns; they were written in UTC.
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


@dataclass
class Turn:
    """One stored question and answer, as the conversation view shows it."""

    id: int | None
    question: str
    lang: str
    answer: str
    intent: str | None
    fallback: bool
    sources: list[dict] = field(default_factory=list)
    feedback: int | None = None


class ChatService:
    """Answers questions for one app's instance and logs them.

    ``instance`` is the app's :class:`portal.state.InstanceState`; its content
    sessions change when a build is published, so the engine is keyed on the
    build id it was made from.
    """

    def __init__(self, instance, qa_dir: Path | None = None):
        self._instance = instance
        self._qa_dir = qa_dir
        self._engine: Engine | None = None
        self._build_id: str | None = None
        self._lock = threading.Lock()

    def engine(self) -> Engine:
        build_id = self._instance.build_id
        if self._engine is None or build_id != self._build_id:
            with self._lock:
                if self._engine is None or build_id != self._build_id:
                    with self._instance.content_session() as probe:
                        bind = probe.get_bind()
                    # The rules travel with the build (builds/<id>/qa); a checkout's content/qa otherwise.
                    qa_dir = self._qa_dir or self._instance.qa_dir or DEFAULT_QA_DIR
                    try:
                        self._engine = self._make(qa_dir, bind)
                    except RuleError:
                        if qa_dir == DEFAULT_QA_DIR or not DEFAULT_QA_DIR.is_dir():
                            raise
                        # A build made by an older portal carries rules this code cannot read:
                        # answer with the installed rules until the next build.
                        log.exception("the rules in build %s cannot be read; using %s", build_id, DEFAULT_QA_DIR)
                        self._engine = self._make(DEFAULT_QA_DIR, bind)
                    self._build_id = build_id
        return self._engine

    def _make(self, qa_dir: Path, bind) -> Engine:
        return Engine(qa_dir, content=SqlContentFacts(bind),
                      vehicles=ServiceVehicleFacts(self._instance.content_session),
                      memory=RuntimeMemory(self._instance.runtime_session), search_hits=self._search_hits)

    def search_hits(self, query: str, lang: str) -> int | None:
        """How many documents the portal's search finds for ``query`` (warm-up and suggestions)."""
        return self._search_hits(query, lang)

    def _search_hits(self, query: str, lang: str) -> int | None:
        """How many documents the portal's search finds for a fallback suggestion (None: cannot tell)."""
        search = getattr(self._instance, "search", None)
        if search is None:
            return None
        return search.search(query, None, 1, lang).total

    def ask(self, question: str, lang: str, vin: str | None = None, session: str | None = None) -> tuple[Answer, int | None]:
        """The answer and the id of its stored turn (None if the log could not be written).

        A queued question's reply says whether it reached staff: the note is
        added only once the turn is stored, and a failed store says so.
        """
        answer = self.engine().ask(question, lang, vin=vin, session=session or new_session_id())
        notes = self.engine().responses
        reply_lang = "zh" if answer.script else lang
        variant = variant_of(question) if answer.script == HANT else None
        if answer.queued:
            answer.answer += "\n\n" + in_script(notes.text(reply_lang, "queued"), variant)
        turn_id = self._store(question, lang, answer)
        if answer.queued and turn_id is None:
            answer.answer = (answer.answer.rsplit("\n\n", 1)[0] + "\n\n"
                             + in_script(notes.text(reply_lang, "not_queued"), variant))
        return answer, turn_id

    def _store(self, question: str, lang: str, answer: Answer) -> int | None:
        turn = ChatTurn(session=answer.session, lang=lang, question=question, intent=answer.intent,
                        confidence=float(answer.confidence), fallback=answer.fallback, answer=answer.answer,
                        trace="\n".join(answer.trace), vin=answer.entities.get("vin"),
                        # A fallback the engine did not queue (blank input) needs no review.
                        handled=answer.fallback and not answer.queued)
        try:
            with self._instance.runtime_session() as db:
                db.add(turn)
                db.flush()
                for position, source in enumerate(answer.sources):
                    db.add(ChatSource(turn_id=turn.id, position=position, title=str(source.get("title") or ""),
                                      url=source.get("url")))
                db.commit()
                return turn.id
        except (SQLAlchemyError, OSError, UnicodeError):
            # The owner still gets the answer, told that it was not stored (see portal.chat.stored);
            # only the log (and memory for this turn) is lost.
            log.exception("could not store a chat turn for session %s", answer.session)
            return None


def conversation(db: Session, session_id: str, limit: int = CONVERSATION_TURNS) -> list[Turn]:
    """The last ``limit`` turns of a conversation, oldest first, with their sources."""
    rows = list(db.scalars(select(ChatTurn).where(ChatTurn.session == session_id)
                           .order_by(ChatTurn.id.desc()).limit(limit)))[::-1]
    sources: dict[int, list[dict]] = {}
    if rows:
        for src in db.scalars(select(ChatSource).where(ChatSource.turn_id.in_([r.id for r in rows]))
                              .order_by(ChatSource.turn_id, ChatSource.position)):
            sources.setdefault(src.turn_id, []).append({"title": src.title, "url": src.url})
    return [Turn(r.id, r.question, r.lang, r.answer, r.intent, r.fallback, sources.get(r.id, []), r.feedback)
            for r in rows]


def record_feedback(db: Session, turn_id: int, session_id: str, helpful: bool) -> bool:
    """Store helpful / not helpful on a turn of *this* conversation; False if there is no such turn.

    Requiring the session id (a random token only the asker holds) keeps
    anyone from voting on other people's answers by counting turn ids.
    """
    turn = db.get(ChatTurn, turn_id)
    if turn is None or turn.session != session_id:
        return False
    turn.feedback = 1 if helpful else -1
    db.commit()
    return True


class LanguageAwareEngine:
    """The engine for the command line and benchmarks (the language travels with each question)."""

    def __init__(self, engine: Engine):
        self.engine = engine

    def ask(self, question: str, lang: str = "en", vin: str | None = None, session: str | None = None) -> Answer:
        return self.engine.ask(question, lang, vin=vin, session=session)


@contextmanager
def instance_engine(paths: InstancePaths, database_url: str | None = None,
                    qa_dir: Path | None = None) -> Iterator[LanguageAwareEngine]:
    """The assistant over a built instance outside the web app (command line, benchmarks).

    Memory is the engine's in-process one and nothing is logged: a terminal
    session is one person, and test questions must not fill the staff queue.
    Raises :class:`portal.instance.InstanceNotReady` naming the fix.
    """
    folder, manifest = served_build(paths, database_url)
    chosen = qa_dir
    if qa_dir is None:
        qa_dir = folder / "qa" if (folder / "qa").is_dir() else DEFAULT_QA_DIR
    url = content_database_url(paths, database_url)
    content = content_engine(url, schema=manifest.get("db_schema"), read_only=is_sqlite(url))
    sessions = sessionmaker(bind=content, expire_on_commit=False)
    try:
        try:
            engine = Engine(qa_dir, content=SqlContentFacts(content), vehicles=ServiceVehicleFacts(sessions))
        except RuleError:
            if chosen is not None or qa_dir == DEFAULT_QA_DIR or not DEFAULT_QA_DIR.is_dir():
                raise
            # As the web app does: a build made by an older portal carries rules this code cannot read.
            log.exception("the rules in %s cannot be read; using %s", qa_dir, DEFAULT_QA_DIR)
            engine = Engine(DEFAULT_QA_DIR, content=SqlContentFacts(content), vehicles=ServiceVehicleFacts(sessions))
        yield LanguageAwareEngine(engine)
    finally:
        content.dispose()


class QuestionFileError(Exception):
    """A question file that cannot be read or parsed; the message names the file (and line)."""


def run_evaluation(path: Path, engine) -> str:
    """The ``eval-qa`` report for ``path``, with latencies measured after the segmenter is loaded."""
    if not Path(path).is_file():
        raise QuestionFileError(f"{path}: no such file")
    segment("预热")  # load jieba now, so the first Chinese question's latency is the engine's, not the loader's
    # Load the VIN decoder's tables (a VIN no question file uses), so the first VIN question is timed warm.
    engine.ask("Does this car have recalls?", "en", vin=WARM_UP_VIN)
    try:
        return format_report(evaluate(Path(path), engine))
    except (OSError, UnicodeDecodeError) as exc:
        raise QuestionFileError(f"{path}: cannot read: {exc}") from exc
    except (ValueError, KeyError, TypeError, AttributeError) as exc:
        raise QuestionFileError(f"{path}: not a question file (one JSON object a line with "
                                f"'question' and 'lang'): {exc}") from exc


def format_answer(answer: Answer) -> str:
    """An answer for the terminal: text, numbered sources, then the rule trace."""
    lines = [answer.answer, ""]
    if answer.sources:
        lines.append("Sources:")
        lines += [f"  [{n}] {s.get('title')}  {s.get('url') or ''}".rstrip() for n, s in enumerate(answer.sources, 1)]
    lines.append(f"Intent: {answer.intent or '(none: fallback)'}  confidence {answer.confidence:.2f}"
                 + (f"  entities {answer.entities}" if answer.entities else ""))
    lines.append("Rule trace:")
    lines += [f"  {step}" for step in answer.trace]
    return "\n".join(lines)
