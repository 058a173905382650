"""Search benchmark: query latency and memory per worker at shipped size and at scale, on either backend.

Why: the portal must answer a search (hits, facet counts, snippets,
suggestion) well under the time a page budget allows, also when the content
grows to 100,000 records, and a web worker must stay small enough that a node
runs several. The scale corpus is made by replicating the shipped documents
under varied ids (``23V838000`` -> ``23V838000x7`` for copy 7), in a fixed
order, so the first 30,000 documents of the 100,000 corpus are the 30,000
corpus.

    .venv/bin/python bench/search.py [--docs 100000] [--rounds 2] [--repeat 5] [--backend whoosh|postgres]
        [--ranking impact|whoosh] [--rebuild]

The corpus is built once and kept under ``bench/out/search-<docs>/`` (the
shipped build, and the Whoosh scale index) and, for ``--backend postgres``, in
the schema ``bench_search_<docs>`` of the database ``DATABASE_URL`` names;
later runs time queries on what is there (``--rebuild`` builds again,
``--drop`` removes the PostgreSQL schema). Queries are timed in a fresh child
process that does nothing else, like one web worker, so its memory figures are
a worker's: peak RSS, and of the RSS at the end how much is private (anonymous)
and how much is the index's files mapped into memory (shared by every worker
on the node). On a shared machine one run's p95 is mostly other processes'
load: ``--repeat N`` times N fresh workers and prints the median p50 and p95.
``--ranking whoosh`` times the Whoosh backend with Whoosh's own collector
instead of the hand-written ranking (``portal/search/rankers.py``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import pickle
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
# The repository first, and not this folder: bench/http.py would hide the standard library's http package.
sys.path[:] = [str(REPO)] + [p for p in sys.path if Path(p or ".").resolve() != REPO / "bench"]

TARGET_P95_MS = 30.0
TARGET_WORKER_MB = 500
QUERIES = [
    "autosteer", "rearview camera", "seat belt", "door latch", "brake", "software update",
    "park outside", "Model 3 autopilot", "tire pressure", "instrument panel", "steering assist",
    "warning light font", "\"rearview camera\"", "autosteer AND recall", "camra",
    "辅助驾驶", "后视摄像头", "远程升级", "召回", "特斯拉 制动", "小米 SU7", "安全带", "仪表",
    "转向助力", "倒车影像", "高速领航辅助驾驶对极端场景处置可能不足",
    "23V838000", "24V-051", "23V838", "S2025M0149I", "2023.44", "2023.44.30", "2024.2",
    "recall", "tesla", "update", "*", "AND OR",
]


def _lang(query: str) -> str:
    return "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in query) else "en"


# -- the corpus -------------------------------------------------------------
def shipped_documents(out: Path, content: Path, rebuild: bool) -> tuple[list[dict], bool]:
    """The shipped content's search documents, from a build kept in ``out``; and whether they are new."""
    cached = out / "shipped-documents.pickle"
    # Documents made by other code (fields added to a search document) are made again.
    made_by = hashlib.sha256((REPO / "portal" / "search" / "documents.py").read_bytes()).hexdigest()
    if cached.exists() and not rebuild:
        kept = pickle.loads(cached.read_bytes())
        if isinstance(kept, dict) and kept.get("made_by") == made_by:
            return kept["documents"], False
    from sqlalchemy.orm import Session

    from indexer.build import build
    from indexer.search_index import iter_documents
    from portal.db.engine import content_engine, is_sqlite
    from portal.instance import InstancePaths, content_database_url, read_manifest

    instance = InstancePaths.from_env(out / "instance")
    if rebuild or cached.exists() or not (out / "instance" / "manifest.json").exists():
        started = time.perf_counter()
        build(content, instance)
        print(f"shipped build (database + index): {time.perf_counter() - started:.1f} s")
    url = content_database_url(instance)
    engine = content_engine(url, schema=read_manifest(instance).get("db_schema"), read_only=is_sqlite(url))
    with Session(engine) as session:
        documents = list(iter_documents(session))
    engine.dispose()
    cached.write_bytes(pickle.dumps({"made_by": made_by, "documents": documents}))
    return documents, True


def _copy(document: dict, n: int) -> dict:
    """Copy ``n`` of a document under a new id, so ids and versions stay distinct per copy."""
    if n == 0:
        return document
    copy = dict(document)
    suffix = f"x{n}"
    copy["id"] = f"{document['id']}{suffix}"
    copy["ref"] = f"{document['ref']}{suffix}"
    copy["url"] = f"{document['url']}{suffix}"
    if "ids" in copy:
        copy["ids"] = " ".join(f"{token}{suffix}" for token in copy["ids"].split())
    return copy


def scale_documents(documents: list[dict], target: int):
    count, n = 0, 0
    while count < target:
        for document in documents:
            if count >= target:
                return
            yield _copy(document, n)
            count += 1
        n += 1


