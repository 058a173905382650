"""The real server (gunicorn on loopback): idle clients, body limits, headers, the access log, health."""

from __future__ import annotations

import http.client
import json
import os
import shutil
import socket
import stat
import threading
import time
from pathlib import Path

import pytest

from tests.support.gunicorn_server import fetch, gunicorn

THREADS = 4
READ_TIMEOUT = "1"
VIN = "5YJ3E1EA3KF303123"  # valid, not in any fleet


@pytest.fixture(scope="module")
def server(small_instance, database_url, tmp_path_factory):
    with gunicorn(small_instance.root, tmp_path_factory.mktemp("gunicorn"), database_url,
                  PORTAL_THREADS=str(THREADS), PORTAL_READ_TIMEOUT=READ_TIMEOUT) as served:
        yield served


def _partial_request(served) -> socket.socket:
    sock = socket.create_connection((served.host, served.port), timeout=30)
    sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")  # and never the rest
    return sock


def test_half_sent_requests_do_not_stall_the_site(server):
    # Twice as many stalled clients as the worker has threads: sync workers stalled for good here.
    stalled = [_partial_request(server) for _ in range(2 * THREADS)]
    try:
        status, _headers, body = fetch(f"{server.base}/healthz", timeout=20)
        assert status == 200 and json.loads(body)["ok"] is True
        for sock in stalled:  # each was dropped by the server's read timeout, not left open
            assert sock.recv(1024) == b""
    finally:
        for sock in stalled:
            sock.close()


def test_idle_connections_that_send_nothing_do_not_stall_the_site(server):
    idle = [socket.create_connection((server.host, server.port)) for _ in range(3 * THREADS)]
    try:
        status, _headers, _body = fetch(f"{server.base}/healthz", timeout=20)
        assert status == 200
    finally:
        for sock in idle:
            sock.close()


def test_a_body_over_the_limit_is_a_json_413(server):
    body = json.dumps({"question": "x" * 2_000_000, "lang": "zh"}).encode()
    status, headers, answer = fetch(f"{server.base}/api/v1/ask?lang=zh", "POST", body,
                                    {"Content-Type": "application/json"})
    assert status == 413
    error = json.loads(answer)["error"]
    assert error["code"] == "too_large" and error["details"]["max_bytes"] == 256 * 1024
    assert error["message"] != "The request is too large."  # in the request's language (zh)


def test_security_headers_on_the_wire(server):
    status, headers, _body = fetch(f"{server.base}/recalls")
    assert status == 200
    csp = headers["Content-Security-Policy"]
    assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"
    assert headers["Referrer-Policy"]
    assert "Strict-Transport-Security" not in headers  # only when PORTAL_HSTS says the site is behind TLS
    etag = headers["ETag"]
    again, _headers, body = fetch(f"{server.base}/recalls", headers={"If-None-Match": etag})
    assert again == 304 and body == b""


def test_access_log_masks_vins(server):
    assert fetch(f"{server.base}/api/v1/vehicles/{VIN}")[0] == 200
    fetch(f"{server.base}/vin?vin={VIN.lower()}")
    log = server.log_text()
    assert f"/api/v1/vehicles/{VIN[:12]}*****" in log
    assert VIN not in log and VIN.lower() not in log


@pytest.mark.parametrize("path", ["/recalls?page=%C2%B2", "/api/v1/recalls?year=%C2%B2%E2%81%B0%C2%B9%E2%81%B9",
                                  "/search?q=ota&page=%C2%B2", "/api/v1/search?q=ota&page=%C2%B2"])
def test_superscript_numbers_are_never_a_server_error(server, path):
    assert fetch(server.base + path)[0] in (200, 400)


def test_health_is_503_when_the_database_cannot_be_read(small_instance, database_url, tmp_path):
    if database_url:
        pytest.skip("the empty-file case is SQLite's; PostgreSQL's is a dropped schema")
    broken = tmp_path / "instance"
    # Not the live runtime.db: copying an open SQLite file in this process would drop its locks.
    shutil.copytree(small_instance.root, broken, symlinks=True, ignore=shutil.ignore_patterns("runtime.db*"))
    with gunicorn(broken, tmp_path) as served:  # emptied while serving: an empty file refuses to start
        (broken / "current" / "portal.db").write_bytes(b"")
        status, _headers, body = fetch(f"{served.base}/healthz")
        health = json.loads(body)
    assert status == 503 and health["ok"] is False
    assert health["checks"]["database"] != "ok" and health["checks"]["search_index"] == "ok"
    assert health["schema_version"] and health["counts"]  # the manifest fields are still there


def test_runtime_database_and_secret_key_are_private(server, small_instance, database_url):
    fetch(f"{server.base}/healthz")
    paths = [small_instance.root / "secret_key"]
    if not database_url:
        paths.append(small_instance.runtime_db)
    for path in paths:
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600, path


def _connections_per_worker(served) -> list[int]:
    """How many established connections to the server each worker holds (read from /proc)."""
    port = f"{served.port:04X}"
    established = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if fields[1].endswith(":" + port) and fields[3] == "01":
            established.add(fields[9])
    counts = []
    for pid in served.worker_pids():
        inodes = {os.readlink(fd)[8:-1] for fd in Path(f"/proc/{pid}/fd").iterdir()
                  if os.readlink(fd).startswith("socket:[")}
        counts.append(len(inodes & established))
    return counts


def test_a_busy_worker_leaves_new_connections_to_a_free_one(small_instance, database_url, tmp_path):
    """Twelve keep-alive clients connecting at once end up spread over both workers, not held by one."""
    clients, stop, counts = 12, threading.Event(), []
    with gunicorn(small_instance.root, tmp_path, database_url, workers=2, PORTAL_THREADS="2") as served:
        served.wait_until_warm(2)  # a worker accepts only once warm: both must be
        for _ in range(4):  # both workers booted and answering
            fetch(f"{served.base}/healthz")

        def client():
            connection = http.client.HTTPConnection(served.host, served.port, timeout=30)
            while not stop.is_set():
                connection.request("GET", f"/vin/{VIN}")
                connection.getresponse().read()
            connection.close()

        threads = [threading.Thread(target=client) for _ in range(clients)]
        for thread in threads:
            thread.start()
        try:
            time.sleep(2)
            counts = _connections_per_worker(served)
        finally:
            stop.set()
            for thread in threads:
                thread.join(30)
    assert sum(counts) == clients and min(counts) >= clients // 4, counts
