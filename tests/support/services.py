"""Services a test starts (and stops) itself: a Redis and a PostgreSQL cluster of its own.

Outage tests stop Redis and restart PostgreSQL in the middle of a run; doing
that to the shared servers (CI's, or other developers' on one machine) would
break every other test using them. So these start private ones on free ports
in a temporary folder. PostgreSQL refuses to run as root, so when the tests
run as root the cluster runs as the ``postgres`` user (Debian's package
creates it).
"""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.support.requirements import unavailable

START_TIMEOUT_S = 30


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_for_port(port: int, timeout: float = START_TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f"nothing listens on {port} after {timeout} s") from None
            time.sleep(0.1)


@dataclass
class OwnRedis:
    port: int
    folder: Path
    process: subprocess.Popen | None = None

    def url(self, db: int = 6) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [shutil.which("redis-server") or "redis-server", "--bind", "127.0.0.1", "--port", str(self.port),
             "--save", "", "--appendonly", "no", "--dir", str(self.folder)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _wait_for_port(self.port)

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=30)
            self.process = None


@contextmanager
def own_redis(folder: Path) -> Iterator[OwnRedis]:
    if not shutil.which("redis-server"):
        unavailable("redis-server is not installed (Debian: redis-server)")
    redis = OwnRedis(free_port(), folder)
    redis.start()
    try:
        yield redis
    finally:
        redis.stop()


def _pg_bin() -> Path | None:
    root = Path("/usr/lib/postgresql")
    versions = sorted(root.iterdir(), key=lambda p: [int(x) for x in p.name.split(".") if x.isdigit()]) \
        if root.is_dir() else []
    for version in reversed(versions):
        if (version / "bin" / "initdb").exists():
            return version / "bin"
    found = shutil.which("initdb")
    return Path(found).parent if found else None


@dataclass
class OwnPostgres:
    port: int
    data: Path
    bin: Path
    user: str | None  # run as this user (tests running as root)

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://portal:portal@127.0.0.1:{self.port}/portal"

    def _run(self, *args: str) -> None:
        command = [str(self.bin / args[0]), *args[1:]]
        if self.user:
            command = ["runuser", "-u", self.user, "--", *command]
        result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd="/")
        if result.returncode:
            raise subprocess.CalledProcessError(result.returncode, command, stderr=result.stderr)

    def start(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.data / "server.log"), "-w",
                  "-o", f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1", "start")

    def stop(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def psql(self, sql: str, database: str = "postgres") -> None:
        self._run("psql", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "-d", database, "-qAt",
                  "-v", "ON_ERROR_STOP=1", "-c", sql)

    def restart(self) -> None:
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.data / "server.log"), "-m", "fast", "-w",
                  "-o", f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1", "restart")


@contextmanager
def own_postgres(folder: Path) -> Iterator[OwnPostgres]:
    """A fresh PostgreSQL cluster with role and database ``portal`` (password ``portal``) and pg_trgm."""
    pg_bin = _pg_bin()
    if pg_bin is None:
        unavailable("PostgreSQL's server binaries (initdb) are not installed (Debian: postgresql)")
    user = None
    if os.geteuid() == 0:
        try:
            pwd.getpwnam("postgres")
        except KeyError:
            unavailable("running as root and there is no postgres user to run a private cluster as")
        user = "postgres"
    if user:  # pytest's temporary folders are private to root: the cluster gets one the postgres user can reach
        folder = Path(tempfile.mkdtemp(prefix="portal-test-pg-"))
        os.chmod(folder, 0o755)
    data = folder / "pgdata"
    data.mkdir(parents=True)
    if user:
        shutil.chown(data, user)
    cluster = OwnPostgres(free_port(), data, pg_bin, user)
    cluster._run("initdb", "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
    cluster.start()
    try:
        cluster.psql("CREATE ROLE portal LOGIN PASSWORD 'portal'")
        cluster.psql("CREATE DATABASE portal OWNER portal")
        cluster.psql("CREATE EXTENSION IF NOT EXISTS pg_trgm", database="portal")
        yield cluster
    finally:
        try:
            cluster.stop()
        except subprocess.CalledProcessError:
            pass
        if user:
            shutil.rmtree(folder, ignore_errors=True)
