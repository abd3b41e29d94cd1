"""``make bench-relevance`` (``python -m benchmarks.relevance``): how well search finds what a
buyer means (issue 17).

1. A fresh instance in a temporary folder (its own SQLite file and tantivy index): ``flask db
   upgrade``, the judged set's vendors created active through the accounts service, then
   ``flask catalog import tests/search/relevance/products.jsonl --publish`` and ``flask search
   sync``, each the real command in a subprocess (``instance``).
2. gunicorn serves it, and every judged query goes through ``GET /api/v1/search?q=…&per_page=20``;
   hits map back to the set's keys (each listing's Chinese name) by id.
3. Recall@20 and nDCG@10 (graded gains) per query, averaged overall and per language, beside the
   same figures for a plain substring scan of the same lines (``metrics``), against issue 17's
   targets: recall@20 ≥ 0.95 and nDCG@10 ≥ 0.90 overall, and no language below the scan.
"""

from benchmarks.relevance.judged import load
from benchmarks.relevance.metrics import ndcg_at, recall_at, substring_scan
from benchmarks.relevance.runner import run

__all__ = ["load", "ndcg_at", "recall_at", "run", "substring_scan"]
