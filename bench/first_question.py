"""How long the first Chinese question takes on a freshly started worker, with and without the warm-up.

Usage: ``python bench/first_question.py [--instance DIR] [--rounds N]`` (default
instance: bench/out/blind-instance, built by bench/assistant_blind.py).

Starts ``ota-portal serve`` with one worker on a free loopback port, waits
until the worker has started (and, with the warm-up, loaded the assistant),
then times ``POST /api/v1/ask`` with a Chinese question, then a second one.
With ``PORTAL_NO_WARM=1`` the worker skips the warm-up, for comparison.
Prints the figures; tests never assert times.
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# Not this folder first: bench/http.py would hide the standard library's http package.
sys.path[:] = [str(REPO)] + [p for p in sys.path if Path(p or ".").resolve() != REPO / "bench"]

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import socket  # noqa: E402
import subprocess  # noqa: E402
import time  # noqa: E402
import urllib.request  # noqa: E402

QUESTIONS = ("OTA召回是什么意思？", "開車時螢幕突然全黑，還可以繼續開嗎")


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _post(port: int, question: str) -> tuple[float, dict]:
    body = json.dumps({"question": question, "lang": "zh"}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/ask", body,
                                     {"Content-Type": "application/json"})
    started = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as response:
        data = json.loads(response.read())
    return (time.perf_counter() - started) * 1000, data


def one_round(instance: Path, warm: bool) -> tuple[float, float]:
    port = _free_port()
    env = {**os.environ, "PORTAL_INSTANCE": str(instance), "SECRET_KEY": "bench-only"}
    env.pop("DATABASE_URL", None)
    if not warm:
        env["PORTAL_NO_WARM"] = "1"
    log = open(instance / "serve-bench.log", "w")  # noqa: SIM115 - closed below
    server = subprocess.Popen([str(REPO / ".venv" / "bin" / "ota-portal"), "serve", "--host", "127.0.0.1",
                               "--port", str(port), "--workers", "1"], env=env, stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            time.sleep(0.2)
            text = (instance / "serve-bench.log").read_text(errors="replace")
            ready = "assistant rules loaded" in text if warm else "Booting worker" in text
            if ready:
                break
        time.sleep(1.0)  # the worker's own start-up, after the log line
        first, data = _post(port, QUESTIONS[0])
        second, _ = _post(port, QUESTIONS[1])
        if data.get("fallback"):
            print(f"  note: {QUESTIONS[0]} fell back", file=sys.stderr)
        return first, second
    finally:
        server.terminate()
        server.wait(timeout=30)
        log.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--instance", default=str(REPO / "bench" / "out" / "blind-instance"))
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    instance = Path(args.instance)
    for warm in (True, False):
        figures = [one_round(instance, warm) for _ in range(args.rounds)]
        label = "with warm-up" if warm else "without warm-up"
        print(f"{label}: first Chinese question " + ", ".join(f"{f:.0f}" for f, _ in figures)
              + " ms; second " + ", ".join(f"{s:.0f}" for _, s in figures) + " ms")


if __name__ == "__main__":
    main()
