"""Session memory: a VIN given once is remembered for the rest of the conversation.

In-process, bounded and expiring on purpose: it holds only what makes the
next answer better (the VIN, the last recall id), never chat history, so
losing it on a restart or on another node costs one repeated VIN, nothing
more. A shared store can replace it behind the same three methods.
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
        values = {k: v for k, v in values.items() if v}
        if not values:
            return
        with self._lock:
            _, old = self._items.pop(session_id, (0.0, {}))
            self._items[session_id] = (self._clock(), {**old, **values})
            while len(self._items) > self._max:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)
