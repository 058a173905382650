"""A gunicorn ``gthread`` worker whose connections time out while reading a request.

gunicorn's threaded worker waits for the first bytes without using a thread,
but once a request has started it reads the rest on a blocking socket with no
time limit: a client that sends half a request line and waits holds a thread
for as long as it likes, and a few such clients stall the worker. Here every
connection's socket gets a timeout once a thread takes it, and a timed-out
read is treated as the client going away, so the connection is closed quietly
and the thread goes back to the pool.
"""

from __future__ import annotations

import errno
import os
import socket

from gunicorn import http
from gunicorn.workers.gthread import TConn, ThreadWorker

DEFAULT_READ_TIMEOUT_S = 10.0


def read_timeout() -> float:
    try:
        return max(0.1, float(os.environ.get("PORTAL_READ_TIMEOUT") or DEFAULT_READ_TIMEOUT_S))
    except ValueError:
        return DEFAULT_READ_TIMEOUT_S


class _QuietTimeouts:
    """The socket as the request parser sees it: a read that times out reads as end of input."""

    def __init__(self, sock: socket.socket):
        self._sock = sock

    def recv(self, size: int, *args) -> bytes:
        try:
            return self._sock.recv(size, *args)
        except TimeoutError:
            return b""

    def __getattr__(self, name):
        return getattr(self._sock, name)


class TimedConn(TConn):
    def init(self):
        if self.cfg.is_ssl:  # TLS is terminated in front of the portal; keep gunicorn's own path for it
            super().init()
        elif not self.initialized:
            self.initialized = True
            self.parser = http.get_parser(self.cfg, _QuietTimeouts(self.sock), self.client)
        # The worker puts the socket back in blocking mode before every request; bound it again.
        self.sock.settimeout(read_timeout())


class TimedThreadWorker(ThreadWorker):
    def accept(self, listener):
        try:
            client_sock, client_addr = listener.accept()
        except OSError as exc:  # another worker took it, or the client gave up first
            if exc.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        client_sock.setblocking(True)
        self.enqueue_req(TimedConn(self.cfg, client_sock, client_addr, listener.getsockname()))
