"""``make bench-search`` (``python -m benchmarks.search``) at a tiny size, so the benchmark cannot
rot (figures are not checked), and the product's CLI no longer carries it."""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from benchmarks import search as bench
from benchmarks.search.__main__ import main


def test_bench_runs_end_to_end_at_a_small_size():
    result = CliRunner().invoke(main, ["--count", "200"])

    assert result.exit_code == 0, result.output
    assert "index build (tantivy)" in result.output
    assert "HTTP API, 500 queries ×3, c=8" in result.output
    assert re.search(r"\| HTTP errors\s+\| 0\s+\|", result.output), result.output
    assert "first query: status 200" in result.output
    assert "engine throughput, one process" in result.output
    assert re.search(
        r"^HTTP throughput / engine throughput = \d+\.\d\d \(target ≥ 0\.6: (met|NOT met)\)$",
        result.output,
        re.MULTILINE,
    ), result.output


def test_without_http_only_the_engine_is_measured():
    result = CliRunner().invoke(main, ["--count", "200", "--no-http"])

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


def test_the_product_cli_no_longer_offers_the_benchmark(app):
    result = app.test_cli_runner().invoke(args=["search", "bench", "--count", "200"])

    assert result.exit_code == 2
    assert "No such command 'bench'" in result.output
    listed = app.test_cli_runner().invoke(args=["search", "--help"]).output
    assert "bench" not in listed
    assert "reindex" in listed  # what operators use is still there


def test_nothing_in_the_product_imports_the_benchmarks():
    market = Path(__file__).resolve().parents[2] / "market"
    importing = [
        str(path.relative_to(market))
        for path in market.rglob("*.py")
        if re.search(r"^\s*(from|import) benchmarks\b", path.read_text("utf-8"), re.MULTILINE)
    ]
    assert importing == []
