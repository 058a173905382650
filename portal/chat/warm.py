"""Load what the assistant's first answer would otherwise load: at worker start, not on a question.

The Chinese segmenter (jieba, about a second and a half with its dictionary),
the OpenCC converters and the rules, paraphrases and symptom lists are loaded
lazily, so without this the first Chinese question on a fresh worker waited
six to eight seconds. ``portal.serving.warmup`` runs :func:`warm_process` and
:func:`warm_engine` in each gunicorn worker before it accepts a request; a
plain ``create_app`` never pays for it (tests, the CLI).
"""

from __future__ import annotations


def warm_process() -> None:
    """Segmenter and script converters (module-level, shared by every app in the process)."""
    from portal.chat.normalise import segment, to_simplified
    from portal.chat.script import warm

    segment("预热一下召回和空中升级")
    to_simplified("軟體更新")
    warm()


def warm_engine(service) -> None:
    """One assistant service: its engine (rules, vocabulary, catalogue) made and its matchers run once."""
    service.engine().warm()
    service.search_hits("召回 空中升级", "zh")  # a fallback's suggestions segment with the search's own analyser
