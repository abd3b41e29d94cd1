"""Issue 17's ratios in ``make bench-search``: HTTP throughput as a share of the engine's own, and
the engine's p95 beside PostgreSQL full-text search over the same listings and searches."""

from __future__ import annotations

import os
import re
from dataclasses import replace
from urllib.parse import urlencode

import psycopg
import pytest
from click.testing import CliRunner

from benchmarks.search import postgres
from benchmarks.search.__main__ import main
from benchmarks.search.listings import api_query, engine_query, make_documents, query_mix
from benchmarks.search.report import Pass, Report, rate
from search.analysis import terms
from search.model import Flag, SearchQuery, SearchResult

POSTGRES_URL = postgres.postgres_url(os.environ.get("TEST_DATABASE_URL"))
needs_postgres = pytest.mark.skipif(
    POSTGRES_URL is None, reason="TEST_DATABASE_URL is not a PostgreSQL URL"
)


class _Recording:
    """A backend that answers nothing and keeps what it was asked."""

    def __init__(self) -> None:
        self.asked: list[SearchQuery] = []

    def search(self, query: SearchQuery) -> SearchResult:
        self.asked.append(query)
        return SearchResult(0, [], {}, query.page, query.per_page, dict.fromkeys(Flag, 0))


def test_the_engine_throughput_runs_the_searches_the_api_asks_for(app, client):
    recording = _Recording()
    key = (app.config["SEARCH_BACKEND"], str(app.config["SEARCH_INDEX_PATH"]))
    backends = app.extensions.setdefault("discovery", {})
    saved = backends.get(key)
    backends[key] = recording
    mixed = query_mix()[:40]
    try:
        for args in mixed:
            assert client.get("/api/v1/search?" + urlencode(args)).status_code == 200
    finally:
        if saved is None:
            backends.pop(key)
        else:
            backends[key] = saved

    assert recording.asked == [api_query(args) for args in mixed]
    # Every one with the facets, as the faceted half of the engine's latency mix.
    assert all(api_query(args) == engine_query(args, True) for args in query_mix())


def _report(**figures) -> Report:
    report = Report(count=100_000, http=[10.0] * 10, postgres=None)
    for name, value in figures.items():
        setattr(report, name, value)
    return report


def _pass(rate: float) -> Pass:
    return Pass(queries=500, seconds=500 / rate, cpu_seconds=1.0)


def test_the_http_share_is_the_http_rate_over_the_engines_best_rate():
    report = _report(http_qps=300.0, engine_passes={1: [_pass(400.0)], 8: [_pass(450.0)]})

    assert report.engine_qps == 450.0
    assert report.verdicts() == [
        "HTTP throughput / engine throughput = 0.67 (target ≥ 0.6: met)",
    ]
    assert re.search(
        r"\| engine throughput, one process +\| 450 queries/s \(1 thread 400, 8 ", (report.table())
    )
    short = _report(http_qps=200.0, engine_passes={1: [_pass(400.0)], 8: [_pass(350.0)]})
    assert short.verdicts() == [
        "HTTP throughput / engine throughput = 0.50 (target ≥ 0.6: NOT met)",
    ]


def test_rates_pool_every_round():
    assert rate([Pass(500, 1.0, 0.5), Pass(500, 3.0, 0.5)]) == 250.0


def test_the_postgres_speedup_compares_the_p95s_of_the_same_searches():
    report = _report(
        http=None,
        engine_plain=[1.0] * 95 + [2.0] * 5,
        postgres=[10.0] * 95 + [30.0] * 5,
        postgres_agreeing=500,
    )

    assert report.verdicts() == [
        "engine p95 2.00 ms vs PostgreSQL FTS p95 30.00 ms: 15.0× faster (target ≥ 10×: met)"
    ]
    assert "| 500 of 500" in report.table()


def test_a_search_means_the_same_to_postgresql_as_to_the_engine():
    # Words are ANDed; 工业软件's three pairs need two (as the engine's minimum_match).
    assert postgres.tsquery_literal("zebras quokka") == "(('zebra')) & (('quokka'))"
    three_pairs = postgres.tsquery_literal("工业软件")
    assert "('工业' & '业软') | ('工业' & '软件') | ('业软' & '软件')" in three_pairs
    # A synonym is an alternative of its slot, as the engine asks it (search.synonyms): a
    # dictionary phrase needs all its pairs.
    assert postgres.tsquery_literal("industrial software") == (
        "(('industri' & 'softwar') | (('工业' & '业软' & '软件')))"
    )
    assert postgres.tsquery_literal("!!") is None


def test_a_listing_is_its_analysis_terms_weighted_by_field(app):
    with app.app_context():
        doc = make_documents(1, keep_listings=False).documents[0]
    vector = postgres.tsvector_literal(doc)

    lexemes = dict(item.split(":", 1) for item in re.findall(r"'(?:[^']|'')+':\S+", vector))
    name_terms = set(terms(doc.name_zh)) | set(terms(doc.name_en))
    assert {f"'{term}'" for term in name_terms} <= lexemes.keys()
    assert all("A" in lexemes[f"'{term}'"] for term in name_terms)
    assert f"'{terms(doc.description)[-1]}'" in lexemes


def test_a_postgres_option_that_is_not_postgresql_is_refused():
    result = CliRunner().invoke(main, ["--count", "50", "--no-http", "--postgres", "sqlite://"])

    assert result.exit_code == 2
    assert "not a PostgreSQL URL" in result.output


def test_without_postgresql_the_baseline_is_skipped(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)

    result = CliRunner().invoke(main, ["--count", "200", "--no-http"])

    assert result.exit_code == 0, result.output
    assert "PostgreSQL baseline: skipped" in result.output
    assert "PostgreSQL FTS" not in result.output
    assert "engine throughput, one process" in result.output


@needs_postgres
def test_postgresql_answers_every_search_with_the_engines_total_and_is_cleaned_up():
    result = CliRunner().invoke(main, ["--count", "300", "--no-http", "--postgres", POSTGRES_URL])

    assert result.exit_code == 0, result.output
    assert re.search(r"\| +totals as the engine's +\| 500 of 500 +\|", result.output), result.output
    assert re.search(
        r"^engine p95 [\d.]+ ms vs PostgreSQL FTS p95 [\d.]+ ms: [\d.]+× faster \(target ≥ 10×: ",
        result.output,
        re.MULTILINE,
    )
    with psycopg.connect(POSTGRES_URL) as connection:
        left = connection.execute(
            "SELECT count(*) FROM information_schema.schemata WHERE schema_name = %s",
            (f"bench_search_{os.getpid()}",),
        ).fetchone()
    assert left == (0,)


@needs_postgres
def test_quotes_in_terms_reach_postgresql_intact(app):
    with app.app_context():
        doc = make_documents(1, keep_listings=False).documents[0]
    # An apostrophe between letters stays inside the word (search.analysis), so the lexeme
    # o'neil must be quoted in the tsvector and the tsquery alike.
    odd = replace(doc, name_en="O'Neil's pump, 3.5 kW")
    baseline = postgres.Baseline(POSTGRES_URL)
    try:
        baseline.load([odd], lambda line: None, 1)
        assert baseline.search(SearchQuery(text="O'Neil 3.5"))[0] == 1
        assert baseline.search(SearchQuery(text="O'Brien"))[0] == 0
    finally:
        baseline.close()
