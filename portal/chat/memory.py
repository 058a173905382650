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
from collections import OrderedDict

# Enough for every conversation of a busy day on one node, small enough to be
# a few megabytes at most.
DEFAULT_MAX_SESSIONS = 10_000
# A conversation idle for an hour is over; a VIN must not outlive it for long.
DEFAULT_TTL_SECONDS = 3600.0
MEMORY_KEYS = ("vin", "recall_id", "version", "intent", "lang", "mentioned")


class SessionMemory:
    def __init__(self, max_sessions: int = DEFAULT_MAX_SESSIONS, ttl_seconds: float = DEFAULT_TTL_SECONDS,
                 clock=time.monotonic):
        self._max = max_sessions
        self._ttl = ttl_seconds
        self._clock = clock
        self._items: OrderedDict[str, tuple[float, dict]] = OrderedDict()
        self._lock = threading.Lock()

    @staticmethod
    def new_id() -> str:
        return secrets.token_urlsafe(12)

    def get(self, session_id: str) -> dict:
        with self._lock:
            item = self._items.get(session_id)
            if item is None:
                return {}
            stamp, values = item
            if self._clock() - stamp > self._ttl:
                del self._items[session_id]
                return {}
            self._items.move_to_end(session_id)
            return dict(values)

    def remember(self, session_id: str, **values) -> None:
        """Set the given keys (``None`` forgets one); keys not given keep their value."""
        values = {k: v for k, v in values.items() if k in MEMORY_KEYS}
        if not values:
            return
        with self._lock:
            _, old = self._items.pop(session_id, (0.0, {}))
            merged = {k: v for k, v in {**old, **values}.items() if v is not None}
            self._items[session_id] = (self._clock(), merged)
            while len(self._items) > self._max:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)
