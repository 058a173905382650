"""The multi-node steps of docs/DEPLOYMENT.md, on loopback: haproxy in front of two `ota-portal serve` nodes,
one PostgreSQL, one Redis.

A build is made on a "build host" instance folder and shipped to each node's
folder (builds/<id>/ and the current link, docs/DEPLOYMENT.md step 3) while both nodes
are under load: no request may fail, and afterwards both nodes serve the new
build and give the same answers. Rate limits, chat memory and staff sessions
must hold across nodes. Through the proxy, Redis is stopped and PostgreSQL
restarted under load: no answer is a 500, health says ``degraded`` while Redis
is away, and everything comes back by itself. PostgreSQL and Redis are the
test's own (tests/support/services.py), so stopping them touches nobody else.
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
from contextlib import contextmanager
from pathlib import Path

import pytest
import requests

from indexer.build import build
from portal.instance import InstancePaths
from tests.conftest import REPO, SMALL_CONTENT

pytestmark = [pytest.mark.postgres, pytest.mark.slow]
HAPROXY_CONFIG = """
global
    maxconn 512
defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    retries 2
    option redispatch
frontend portal
    bind 127.0.0.1:{port}
    default_backend nodes
backend nodes
    balance roundrobin
    option forwardfor
    option httpchk GET /healthz
    http-check expect status 200
    default-server inter 500ms fall 2 rise 1
{servers}
"""
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


@contextmanager
def _haproxy(root: Path, node_urls: list[str]):
    """Debian's haproxy in front of the nodes, checking /healthz as a load balancer does."""
    from tests.support.requirements import unavailable

    binary = shutil.which("haproxy") or ("/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else None)
    if binary is None:
        unavailable("haproxy is not installed (Debian: haproxy)")
    port = _free_port()
    servers = "\n".join(f"    server n{i} {url.removeprefix('http://')} check" for i, url in enumerate(node_urls))
    config = root / "haproxy.cfg"
    config.write_text(HAPROXY_CONFIG.format(port=port, servers=servers))
    log = open(root / "haproxy.log", "w")
    process = subprocess.Popen([binary, "-db", "-f", str(config)], stdout=log, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            try:
                if requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2).status_code == 200:
                    break
            except requests.RequestException:  # refused, or a node still warming up
                pass
            assert process.poll() is None and time.monotonic() < deadline, (root / "haproxy.log").read_text()
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


@pytest.fixture(scope="module")
def services(tmp_path_factory):
    from tests.support.services import own_postgres, own_redis

    folder = tmp_path_factory.mktemp("services")
    with own_postgres(folder) as postgres, own_redis(folder) as redis:
        yield postgres, redis


@pytest.fixture(scope="module")
def cluster(tmp_path_factory, services):
    postgres, redis = services
    database_url, redis_url = postgres.url, redis.url()
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
                except requests.RequestException:  # refused, or accepted by a worker still warming up
                    pass
                assert time.monotonic() < deadline, (root / "node-a.log").read_text()[-2000:]
                time.sleep(0.2)
        with _haproxy(root, [url for url, _paths in nodes]) as proxy:
            yield {"host": host, "nodes": nodes, "database_url": database_url, "staff": staff, "proxy": proxy,
                   "postgres": postgres, "redis": redis}
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


def _wait_for(predicate, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while not predicate():
        assert time.monotonic() < deadline, "not recovered in time"
        time.sleep(0.3)


def _redis_reasons(health: dict) -> list[str]:
    return [reason for reason in health.get("reasons") or [] if "Redis" in reason]


def _health(url: str) -> dict:
    try:
        response = requests.get(url + "/healthz", timeout=5)
    except requests.RequestException:
        return {}
    return {**response.json(), "http_status": response.status_code} if response.headers.get(
        "Content-Type", "").startswith("application/json") else {"http_status": response.status_code}


def test_through_the_proxy_redis_away_and_a_postgres_restart_never_answer_500(cluster):
    proxy, postgres, redis = cluster["proxy"], cluster["postgres"], cluster["redis"]
    seen: dict[int, int] = {}
    bad, done = [], threading.Event()

    def hammer() -> None:
        with requests.Session() as session:
            while not done.is_set():
                for method, path, body in (("GET", "/recalls/23V838000", None),
                                           ("GET", "/api/v1/search?q=autosteer", None),
                                           ("GET", "/recalls?reported_year=2023", None),
                                           ("POST", "/api/v1/ask", {"question": "What is an OTA recall?", "lang": "en"})):
                    try:
                        response = session.request(method, proxy + path, json=body, timeout=30)
                    except requests.RequestException as exc:
                        bad.append(f"{path}: {exc}")
                        continue
                    seen[response.status_code] = seen.get(response.status_code, 0) + 1
                    if response.status_code not in (200, 429, 503):
                        bad.append(f"{path}: {response.status_code} {response.text[:200]}")
                    if response.status_code == 503 and "Retry-After" not in response.headers \
                            and "No server is available" not in response.text:  # haproxy's own 503 has none
                        bad.append(f"{path}: 503 without Retry-After")

    threads = [threading.Thread(target=hammer) for _ in range(3)]
    for thread in threads:
        thread.start()
    try:
        time.sleep(1)
        redis.stop()
        _wait_for(lambda: _redis_reasons(_health(proxy)), 30)
        assert _health(proxy)["status"] == "degraded"
        time.sleep(1)  # requests keep flowing, limits counted per worker
        redis.start()
        # Redis back: its reason goes (the built content's old source snapshots keep their own reasons)
        _wait_for(lambda: all(_health(url).get("http_status") == 200 and not _redis_reasons(_health(url))
                              for url, _ in cluster["nodes"]))
        postgres.restart()
        _wait_for(lambda: all(_health(url).get("http_status") == 200 for url, _ in cluster["nodes"]))
        time.sleep(1)
    finally:
        done.set()
        for thread in threads:
            thread.join(60)
    assert bad == [], bad[:10]
    assert seen.get(200, 0) > 20, seen
