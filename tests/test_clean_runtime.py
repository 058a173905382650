"""``make clean-runtime`` refuses while a server uses the instance and otherwise asks (or CONFIRM=1)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time

from tests.conftest import REPO


def _clean(instance, **env) -> subprocess.CompletedProcess:
    environment = {**os.environ, "PORTAL_INSTANCE": str(instance), **env}
    return subprocess.run([sys.executable, "-m", "portal.clean_runtime"], env=environment, capture_output=True,
                          text=True, timeout=60, cwd=REPO, stdin=subprocess.DEVNULL)


def test_refused_while_a_process_holds_the_instance_open(tmp_path):
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "runtime.db").write_bytes(b"rows")
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time; f = open(sys.argv[1]); time.sleep(60)",
                               str(instance / "runtime.db")])
    try:
        for _ in range(100):  # until the file is open
            if any(os.readlink(f"/proc/{holder.pid}/fd/{fd}").endswith("runtime.db")
                   for fd in os.listdir(f"/proc/{holder.pid}/fd")):
                break
            time.sleep(0.05)
        result = _clean(instance, CONFIRM="1")
    finally:
        holder.kill()
        holder.wait()
    assert result.returncode == 1 and str(holder.pid) in result.stderr and "Stop the server" in result.stderr
    assert (instance / "runtime.db").exists()


def test_asks_first_and_deletes_only_when_confirmed(tmp_path):
    instance = tmp_path / "instance"
    instance.mkdir()
    (instance / "runtime.db").write_bytes(b"rows")
    (instance / "secret_key").write_bytes(b"key")
    unasked = _clean(instance)
    assert unasked.returncode == 1 and "Nothing was deleted" in unasked.stderr
    assert (instance / "runtime.db").exists()
    confirmed = _clean(instance, CONFIRM="1")
    assert confirmed.returncode == 0, confirmed.stderr
    assert not (instance / "runtime.db").exists() and not (instance / "secret_key").exists()
    shutil.rmtree(instance)
