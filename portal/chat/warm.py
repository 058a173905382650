"""Load what the assistant's first answer would otherwise load: at worker start, not on a question.

The Chinese segmenter (jieba, about a second and a half with its dictionary),
the OpenCC converters and the rules, paraphrases and symptom lists are loaded
lazily, so without this the first Chinese question on a fresh worker waited
six to eight seconds. Gunicorn calls :func:`warm_process` right after each
worker forks and :func:`warm_app` once the worker has loaded the app
(``portal.serve``); a plain ``create_app`` never pays for it (tests, the CLI).
"""

from __future__ import annotations

import logging
import time

log = logging.getLogger(__name__)


def warm_process() -> float:
    """Segmenter and script converters (module-level, shared by every app in the process); seconds taken."""
    started = time.perf_counter()
    from portal.chat.normalise import segment, to_simplified
    from portal.chat.script import warm

    segment("预热一下召回和空中升级")
    to_simplified("軟體更新")
    warm()
    return time.perf_counter() - started


def warm_app(app) -> float:
    """The app's assistant: its engine (rules, vocabulary, catalogue) made and its matchers run once."""
    started = time.perf_counter()
    from portal.chat.routes import chat_service

    with app.app_context():
        service = chat_service()
        service.engine().warm()
        service.search_hits("召回 空中升级", "zh")  # a fallback's suggestions segment with the search's own analyser
    return time.perf_counter() - started


def _disabled() -> bool:
    """``PORTAL_NO_WARM=1`` skips the warm-up (bench/first_question.py compares the two)."""
    import os

    return os.environ.get("PORTAL_NO_WARM") == "1"


def post_fork(server, worker) -> None:  # noqa: ARG001 - gunicorn's hook signature
    if _disabled():
        return
    try:
        worker.log.info("worker %s: assistant segmenter and converters loaded in %.2f s", worker.pid, warm_process())
    except Exception:  # noqa: BLE001 - a failed warm-up only makes the first question slower
        log.exception("assistant warm-up failed")


def post_worker_init(worker) -> None:
    if _disabled():
        return
    try:
        worker.log.info("worker %s: assistant rules loaded in %.2f s", worker.pid, warm_app(worker.wsgi))
    except Exception:  # noqa: BLE001 - a failed warm-up only makes the first question slower
        log.exception("assistant warm-up failed")
