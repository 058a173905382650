"""Values computed from one build's content, kept per worker for as long as that build is served.

A build is read-only once published, so anything computed from it alone (a
listing page, the recall and release rows for a model, model year and
market, a rendered fragment) stays right until the next build. Each memo is a
small LRU keyed on the build id: a value is asked for under the build it came
from, and the first request under another build empties the memo. A caller
with no build id (a script's own session, a test's scratch database: see
``session.info["build_id"]``, set where the served build's sessions are made)
is never memoised, so a value can never outlive the content it came from.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import TypeVar

T = TypeVar("T")


class BuildMemo:
    """``compute()`` results per key for the served build, at most ``max_entries`` of them.

    Callers get the stored object itself: treat it as read-only, or copy before changing it.
    Two threads missing the same key at once both compute it.
    """

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._build: str | None = None
        self._entries: OrderedDict[Hashable, object] = OrderedDict()
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def get(self, build_id: str | None, key: Hashable, compute: Callable[[], T]) -> T:
        if build_id is None:
            return compute()
        with self._lock:
            if build_id != self._build:
                self._build, self._entries = build_id, OrderedDict()
            if key in self._entries:
                self._entries.move_to_end(key)
                return self._entries[key]  # type: ignore[return-value]
        value = compute()
        with self._lock:
            if build_id == self._build:  # a request of the previous build finishing late keeps its value
                self._entries[key] = value
                while len(self._entries) > self.max_entries:
                    self._entries.popitem(last=False)
        return value
