"""The /ask page: a conversation that works as plain HTML forms, enhanced by chat.js.

Without JavaScript every question is a form POST (CSRF-protected like every
form on the site) that renders the whole page again with the conversation so
far, read back from the turn log by the session id kept in a hidden field.
With JavaScript, ``chat.js`` sends the same fields to ``POST /api/v1/ask`` and
appends the answer in place; the markup it appends comes from a ``<template>``
rendered here, so both paths show the same thing in the same language.
"""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup

from portal.chat.service import ChatService, Turn, conversation, record_feedback, valid_session_id
from portal.chat.stored import unstored_notice
from portal.extensions import ask_limit
from portal.i18n import select_locale
from portal.markdown import render_markdown
from portal.params import ascii_int
from portal.state import runtime_db, state
from portal.vehicles import error_message, validate_vin

bp = Blueprint("chat", __name__)
EXTENSION_KEY = "portal_chat"
MAX_FORM_QUESTION = 5_000

GENERAL_SUGGESTIONS = (
    _l("Why is an over-the-air update called a recall?"),
    _l("Do I have to pay for a recall repair?"),
    _l("What changed in software version 2023.44.30?"),
    _l("Which kinds of OTA update need approval?"),
    _l("What does recall number S2025M0149I mean?"),
)
CAR_SUGGESTIONS = (
    _l("Does my car have any open recalls?"),
    _l("What is the latest software update for my car?"),
    _l("Do I need to visit a service centre?"),
    _l("Is it safe to keep driving my car?"),
)


def chat_service() -> ChatService:
    """The app's assistant, made on first use (after the instance is open), one per process."""
    service = current_app.extensions.get(EXTENSION_KEY)
    if service is None:
        service = current_app.extensions.setdefault(EXTENSION_KEY, ChatService(state()))
    return service


def answer_html(text: str) -> Markup:
    return Markup(render_markdown(text))


def _page(turns: list[Turn], session_id: str, vin: str, question: str = "", errors: dict | None = None,
          notice: str | None = None, status: int = 200):
    suggestions = [str(s) for s in (CAR_SUGGESTIONS if vin else GENERAL_SUGGESTIONS)]
    html = render_template("chat/ask.html", turns=turns, session_id=session_id, vin=vin, question=question,
                           errors=errors or {}, notice=notice, suggestions=suggestions, answer_html=answer_html,
                           lang=select_locale())
    return html, status


def _clean_vin(raw: str, lang: str) -> tuple[str, str | None]:
    """(normalised VIN or "", error message or None)."""
    if not raw.strip():
        return "", None
    check = validate_vin(raw)
    if not check.ok:
        return raw.strip()[:40], error_message(check.error.code, lang, **check.error.details)
    return check.vin, None


@bp.get("/ask")
def ask_page():
    lang = select_locale()
    vin, vin_error = _clean_vin(request.args.get("vin", ""), lang)
    question = request.args.get("q", "")[:MAX_FORM_QUESTION]
    return _page([], "", vin, question, {"vin": vin_error} if vin_error else None)


@bp.post("/ask")
@ask_limit
def ask_post():
    lang = select_locale()
    session_id = request.form.get("session", "")
    session_id = session_id if valid_session_id(session_id) else ""
    question = request.form.get("question", "")
    vin, vin_error = _clean_vin(request.form.get("vin", ""), lang)
    errors = {}
    if not question.strip():
        errors["question"] = _("Please type a question.")
    elif len(question) > MAX_FORM_QUESTION:
        errors["question"] = _("The question is too long (at most %(max)s characters).", max=MAX_FORM_QUESTION)
    if vin_error:
        errors["vin"] = vin_error
    if errors:
        turns = conversation(runtime_db(), session_id) if session_id else []
        return _page(turns, session_id, vin, question, errors, status=400)
    answer, turn_id = chat_service().ask(question, lang, vin=vin or None, session=session_id or None)
    if turn_id is None:  # not stored: show this answer anyway, and say that it was not kept
        turn = Turn(None, question, lang, answer.answer, answer.intent, answer.fallback, list(answer.sources))
        earlier = conversation(runtime_db(), answer.session) if session_id else []
        return _page(earlier + [turn], answer.session, vin, notice=unstored_notice(lang))
    return _page(conversation(runtime_db(), answer.session), answer.session, vin)


@bp.post("/ask/feedback")
def feedback():
    """Helpful / not helpful on one answer; JSON for chat.js, the page again otherwise."""
    session_id = request.form.get("session", "")
    helpful = request.form.get("helpful") == "1"
    turn_id = ascii_int(request.form.get("turn_id", ""), 1, 2**31 - 1) or -1
    saved = valid_session_id(session_id) and record_feedback(runtime_db(), turn_id, session_id, helpful)
    message = _("Thank you for your feedback.") if saved else _("That answer could not be found.")
    if request.accept_mimetypes.best == "application/json":
        return jsonify({"ok": bool(saved), "message": message}), (200 if saved else 404)
    turns = conversation(runtime_db(), session_id) if valid_session_id(session_id) else []
    return _page(turns, session_id if turns else "", "", notice=message, status=200 if saved else 404)
