"""``flask search bench`` at a tiny size, so the benchmark cannot rot (figures are not checked)."""

from __future__ import annotations

import re

from market.discovery import bench


def test_bench_runs_end_to_end_at_a_small_size(app):
    result = app.test_cli_runner().invoke(args=["search", "bench", "--count", "200"])

    assert result.exit_code == 0, result.output
    assert "index build (tantivy)" in result.output
    assert "HTTP API, 500 queries, c=8" in result.output
    assert re.search(r"\| HTTP errors\s+\| 0\s+\|", result.output), result.output
    assert "first query: status 200" in result.output


def test_without_http_only_the_engine_is_measured(app):
    result = app.test_cli_runner().invoke(args=["search", "bench", "--count", "200", "--no-http"])

    assert result.exit_code == 0, result.output
    assert "engine, 500 queries" in result.output
    assert "HTTP" not in result.output


def test_the_synthetic_listings_and_the_query_mix_are_deterministic(app):
    with app.app_context():
        first = bench.make_documents(20, keep_listings=False).documents
        again = bench.make_documents(20, keep_listings=False).documents
    assert first == again
    assert all(doc.name_zh and doc.name_en for doc in first)
    assert bench.query_mix() == bench.query_mix()
    assert len(bench.query_mix()) == bench.QUERY_COUNT
