"""The HTTP client against a real server on loopback: success, retry after 5xx, timeout, 4xx."""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from indexer.importers.fetch import FetchError, HttpClient, fetch_text

# A real NHTSA API answer shape, with text from content/upstream (24V436000).
FIXTURE = (
    b'{"Count": 1, "Message": "Results returned successfully", "results": [{"NHTSACampaignNumber": "24V436000", '
    b'"Remedy": "Dealers will update the radio software or the software will be OTA, \\"Over-The-Air,\\" free of charge."}]}'
)


class Handler(BaseHTTPRequestHandler):
    calls: dict[str, int] = {}
    lock = threading.Lock()

    def do_GET(self):  # noqa: N802 - the name http.server dispatches to
        with self.lock:
            self.calls[self.path] = self.calls.get(self.path, 0) + 1
            count = self.calls[self.path]
        if self.path == "/recalls.json":
            self._reply(200, FIXTURE)
        elif self.path == "/flaky.json":
            # The first answer is a server error; the retry must get the data.
            self._reply(500, b"busy") if count == 1 else self._reply(200, FIXTURE)
        elif self.path == "/always-502":
            self._reply(502, b"bad gateway")
        elif self.path == "/slow":
            time.sleep(1.5)
            self._reply(200, FIXTURE)
        elif self.path == "/latin1":
            self._reply(200, "Citro\xebn".encode("latin-1"))
        else:
            self._reply(404, b"not here")

    def _reply(self, status: int, body: bytes):
        self.send_response(status)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        try:
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout test)

    def log_message(self, *args):  # keep test output quiet
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def client():
    http = HttpClient(timeout=0.5, retries=2, backoff=0.01)
    yield http
    http.close()


def test_fetches_the_served_file(server, client):
    assert fetch_text(f"{server}/recalls.json", client).encode() == FIXTURE


def test_retries_after_a_server_error(server, client):
    Handler.calls.pop("/flaky.json", None)
    assert client.get_bytes(f"{server}/flaky.json") == FIXTURE
    assert Handler.calls["/flaky.json"] == 2


def test_gives_up_after_the_retries_with_a_domain_error(server, client):
    Handler.calls.pop("/always-502", None)
    with pytest.raises(FetchError) as caught:
        client.get_bytes(f"{server}/always-502")
    assert caught.value.status == 502
    assert "after 3 attempts" in str(caught.value)
    assert Handler.calls["/always-502"] == 3


def test_a_client_error_is_not_retried(server, client):
    Handler.calls.pop("/missing", None)
    with pytest.raises(FetchError) as caught:
        client.get_bytes(f"{server}/missing")
    assert caught.value.status == 404
    assert Handler.calls["/missing"] == 1


def test_a_server_that_does_not_answer_in_time_is_a_timeout(server):
    slow_client = HttpClient(timeout=0.2, retries=1, backoff=0.0)
    started = time.monotonic()
    with pytest.raises(FetchError, match="no answer within the timeout"):
        slow_client.get_bytes(f"{server}/slow")
    # Two attempts of 0.2 s each: well under the 1.5 s the server takes.
    assert time.monotonic() - started < 1.4
    slow_client.close()


def test_a_refused_connection_is_a_domain_error():
    # Bind then close a port so that nothing listens on it.
    probe = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    port = probe.server_address[1]
    probe.server_close()
    with pytest.raises(FetchError, match="connection failed"):
        HttpClient(timeout=0.5, retries=1, backoff=0.0).get_bytes(f"http://127.0.0.1:{port}/")


@pytest.mark.parametrize("url", ["ftp://example.org/x", "/etc/passwd", "file:///etc/passwd"])
def test_only_http_urls_are_fetched(url):
    with pytest.raises(FetchError, match="only http and https"):
        HttpClient().get_bytes(url)


def test_text_that_is_not_utf8_is_refused(server, client):
    with pytest.raises(FetchError, match="not UTF-8"):
        client.get_text(f"{server}/latin1")
