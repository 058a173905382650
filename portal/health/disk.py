"""Is there room left on the instance folder's disk? A degrading check for ``/healthz``.

The runtime database (chat log, staff sessions) and new builds are written
under the instance folder; when its disk fills, sign-outs and questions can no
longer be recorded. Below ``PORTAL_MIN_FREE_MB`` free, ``/healthz`` reports
``degraded`` with the figure, early enough for someone to act.
"""

from __future__ import annotations

import shutil
from pathlib import Path

DEFAULT_MIN_FREE_MB = 200


def free_megabytes(folder: Path) -> float:
    return shutil.disk_usage(folder).free / (1024 * 1024)


def low_on_space(folder: Path, min_free_mb: float) -> bool:
    """True when ``folder``'s disk has less than ``min_free_mb`` free (the staff console then fails closed)."""
    try:
        return free_megabytes(folder) < min_free_mb
    except OSError:
        return True


def disk_space(app) -> str | None:
    """None with enough free space on the instance folder's disk, else the reason with the figures."""
    from portal.state import state

    folder = state(app).paths.root
    threshold = float(app.config.get("PORTAL_MIN_FREE_MB", DEFAULT_MIN_FREE_MB))
    try:
        free = free_megabytes(folder)
    except OSError as exc:
        return f"cannot read the free space of {folder}: {exc.strerror or exc}"
    if free < threshold:
        return f"disk of {folder} has {free:.0f} MB free, under PORTAL_MIN_FREE_MB={threshold:g}"
    return None
