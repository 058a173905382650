"""Values computed from one build's content, kept per worker for as long as that build is served.

A build is read-only once published, so anything computed from it alone (the
recall and release rows for a model, model year and market, say) stays right
until the next build. The content session carries the build id in
``session.info["build_id"]`` (set where the served build's sessions are
made); a session without one (a script's own, a test's scratch database) is
never memoised, so a value can never outlive the content it came from.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Hashable
from threading import Lock
from typing import TypeVar

from sqlalchemy.orm import Session

T = TypeVar("T")


class BuildMemo:
    """An LRU of ``compute()`` results keyed on (build id, key), bounded to ``max_entries`` per worker.

    Callers get the stored object itself: treat it as read-only, or copy before changing it.
    """

    def __init__(self, max_entries: int) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[tuple, object] = OrderedDict()
        self._lock = Lock()

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def get(self, session: Session, key: Hashable, compute: Callable[[], T]) -> T:
        """``compute()`` for ``key`` in the session's build; computed every time when the session has no build id."""
        build_id = session.info.get("build_id")
        if build_id is None:
            return compute()
        return self.lookup((build_id, key), compute)

    def lookup(self, full_key: Hashable, compute: Callable[[], T]) -> T:
        """The LRU itself; ``full_key`` must already name the build. Two threads missing at once both compute."""
        with self._lock:
            if full_key in self._entries:
                self._entries.move_to_end(full_key)
                return self._entries[full_key]  # type: ignore[return-value]
        value = compute()
        with self._lock:
            self._entries[full_key] = value
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        return value
