"""Sync at NHTSA's scale: a synthetic 30,000-campaign flat file, synced, imported, built and exported.

Why: the shipped NHTSA rows are a sample; a real deployment syncs NHTSA's
whole recall file (about 30,000 campaigns) every day. The sync, the import,
the build and the bulk export must finish on one small machine, and memory
must stay bounded (under 1 GB) however large the file is.

The file has the real one's shape (NHTSA's layout, RCL.txt of 2020-03-23: 27
tab-separated fields, no header, YYYYMMDD dates, Windows-1252, CRLF, zipped as
FLAT_RCL.zip holding FLAT_RCL.txt). Its rows are the shipped flat-file rows
(content/upstream/nhtsa_flat_rcl_subset_megan-d-perry), cycled under new
campaign numbers (``28V000001`` …: a year no real campaign has), so text
lengths, models per campaign and makes are those of real records.

It is served from a child process (``python -m http.server`` on loopback),
and the sync runs in another child so that the peak RSS printed is the
sync's own: fetch, unzip, checksum, import into content/, build (database,
search index) and export (CSV + JSON + datapackage.json).

    .venv/bin/python bench/sync_scale.py [--campaigns 30000] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
FLAT_TSV = REPO / "content" / "upstream" / "nhtsa_flat_rcl_subset_megan-d-perry" / "FLAT_RCL_subset_2020-2022_8makes.tsv"
SMALL = REPO / "tests" / "data" / "content_small"


def real_campaigns() -> list[list[list[str]]]:
    """The shipped flat-file rows grouped by campaign (26 fields each, no RECORD_ID)."""
    lines = FLAT_TSV.read_text(encoding="utf-8").splitlines()[1:]
    grouped: dict[str, list[list[str]]] = {}
    for line in lines:
        fields = line.split("\t")
        grouped.setdefault(fields[0], []).append(fields)
    return list(grouped.values())


def write_flat_zip(target: Path, campaigns: int) -> tuple[int, int]:
    """Stream the synthetic FLAT_RCL.txt into FLAT_RCL.zip; returns (rows, uncompressed bytes)."""
    templates = real_campaigns()
    rows = size = 0
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("FLAT_RCL.txt", "w", force_zip64=True) as out:
            for number in range(1, campaigns + 1):
                template = templates[number % len(templates)]
                campaign = f"28V{number:06d}"
                for fields in template:
                    rows += 1
                    record = [str(rows), campaign] + fields[1:]
                    data = ("\t".join(record) + "\r\n").encode("cp1252", errors="replace")
                    out.write(data)
                    size += len(data)
    return rows, size


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


CHILD = r"""
import json, os, resource, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from indexer.importers.fetch import HttpClient
from indexer.sync.run import sync
from portal.instance import InstancePaths
content, instance = Path(sys.argv[2]), Path(sys.argv[3])
phases = {}
def progress(label, done, total):
    now = time.perf_counter()
    if label not in phases:
        phases[label] = [now, now, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024]
    phases[label][1] = now
    phases[label][2] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
started = time.perf_counter()
result = sync(content, InstancePaths(instance), None, names=["nhtsa-flat"], client=HttpClient(timeout=120),
              progress=progress)
seconds = time.perf_counter() - started
peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "peak_mb": peak_kb / 1024, "build_id": result.build_id,
                  "build_error": result.build_error, "outcomes": [o.line() for o in result.outcomes],
                  "phases": {k: [round(v[0] - started, 1), round(v[1] - started, 1), round(v[2])] for k, v in phases.items()}}))
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--campaigns", type=int, default=30000)
    parser.add_argument("--keep", type=Path, default=None, help="work in this folder and keep it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="sync-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    served = work / "served" / "nhtsa-flat"
    served.mkdir(parents=True, exist_ok=True)
    started = time.perf_counter()
    rows, size = write_flat_zip(served / "FLAT_RCL.zip", args.campaigns)
    print(f"synthetic FLAT_RCL.txt: {args.campaigns:,} campaigns, {rows:,} rows, {size / 1e6:.0f} MB "
          f"({(served / 'FLAT_RCL.zip').stat().st_size / 1e6:.0f} MB zipped), written in {time.perf_counter() - started:.0f} s")

    content, instance = work / "content", work / "instance"
    shutil.rmtree(content, ignore_errors=True)
    shutil.rmtree(instance, ignore_errors=True)
    shutil.copytree(SMALL, content)
    (content / "source_records.yaml").unlink(missing_ok=True)
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                               "--directory", str(work / "served")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        time.sleep(1.0)
        env = dict(os.environ, PORTAL_SYNC_BASE_URL=f"http://127.0.0.1:{port}")
        env.pop("DATABASE_URL", None)  # the embedded default (SQLite + Whoosh)
        child = subprocess.run([sys.executable, "-c", CHILD, str(REPO), str(content), str(instance)],
                               env=env, capture_output=True, text=True)
    finally:
        server.terminate()
        server.wait(timeout=10)
    if child.returncode != 0:
        sys.exit(f"sync failed:\n{child.stderr[-4000:]}")
    figures = json.loads(child.stdout.strip().splitlines()[-1])
    for line in figures["outcomes"]:
        print(line)
    if figures["build_error"]:
        sys.exit(f"build failed: {figures['build_error']}")
    data = instance / "current" / "data"
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    exported = sum(r["bytes"] for r in package["resources"])
    recalls = next(r for r in package["resources"] if r["path"] == "recalls.csv")
    print(f"sync + import + build + export: {figures['seconds']:.0f} s; phases (first and last report, s; peak RSS so far, MB):")
    for label, (first, last, peak) in figures["phases"].items():
        if not label.startswith("nhtsa-flat FLAT"):
            print(f"  {label:<28} {first:>7.1f} {last:>7.1f} {peak:>6} MB")
    print(f"peak RSS of the sync process: {figures['peak_mb']:.0f} MB (limit 1024 MB)")
    print(f"exported: {len(package['resources'])} files, {exported / 1e6:.0f} MB; recalls.csv {recalls['bytes'] / 1e6:.0f} MB")
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
