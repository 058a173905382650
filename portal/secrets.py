"""The session-signing key: from ``SECRET_KEY``, else a random key kept in the instance folder.

A key generated per process would log everyone out on each restart and break
sessions across several nodes. On one machine the key file in the instance
folder is enough (written once, ``0600``). Several nodes must share one key,
which only ``SECRET_KEY`` can give them; and a node whose instance folder is
read-only (a shipped artifact) never writes one: it stops and says to set
``SECRET_KEY`` rather than crash in every worker.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from flask import Flask

from portal.state import state

KEY_FILE = "secret_key"


class SecretKeyMissing(RuntimeError):
    """No ``SECRET_KEY`` and no key file, and none can be written."""


def instance_key(root: Path) -> str:
    """The key kept in the instance folder ``root``, created once if absent."""
    path = Path(root) / KEY_FILE
    try:  # O_EXCL: with several workers starting at once, exactly one writes the key
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    except OSError as exc:
        raise SecretKeyMissing(
            f"SECRET_KEY is not set and no key can be kept in {root} ({exc.strerror}): "
            "set SECRET_KEY, the same value on every node "
            "(e.g. python -c 'import secrets; print(secrets.token_hex(32))')."
        ) from None
    else:
        with os.fdopen(descriptor, "w") as handle:
            handle.write(secrets.token_hex(32))
    try:
        key = path.read_text().strip()
    except OSError as exc:
        raise SecretKeyMissing(f"SECRET_KEY is not set and {path} cannot be read ({exc.strerror}): "
                               "set SECRET_KEY, the same value on every node.") from None
    if not key:
        raise SecretKeyMissing(f"{path} is empty: delete it, or set SECRET_KEY, the same value on every node.")
    return key


def ensure_secret_key(app: Flask) -> None:
    if app.config.get("SECRET_KEY"):
        return
    app.config["SECRET_KEY"] = instance_key(state(app).paths.root)
