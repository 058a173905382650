"""A terminal progress bar for builds and imports (plain lines when not on a terminal)."""

from __future__ import annotations

import sys
from typing import TextIO

_WIDTH = 30


class ProgressBar:
    def __init__(self, stream: TextIO | None = None):
        self.stream = stream or sys.stderr
        self.tty = self.stream.isatty()
        self._last_label: str | None = None

    def __call__(self, label: str, done: int, total: int) -> None:
        if not self.tty:
            if done == total:
                print(f"  {label}: {total}", file=self.stream, flush=True)
            return
        filled = int(_WIDTH * done / total) if total else _WIDTH
        bar = "#" * filled + "." * (_WIDTH - filled)
        end = "\n" if done >= total else ""
        self.stream.write(f"\r  {label:<24} [{bar}] {done}/{total}{end}")
        self.stream.flush()


def silent(_label: str, _done: int, _total: int) -> None:
    """A progress callback that reports nothing (tests, library use)."""
