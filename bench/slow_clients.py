"""How fast a fresh client is answered while slow clients hold connections to ``ota-portal serve``.

Usage: ``python bench/slow_clients.py [--silent N] [--slowloris N] [--seconds S] [--workers N]
[--checkout DIR]``

Starts ``ota-portal serve`` (as deployed, default settings) on the checkout's
built ``instance/`` (``make build`` first), then measures ``GET /healthz``
from a fresh connection, one every 0.25 s: first with nothing else open, then
while ``--silent`` connections that never send a byte and ``--slowloris``
connections that send a request head one byte every 4 s are open (the
attack's shape: 50 and 50). Prints the answer times (p50, p95, max) of each
phase and how many fresh requests got no answer within 10 s. The target is
every fresh client answered within 1 s.
"""

from __future__ import annotations

import os
import sys

# This folder holds bench/http.py, which would hide the standard library's http package.
if sys.path and os.path.abspath(sys.path[0]) == os.path.dirname(os.path.abspath(__file__)):
    sys.path.pop(0)

import argparse  # noqa: E402
import importlib.util  # noqa: E402
import socket
import statistics
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("bench_http", Path(__file__).with_name("http.py"))
bench_http = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench_http)
DRIP_EVERY_S = 4.0
FRESH_EVERY_S = 0.25
GIVE_UP_S = 10.0


def fresh_clients(base: str, seconds: float) -> tuple[list[float], int]:
    """Answer times in ms of one new connection every FRESH_EVERY_S, and how many got no answer."""
    times, failed = [], 0
    stop = time.monotonic() + seconds
    while time.monotonic() < stop:
        started = time.perf_counter()
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=GIVE_UP_S) as answer:
                answer.read()
            times.append((time.perf_counter() - started) * 1000)
        except OSError:
            failed += 1
        time.sleep(FRESH_EVERY_S)
    return times, failed


def open_slow_clients(host: str, port: int, silent: int, slowloris: int, stop: threading.Event) -> list[socket.socket]:
    quiet = [socket.create_connection((host, port)) for _ in range(silent)]
    trickling = []
    for _ in range(slowloris):
        sock = socket.create_connection((host, port))
        sock.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
        trickling.append(sock)

    def drip():
        while not stop.wait(DRIP_EVERY_S):
            for sock in trickling:
                try:
                    sock.sendall(b"X")
                except OSError:
                    pass  # dropped by the server: what a deadline is for

    threading.Thread(target=drip, daemon=True).start()
    return quiet + trickling


def _show(label: str, times: list[float], failed: int) -> None:
    if len(times) > 1:
        cuts = statistics.quantiles(times, n=100)
        figures = f"p50={cuts[49]:.1f} ms  p95={cuts[94]:.1f} ms  max={max(times):.1f} ms"
    else:
        figures = "no answers"
    print(f"{label:<42} n={len(times) + failed:<4} {figures}  unanswered={failed}", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--silent", type=int, default=50)
    parser.add_argument("--slowloris", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=8.0, help="per phase (default 8)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--checkout", type=Path, default=REPO)
    args = parser.parse_args()
    checkout = args.checkout.resolve()
    if not (checkout / "instance" / "manifest.json").exists():
        raise SystemExit(f"{checkout}/instance is not built: run `make build` there first")
    port = bench_http.free_port()
    server = bench_http.start_server(checkout, port, args.workers)
    base = f"http://127.0.0.1:{port}"
    stop = threading.Event()
    sockets: list[socket.socket] = []
    try:
        time.sleep(2)  # both workers warmed (jieba, the index) before the first phase
        _show("no slow clients", *fresh_clients(base, args.seconds))
        sockets = open_slow_clients("127.0.0.1", port, args.silent, args.slowloris, stop)
        time.sleep(0.5)
        times, failed = fresh_clients(base, args.seconds)
        _show(f"{args.silent} silent + {args.slowloris} slowloris open", times, failed)
        slow = sum(t > 1000 for t in times) + failed
        print(f"fresh clients answered within 1 s: {len(times) - sum(t > 1000 for t in times)} of "
              f"{len(times) + failed} ({'met' if slow == 0 else 'NOT met'})")
    finally:
        stop.set()
        for sock in sockets:
            sock.close()
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
