"""Running the relevance benchmark and printing its table."""

from __future__ import annotations

import json
import tempfile
import time
import urllib.request
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from benchmarks.relevance.instance import Instance
from benchmarks.relevance.judged import LANGUAGES, JudgedSet
from benchmarks.relevance.metrics import NDCG_K, RECALL_K, Scored, means, score, substring_scan
from benchmarks.search.serving import start_server

Echo = Callable[[str], None]
# Issue 17's targets, for the whole set; and per language, never below the substring scan.
TARGET_RECALL = 0.95
TARGET_NDCG = 0.90
REQUEST_TIMEOUT_S = 30.0


@dataclass
class Results:
    engine: list[Scored]
    substring: list[Scored]
    seconds: dict[str, float] = field(default_factory=dict)

    def summary(self, which: list[Scored]) -> dict[str, dict[str, float]]:
        rows = {lang: means([s for s in which if s.query.language == lang]) for lang in LANGUAGES}
        return rows | {"all": means(which)}

    def shortfalls(self) -> list[str]:
        """Each target missed, in words; empty when all are met."""
        engine, baseline = self.summary(self.engine), self.summary(self.substring)
        missed = []
        overall = engine["all"]
        if overall["recall@20"] < TARGET_RECALL:
            missed.append(f"recall@{RECALL_K} {overall['recall@20']:.3f} < {TARGET_RECALL}")
        if overall["ndcg@10"] < TARGET_NDCG:
            missed.append(f"nDCG@{NDCG_K} {overall['ndcg@10']:.3f} < {TARGET_NDCG}")
        for lang in LANGUAGES:
            for metric in ("recall@20", "ndcg@10"):
                if engine[lang][metric] < baseline[lang][metric]:
                    missed.append(
                        f"{lang} {metric} {engine[lang][metric]:.3f} below the substring scan's "
                        f"{baseline[lang][metric]:.3f}"
                    )
        return missed

    def table(self) -> str:
        engine, baseline = self.summary(self.engine), self.summary(self.substring)
        header = (
            "language",
            "queries",
            f"recall@{RECALL_K} search",
            f"recall@{RECALL_K} substring",
            f"nDCG@{NDCG_K} search",
            f"nDCG@{NDCG_K} substring",
        )
        rows = [
            (
                lang,
                str(engine[lang]["queries"]),
                f"{engine[lang]['recall@20']:.3f}",
                f"{baseline[lang]['recall@20']:.3f}",
                f"{engine[lang]['ndcg@10']:.3f}",
                f"{baseline[lang]['ndcg@10']:.3f}",
            )
            for lang in (*LANGUAGES, "all")
        ]
        widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]

        def line(cells: Sequence[str]) -> str:
            return "| " + " | ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)) + " |"

        rule = "|" + "|".join("-" * (w + 2) for w in widths) + "|"
        return "\n".join([line(header), rule, *(line(row) for row in rows)])

    def misses(self) -> list[str]:
        """The queries whose search left relevant listings out of the first 20, worst first."""
        lines = []
        for scored in sorted(self.engine, key=lambda s: (s.recall, s.ndcg)):
            if scored.missed:
                missed = ", ".join(scored.missed)
                lines.append(
                    f"  {scored.query.text!r} ({scored.query.language}, {scored.query.kind}): "
                    f"recall {scored.recall:.2f}, nDCG {scored.ndcg:.2f}; missing {missed}"
                )
        return lines

    def as_json(self) -> dict[str, Any]:
        def per_query(engine: Scored, baseline: Scored) -> dict[str, Any]:
            return {
                "text": engine.query.text,
                "language": engine.query.language,
                "kind": engine.query.kind,
                "search": {
                    "recall@20": engine.recall,
                    "ndcg@10": engine.ndcg,
                    "top": engine.ranked[:RECALL_K],
                    "missed": engine.missed,
                },
                "substring": {
                    "recall@20": baseline.recall,
                    "ndcg@10": baseline.ndcg,
                    "top": baseline.ranked[:RECALL_K],
                },
            }

        shortfalls = self.shortfalls()
        return {
            "targets": {
                "recall@20": TARGET_RECALL,
                "ndcg@10": TARGET_NDCG,
                "per_language": "never below the substring scan",
            },
            "search": self.summary(self.engine),
            "substring": self.summary(self.substring),
            "met": not shortfalls,
            "shortfalls": shortfalls,
            "seconds": self.seconds,
            "queries": [per_query(e, b) for e, b in zip(self.engine, self.substring, strict=True)],
        }


def search_api(port: int, text: str) -> list[str]:
    """The ids of the first RECALL_K hits of ``GET /api/v1/search?q=text``, in order."""
    url = f"http://127.0.0.1:{port}/api/v1/search?" + urlencode({"q": text, "per_page": RECALL_K})
    with urllib.request.urlopen(url, timeout=REQUEST_TIMEOUT_S) as answer:
        body = json.loads(answer.read())
    return [hit["id"] for hit in body["hits"]]


def run(judged: JudgedSet, echo: Echo) -> Results:
    began = time.perf_counter()
    seconds: dict[str, float] = {}
    products = len(judged.products)
    with tempfile.TemporaryDirectory(prefix="bench-relevance-") as tmp:
        folder = Path(tmp)
        instance = Instance(folder)
        try:
            echo(f"[1/5] a fresh instance in {folder}: flask db upgrade…")
            instance.migrate()
            echo(
                f"[2/5] {len(judged.vendors)} vendors (active), then flask catalog import "
                f"--publish of {products} listings…"
            )
            instance.create_vendors(judged.vendors)
            published = instance.import_products(judged, echo)
            echo(f"      {published} published")
            seconds["setup"] = time.perf_counter() - began
            echo("[3/5] flask search sync…")
            echo(f"      {instance.sync_index()}")
            keys = instance.keys_by_id()
            echo(f"[4/5] serving with gunicorn; {len(judged.queries)} queries to /api/v1/search…")
            began_queries = time.perf_counter()
            server, port = start_server(instance.index_path, instance.database_url, folder)
            try:
                engine = []
                for number, query in enumerate(judged.queries, start=1):
                    hits = search_api(port, query.text)
                    ranked = [keys.get(hit, f"(unknown {hit})") for hit in hits]
                    engine.append(score(query, ranked))
                    if number % 20 == 0:
                        echo(f"      {number} answered…")
            finally:
                server.terminate()
                server.wait(timeout=30)
            seconds["queries"] = time.perf_counter() - began_queries
        finally:
            instance.close()
    echo(f"[5/5] the substring scan over the same {products} listings…")
    substring = [score(q, substring_scan(q.text, judged.products)) for q in judged.queries]
    seconds["total"] = time.perf_counter() - began
    return Results(engine=engine, substring=substring, seconds=seconds)


def report(results: Results, echo: Echo) -> None:
    echo("")
    echo(results.table())
    misses = results.misses()
    if misses:
        echo("")
        echo(f"queries missing relevant listings in the first {RECALL_K} ({len(misses)}):")
        for line in misses:
            echo(line)
    echo("")
    shortfalls = results.shortfalls()
    if shortfalls:
        echo("targets NOT met: " + "; ".join(shortfalls))
    else:
        echo(
            f"targets met: recall@{RECALL_K} ≥ {TARGET_RECALL}, nDCG@{NDCG_K} ≥ {TARGET_NDCG}, "
            "and no language below the substring scan"
        )
