"""``make bench-search`` (``python -m benchmarks.search``): how fast the search index builds
and answers (issue 4, "Benchmark"; issue 17, "Benchmark targets as ratios").

1. N synthetic bilingual listings are made deterministically as transient (never saved)
   ``Organisation``/``Product``/``ProductVersion``/evidence objects and turned into documents by
   the real builder, ``documents.build_document`` (``listings``).
2. They are indexed into a fresh tantivy index in a temporary folder (docs/s, size on disk).
3. A fixed mix of 500 queries runs against the engine (p50/p95/p99).
4. With a PostgreSQL URL (``--postgres``, else DATABASE_URL), the same listings go into a scratch
   schema as a ``tsvector`` column with a GIN index, and the same searches (text, filters, sort;
   no facets) run there and on the engine, block by block in turns (``postgres``): issue 17's
   "at least 10x faster" compares the two p95s.
5. The same index is served by gunicorn (2 workers, loopback) through the real
   ``GET /api/v1/search``, and the same queries are fired at concurrency 8 (``serving``), in
   rounds alternating with the engine answering the API's same searches in this one process:
   issue 17's "HTTP throughput at least 0.6 of the engine's" compares the two. The API joins
   hits with the database, so the same transient rows are bulk-inserted (Core ``executemany``)
   into a throwaway SQLite database first: every hit is checked against it as in production.
"""

from benchmarks.search.listings import QUERY_COUNT, make_documents, query_mix
from benchmarks.search.runner import run

__all__ = ["QUERY_COUNT", "make_documents", "query_mix", "run"]
