"""A real HTTP server on loopback for tests that need one (browsers, HTTP clients).

Flask's test client never opens a socket, so it cannot serve a browser and
hides what a real server does (headers, keep-alive, threads). This runs the
app under Werkzeug on 127.0.0.1 with a port the kernel picks, so tests never
collide on a port and never reach past this machine.
"""
from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from werkzeug.serving import make_server

SHUTDOWN_TIMEOUT_S = 10


@contextmanager
def serve_wsgi(app) -> Iterator[str]:
    """Serve app while the block runs; yields its base URL, e.g. http://127.0.0.1:41234."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(SHUTDOWN_TIMEOUT_S)
        server.server_close()
