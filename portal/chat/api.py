"""POST /api/v1/ask: the assistant as JSON (contract: docs/ARCHITECTURE.md §6).

Only parsing and validation live here; the answer comes from
:class:`portal.chat.service.ChatService`. Every refusal is a 400 with a
stable ``code`` and a message in the language the question was asked in, so
a client can show it as is. A blank question is refused (``empty_question``)
rather than answered with a fallback: there is nothing to answer or to queue
for staff, and a client sending one has a bug worth seeing.
"""

from __future__ import annotations

from flask import Blueprint, g, jsonify, request
from flask_babel import gettext as _

from portal.chat.routes import answer_html, chat_service
from portal.chat.service import valid_session_id
from portal.chat.stored import with_storage_outcome
from portal.errors import ApiError
from portal.extensions import ask_limit
from portal.i18n import select_locale
from portal.vehicles import error_message, validate_vin

# Nested under portal.api's /api/v1 blueprint: endpoints are "api.chat.<view>".
bp = Blueprint("chat", __name__)

LANGS = ("en", "zh")
# Far above any real question (the engine falls back politely past 1,000
# characters); beyond it the body is not a question and is not worth storing.
MAX_QUESTION_CHARS = 20_000


def _body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise ApiError(400, "invalid_json", _("Send a JSON object such as {\"question\": \"...\", \"lang\": \"en\"}."))
    return body


def _lang(body: dict) -> str:
    lang = body.get("lang")
    if lang is None:
        return select_locale()
    if lang not in LANGS:
        raise ApiError(400, "invalid_lang", _("The language must be \"en\" or \"zh\"."), {"lang": str(lang)[:20]})
    g.lang = lang  # messages from here on are in the question's language
    return lang


def _question(body: dict) -> str:
    if "question" not in body:
        raise ApiError(400, "missing_question", _("The question is missing."), {"field": "question"})
    question = body["question"]
    if not isinstance(question, str):
        raise ApiError(400, "invalid_question", _("The question must be text."), {"field": "question"})
    if not question.strip():
        raise ApiError(400, "empty_question", _("Please type a question."), {"field": "question"})
    if len(question) > MAX_QUESTION_CHARS:
        raise ApiError(400, "question_too_long", _("The question is too long (at most %(max)s characters).",
                                                   max=MAX_QUESTION_CHARS), {"length": len(question)})
    return question


def _vin(body: dict, lang: str) -> str | None:
    raw = body.get("vin")
    if raw is None or raw == "":
        return None
    if not isinstance(raw, str):
        raise ApiError(400, "invalid_length", error_message("invalid_length", lang, expected=17, actual=0),
                       {"field": "vin"})
    check = validate_vin(raw)
    if not check.ok:
        raise ApiError(400, check.error.code, error_message(check.error.code, lang, **check.error.details),
                       {"field": "vin", **check.error.details})
    return check.vin


def _session(body: dict) -> str | None:
    raw = body.get("session")
    if raw is None or raw == "":
        return None
    if not isinstance(raw, str) or not valid_session_id(raw):
        raise ApiError(400, "invalid_session",
                       _("The session must be the value a previous answer returned."), {"field": "session"})
    return raw


@bp.post("/ask")
@ask_limit
def ask():
    body = _body()
    lang = _lang(body)
    question = _question(body)
    vin = _vin(body, lang)
    session = _session(body)
    answer, turn_id = chat_service().ask(question, lang, vin=vin, session=session)
    answer = with_storage_outcome(answer, turn_id, lang)
    # answer_html: the answer rendered as safe HTML, for clients (chat.js) that show it in a page.
    return jsonify({**answer.to_dict(), "answer_html": str(answer_html(answer.answer)), "turn_id": turn_id})
