"""Work each worker does once, after it has loaded the app and before it takes its first request.

Some things are loaded on first use and cost seconds: jieba's dictionary
(~2.6 s), the search index's readers and the search page's templates
(~1 s more), so the first Chinese search on each worker took 2.7-4.6 s.
gunicorn calls :func:`post_worker_init` in each worker after the fork, and it
runs every entry of :data:`WARMERS` in order: a worker starts accepting only
once it is warm, and its siblings keep serving meanwhile.

A warmer is a function taking the Flask app, named here as
``"module:function"`` so that a feature keeps its own warm-up next to its
code and adds one line to this list. A warmer that fails is logged and
skipped: a cold worker is slower, not broken.
"""

from __future__ import annotations

import importlib
import logging
import time

from flask import Flask

log = logging.getLogger(__name__)

WARMERS: tuple[str, ...] = (
    "portal.serving.warmup:warm_segmenter",
    "portal.serving.warmup:warm_search",
    "portal.serving.warmup:warm_assistant",
)
# Searches that open the index, segment Chinese and compile the search page's templates.
WARM_SEARCHES = ("/search?q=%E5%88%B6%E5%8A%A8&lang=zh", "/search?q=brake&lang=en",
                 "/api/v1/search?q=%E5%AE%89%E5%85%A8%E5%B8%A6&lang=zh")


def warm_segmenter(app: Flask) -> None:
    """jieba loads its dictionary on the first cut; do that now (the search analyzers' own jieba)."""
    from portal.search.analyzers import segment_cjk

    segment_cjk("召回 制动 预热")


def warm_search(app: Flask) -> None:
    """A few searches through the app itself, as a visitor's would run, answered by nobody."""
    client = app.test_client()
    for path in WARM_SEARCHES:
        client.get(path, environ_base={"REMOTE_ADDR": "127.0.0.1"})


def warm_assistant(app: Flask) -> None:
    """The assistant's converters, rules and matchers, so the first question is answered as fast as the next."""
    from portal.chat.routes import chat_service
    from portal.chat.warm import warm_engine, warm_process

    warm_process()
    with app.app_context():
        warm_engine(chat_service())


def _disabled() -> bool:
    """``PORTAL_NO_WARM=1`` starts workers cold (bench/first_question.py compares the two)."""
    import os

    return os.environ.get("PORTAL_NO_WARM") == "1"


def _load(name: str):
    module, _, function = name.partition(":")
    return getattr(importlib.import_module(module), function)


def warm(app: Flask, warmers: tuple[str, ...] = WARMERS) -> dict[str, float]:
    """Run each warmer on ``app``; the seconds each took (failures logged, not raised)."""
    took = {}
    for name in warmers:
        started = time.perf_counter()
        try:
            _load(name)(app)
        except Exception:  # noqa: BLE001 - warming is an optimisation; serving must start regardless
            log.exception("warm-up %s failed; this worker starts cold", name)
        took[name] = time.perf_counter() - started
    return took


def _flask_app(wsgi):
    """The Flask app behind gunicorn's WSGI callable (the app itself, as :mod:`portal.wsgi` returns it)."""
    return wsgi if isinstance(wsgi, Flask) else getattr(wsgi, "app", None)


def post_worker_init(worker) -> None:
    """gunicorn's ``post_worker_init`` hook (see :func:`portal.serve.server_options`)."""
    app = _flask_app(worker.wsgi)
    if app is None or _disabled():
        return
    took = warm(app)
    worker.log.info("worker warmed in %.1f s (%s)", sum(took.values()),
                    ", ".join(f"{name.rpartition(':')[2]} {seconds:.1f} s" for name, seconds in took.items()))
