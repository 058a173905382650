"""The README's multi-node steps, on loopback: two `ota-portal serve` nodes, one PostgreSQL, one Redis.

A build is made on a "build host" instance folder and shipped to each node's
folder (builds/<id>/ and the current link, README step 3) while both nodes
are under load: no request may fail, and afterwards both nodes serve the new
build and give the same answers. Rate limits, chat memory and staff sessions
must hold across nodes.
"""

from __future__ import annotations

import os
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import requests

from indexer.build import build
from portal.instance import InstancePaths
from tests.conftest import REPO, SMALL_CONTENT

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.slow]
FLEET_VIN = "5YJ3E1EA2KF317000"
START_TIMEOUT_S = 60


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _ship(host: InstancePaths, node: InstancePaths) -> str:
    build_id = host.current_build_id()
    shutil.copytree(host.build_dir(build_id), node.build_dir(build_id), dirs_exist_ok=True)
    temporary = node.root / "current.new"
    temporary.unlink(missing_ok=True)
    os.symlink(f"builds/{build_id}", temporary)
    os.replace(temporary, node.current)
    return build_id


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    from tests.support.requirements import require_postgres, unavailable

    database_url = require_postgres()
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        unavailable("REDIS_URL is not set; export redis://127.0.0.1:6379/<db>")
    root = tmp_path_factory.mktemp("cluster")
    host = InstancePaths.from_env(root / "build-host")
    build(SMALL_CONTENT, host, database_url, search="postgres")
    env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": secrets.token_hex(32),
           "RATELIMIT_STORAGE_URI": redis_url, "TRUSTED_PROXY_HOPS": "1", "SEARCH_BACKEND": "postgres",
           "ASK_RATE_LIMIT": "4 per minute", "PYTHONPATH": str(REPO)}
    from click.testing import CliRunner

    from portal.cli import main as cli

    staff = f"ops{secrets.token_hex(3)}"
    created = CliRunner(env={"PORTAL_INSTANCE": str(host.root), "DATABASE_URL": database_url}).invoke(
        cli, ["staff", "create", staff, "--password", "correct horse battery staple"])
    assert created.exit_code == 0, created.output
    nodes, processes, logs = [], [], []
    for name in ("node-a", "node-b"):
        paths = InstancePaths.from_env(root / name)
        paths.builds.mkdir(parents=True)
        _ship(host, paths)
        port = _free_port()
        log = open(root / f"{name}.log", "w")
        logs.append(log)
        processes.append(subprocess.Popen(
            [sys.executable, "-m", "portal.cli", "serve", "--host", "127.0.0.1", "--port", str(port), "--workers", "2"],
            env={**env, "PORTAL_INSTANCE": str(paths.root)}, stdout=log, stderr=subprocess.STDOUT,
            start_new_session=True))
        nodes.append((f"http://127.0.0.1:{port}", paths))
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        for url, _paths in nodes:
            while True:
                try:
                    if requests.get(url + "/healthz", timeout=2).status_code == 200:
                        break
                except requests.ConnectionError:
                    pass
                assert time.monotonic() < deadline, (root / "node-a.log").read_text()[-2000:]
                time.sleep(0.2)
        yield {"host": host, "nodes": nodes, "database_url": database_url, "staff": staff}
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=30)
        for log in logs:
            log.close()


def test_shipping_a_build_under_load_fails_no_request(cluster):
    (a, a_paths), (b, b_paths) = cluster["nodes"]
    before = requests.get(a + "/healthz").json()["build_id"]
    failures, done, count = [], threading.Event(), [0]

    def hammer(url: str) -> None:
        with requests.Session() as session:
            while not done.is_set():
                for path in ("/healthz", "/recalls/23V838000", "/api/v1/search?q=autosteer", "/search?q=camera"):
                    try:
                        status = session.get(url + path, timeout=30).status_code
                    except requests.RequestException as exc:
                        failures.append(f"{url}{path}: {exc}")
                        continue
                    count[0] += 1
                    if status != 200:
                        failures.append(f"{url}{path}: {status}")

    threads = [threading.Thread(target=hammer, args=(url,)) for url in (a, b) for _ in range(2)]
    for thread in threads:
        thread.start()
    try:
        build(SMALL_CONTENT, cluster["host"], cluster["database_url"], search="postgres")
        new = _ship(cluster["host"], a_paths)
        assert _ship(cluster["host"], b_paths) == new != before
        deadline = time.monotonic() + 30
        while {requests.get(url + "/healthz").json()["build_id"] for url in (a, b)} != {new}:
            assert time.monotonic() < deadline
            time.sleep(0.2)
        time.sleep(1)
    finally:
        done.set()
        for thread in threads:
            thread.join(60)
    assert count[0] > 20 and failures == []
    for path in ("/api/v1/search?q=autosteer", "/api/v1/recalls", "/api/v1/recalls/23V838000", "/healthz"):
        assert requests.get(a + path).json() == requests.get(b + path).json(), path


def test_rate_limits_are_shared_between_nodes(cluster):
    (a, _), (b, _) = cluster["nodes"]
    client = {"X-Forwarded-For": f"198.51.100.{secrets.randbelow(250) + 1}"}
    body = {"question": "What is an OTA recall?", "lang": "en"}
    statuses = [requests.post(url + "/api/v1/ask", json=body, headers=client).status_code for url in (a, b, a, b, a, b)]
    assert statuses[:4] == [200] * 4 and statuses[4:] == [429, 429]


def test_chat_memory_carries_across_nodes(cluster):
    (a, _), (b, _) = cluster["nodes"]
    client = {"X-Forwarded-For": f"198.51.101.{secrets.randbelow(250) + 1}"}
    first = requests.post(a + "/api/v1/ask", headers=client, json={
        "question": "Does my car have any recalls?", "lang": "en", "vin": FLEET_VIN}).json()
    second = requests.post(b + "/api/v1/ask", headers=client, json={
        "question": "Has recall 23V838 been fixed on my car?", "lang": "en", "session": first["session"]}).json()
    assert second["session"] == first["session"] and second["entities"].get("vin") == FLEET_VIN


def test_a_staff_login_on_one_node_is_valid_on_the_other(cluster):
    (a, _), (b, _) = cluster["nodes"]
    with requests.Session() as browser:
        form = browser.get(a + "/staff/login").text
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form).group(1)
        signed_in = browser.post(a + "/staff/login", allow_redirects=False, data={
            "csrf_token": token, "username": cluster["staff"], "password": "correct horse battery staple"})
        assert signed_in.status_code == 302
        assert browser.get(b + "/staff/queue.json", allow_redirects=False).status_code == 200
        assert requests.get(b + "/staff/queue.json", allow_redirects=False).status_code in (302, 401)
