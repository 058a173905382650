"""Private files in the instance: the session-signing key and the runtime database, both 0600.

The key comes from ``SECRET_KEY``, else a random key kept in the instance
folder: a key generated per process would log everyone out on each restart
and break sessions across several nodes; a file in the instance is shipped
with it. The runtime database holds staff password hashes, questions and the
VINs people typed, so no other account on the machine may read it either.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

from flask import Flask

from portal.state import state

PRIVATE_MODE = 0o600


def ensure_secret_key(app: Flask) -> None:
    if app.config.get("SECRET_KEY"):
        return
    path = state(app).paths.root / "secret_key"
    try:  # O_EXCL: with several workers starting at once, exactly one writes the key
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_MODE)
    except FileExistsError:
        pass
    else:
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_hex(32))
    keep_private(path)
    app.config["SECRET_KEY"] = path.read_text().strip()


def keep_private(path: Path) -> None:
    """Create ``path`` empty with mode 0600 if it is missing; narrow it to 0600 if it is wider."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_MODE))
    except FileExistsError:
        if stat.S_IMODE(os.stat(path).st_mode) & 0o077:
            os.chmod(path, PRIVATE_MODE)


def private_sqlite(url: str) -> None:
    """For a SQLite URL, make its file private before SQLite creates it with the default mode."""
    prefix = "sqlite:///"
    if url.startswith(prefix) and url[len(prefix):] not in ("", ":memory:"):
        path = Path(url[len(prefix):])
        path.parent.mkdir(parents=True, exist_ok=True)
        keep_private(path)
