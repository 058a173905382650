"""Search benchmark: index build rate and query latency at shipped size and at 30,000 documents.

Why: the portal must answer a search (hits, exact facet counts, snippets,
suggestion) well under the time a page budget allows, also when the content
grows to tens of thousands of records. This builds the shipped content with the
real indexer, then a scale index of synthetic documents made by replicating the
shipped documents under varied ids (``23V838000`` -> ``23V838000`` + a copy
number in the sequence), and times a mixed English/Chinese query list through
:class:`portal.search.WhooshSearch`, the same code the web process uses.

    .venv/bin/python bench/search.py [--docs 30000] [--rounds 3] [--backend whoosh|postgres] [--keep DIR | --reuse DIR]

``--backend postgres`` writes the scale documents into PostgreSQL search
tables (a scratch schema in the database ``DATABASE_URL`` names, dropped at
the end) and times :class:`portal.search.postgres.PostgresSearch` instead.
Each run prints the process's peak memory (RSS): the query side runs in this
one process, as in one web worker.

Everything is written to a temporary directory that is removed at the end,
unless ``--keep DIR`` writes it to DIR instead. ``--reuse DIR`` times queries on
what an earlier ``--keep DIR`` left there without building again: a query-side
change can then be measured in seconds rather than a five-minute rebuild.
"""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from whoosh.index import create_in, open_dir  # noqa: E402

from indexer.build import build  # noqa: E402
from indexer.search_index import WRITER_LIMIT_MB, WRITER_PROCS, iter_documents  # noqa: E402
from portal.db.engine import content_engine, is_sqlite  # noqa: E402
from portal.instance import InstancePaths, content_database_url, read_manifest  # noqa: E402
from portal.search import WhooshSearch  # noqa: E402
from portal.search.schema import build_schema  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

TARGET_P95_MS = 30.0
QUERIES = [
    "autosteer", "rearview camera", "seat belt", "door latch", "brake", "software update",
    "park outside", "Model 3 autopilot", "tire pressure", "instrument panel", "steering assist",
    "warning light font", "\"rearview camera\"", "autosteer AND recall", "camra",
    "辅助驾驶", "后视摄像头", "远程升级", "召回", "特斯拉 制动", "小米 SU7", "安全带", "仪表",
    "转向助力", "倒车影像", "高速领航辅助驾驶对极端场景处置可能不足",
    "23V838000", "24V-051", "23V838", "S2025M0149I", "2023.44", "2023.44.30", "2024.2",
    "recall", "tesla", "update", "*", "AND OR",
]


def shipped_documents(instance: InstancePaths) -> list[dict]:
    manifest = read_manifest(instance)
    url = content_database_url(instance)
    engine = content_engine(url, schema=manifest.get("db_schema"), read_only=is_sqlite(url))
    with Session(engine) as session:
        documents = list(iter_documents(session))
    engine.dispose()
    return documents


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


def write_scale_index(index_dir: Path, documents: list[dict], target: int) -> tuple[int, float]:
    index = create_in(str(index_dir), build_schema())
    writer = index.writer(procs=WRITER_PROCS, limitmb=WRITER_LIMIT_MB)
    started, count, n = time.perf_counter(), 0, 0
    while count < target:
        for document in documents:
            if count >= target:
                break
            writer.add_document(**_copy(document, n))
            count += 1
        n += 1
    writer.commit()
    index.close()
    return count, time.perf_counter() - started


def time_queries(search: WhooshSearch, rounds: int) -> list[float]:
    for query in QUERIES:  # warm: jieba dictionary, facet tables, searcher
        search.search(query, lang="zh" if any("\u4e00" <= ch <= "\u9fff" for ch in query) else "en")
    timings = []
    for _ in range(rounds):
        for query in QUERIES:
            lang = "zh" if any("\u4e00" <= ch <= "\u9fff" for ch in query) else "en"
            started = time.perf_counter()
            search.search(query, lang=lang)
            timings.append((time.perf_counter() - started) * 1000)
    return timings


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(pct / 100 * (len(ordered) - 1))))]


def report(label: str, timings: list[float]) -> tuple[float, float]:
    p50, p95 = percentile(timings, 50), percentile(timings, 95)
    print(f"{label}: {len(timings)} queries, p50 {p50:.1f} ms, p95 {p95:.1f} ms, "
          f"max {max(timings):.1f} ms, mean {statistics.mean(timings):.1f} ms")
    return p50, p95


