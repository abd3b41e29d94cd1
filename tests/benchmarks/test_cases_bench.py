"""``make bench-cases`` (``python -m benchmarks.cases``) at a tiny size, so the benchmark cannot
rot (figures are not checked, only that every page answered and the table came out)."""

from __future__ import annotations

from click.testing import CliRunner

from benchmarks.cases.__main__ import main


def test_bench_cases_runs_end_to_end_at_a_small_size():
    result = CliRunner().invoke(main, ["--sizes", "10,30", "--requests", "3"])

    assert result.exit_code == 0, result.output
    assert "30 cases" in result.output
    for page in ("case list page", "case page", "inbox (home)", "GET /api/v1/cases"):
        assert f"| {page} |" in result.output
    assert "p95 ratio 30/10" in result.output
