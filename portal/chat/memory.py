"""Session memory: what a conversation is about, so a follow-up needs no repetition.

It holds only what makes the next answer better — the VIN, the last recall
id, the owner's stated software version, the last intent and language, and
what the last answer named (``mentioned``: its recalls, releases and models,
as JSON, so "it", "the other one" and "那个" resolve) — never chat history. This in-process store serves the
command line and the tests; the web process uses the same three methods over
the ``chat_context`` table (:class:`portal.chat.service.RuntimeMemory`), so a
conversation survives a hop to another node.
"""

from __future__ import annotations

import secrets
import threading
import time

from cachetools import TTLCache

# Enough for every conversation of a busy day on one node, small enough to be
# a few megabytes at most.
DEFAULT_MAX_SESSIONS = 10_000
# A conversation idle for an hour is over; a VIN must not outlive it for long.
DEFAULT_TTL_SECONDS = 3600.0
MEMORY_KEYS = ("vin", "recall_id", "version", "intent", "lang", "mentioned")


class SessionMemory:
    def __init__(self, max_sessions: int = DEFAULT_MAX_SESSIONS, ttl_seconds: float = DEFAULT_TTL_SECONDS,
                 clock=time.monotonic):
        # Least recently used first out; an entry lives ttl_seconds from its last ``remember``.
        self._items: TTLCache[str, dict] = TTLCache(max_sessions, ttl_seconds, timer=clock)
        self._lock = threading.Lock()

    @staticmethod
    def new_id() -> str:
        return secrets.token_urlsafe(12)

    def get(self, session_id: str) -> dict:
        with self._lock:
            return dict(self._items.get(session_id, {}))

    def remember(self, session_id: str, **values) -> None:
        """Set the given keys (``None`` forgets one); keys not given keep their value."""
        values = {k: v for k, v in values.items() if k in MEMORY_KEYS}
        if not values:
            return
        with self._lock:
            old = self._items.get(session_id, {})
            self._items[session_id] = {k: v for k, v in {**old, **values}.items() if v is not None}

    def __len__(self) -> int:
        return len(self._items)
