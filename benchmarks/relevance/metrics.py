"""Recall@k and nDCG@k over graded judgments, and the plain substring scan they are set beside.

Grades are 1 (related) to 3 (exactly what was asked); a listing not judged is 0. nDCG uses the
usual exponential gain, ``2**grade - 1`` at rank ``i`` (from 1) discounted by ``log2(i + 1)``, so
a grade-3 listing weighs 7 and a grade-1 one 1; the ideal ranking is the judgments sorted by
grade. Recall counts the relevant listings (grade ≥ 2, ``RELEVANT_GRADE``) alike: a "related"
listing (grade 1) is a neighbour a buyer may glance at, not what was asked for, so it earns a
little in nDCG when it is shown but is not missed when it is not.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from benchmarks.relevance.judged import NAME_FIELDS, Product, Query

RECALL_K = 20
NDCG_K = 10
RELEVANT_GRADE = 2


def _unique(ranked: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    return [key for key in ranked if not (key in seen or seen.add(key))]


def recall_at(ranked: Sequence[str], judgments: Mapping[str, int], k: int) -> float:
    """The share of the relevant listings (grade ≥ ``RELEVANT_GRADE``) in the first ``k``."""
    relevant = {key for key, grade in judgments.items() if grade >= RELEVANT_GRADE}
    if not relevant:
        raise ValueError("a query needs at least one relevant listing")
    return len(relevant & set(ranked[:k])) / len(relevant)


def dcg(grades: Iterable[int]) -> float:
    return sum((2**grade - 1) / math.log2(rank + 1) for rank, grade in enumerate(grades, start=1))


def ndcg_at(ranked: Sequence[str], judgments: Mapping[str, int], k: int) -> float:
    """DCG of the first ``k`` listings over the DCG of the best possible first ``k``."""
    ideal = dcg(sorted((grade for grade in judgments.values() if grade > 0), reverse=True)[:k])
    if ideal == 0:
        raise ValueError("a query needs at least one relevant listing")
    return dcg(judgments.get(key, 0) for key in _unique(ranked)[:k]) / ideal


def substring_scan(query: str, products: Sequence[Product]) -> list[str]:
    """The baseline: listings whose text holds the query, names first, then file order.

    The query is casefolded and trimmed; each whitespace-separated part must be a substring of
    the listing's text (its names, tags, summary, description, variety). Listings that hold every
    part in their names come first.
    """
    parts = query.casefold().split()
    if not parts:
        return []
    by_name, by_text = [], []
    for product in products:
        if all(part in product.text(NAME_FIELDS).casefold() for part in parts):
            by_name.append(product.key)
        elif all(part in product.text().casefold() for part in parts):
            by_text.append(product.key)
    return by_name + by_text


@dataclass(frozen=True)
class Scored:
    """One query's figures for one ranking."""

    query: Query
    ranked: list[str]
    recall: float
    ndcg: float

    @property
    def missed(self) -> list[str]:
        """Relevant listings not in the first RECALL_K, best grade first."""
        found = set(self.ranked[:RECALL_K])
        judged = sorted(self.query.judgments.items(), key=lambda item: -item[1])
        return [key for key, grade in judged if grade >= RELEVANT_GRADE and key not in found]


def score(query: Query, ranked: Sequence[str]) -> Scored:
    ranked = _unique(ranked)
    return Scored(
        query=query,
        ranked=ranked,
        recall=recall_at(ranked, query.judgments, RECALL_K),
        ndcg=ndcg_at(ranked, query.judgments, NDCG_K),
    )


def means(scored: Sequence[Scored]) -> dict[str, float]:
    """Mean recall@20 and nDCG@10 over queries (each query weighs the same)."""
    if not scored:
        return {"queries": 0, "recall@20": 0.0, "ndcg@10": 0.0}
    return {
        "queries": len(scored),
        "recall@20": statistics.fmean(s.recall for s in scored),
        "ndcg@10": statistics.fmean(s.ndcg for s in scored),
    }
