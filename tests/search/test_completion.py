"""Completion: which phrases are offered and how a typed prefix matches them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from search.analysis import completion_starts, edges_of_folded, fold_prefix
from search.completion import MAX_PHRASE_CHARS, Match, match, phrases
from search.model import SearchDocument
from search.tantivy_schema import (
    SUGGEST_CJK_EDGE_CHARS,
    SUGGEST_EDGE_CHARS,
    build_schema,
    edge_term,
    edges_analyzer,
    to_tantivy,
)


def test_phrases_are_distinct_collapsed_and_cut() -> None:
    long_name = "x" * (MAX_PHRASE_CHARS + 5)

    assert phrases(["离心泵", " Centrifugal   Pump ", "", "离心泵", long_name]) == [
        "离心泵",
        "Centrifugal Pump",
        "x" * MAX_PHRASE_CHARS,
    ]


def test_a_prefix_matches_from_the_start_or_from_a_later_word_or_character() -> None:
    assert match("Industrial Robot Arm", fold_prefix("indus")) is Match.WHOLE
    assert match("Industrial Robot Arm", fold_prefix("ROBOT  a")) is Match.INNER
    assert match("工业机器人", fold_prefix("机器")) is Match.INNER
    assert match("ＡＢＣ型伺服电机", fold_prefix("abc型")) is Match.WHOLE
    assert match("Industrial Robot Arm", fold_prefix("obot")) is None
    assert match("(*)", fold_prefix("(")) is None


def test_each_start_of_a_phrase_is_indexed_by_its_short_prefixes() -> None:
    doc = SearchDocument(
        id="x",
        name_zh="三轴CNC雕铣机",
        name_en="Engraving machine",
        vendor_id="v",
        vendor_name="V",
        category="c",
        published_at=datetime(2026, 1, 1, tzinfo=UTC),
    )
    indexed = to_tantivy(doc, build_schema()).to_dict()
    whole, inner = indexed["suggest_whole"], indexed["suggest_inner"]
    edges = edges_analyzer()

    # From a CJK character up to four characters, from a word up to eight.
    assert [edges.analyze(value) for value in whole] == [
        ["三", "三轴", "三轴c", "三轴cn"],
        ["e", "en", "eng", "engr", "engra", "engrav", "engravi", "engravin"],
    ]
    assert sorted(inner) == sorted(
        [
            "轴cnc",
            "cnc雕铣机",
            "雕铣机",
            "铣机",
            "机",
            "machine",
        ]
    )
    assert edges.analyze("cnc雕铣机") == ["c", "cn", "cnc", "cnc雕", "cnc雕铣", "cnc雕铣机"]


def test_a_typed_prefix_is_looked_up_by_the_edge_its_start_would_index() -> None:
    assert edge_term("robot arm x") == "robot ar"
    assert edge_term("工业机器人") == "工业机器"
    assert edge_term("工") == "工"
    assert edges_analyzer().analyze("robot arm") == [
        "r",
        "ro",
        "rob",
        "robo",
        "robot",
        "robot ",
        "robot a",
        "robot ar",
    ]
    assert len(edge_term("x" * 20)) == SUGGEST_EDGE_CHARS


@pytest.mark.parametrize(
    "phrase",
    [
        "智能减速器 G2089",
        "Smart Gear Reducer G2089",
        "ＡＢＣ型伺服电机 e.g. 3.5 x",
        "(*)",
        "a",
        "Cafe\u0301 au lait",
    ],
)
def test_the_indexed_edges_are_the_edges_of_every_start_completion_matches_from(
    phrase: str,
) -> None:
    folded, starts = completion_starts(phrase)
    expected = [edge_term(folded[start:]) for start in starts]

    first, later = edges_of_folded(folded, SUGGEST_CJK_EDGE_CHARS, SUGGEST_EDGE_CHARS)

    assert ([first] if first else []) + sorted(later) == expected[:1] + sorted(expected[1:])
