"""Private files in the instance: the session-signing key and the runtime database, both ``0600``.

The key comes from ``SECRET_KEY``, else a random key kept in the instance folder.

A key generated per process would log everyone out on each restart and break
sessions across several nodes. On one machine the key file in the instance
folder is enough (written once, ``0600``). Several nodes must share one key,
which only ``SECRET_KEY`` can give them; and a node whose instance folder is
read-only (a shipped artifact) never writes one: it stops and says to set
``SECRET_KEY`` rather than crash in every worker.

No Flask and no instance state here: the web app, the server launcher, the
staff commands and the indexer all use these files, so this module sits in the
base layer and imports nothing of the project.

The runtime database holds staff password hashes, questions and the VINs
people typed, so no other account on the machine may read it either: its file
is created ``0600`` before SQLite creates it with the default mode.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

KEY_FILE = "secret_key"
PRIVATE_MODE = 0o600


class SecretKeyMissing(RuntimeError):
    """No ``SECRET_KEY`` and no key file, and none can be written."""


def instance_key(root: Path) -> str:
    """The key kept in the instance folder ``root``, created once if absent."""
    path = Path(root) / KEY_FILE
    try:  # O_EXCL: with several workers starting at once, exactly one writes the key
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_MODE)
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
