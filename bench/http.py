"""Throughput of the real server: req/s and p50/p99 per busy URL, as a share of /healthz.

Usage: ``python bench/http.py [--duration S] [--connections N] [--workers N]
[--checkout DIR]``

Starts ``ota-portal serve`` (gunicorn, as deployed) on 127.0.0.1 with a free
port, on the checkout's built ``instance/`` (``make build`` first), and drives
each URL in turn with wrk (Debian's ``wrk``; a small threaded Python client
when wrk is absent). Absolute figures depend on the machine and on whatever
else runs on it, so every URL is also printed as a ratio to ``/healthz``
measured in the same run, right before that URL (on a shared machine the load
drifts within a run): that ratio is what the targets are about (home page,
browse and VIN page >= 0.5, vehicle API >= 0.35).

The VIN page and the vehicle API are measured twice: one VIN over and over,
and a stream of 600 different valid VINs (14 real VIN stems, nine model years,
random serials), which is what real traffic looks like to the per-build caches.

``--checkout`` points at another checkout (its ``.venv`` and ``instance/``),
so the same script measures an older tree for a before/after comparison.
"""

from __future__ import annotations

import os
import sys

# This file is named like the standard library's ``http`` package; drop its folder from the path
# so that ``urllib`` and ``http.client`` below are the real ones.
if sys.path and os.path.abspath(sys.path[0]) == os.path.dirname(os.path.abspath(__file__)):
    sys.path.pop(0)

import argparse
import json
import re
import shutil
import socket
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
VIN = "5YJ3E1EA3KF303123"  # a valid Model 3 VIN (check digit and all) not in the demo fleet
ASK_BODY = {"question": "Is there a recall for the Model 3 seat belt?", "lang": "en"}
TARGETS = {"home page": 0.5, "browse": 0.5, "vehicle API": 0.35, "VIN page": 0.5}
# Many cars, as real traffic brings them: the first eight characters of real VINs (Tesla's four
# models from three plants, Ford, Toyota, Honda, Hyundai, Porsche, Land Rover), nine model years,
# random serial numbers, the check digit made right. One VIN over and over measures the caches;
# these rows measure the page as a stream of different cars meets it.
VIN_STEMS = ("5YJ3E1EA", "5YJYGDEE", "5YJSA1E2", "5YJXCAE2", "7SAYGDEE", "LRW3E7EB", "1FTFW1E5", "1FMDE5AH",
             "4T1B11HK", "JTDKARFU", "1HGCV1F3", "KM8J33A4", "WP0AA2Y1", "SALGS2RE")
VIN_YEARS = "HJKLMNPRS"  # 2017-2025
VIN_PLANTS = {"5YJ": "F", "7SA": "A", "LRW": "C"}
MANY_CARS = 600
ENDPOINTS = (  # (label, method, path or paths, target group)
    ("healthz", "GET", "/healthz", None),
    ("home", "GET", "/", "home page"),
    ("home, zh", "GET", "/?lang=zh", "home page"),
    ("recalls?make=tesla", "GET", "/recalls?make=tesla", "browse"),
    ("vin page", "GET", f"/vin/{VIN}", "VIN page"),
    ("vin page, many cars", "GET", "many:/vin/{vin}", "VIN page"),
    ("vehicle API", "GET", f"/api/v1/vehicles/{VIN}", "vehicle API"),
    ("vehicle API, many", "GET", "many:/api/v1/vehicles/{vin}", "vehicle API"),
    ("search API", "GET", "/api/v1/search?q=seat+belt", None),
    ("ask API", "POST", "/api/v1/ask", None),
)
WRK_LATENCY = re.compile(r"^\s*(50|99)(?:\.000)?%\s+([\d.]+)(us|ms|s)\s*$", re.M)
WRK_RATE = re.compile(r"Requests/sec:\s+([\d.]+)")
WRK_NON2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
UNIT_MS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def many_vins(count: int, seed: int = 2026) -> list[str]:
    """``count`` valid VINs over ``VIN_STEMS`` x ``VIN_YEARS`` with random serials (the same list every run)."""
    import random

    sys.path.insert(0, str(REPO))
    from portal.vehicles import check_digit

    rng = random.Random(seed)
    vins = []
    for _ in range(count):
        stem = rng.choice(VIN_STEMS)
        body = stem + "0" + rng.choice(VIN_YEARS) + VIN_PLANTS.get(stem[:3], rng.choice("ABCDEFGHKLMNPRSTUVWXYZ")) \
            + f"{rng.randrange(1_000_000):06d}"
        vins.append(body[:8] + check_digit(body) + body[9:])
    return vins


def paths_of(path: str) -> list[str]:
    """The URL, or for ``many:<template>`` the template filled with each of ``many_vins``."""
    if path.startswith("many:"):
        return [path.removeprefix("many:").format(vin=vin) for vin in many_vins(MANY_CARS)]
    return [path]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(checkout: Path, port: int, workers: int) -> subprocess.Popen:
    command = [str(checkout / ".venv" / "bin" / "ota-portal"), "serve", "--host", "127.0.0.1",
               "--port", str(port), "--workers", str(workers)]
    env = dict(os.environ, PORTAL_INSTANCE=str(checkout / "instance"),
               ASK_RATE_LIMIT="1000000 per minute")  # the bench measures serving, not the limiter
    log = open(tempfile.mktemp(prefix="bench-http-", suffix=".log"), "w")
    process = subprocess.Popen(command, cwd=checkout, env=env, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server exited with {process.returncode}; see {log.name}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2):
                return process
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit(f"server did not answer within 60 s; see {log.name}")