def peak_rss_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def scale_documents(documents: list[dict], target: int):
    count, n = 0, 0
    while count < target:
        for document in documents:
            if count >= target:
                return
            yield _copy(document, n)
            count += 1
        n += 1


def bench_postgres(documents: list[dict], target: int, rounds: int) -> None:
    import os
    import secrets

    from sqlalchemy import create_engine, text

    from indexer.search_tables import write_search_tables
    from portal.search.postgres import PostgresSearch

    url = os.environ.get("DATABASE_URL")
    if not url or is_sqlite(url):
        raise SystemExit("--backend postgres needs DATABASE_URL naming PostgreSQL")
    engine = create_engine(url)
    schema = f"bench_search_{secrets.token_hex(4)}"
    with engine.begin() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        started = time.perf_counter()
        count = write_search_tables(engine, schema, scale_documents(documents, target))
        seconds = time.perf_counter() - started
        print(f"postgres search tables: {count} documents in {seconds:.1f} s = {count / seconds:.0f} documents/second")
        search = PostgresSearch(engine, schema)
        print(f"RUM index: {search.rum}; pg_trgm: {search.trigram}")
        scale = report(f"postgres ({count} docs)", time_queries(search, rounds))
        verdict = "meets" if scale[1] < TARGET_P95_MS else "misses"
        print(f"p95 {scale[1]:.1f} ms {verdict} the {TARGET_P95_MS:.0f} ms target; peak RSS {peak_rss_mb():.0f} MB")
    finally:
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        engine.dispose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--docs", type=int, default=30_000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--content", type=Path, default=REPO / "content")
    parser.add_argument("--backend", choices=("whoosh", "postgres"), default="whoosh")
    where = parser.add_mutually_exclusive_group()
    where.add_argument("--keep", type=Path, metavar="DIR", help="build into DIR and leave it there")
    where.add_argument("--reuse", type=Path, metavar="DIR", help="time the indexes an earlier --keep DIR built")
    args = parser.parse_args(argv)
    with _workdir(args.keep or args.reuse) as tmp:
        instance = InstancePaths.from_env(tmp / "instance")
        scale_dir = tmp / "scale-index"
        if not args.reuse:
            started = time.perf_counter()
            build(args.content, instance)
            print(f"shipped build (database + index): {time.perf_counter() - started:.1f} s")
        documents = shipped_documents(instance)
        print(f"shipped documents: {len(documents)}; {len(QUERIES)} queries x {args.rounds} rounds")
        if args.backend == "postgres":
            bench_postgres(documents, args.docs, args.rounds)
            return 0
        # Cold: the result cache is off, so every timed query does the full work.
        base = report("shipped index (cold)", time_queries(WhooshSearch(instance.index, cache_size=0), args.rounds))

        if not args.reuse:
            scale_dir.mkdir()
            count, seconds = write_scale_index(scale_dir, documents, args.docs)
            print(f"scale index: {count} documents in {seconds:.1f} s = {count / seconds:.0f} documents/second")
        scale_search = WhooshSearch(scale_dir, cache_size=0)
        count = _doc_count(scale_dir)
        scale = report(f"scale index ({count} docs, cold)", time_queries(scale_search, args.rounds))
        report(f"scale index ({count} docs, repeated queries served from the result cache)",
               time_queries(WhooshSearch(scale_dir), args.rounds))
        print(f"scale/shipped ratio: p50 x{scale[0] / base[0]:.1f}, p95 x{scale[1] / base[1]:.1f}")
        verdict = "meets" if scale[1] < TARGET_P95_MS else "misses"
        print(f"p95 {scale[1]:.1f} ms {verdict} the {TARGET_P95_MS:.0f} ms target; peak RSS {peak_rss_mb():.0f} MB")
    return 0


def _doc_count(index_dir: Path) -> int:
    index = open_dir(str(index_dir), readonly=True)
    try:
        return index.doc_count()
    finally:
        index.close()


@contextlib.contextmanager
def _workdir(path: Path | None):
    """``path`` if given (kept afterwards), else a temporary directory removed at the end."""
    if path is not None:
        path.mkdir(parents=True, exist_ok=True)
        yield path
        return
    with tempfile.TemporaryDirectory(prefix="search-bench-") as tmp:
        yield Path(tmp)


if __name__ == "__main__":
    raise SystemExit(main())
