"""A loopback HTTP server that plays the authorities' file servers for the sync tests.

It serves recorded copies of the real files (the shipped upstream files,
re-zipped where the authority zips) with strong ETags and ``304 Not
Modified``, and can be told to answer a path with a 502 or to cut a body off
half-way (a ``Content-Length`` larger than what is sent, then the connection
closed), the failures a sync must survive.
"""

from __future__ import annotations

import hashlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


class UpstreamServer:
    def __init__(self):
        self.files: dict[str, bytes] = {}  # "/path?query" -> body
        self.fail: dict[str, str] = {}  # path -> "502" | "truncate"
        self.requests: list[tuple[str, int]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 - the http.server API
                server._answer(self)

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_address[1]}"

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()
        self.thread.join(timeout=5)

    def put(self, path: str, body: bytes) -> None:
        self.files[path] = body

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        parts = urlsplit(handler.path)
        key = parts.path + (f"?{parts.query}" if parts.query else "")
        mode = self.fail.get(parts.path) or self.fail.get(key)
        body = self.files.get(key)
        if mode == "502":
            self.requests.append((key, 502))
            handler.send_response(502, "Bad Gateway")
            handler.send_header("Content-Length", "0")
            handler.end_headers()
            return
        if body is None:
            self.requests.append((key, 404))
            handler.send_error(404)
            return
        etag = '"' + hashlib.sha256(body).hexdigest()[:32] + '"'
        if handler.headers.get("If-None-Match") == etag:
            self.requests.append((key, 304))
            handler.send_response(304)
            handler.send_header("ETag", etag)
            handler.end_headers()
            return
        handler.send_response(200)
        handler.send_header("ETag", etag)
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        if mode == "truncate":
            self.requests.append((key, -200))
            handler.wfile.write(body[: len(body) // 2])
            handler.wfile.flush()
            handler.close_connection = True
            return
        self.requests.append((key, 200))
        handler.wfile.write(body)
