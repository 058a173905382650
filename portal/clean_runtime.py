"""``make clean-runtime``: delete the runtime data, but never under a running server and never unasked.

A server holding ``runtime.db`` open keeps writing into the deleted file: a
question acknowledged to its asker (turn id returned) is gone at the next
restart. So this refuses while any process has a file in the instance folder
open (read from ``/proc``, Linux), and otherwise asks for confirmation unless
``CONFIRM=1``. Exit status: 0 deleted (or nothing to delete), 1 refused or
not confirmed.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from portal.instance import InstancePaths

RUNTIME_FILES = ("runtime.db", "runtime.db-wal", "runtime.db-shm", "runtime.db-journal", "secret_key")


def processes_using(folder: Path) -> list[int]:
    """Ids of processes (other than this one) with a file under ``folder`` open."""
    root = str(folder.resolve()) + os.sep
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            for fd in (entry / "fd").iterdir():
                try:
                    if os.readlink(fd).startswith(root):
                        found.append(int(entry.name))
                        break
                except OSError:
                    continue
        except OSError:  # gone, or not ours to read
            continue
    return sorted(found)


def main(argv: list[str] | None = None) -> int:
    paths = InstancePaths.from_env()
    present = [paths.root / name for name in RUNTIME_FILES if (paths.root / name).exists()]
    if not present:
        print(f"No runtime data in {paths.root}: nothing to delete.")
        return 0
    users = processes_using(paths.root) if paths.root.is_dir() else []
    if users:
        print(f"Refused: process(es) {', '.join(map(str, users))} use {paths.root} (a running server?). "
              "Stop the server first: deleting runtime.db under it loses questions already acknowledged.",
              file=sys.stderr)
        return 1
    print(f"This deletes {paths.root / 'runtime.db'} (staff accounts, sessions, the question queue and "
          f"feedback) and {paths.root / 'secret_key'} (everyone is signed out). Built files are kept.")
    if os.environ.get("CONFIRM") != "1":
        try:
            answer = input("Type 'yes' to delete: ") if sys.stdin.isatty() else ""
        except EOFError:
            answer = ""
        if answer.strip().lower() != "yes":
            print("Nothing was deleted (answer 'yes', or run with CONFIRM=1).", file=sys.stderr)
            return 1
    for path in present:
        path.unlink(missing_ok=True)
    print("Deleted: " + ", ".join(path.name for path in present))
    return 0


if __name__ == "__main__":
    sys.exit(main())