def run_wrk(base: str, method: str, path: str, duration: int, connections: int) -> dict:
    command = ["wrk", "-t", "2", "-c", str(connections), "-d", f"{duration}s", "--latency", "--timeout", "10s"]
    script = None
    paths = paths_of(path)
    if method == "POST" or len(paths) > 1:
        script = tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False)
        if method == "POST":
            body = json.dumps(ASK_BODY).replace("\\", "\\\\").replace('"', '\\"')
            script.write(f'wrk.method = "POST"\nwrk.body = "{body}"\n'
                         'wrk.headers["Content-Type"] = "application/json"\n')
        if len(paths) > 1:  # each wrk thread walks the list from its own place
            script.write("paths = {" + ", ".join(json.dumps(p) for p in paths) + "}\n"
                         "counter = math.random(#paths)\n"
                         "request = function()\n  counter = counter % #paths + 1\n"
                         "  return wrk.format(nil, paths[counter])\nend\n")
        script.close()
        command += ["-s", script.name]
    output = subprocess.run(command + [base + paths[0]], capture_output=True, text=True, check=True).stdout
    if script:
        os.unlink(script.name)
    latency = {p: float(v) * UNIT_MS[u] for p, v, u in WRK_LATENCY.findall(output)}
    errors = WRK_NON2XX.search(output)
    return {"rps": float(WRK_RATE.search(output).group(1)), "p50": latency.get("50"), "p99": latency.get("99"),
            "non2xx": int(errors.group(1)) if errors else 0}


def run_python(base: str, method: str, path: str, duration: int, connections: int) -> dict:
    """Fallback load: ``connections`` threads with keep-alive, each timing its own requests."""
    import http.client

    host, port = base.removeprefix("http://").split(":")
    body = json.dumps(ASK_BODY).encode() if method == "POST" else None
    paths = paths_of(path)
    timings: list[float] = []
    failures = [0]
    stop = time.monotonic() + duration

    def worker(offset: int):
        conn = http.client.HTTPConnection(host, int(port), timeout=10)
        while time.monotonic() < stop:
            offset += 1
            started = time.perf_counter()
            conn.request(method, paths[offset % len(paths)], body=body, headers={"Content-Type": "application/json"} if body else {})
            response = conn.getresponse()
            response.read()
            timings.append((time.perf_counter() - started) * 1000)
            if response.status >= 400:
                failures[0] += 1

    threads = [threading.Thread(target=worker, args=(n * 37,)) for n in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    cuts = statistics.quantiles(timings, n=100) if len(timings) > 1 else [0.0] * 99
    return {"rps": len(timings) / duration, "p50": cuts[49], "p99": cuts[98], "non2xx": failures[0]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per URL (default 10)")
    parser.add_argument("--connections", type=int, default=32, help="concurrent connections (default 32)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--checkout", type=Path, default=REPO, help="checkout whose .venv and instance/ to serve")
    parser.add_argument("--python-client", action="store_true", help="use the Python client even if wrk exists")
    args = parser.parse_args()

    checkout = args.checkout.resolve()
    if not (checkout / "instance" / "manifest.json").exists():
        raise SystemExit(f"{checkout}/instance is not built: run `make build` there first")
    driver = run_python if args.python_client or not shutil.which("wrk") else run_wrk
    port = free_port()
    server = start_server(checkout, port, args.workers)
    base = f"http://127.0.0.1:{port}"
    print(f"{checkout} on {base}: {args.workers} workers, {args.connections} connections, "
          f"{args.duration} s per URL, {'wrk' if driver is run_wrk else 'python client'}")
    results, references = {}, {}
    try:
        for label, method, path, _group in ENDPOINTS:
            if label != "healthz":  # the reference, measured next to each URL
                references[label] = driver(base, "GET", "/healthz", args.duration, args.connections)["rps"]
            results[label] = driver(base, method, path, args.duration, args.connections)
    finally:
        server.terminate()
        server.wait(timeout=30)
    references["healthz"] = results["healthz"]["rps"]
    print(f"{'URL':<24}{'req/s':>10}{'p50 ms':>10}{'p99 ms':>10}{'healthz':>9}{'ratio':>8}{'non-2xx':>9}  target")
    for label, _method, _path, group in ENDPOINTS:
        r = results[label]
        ratio = r["rps"] / (references[label] or 1.0)
        target = f"{group} >= {TARGETS[group]} {'ok' if ratio >= TARGETS[group] else 'MISSED'}" if group else ""
        print(f"{label:<24}{r['rps']:>10.1f}{r['p50'] or 0:>10.1f}{r['p99'] or 0:>10.1f}"
              f"{references[label]:>9.1f}{ratio:>8.3f}"
              f"{r['non2xx']:>9}  {target}")


if __name__ == "__main__":
    sys.exit(main())
