"""Running the benchmark and printing its table."""

from __future__ import annotations

import gc
import json
import statistics
import tempfile
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

from benchmarks.search.listings import (
    QUERY_COUNT,
    api_query,
    engine_query,
    make_documents,
    query_mix,
)
from benchmarks.search.postgres import Baseline
from benchmarks.search.report import POSTGRES_ROUNDS, ROUNDS, Pass, Report, percentile
from benchmarks.search.serving import (
    CONCURRENCY,
    fire,
    seed_database,
    start_server,
    workers_cpu_seconds,
)
from market.catalog.models import Product
from search.model import SearchDocument, SearchQuery
from search.tantivy_backend import TantivyBackend


def _reporting(
    docs: list[SearchDocument], count: int, echo: Callable[[str], None]
) -> Iterable[SearchDocument]:
    step = max(count // 10, 1)
    for number, doc in enumerate(docs, start=1):
        yield doc
        if number % step == 0 and count >= 100_000:
            echo(f"      {number:,} indexed…")


def reference_ms() -> float:
    """A fixed pure-Python workload (the best of three), printed with the figures: this machine's
    speed drifts by a third from hour to hour, and two tables compare only beside it."""

    def work() -> None:
        total = 0
        for number in range(5_000_000):
            total += number

    return min(timed(work) for _ in range(3))


def timed(action: Callable[[], object]) -> float:
    began = time.perf_counter()
    action()
    return (time.perf_counter() - began) * 1000


def engine_pass(backend: TantivyBackend, queries: list[SearchQuery], threads: int) -> Pass:
    """The engine in this one process answering ``queries``, ``threads`` asking at a time: one
    after another (its facet counting still runs beside each search on its own pool, as in a
    gunicorn worker), or as many as the HTTP side keeps in flight (tantivy lets go of the GIL
    while it searches)."""
    began, cpu = time.perf_counter(), time.process_time()
    if threads == 1:
        for query in queries:
            backend.search(query)
    else:
        with ThreadPoolExecutor(threads, thread_name_prefix="bench-engine") as pool:
            for _ in pool.map(backend.search, queries):
                pass
    return Pass(len(queries), time.perf_counter() - began, time.process_time() - cpu)


def run(
    count: int,
    *,
    http: bool = True,
    postgres: str | None = None,
    echo: Callable[[str], None] = print,
) -> Report:
    """Build, index and time N listings; ``postgres`` (a PostgreSQL URL) adds the baseline."""
    report = Report(count=count, reference_ms=reference_ms())
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        folder = Path(tmp)
        echo(f"[1/5] making {count:,} listings and their documents through the real builder…")
        made = make_documents(count, keep_listings=http, echo=echo)
        products, docs = made.listings, made.documents
        report.docs_built_per_s = count / max(made.building_seconds, 1e-9)
        echo(
            f"      listings in {made.making_seconds:.1f} s, documents at "
            f"{report.docs_built_per_s:,.0f} docs/s"
        )

        echo("[2/5] indexing into a fresh tantivy index…")
        index_path = folder / "index"
        backend = TantivyBackend(index_path)
        try:
            _index(report, backend, docs, index_path, echo)

            echo(f"[3/5] {QUERY_COUNT} queries against the engine (highlights on)…")
            mixed = query_mix()
            _time_engine(report, backend, mixed, echo)
            # The searches the API asks for, every one with the facets and the evidence counts.
            asked = [api_query(args) for args in mixed]
            if not http:
                for query in asked[:50]:
                    backend.search(query)
                for _ in range(ROUNDS):
                    _engine_round(report, backend, asked, echo)

            if postgres:
                echo("[4/5] the same listings and searches in PostgreSQL full-text search…")
                _compare_postgres(report, backend, docs, mixed, postgres, echo)
            else:
                echo("[4/5] PostgreSQL baseline: skipped (DATABASE_URL is not PostgreSQL)")
            docs.clear()  # made.documents: the same list

            if http:
                echo("[5/5] seeding a throwaway SQLite database and serving with gunicorn…")
                _serve(report, backend, products, mixed, asked, folder, echo)
            else:
                echo("[5/5] serving: skipped (--no-http)")
        finally:
            backend.close()
        echo("")
        echo(report.table())
        echo("")
        for line in report.verdicts():
            echo(line)
    return report


def _index(
    report: Report,
    backend: TantivyBackend,
    docs: list[SearchDocument],
    index_path: Path,
    echo: Callable[[str], None],
) -> None:
    # The documents were made up front and are held for the whole build (a reindex streams
    # them from the database 500 at a time): frozen, the garbage collector does not walk all
    # N of them again and again, which cost a tenth of the build time at 100,000.
    gc.freeze()
    began = time.perf_counter()
    backend.rebuild(_reporting(docs, report.count, echo))
    seconds = time.perf_counter() - began
    gc.unfreeze()
    report.index_docs_per_s = report.count / max(seconds, 1e-9)
    stats = backend.stats()
    report.index_bytes = sum(f.stat().st_size for f in index_path.rglob("*") if f.is_file())
    echo(
        f"      {stats['documents']:,} documents in {seconds:.1f} s "
        f"({report.index_docs_per_s:,.0f} docs/s), {report.index_bytes / 1e6:.1f} MB"
    )


def _time_engine(
    report: Report,
    backend: TantivyBackend,
    mixed: list[dict[str, object]],
    echo: Callable[[str], None],
) -> None:
    queries = [engine_query(args, n % 2 == 0) for n, args in enumerate(mixed)]
    for query in queries[:50]:  # warm the page cache and the term dictionaries
        backend.search(query)
    totals: list[int] = []
    report.engine = [timed(lambda q=q: totals.append(backend.search(q).total)) for q in queries]
    report.engine_facets = [t for t, q in zip(report.engine, queries, strict=True) if q.facets]
    report.median_hits = statistics.median(totals)
    echo(
        f"      p50 {statistics.median(report.engine):.2f} ms, "
        f"p95 {percentile(report.engine, 0.95):.2f} ms"
    )


def _engine_round(
    report: Report, backend: TantivyBackend, asked: list[SearchQuery], echo: Callable[[str], None]
) -> None:
    rates = []
    for threads in (1, CONCURRENCY):
        done = engine_pass(backend, asked, threads)
        report.engine_passes.setdefault(threads, []).append(done)
        rates.append(f"{done.queries / done.seconds:,.0f} with {threads}")
    echo(f"      engine, the API's {len(asked)} searches: {', '.join(rates)} thread(s) asking")


def _compare_postgres(
    report: Report,
    backend: TantivyBackend,
    docs: list[SearchDocument],
    mixed: list[dict[str, object]],
    url: str,
    echo: Callable[[str], None],
) -> None:
    baseline = Baseline(url)
    try:
        echo(f"      copying {report.count:,} listings into {baseline.schema}.listing…")
        began = time.perf_counter()
        baseline.load(docs, echo, report.count)
        report.postgres_load_seconds = time.perf_counter() - began
        report.postgres_bytes = baseline.size_bytes()
        echo(
            f"      loaded and indexed in {report.postgres_load_seconds:.1f} s, "
            f"{report.postgres_bytes / 1e6:.1f} MB"
        )
        # Text, filters and sort as the mix asks; facets from neither side.
        queries = [engine_query(args, False) for args in mixed]
        for query in queries[:50]:
            backend.search(query)
            baseline.search(query)
        # Block by block, in turns: query by query, each PostgreSQL search (which reads the
        # whole table for 材料) left the engine's next one a cold CPU cache, a millisecond slower.
        report.engine_plain, report.postgres = [], []
        for round_number in range(POSTGRES_ROUNDS):
            echo(
                f"      round {round_number + 1}: {len(queries)} searches on the engine, then "
                "on PostgreSQL…"
            )
            engine_totals = []
            for query in queries:
                began = time.perf_counter()
                engine_totals.append(backend.search(query).total)
                report.engine_plain.append((time.perf_counter() - began) * 1000)
            postgres_totals = []
            for query in queries:
                millis, total = baseline.timed_search(query)
                report.postgres.append(millis)
                postgres_totals.append(total)
            if round_number == 0:
                report.postgres_agreeing = sum(
                    a == b for a, b in zip(engine_totals, postgres_totals, strict=True)
                )
        echo(
            f"      PostgreSQL p50 {statistics.median(report.postgres):.2f} ms, "
            f"p95 {percentile(report.postgres, 0.95):.2f} ms; totals as the engine's: "
            f"{report.postgres_agreeing} of {len(queries)}"
        )
    finally:
        baseline.close()


def _serve(
    report: Report,
    backend: TantivyBackend,
    products: list[Product],
    mixed: list[dict[str, object]],
    asked: list[SearchQuery],
    folder: Path,
    echo: Callable[[str], None],
) -> None:
    database_url = f"sqlite:///{folder / 'bench.db'}"
    began = time.perf_counter()
    seed_database(database_url, products)
    echo(f"      {report.count:,} listings inserted in {time.perf_counter() - began:.1f} s")
    products.clear()
    server, port = start_server(folder / "index", database_url, folder)
    try:
        paths = ["/api/v1/search?" + urlencode(args) for args in mixed]
        # Warm both workers (each opens the index and the database on its own), and the engine.
        fire(port, paths[:100], CONCURRENCY)
        for query in asked[:50]:
            backend.search(query)
        workers_cpu = 0.0
        http_seconds = 0.0
        report.http, report.http_errors = [], 0
        for round_number in range(ROUNDS):
            # The engine's throughput right before the server's, on the same searches, so that
            # each pair spans seconds of the machine's drift.
            echo(f"      round {round_number + 1} of {ROUNDS}:")
            _engine_round(report, backend, asked, echo)
            before = workers_cpu_seconds(server.pid)
            fired = fire(port, paths, CONCURRENCY)
            after = workers_cpu_seconds(server.pid)
            if before is not None and after is not None:
                workers_cpu += after - before
            http_seconds += fired.seconds
            report.http += fired.millis
            report.http_errors += fired.errors
            echo(
                f"      {len(paths)} queries at concurrency {CONCURRENCY}: "
                f"{len(paths) / fired.seconds:,.0f} queries/s"
            )
        report.http_qps = len(report.http) / http_seconds
        if workers_cpu:
            report.http_cpu_ms = 1000 * workers_cpu / len(report.http)
        first = fire(port, paths[:1], 1, keep_bodies=True)
        sample = json.loads(first.bodies[0].partition(b"\r\n\r\n")[2] or b"{}")
        echo(
            f"      first query: status {first.statuses[0]}, total {sample.get('total')}, "
            f"{len(sample.get('hits', []))} hits served"
        )
    finally:
        server.terminate()
        server.wait(timeout=30)
