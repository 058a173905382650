"""The assistant's latency in-process over a built instance: wall clock and CPU time, with and without a VIN.

Usage: ``python bench/ask.py [FILE.jsonl ...] [--rounds N]`` (default: the
development and held-out question files in tests/data).

Each file's questions are asked ``--rounds`` times in fresh sessions after a
warm-up (jieba and the VIN decoder loaded, as ``eval-qa`` does). The first
round reads every car and fact from the database; later rounds find them in
the engine's caches, as the later questions of a conversation do. Wall-clock
time is what an owner waits; CPU time is the engine's own cost, which stays
meaningful on a machine shared with other work. Questions that read a car
(a VIN is known) are reported apart: their cost is mostly the VIN service's.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# The repository first, and not this folder: bench/http.py would hide the standard library's http package.
sys.path[:] = [str(REPO)] + [p for p in sys.path if Path(p or ".").resolve() != REPO / "bench"]

from portal.chat.normalise import segment  # noqa: E402
from portal.chat.service import WARM_UP_VIN, instance_engine  # noqa: E402
from portal.instance import InstancePaths  # noqa: E402

DEFAULT_FILES = ["qa_dev.jsonl", "qa_heldout.jsonl", "qa_heldout2.jsonl", "qa_heldout3.jsonl"]


def _pct(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))]


def _line(name: str, wall: list[float], cpu: list[float]) -> str:
    if not wall:
        return f"  {name}: no questions"
    return (f"  {name}: n={len(wall)}  wall p50 {_pct(wall, 50):.2f} p95 {_pct(wall, 95):.2f} "
            f"mean {statistics.fmean(wall):.2f} ms | cpu p50 {_pct(cpu, 50):.2f} p95 {_pct(cpu, 95):.2f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="*")
    parser.add_argument("--rounds", type=int, default=1)
    args = parser.parse_args()
    files = [Path(f) for f in args.files] or [REPO / "tests" / "data" / f for f in DEFAULT_FILES]
    segment("预热")
    with instance_engine(InstancePaths.from_env()) as engine:
        engine.ask("Does this car have recalls?", "en", vin=WARM_UP_VIN)
        for path in files:
            cases = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
            timings = {"with a VIN": ([], []), "without": ([], [])}
            for _ in range(args.rounds):
                for case in cases:
                    wall0, cpu0 = time.perf_counter(), time.process_time()
                    answer = engine.ask(case["question"], case.get("lang", "en"), vin=case.get("vin"))
                    wall, cpu = (time.perf_counter() - wall0) * 1000, (time.process_time() - cpu0) * 1000
                    kind = "with a VIN" if answer.entities.get("vin") else "without"
                    timings[kind][0].append(wall)
                    timings[kind][1].append(cpu)
            every = (timings["with a VIN"][0] + timings["without"][0], timings["with a VIN"][1] + timings["without"][1])
            print(f"{path.name}: {len(cases)} questions x {args.rounds} rounds")
            print(_line("all", *every))
            for name, (wall, cpu) in timings.items():
                print(_line(name, wall, cpu))


if __name__ == "__main__":
    main()
