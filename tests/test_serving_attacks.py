"""Crafted requests, slow clients and VINs in the logs, against ``ota-portal serve`` (gunicorn) on loopback.

Each crafted class is sent as raw bytes, the way an attacker's tool sends it:
odd Host values on every kind of route, huge and non-numeric ids on the
staff routes (signed in), chunked bodies over the limit, request lines
gunicorn refuses. Every answer must be a 4xx carrying the security headers.
"""

from __future__ import annotations

import re
import socket
import threading
import time
import uuid
from urllib.parse import unquote

import pytest
import requests

from portal.staff.auth import create_staff_user
from portal.state import state
from tests.conftest import opened_app
from tests.support.gunicorn_server import gunicorn

VIN = "5YJ3E1EA2KF317000"  # check digit valid, in no fleet
PASSWORD = "correct horse battery staple"
BAD_HOSTS = ["a..b", "a" * 64 + ".example", "." , "exa mple.org", "ex\u00e4mple.org".encode("utf-8").decode("latin-1"),
             "[::1", "host:port"]
ROUTES = ["/", "/healthz", "/recalls", "/api/v1/recalls", f"/vin/{VIN}", f"/api/v1/vehicles/{VIN}", "/search?q=ota",
          "/staff/login", "/static/portal.css", "/feeds/recalls.atom", "/no-such-page"]


@pytest.fixture(scope="module")
def served(small_instance, database_url, tmp_path_factory):
    # The defaults of `ota-portal serve` (2 workers, threads and timeouts unset) but for the rate limits.
    with gunicorn(small_instance.root, tmp_path_factory.mktemp("attacks"), database_url, workers=2,
                  LOGIN_RATE_LIMIT="1000 per minute", ASK_RATE_LIMIT="1000 per minute") as server:
        server.wait_until_warm(2)  # both workers have loaded the segmenter and begun accepting
        yield server


def raw(served, data: bytes, timeout: float = 20) -> tuple[int, dict[str, str], bytes]:
    """Send ``data`` as it is; the status, headers (lower-case names) and body of the answer."""
    with socket.create_connection((served.host, served.port), timeout=timeout) as sock:
        sock.sendall(data)
        answer = b""
        while True:
            part = sock.recv(65536)
            if not part:
                break
            answer += part
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {name.strip().lower(): value.strip() for name, _, value in (line.partition(":") for line in lines[1:])}
    return int(lines[0].split()[1]), headers, body


def assert_refused_with_headers(status: int, headers: dict[str, str]) -> None:
    assert 400 <= status < 500, status
    assert "frame-ancestors 'none'" in headers.get("content-security-policy", ""), headers
    assert headers.get("x-content-type-options") == "nosniff" and headers.get("x-frame-options") == "DENY"


@pytest.mark.parametrize("host", BAD_HOSTS)
def test_a_host_that_is_no_host_name_is_a_400_on_every_route(served, host):
    for route in ROUTES:
        request = f"GET {route} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n".encode("latin-1")
        status, headers, body = raw(served, request)
        assert status == 400, (route, status, body[:200])
        assert_refused_with_headers(status, headers)
        if route.startswith("/api/"):
            assert b'"invalid_host"' in body


def _json_chunks(size: int) -> bytes:
    body = b'{"question": "' + b"x" * size + b'", "lang": "en"}'
    return b"".join(b"%x\r\n%s\r\n" % (len(body[i:i + 8192]), body[i:i + 8192])
                    for i in range(0, len(body), 8192)) + b"0\r\n\r\n"


def test_a_chunked_body_over_the_limit_is_a_413(served):
    head = b"POST /api/v1/ask HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n" \
           b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
    status, headers, body = raw(served, head + _json_chunks(300 * 1024))
    assert status == 413 and b'"too_large"' in body
    assert_refused_with_headers(status, headers)
    small = raw(served, head + _json_chunks(40))  # a chunked body under the limit is read like any other
    assert small[0] == 200 and b'"answer"' in small[2]


@pytest.mark.parametrize("line", [f"GET /vin/{VIN}\x01 HTTP/1.1", "GET / HTTP/9.9", "G\x00T / HTTP/1.1",
                                  "GET /" + "a" * 9000 + " HTTP/1.1"])
def test_request_lines_the_server_refuses_carry_the_headers(served, line):
    status, headers, _body = raw(served, f"{line}\r\nHost: 127.0.0.1\r\n\r\n".encode("latin-1"))
    assert_refused_with_headers(status, headers)


@pytest.fixture(scope="module")
def staff_session(served, small_instance, database_url):
    name = f"staff-{uuid.uuid4().hex[:10]}"
    with opened_app(small_instance, database_url) as app, state(app).runtime_session() as db:
        create_staff_user(db, name, PASSWORD)
    session = requests.Session()
    login = session.get(f"{served.base}/staff/login", timeout=20)
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', login.text).group(1)
    signed_in = session.post(f"{served.base}/staff/login", timeout=20, allow_redirects=False,
                             data={"csrf_token": token, "username": name, "password": PASSWORD})
    assert signed_in.status_code == 302
    page = session.get(f"{served.base}/staff", timeout=20)
    return session, re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page.text).group(1)


