"""The session-signing key: from ``SECRET_KEY``, else a random key kept in the instance folder.

A key generated per process would log everyone out on each restart and break
sessions across several nodes; a file in the instance is shipped with it.
"""

from __future__ import annotations

import os
import secrets

from flask import Flask

from portal.state import state


def ensure_secret_key(app: Flask) -> None:
    if app.config.get("SECRET_KEY"):
        return
    path = state(app).paths.root / "secret_key"
    try:  # O_EXCL: with several workers starting at once, exactly one writes the key
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_hex(32))
    app.config["SECRET_KEY"] = path.read_text().strip()
