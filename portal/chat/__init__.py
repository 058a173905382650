"""The portal's question-answering assistant (rules as data, no web layer).

Rules and answers live in ``content/qa``; this package loads them, matches a
question against them and renders a cited answer. The web layer only calls
:class:`portal.chat.engine.Engine` and serialises the :class:`Answer`.
"""

from portal.chat.engine import Answer, Engine

__all__ = ["Answer", "Engine"]
