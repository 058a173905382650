"""A gunicorn ``gthread`` worker that reads each request whole before a thread takes it.

gunicorn's threaded worker hands a connection to a thread as soon as it is
accepted (or after a few seconds of silence), and the thread then reads the
request on a blocking socket. A client that sends nothing, or a byte every
few seconds (slowloris), holds that thread: fifty of either took every
thread of a two-worker server and a fresh visitor waited 10-15 s. Here the
worker's main loop reads the request head (and a body of known length up to
``BODY_BUFFER_MAX``) itself, without blocking, from every connection at once;
only a request that has fully arrived is handed to a thread. A slow or silent
client costs a socket and a few bytes of buffer, never a thread.

Limits, each dropping the connection when passed:

* the whole request (head and buffered body) must arrive within
  ``PORTAL_READ_TIMEOUT`` seconds of its first wait, not per byte, so a client
  trickling one byte every few seconds is dropped too;
* a thread reading past the buffered part (a body beyond ``BODY_BUFFER_MAX``)
  or writing to a client that does not read waits at most the same time per
  read or write, then the connection closes quietly;
* at most ``worker_connections`` connections per worker (gunicorn's setting,
  see :mod:`portal.serve`); past it the worker stops accepting until one ends,
  and new clients wait in the listen backlog.

A worker whose threads are all busy also pauses accepting for a moment.
Workers share one listening socket, and a burst of new keep-alive
connections (a load balancer's pool, a load test) went to whichever worker
woke first: one worker could hold most of them, queueing their requests
behind its own threads while the other sat idle. During the pause a worker
with a free thread takes the new connections; when every worker is busy each
resumes after ``ACCEPT_PAUSE_S`` (or as soon as a thread frees).
"""

from __future__ import annotations

import errno
import os
import re
import selectors
import threading
import time
from functools import partial

from gunicorn import http
from gunicorn.workers.gthread import TConn, ThreadWorker

DEFAULT_READ_TIMEOUT_S = 10.0
ACCEPT_PAUSE_S = 0.02  # how long a worker with no free thread leaves new connections to the others
HEAD_MAX = 64 * 1024  # past this a head is handed on as it is; gunicorn's parser refuses it (431)
BODY_BUFFER_MAX = 1024 * 1024  # bodies up to this are read by the main loop; the app refuses past 256 KiB
RECV_SIZE = 64 * 1024
_CONTENT_LENGTH = re.compile(rb"^content-length[ \t]*:[ \t]*([0-9]{1,12})[ \t]*\r?$", re.M)
_CHUNKED = re.compile(rb"^transfer-encoding[ \t]*:.*chunked", re.M)


def read_timeout() -> float:
    try:
        return max(0.1, float(os.environ.get("PORTAL_READ_TIMEOUT") or DEFAULT_READ_TIMEOUT_S))
    except ValueError:
        return DEFAULT_READ_TIMEOUT_S


class _BufferedSocket:
    """The socket as the request parser sees it: the bytes the main loop read first, then the socket.

    What is still to come (a body past ``BODY_BUFFER_MAX``) must arrive by the request's deadline, not
    within a timeout per read; a read that times out reads as end of input, so a stalled client is
    treated as gone.
    """

    def __init__(self, conn: TimedConn):
        self._conn = conn

    def recv(self, size: int, *args) -> bytes:
        conn = self._conn
        if conn.pending:
            data = bytes(conn.pending)  # all of it: gunicorn keeps read-ahead in its own buffer
            conn.pending.clear()
            return data
        remaining = conn.deadline - time.monotonic()
        if remaining <= 0:
            return b""
        sock = conn.sock
        sock.settimeout(min(remaining, read_timeout()))
        try:
            return sock.recv(size, *args)
        except TimeoutError:
            return b""
        finally:
            sock.settimeout(read_timeout())  # writing the answer gets the whole timeout per write

    def __getattr__(self, name):
        return getattr(self._conn.sock, name)


class TimedConn(TConn):
    def __init__(self, *args):
        super().__init__(*args)
        self.pending = bytearray()
        self.deadline = 0.0

    def init(self):
        if self.cfg.is_ssl:  # TLS is terminated in front of the portal; keep gunicorn's own path for it
            super().init()
        elif not self.initialized:
            self.initialized = True
            self.parser = http.get_parser(self.cfg, _BufferedSocket(self), self.client)
        # The worker puts the socket back in blocking mode before every request; bound it again.
        self.sock.settimeout(read_timeout())

    def request_arrived(self) -> bool:
        """Whether ``pending`` holds a whole head and the body the main loop waits for."""
        data = self.pending
        end = data.find(b"\r\n\r\n")
        if end < 0:
            end = data.find(b"\n\n")  # gunicorn refuses bare newlines; let it say so
            if end < 0:
                return len(data) > HEAD_MAX
        head = bytes(data[:end]).lower()
        body = len(data) - end - 4
        if _CHUNKED.search(head):
            return body >= BODY_BUFFER_MAX or data.endswith(b"0\r\n\r\n")
        length = _CONTENT_LENGTH.search(head)
        if length:
            return body >= min(int(length.group(1)), BODY_BUFFER_MAX)
        return True


