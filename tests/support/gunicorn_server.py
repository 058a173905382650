"""``ota-portal serve`` (gunicorn, as deployed) on loopback, for tests of what only a real server shows.

Idle connections, request body limits, headers on the wire and the access log
all happen in gunicorn, not in Flask's test client. The server runs in its own
process on a port the kernel picked, with its log in a file the test reads.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

START_TIMEOUT_S = 60


@dataclass
class Served:
    base: str
    host: str
    port: int
    log: Path
    pid: int  # gunicorn's arbiter; its children are the workers

    def worker_pids(self) -> list[int]:
        children = Path(f"/proc/{self.pid}/task/{self.pid}/children").read_text().split()
        return [int(pid) for pid in children]

    def log_text(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")

    def wait_until_warm(self, workers: int, timeout: float = 120) -> None:
        """Until ``workers`` workers have run their warm-up (see portal.serving.warmup) and accept."""
        deadline = time.monotonic() + timeout
        while self.log_text().count("worker warmed") < workers:
            if time.monotonic() > deadline:
                raise RuntimeError(f"{workers} workers not warm within {timeout} s:\n{self.log_text()}")
            time.sleep(0.2)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(instance_root: Path, log_dir: Path, database_url: str | None = None, workers: int = 1,
             **env: str) -> Iterator[Served]:
    port = _free_port()
    log = log_dir / f"gunicorn-{port}.log"
    environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    environment.update(PORTAL_INSTANCE=str(instance_root), **env)
    if database_url:
        environment["DATABASE_URL"] = database_url
    command = [sys.executable, "-c", "from portal.cli import main; main()", "serve",
               "--host", "127.0.0.1", "--port", str(port), "--workers", str(workers)]
    with open(log, "w") as out:
        process = subprocess.Popen(command, env=environment, stdout=out, stderr=subprocess.STDOUT,
                                   cwd=Path(__file__).resolve().parents[2])
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {process.returncode}:\n{log.read_text()}")
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                if time.monotonic() > deadline:
                    raise RuntimeError(f"gunicorn did not listen within {START_TIMEOUT_S} s:\n{log.read_text()}")
                time.sleep(0.2)
        yield Served(base, "127.0.0.1", port, log, process.pid)
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def fetch(url: str, method: str = "GET", data: bytes | None = None, headers: dict | None = None,
          timeout: float = 30):
    """(status, headers, body) without raising on 4xx/5xx."""
    request = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()