@pytest.mark.parametrize("path, ids", [
    ("/staff/queue/group/handled", ["\u00b2"]),
    ("/staff/queue/group/handled", ["9223372036854775808"]),
    ("/staff/queue/group/handled", ["2147483648", "-1", "\u0661", "1e3", "+7"]),
    ("/staff/queue/9223372036854775808/handled", []),
    ("/staff/queue/99999999999999999999999/handled", []),
])
def test_huge_and_foreign_ids_on_staff_routes_are_a_404(served, staff_session, path, ids):
    session, token = staff_session
    answer = session.post(served.base + path, data={"csrf_token": token, "ids": ids}, timeout=20,
                          allow_redirects=False)
    assert answer.status_code == 404, answer.text[:300]
    assert_refused_with_headers(answer.status_code, {k.lower(): v for k, v in answer.headers.items()})


def test_a_fresh_client_is_answered_while_slow_clients_hold_connections(served):
    """Fifty connections that send nothing and fifty that trickle a request a byte at a time."""
    silent = [socket.create_connection((served.host, served.port)) for _ in range(50)]
    trickling = []
    for _ in range(50):
        sock = socket.create_connection((served.host, served.port))
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        trickling.append(sock)
    stop = threading.Event()

    def drip():
        while not stop.wait(2):
            for sock in trickling:
                try:
                    sock.sendall(b"X")
                except OSError:
                    pass

    dripper = threading.Thread(target=drip, daemon=True)
    dripper.start()
    try:
        time.sleep(1)
        for _ in range(3):
            # Far below the server's 10 s read timeout, which would otherwise end the slow clients first.
            answer = requests.get(f"{served.base}/healthz", timeout=5)
            assert answer.status_code == 200 and answer.json()["ok"] is True
    finally:
        stop.set()
        dripper.join(10)
        for sock in silent + trickling:
            sock.close()


VIN_FORMS = [VIN, VIN.lower(), "5YJ3E1EA2-KF317000", "5YJ3E1EA2+KF317000", "5YJ3E1EA2.KF317000",
             "5YJ3E1EA2%20KF317000", "5YJ3E1EA2%2DKF317000", "%35%59J3E1EA2KF317000", "5yj3e1ea2-kf317000"]


def _no_full_vin(text: str) -> None:
    for line in text.splitlines():
        decoded = unquote(line).replace("\\x", " ")
        squeezed = re.sub(r"[-+._ ]", "", decoded).upper()
        assert VIN not in squeezed, line


def test_no_full_vin_in_any_log_line(served):
    session = requests.Session()
    for form in VIN_FORMS:
        for path in (f"/vin/{form}", f"/vin?vin={form}", f"/api/v1/vehicles/{form}", f"/vin/{form}/report",
                     f"/search?q={form}"):
            assert session.get(served.base + path, timeout=20).status_code < 500
        assert session.post(f"{served.base}/api/v1/ask", json={"question": f"recalls for {form}?"},
                            timeout=20).status_code < 500
        raw(served, f"GET /vin/{form}\x01 HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())  # the error log's line
        raw(served, f"GET /vin/{form} HTTP/1.1\r\nHost: a..b\r\nConnection: close\r\n\r\n".encode())
    time.sleep(0.5)  # the access log is written after the answer
    log = served.log_text()
    assert "Invalid request" in log and "/vin/5YJ3E1EA2KF3*****" in log  # the lines are there, masked
    _no_full_vin(log)


def test_each_worker_is_warmed_before_its_first_request(served):
    warmed = [line for line in served.log_text().splitlines() if "worker warmed" in line]
    assert len(warmed) == 2 and all("warm_segmenter" in line and "warm_search" in line for line in warmed)



@pytest.mark.parametrize("path", ["/api/v1/releases?make=te%00sla", "/api/v1/search?q=brake&component=a%00b",
                                  "/recalls?make=%00", "/api/v1/recalls?model=x%00y&lang=zh"])
def test_a_nul_character_in_a_parameter_matches_nothing_and_never_reaches_the_database(client, path):
    """PostgreSQL refuses NUL in text (a DataError, a 500); the guard makes it U+FFFD, which no stored text holds."""
    from portal.serving.request_guard import without_nul

    query = path.partition("?")[2]
    assert "%00" not in without_nul(query) and "%EF%BF%BD" in without_nul(query)
    answer = client.get(path)
    assert answer.status_code == 200, answer.data[:300]
    if path.startswith("/api/v1/releases") or "make=%00" in path:
        assert b"te\x00sla" not in answer.data