def build_whoosh(index_dir: Path, documents: list[dict], target: int) -> None:
    import shutil

    from whoosh.index import create_in

    from indexer.search_index import WRITER_COMPOUND, WRITER_LIMIT_MB, WRITER_PROCS
    from portal.search.schema import build_schema

    partial = index_dir.with_name(index_dir.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    started = time.perf_counter()
    index = create_in(str(partial), build_schema())
    writer = index.writer(procs=WRITER_PROCS, limitmb=WRITER_LIMIT_MB, compound=WRITER_COMPOUND)
    count = 0
    for document in scale_documents(documents, target):
        writer.add_document(**document)
        count += 1
    writer.commit()
    index.close()
    seconds = time.perf_counter() - started
    shutil.rmtree(index_dir, ignore_errors=True)
    partial.rename(index_dir)
    print(f"whoosh scale index: {count} documents in {seconds:.1f} s = {count / seconds:.0f} documents/second")


def _pg_engine():
    import os

    from sqlalchemy import create_engine

    from portal.db.engine import is_sqlite

    url = os.environ.get("DATABASE_URL")
    if not url or is_sqlite(url):
        raise SystemExit("--backend postgres needs DATABASE_URL naming PostgreSQL")
    return create_engine(url)


def _whoosh_current(index_dir: Path) -> bool:
    """A kept index written with today's fields (a schema change means building again)."""
    from whoosh.index import EmptyIndexError, open_dir

    from portal.search.schema import build_schema

    try:
        index = open_dir(str(index_dir), readonly=True)
    except (OSError, EmptyIndexError):
        return False
    try:
        current = set(index.schema.names()) == set(build_schema().names())
    finally:
        index.close()
    if not current:
        print("the kept Whoosh index has other fields than the code: building it again")
    return current


def _postgres_current(engine, schema: str) -> bool:
    """Kept search tables with every column today's code reads."""
    from sqlalchemy import text

    from portal.search.pg_schema import FACET_COLUMNS, MATCH

    with engine.connect() as conn:
        columns = set(conn.execute(text("SELECT column_name FROM information_schema.columns "
                                        "WHERE table_schema = :s AND table_name = :t"),
                                   {"s": schema, "t": MATCH}).scalars())
    wanted = {column for column, _ in FACET_COLUMNS.values()} | {"docnum", "date", "tsv"}
    if columns and not wanted <= columns:
        print("the kept PostgreSQL search tables lack columns the code reads: building them again")
    return wanted <= columns


def build_postgres(engine, schema: str, documents: list[dict], target: int) -> None:
    """Write the search tables into a scratch schema, renamed to ``schema`` once complete."""
    from sqlalchemy import text

    from indexer.search_tables import write_search_tables

    partial = f"{schema}_partial"
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{partial}" CASCADE'))
        conn.execute(text(f'CREATE SCHEMA "{partial}"'))
    started = time.perf_counter()
    count = write_search_tables(engine, partial, scale_documents(documents, target))
    seconds = time.perf_counter() - started
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        conn.execute(text(f'ALTER SCHEMA "{partial}" RENAME TO "{schema}"'))
    print(f"postgres search tables: {count} documents in {seconds:.1f} s = {count / seconds:.0f} documents/second")


# -- one worker -------------------------------------------------------------
def worker(backend: str, where: str, rounds: int, ranking: str = "impact") -> dict:
    """Open the backend as a web worker does, time the queries, report latency and memory."""
    if backend == "whoosh":
        from portal.search import WhooshSearch

        search = WhooshSearch(where, cache_size=0, ranking=ranking)  # no result cache: every timed query does the full work
        extra = {}
    else:
        from portal.search.postgres import PostgresSearch

        engine = _pg_engine()
        search = PostgresSearch(engine, where)
        extra = {"pg_trgm": search.trigram}
    for query in QUERIES:  # warm: jieba's dictionary, caches, connections
        search.search(query, lang=_lang(query))
    timings, slowest = [], {}
    for _ in range(rounds):
        for query in QUERIES:
            started = time.perf_counter()
            search.search(query, lang=_lang(query))
            ms = (time.perf_counter() - started) * 1000
            timings.append(ms)
            slowest[query] = max(ms, slowest.get(query, 0.0))
    return {"timings": timings, "slowest": sorted(slowest.items(), key=lambda item: -item[1])[:5],
            "memory": memory_mb(), **extra}


def memory_mb() -> dict:
    """This process's peak RSS and, of its RSS now, the private and the file-backed parts (MB)."""
    fields = {}
    with open("/proc/self/status") as status:
        for line in status:
            name, _, value = line.partition(":")
            if name in ("VmHWM", "VmRSS", "RssAnon", "RssFile"):
                fields[name] = int(value.split()[0]) / 1024
    return {"peak": fields.get("VmHWM", 0.0), "rss": fields.get("VmRSS", 0.0),
            "private": fields.get("RssAnon", 0.0), "mapped files": fields.get("RssFile", 0.0)}


def run_worker(backend: str, where: str, rounds: int, ranking: str = "impact") -> dict:
    output = subprocess.run([sys.executable, __file__, "--worker", backend, where, "--rounds", str(rounds),
                             "--ranking", ranking],
                            check=True, capture_output=True, text=True).stdout
    return json.loads(output.strip().splitlines()[-1])


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def measure(label: str, backend: str, where: str, args) -> float:
    """Run ``args.repeat`` fresh workers; print each, and the medians when there are several. Returns the p95."""
    runs = [report(label if args.repeat == 1 else f"{label}, run {n + 1}",
                   run_worker(backend, where, args.rounds, args.ranking)) for n in range(args.repeat)]
    if args.repeat == 1:
        return runs[0][1]
    p50, p95 = statistics.median(run[0] for run in runs), statistics.median(run[1] for run in runs)
    print(f"{label}: median of {args.repeat} runs: p50 {p50:.1f} ms, p95 {p95:.1f} ms "
          f"(p95 per run: {', '.join(f'{run[1]:.1f}' for run in runs)})")
    return p95


def report(label: str, measured: dict) -> tuple[float, float]:
    timings = measured["timings"]
    p50, p95 = percentile(timings, 50), percentile(timings, 95)
    memory = measured["memory"]
    print(f"{label}: {len(timings)} queries, p50 {p50:.1f} ms, p95 {p95:.1f} ms, "
          f"max {max(timings):.1f} ms, mean {statistics.mean(timings):.1f} ms")
    print("  slowest: " + ", ".join(f"{query!r} {ms:.0f} ms" for query, ms in measured["slowest"]))
    print(f"  worker memory: peak RSS {memory['peak']:.0f} MB; RSS at the end {memory['rss']:.0f} MB "
          f"= {memory['private']:.0f} MB private + {memory['mapped files']:.0f} MB mapped index files")
    if "pg_trgm" in measured:
        print(f"  pg_trgm: {measured['pg_trgm']}")
    return p50, p95


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=30_000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=1, help="fresh workers to time; medians are printed")
    parser.add_argument("--content", type=Path, default=REPO / "content")
    parser.add_argument("--backend", choices=("whoosh", "postgres"), default="whoosh")
    parser.add_argument("--out", type=Path, help="where the corpus is kept (default bench/out/search-<docs>)")
    parser.add_argument("--rebuild", action="store_true", help="build the corpus again even if kept")
    parser.add_argument("--drop", action="store_true", help="drop the kept PostgreSQL schema at the end")
    parser.add_argument("--ranking", choices=("whoosh", "impact"), default="impact",
                        help="Whoosh backend: its own collector, or the hand-written layer (portal/search/rankers.py)")
    parser.add_argument("--worker", nargs=2, metavar=("BACKEND", "WHERE"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        print(json.dumps(worker(*args.worker, args.rounds, args.ranking)))
        return 0
    out = args.out or REPO / "bench" / "out" / f"search-{args.docs}"
    out.mkdir(parents=True, exist_ok=True)
    documents, renewed = shipped_documents(out, args.content, args.rebuild)
    rebuild = args.rebuild or renewed  # a corpus of other documents is built again
    print(f"shipped documents: {len(documents)}; scale corpus {args.docs}; "
          f"{len(QUERIES)} queries x {args.rounds} rounds, timed in a fresh worker process")
    if args.backend == "whoosh":
        from portal.instance import InstancePaths

        shipped = InstancePaths.from_env(out / "instance").index
        if shipped.is_dir():  # absent when the shipped documents came from another corpus's folder
            measure(f"whoosh {args.ranking}, shipped index", "whoosh", str(shipped), args)
        index_dir = out / "whoosh-index"
        if rebuild or not _whoosh_current(index_dir):
            build_whoosh(index_dir, documents, args.docs)
        p95 = measure(f"whoosh {args.ranking} ({args.docs} docs)", "whoosh", str(index_dir), args)
    else:
        engine = _pg_engine()
        shipped_schema, schema = "bench_search_shipped", f"bench_search_{args.docs}"
        try:
            # The shipped documents alone: a few seconds to write, so written every run.
            build_postgres(engine, shipped_schema, documents, len(documents))
            measure(f"postgres shipped documents ({len(documents)})", "postgres", shipped_schema, args)
            if rebuild or not _postgres_current(engine, schema):
                build_postgres(engine, schema, documents, args.docs)
            p95 = measure(f"postgres ({args.docs} docs)", "postgres", schema, args)
        finally:
            from sqlalchemy import text

            with engine.begin() as conn:
                conn.execute(text(f'DROP SCHEMA IF EXISTS "{shipped_schema}" CASCADE'))
                if args.drop:
                    conn.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
            engine.dispose()
    verdict = "meets" if p95 < TARGET_P95_MS else "misses"
    print(f"p95 {p95:.1f} ms {verdict} the {TARGET_P95_MS:.0f} ms target")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