class TimedThreadWorker(ThreadWorker):
    # Requests handed to the thread pool and not finished, and whether accepting is paused. Both change
    # only on the worker's main thread: accepting, re-queueing a kept-alive connection, finishing a
    # request and the end of a pause (through gunicorn's method queue) all run there.
    in_flight = 0
    paused = False

    def init_process(self):
        from portal.serving import error_page

        error_page.install()
        self.arriving: set[TimedConn] = set()  # connections whose request the main loop is reading
        super().init_process()

    # -- reading requests in the main loop -------------------------------------------------------

    def accept(self, listener):
        if self.cfg.is_ssl:
            return super().accept(listener)
        try:
            client_sock, client_addr = listener.accept()
        except OSError as exc:  # another worker took it, or the client gave up first
            if exc.errno not in (errno.EAGAIN, errno.ECONNABORTED, errno.EWOULDBLOCK):
                raise
            return
        self.nr_conns += 1
        self._await_request(TimedConn(self.cfg, client_sock, client_addr, listener.getsockname()))

    def _await_request(self, conn: TimedConn) -> None:
        conn.sock.setblocking(False)
        conn.deadline = time.monotonic() + read_timeout()
        self.arriving.add(conn)
        self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._on_readable, conn))

    def _on_readable(self, conn: TimedConn, _sock) -> None:
        try:
            data = conn.sock.recv(RECV_SIZE)
        except (BlockingIOError, InterruptedError):
            return
        except OSError:
            data = b""
        if not data:  # the client went away before its request was whole
            self._stop_awaiting(conn)
            self._drop(conn)
            return
        conn.pending += data
        if conn.request_arrived():
            self._stop_awaiting(conn)
            self._dispatch(conn)

    def _stop_awaiting(self, conn: TimedConn) -> None:
        self.arriving.discard(conn)
        try:
            self.poller.unregister(conn.sock)
        except (KeyError, ValueError, OSError):
            pass

    def _dispatch(self, conn: TimedConn) -> None:
        conn.data_ready = True  # gunicorn's thread must not wait for the socket: the request is here
        conn.deadline = time.monotonic() + read_timeout()  # for whatever of the body the thread still reads
        self.enqueue_req(conn)

    def _drop(self, conn: TimedConn) -> None:
        self.nr_conns -= 1
        conn.close()

    def murder_pending(self):
        """gunicorn's expiry of deferred connections, and the drop of requests that did not arrive in time."""
        super().murder_pending()
        now = time.monotonic()
        for conn in [c for c in self.arriving if c.deadline <= now]:
            self._stop_awaiting(conn)
            self._drop(conn)

    def on_client_socket_readable(self, conn, client):
        """A kept-alive connection's next request starts: read it in the main loop like a new one."""
        if self.cfg.is_ssl:
            return super().on_client_socket_readable(conn, client)
        self.poller.unregister(client)
        self.keepalived_conns.remove(conn)
        self._await_request(conn)
        self._on_readable(conn, client)

    # -- the thread pool and the accept pause ----------------------------------------------------

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
        read_ahead = isinstance(conn, TimedConn) and conn.parser is not None and self._kept_alive(fs) \
            and conn.parser.unreader.buf.getvalue()
        if read_ahead and self.alive:
            # The client sent (part of) its next request with the last one. Back to the main loop with
            # it, like any request: a partial one must not wait for the rest in a thread.
            conn.pending[:0] = conn.parser.unreader.take_buffered()
            self.arriving.add(conn)
            conn.deadline = time.monotonic() + read_timeout()
            if conn.request_arrived():
                self.arriving.discard(conn)
                self._dispatch(conn)
            else:
                conn.sock.setblocking(False)
                self.poller.register(conn.sock, selectors.EVENT_READ, partial(self._on_readable, conn))
        else:
            super().finish_request(conn, fs)
        if self.paused and self.in_flight < self.cfg.threads:
            self._end_pause()

    @staticmethod
    def _kept_alive(fs) -> bool:
        try:
            return not fs.cancelled() and fs.result() is True
        except Exception:
            return False

    def _end_pause(self):
        self.paused = False
        if self.alive:
            self.set_accept_enabled(self.nr_conns < self.worker_connections)

    def set_accept_enabled(self, enabled):
        """gunicorn's switch, which its run loop calls with "below the connection limit"; also "not paused"."""
        super().set_accept_enabled(enabled and not self.paused)


