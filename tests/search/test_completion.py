"""Completion: which phrases are offered and how a typed prefix matches them."""

from __future__ import annotations

from search.analysis import fold_prefix
from search.completion import MAX_PHRASE_CHARS, Match, edges, match, phrases


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


def test_edges_are_every_short_prefix_from_each_start() -> None:
    whole, inner = edges("三轴CNC", 3)

    assert whole == ["三", "三轴", "三轴c"]
    assert inner == ["轴", "轴c", "轴cn", "c", "cn", "cnc"]
