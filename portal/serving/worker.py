"""A gunicorn ``gthread`` worker whose connections time out while reading a request.

gunicorn's threaded worker waits for the first bytes without using a thread,
but once a request has started it reads the rest on a blocking socket with no
time limit: a client that sends half a request line and waits holds a thread
for as long as it likes, and a few such clients stall the worker. Here every
connection's socket gets a timeout once a thread takes it, and a timed-out
read is treated as the client going away, so the connection is closed quietly
and the thread goes back to the pool.

A worker whose threads are all busy also pauses accepting for a moment.
Workers share one listening socket, and a burst of new keep-alive
connections (a load balancer's pool, a load test) went to whichever worker
woke first: one worker could hold most of them, queueing their requests
behind its own threads while the other sat idle (the same load measured 400
or 1,300 requests a second depending on how the connections fell). During
the pause a worker with a free thread takes the new connections; when every
worker is busy each resumes after ``ACCEPT_PAUSE_S`` (or as soon as a thread
frees), so a new client waits at most that long for its turn.
"""

from __future__ import annotations

import errno
import os
import socket
import threading

from gunicorn import http
from gunicorn.workers.gthread import TConn, ThreadWorker

DEFAULT_READ_TIMEOUT_S = 10.0
ACCEPT_PAUSE_S = 0.02  # how long a worker with no free thread leaves new connections to the others


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
    # Requests handed to the thread pool and not finished, and whether accepting is paused. Both change
    # only on the worker's main thread: accepting, re-queueing a kept-alive connection, finishing a
    # request and the end of a pause (through gunicorn's method queue) all run there.
    in_flight = 0
    paused = False

    def enqueue_req(self, conn):
        self.in_flight += 1
        if self.in_flight >= self.cfg.threads and self._accepting:
            self.paused = True
            super().set_accept_enabled(False)
            timer = threading.Timer(ACCEPT_PAUSE_S, self.method_queue.defer, args=(self._end_pause,))
            timer.daemon = True
            timer.start()
        super().enqueue_req(conn)

    def finish_request(self, conn, fs):
        self.in_flight -= 1
        super().finish_request(conn, fs)
        if self.paused and self.in_flight < self.cfg.threads:
            self._end_pause()

    def _end_pause(self):
        self.paused = False
        if self.alive:
            self.set_accept_enabled(self.nr_conns < self.worker_connections)

    def set_accept_enabled(self, enabled):
        """gunicorn's switch, which its run loop calls with "below the connection limit"; also "not paused"."""
        super().set_accept_enabled(enabled and not self.paused)

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
