"""``make bench-relevance`` (``python -m benchmarks.relevance``): its figures are right on small
cases worked by hand. The bench itself (a fresh instance, the import, gunicorn) is not run here."""

from __future__ import annotations

import math

import pytest

from benchmarks.relevance.judged import Product, Query
from benchmarks.relevance.metrics import dcg, means, ndcg_at, recall_at, score, substring_scan
from benchmarks.relevance.runner import Results

JUDGMENTS = {"a": 3, "b": 2, "c": 1}


def test_recall_counts_every_relevant_listing_alike_within_the_cut():
    assert recall_at(["a", "x", "b", "c"], JUDGMENTS, 20) == 1.0
    assert recall_at(["x", "b"], JUDGMENTS, 20) == pytest.approx(1 / 2)
    assert recall_at(["x", "y", "a"], JUDGMENTS, 2) == 0.0
    assert recall_at([], JUDGMENTS, 20) == 0.0


def test_a_related_listing_is_not_missed_by_recall_but_earns_in_ndcg():
    # "c" is graded 1 (related): leaving it out costs no recall.
    assert recall_at(["a", "b"], JUDGMENTS, 20) == 1.0
    assert recall_at(["c"], JUDGMENTS, 20) == 0.0
    assert ndcg_at(["a", "b", "c"], JUDGMENTS, 10) > ndcg_at(["a", "b"], JUDGMENTS, 10)


def test_dcg_uses_exponential_gains_and_a_log_discount():
    # 7/log2(2) + 3/log2(3) + 1/log2(4)
    assert dcg([3, 2, 1]) == pytest.approx(7 + 3 / math.log2(3) + 0.5)
    assert dcg([0, 3]) == pytest.approx(7 / math.log2(3))


def test_ndcg_is_one_for_the_ideal_order_and_less_for_any_other():
    assert ndcg_at(["a", "b", "c"], JUDGMENTS, 10) == pytest.approx(1.0)
    swapped = ndcg_at(["b", "a", "c"], JUDGMENTS, 10)
    assert 0 < swapped < 1
    assert swapped == pytest.approx((3 + 7 / math.log2(3) + 0.5) / (7 + 3 / math.log2(3) + 0.5))
    assert ndcg_at(["x", "y"], JUDGMENTS, 10) == 0.0


def test_ndcg_cuts_both_the_ranking_and_the_ideal_at_k():
    # Only the first listing counts at k=1: the best one first is perfect, whatever follows.
    assert ndcg_at(["a", "x"], JUDGMENTS, 1) == 1.0
    assert ndcg_at(["b", "a"], JUDGMENTS, 1) == pytest.approx(3 / 7)


def test_a_listing_repeated_in_a_ranking_counts_once():
    assert ndcg_at(["a", "a", "b", "c"], JUDGMENTS, 10) == pytest.approx(1.0)


def test_a_query_without_relevant_listings_is_refused():
    with pytest.raises(ValueError, match="at least one relevant"):
        recall_at(["a"], {}, 20)
    with pytest.raises(ValueError, match="at least one relevant"):
        ndcg_at(["a"], {"a": 0}, 10)


def _product(name_zh, name_en, summary, **more):
    line = {"name_zh": name_zh, "name_en": name_en, "summary": summary, **more}
    return Product(key=name_zh, line=line)


PRODUCTS = [
    _product("高速精密数控车床", "High-speed CNC lathe", "主轴转速8000r/min"),
    _product("车铣复合加工中心", "Turn-mill centre", "可替代数控车床和铣床"),
    _product("五轴联动立式加工中心", "Five-axis machining centre", "CNC, five axes"),
    _product("可编程逻辑控制器编程软件", "PLC programming software", "IEC 61131-3"),
]


def test_the_substring_scan_ranks_name_matches_first_then_file_order():
    # The turn-mill centre mentions 数控车床 in its summary only; it comes after the lathe.
    assert substring_scan("数控车床", PRODUCTS) == ["高速精密数控车床", "车铣复合加工中心"]
    # The lathe has CNC in its English name; the machining centre only in its summary.
    assert substring_scan("CNC", PRODUCTS) == ["高速精密数控车床", "五轴联动立式加工中心"]


def test_the_substring_scan_casefolds_trims_and_needs_every_part():
    assert substring_scan("  plc  ", PRODUCTS) == ["可编程逻辑控制器编程软件"]
    # Each part may sit in a different field; every part must be somewhere.
    assert substring_scan("五轴 cnc", PRODUCTS) == ["五轴联动立式加工中心"]
    assert substring_scan("五轴 PLC", PRODUCTS) == []
    assert substring_scan("   ", PRODUCTS) == []


def test_the_substring_scan_reads_tags_and_the_variety_too():
    tagged = [_product("碳纤维", "Carbon fibre", "12K", tags=["T800"], variety_spec="T800H")]
    assert substring_scan("t800h", tagged) == ["碳纤维"]


def _query(text, language, judgments):
    return Query(text=text, language=language, kind="plain", why="", judgments=judgments)


def test_results_average_per_language_and_name_each_missed_target():
    zh = _query("数控车床", "zh", {"高速精密数控车床": 3, "车铣复合加工中心": 2})
    en = _query("PLC", "en", {"可编程逻辑控制器编程软件": 3})
    engine = [score(zh, ["高速精密数控车床"]), score(en, ["可编程逻辑控制器编程软件"])]
    baseline = [score(zh, substring_scan(zh.text, PRODUCTS)), score(en, [])]
    results = Results(engine=engine, substring=baseline)

    summary = results.summary(engine)
    assert summary["zh"]["recall@20"] == 0.5
    assert summary["en"]["recall@20"] == 1.0
    assert summary["all"]["recall@20"] == 0.75
    assert summary["mixed"]["queries"] == 0
    assert means(engine)["queries"] == 2
    shortfalls = results.shortfalls()
    assert "recall@20 0.750 < 0.95" in shortfalls
    below = "zh recall@20 0.500 below the substring scan's 1.000"
    assert below in shortfalls
    assert not any(s.startswith("en ") for s in shortfalls)
    assert "| all " in results.table()
    assert results.misses() == [
        "  '数控车床' (zh, plain): recall 0.50, nDCG 0.79; missing 车铣复合加工中心"
    ]
    assert results.as_json()["met"] is False
