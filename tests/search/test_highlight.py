"""Highlights: marks on the original text, merged, escaped and cut to a window."""

from __future__ import annotations

from search.analysis import query_terms
from search.highlight import ELLIPSIS, Highlighter, highlight


def test_adjacent_and_overlapping_matches_become_one_mark() -> None:
    # The pairs 机器 and 器人 overlap; 工业 touches them.
    assert highlight("工业机器人", query_terms("工业机器人")) == "<mark>工业机器人</mark>"


def test_separate_matches_are_marked_separately() -> None:
    assert highlight("Pump, pumps and more pumping", query_terms("pump")) == (
        "<mark>Pump</mark>, <mark>pumps</mark> and more <mark>pumping</mark>"
    )


def test_no_match_gives_none() -> None:
    assert highlight("离心泵", query_terms("robot")) is None
    assert highlight("离心泵", frozenset()) is None


def test_text_around_the_marks_is_escaped() -> None:
    assert highlight("<i>pump</i> & co", query_terms("pump")) == (
        "&lt;i&gt;<mark>pump</mark>&lt;/i&gt; &amp; co"
    )


def test_a_long_text_is_cut_to_the_window_with_the_most_matches() -> None:
    text = "pump " + "filler " * 40 + "valve pump valve " + "filler " * 40
    snippet = highlight(text, query_terms("pump valve"), max_chars=60)

    assert snippet is not None
    assert snippet.startswith(ELLIPSIS)
    assert snippet.endswith(ELLIPSIS)
    assert snippet.count("<mark>") == 3
    assert len(snippet.replace("<mark>", "").replace("</mark>", "")) <= 60 + 2


def test_a_short_text_is_shown_whole() -> None:
    assert highlight("Centrifugal Pump", query_terms("pump"), max_chars=60) == (
        "Centrifugal <mark>Pump</mark>"
    )


def test_only_fields_with_a_match_are_highlighted_and_tags_are_joined() -> None:
    originals = {
        "name_zh": "离心泵",
        "name_en": "Centrifugal Pump",
        "tags": ["流体", "泵", "<节能>"],
        "summary": "",
        "description": "单级",
    }

    assert Highlighter(query_terms("泵")).fields(originals) == {
        "name_zh": "离心<mark>泵</mark>",
        "tags": "流体 · <mark>泵</mark> · &lt;节能&gt;",
    }


def test_words_whose_stem_is_not_a_prefix_are_still_marked() -> None:
    text = "Dying, lying and tying; happy skies"

    assert highlight(text, query_terms("dies lie tie happiness sky")) == (
        "<mark>Dying</mark>, <mark>lying</mark> and <mark>tying</mark>; "
        "<mark>happy</mark> <mark>skies</mark>"
    )


def test_no_mark_spans_two_fields_or_two_tags() -> None:
    # Fields are analysed in one pass, joined by line breaks: 机 ending one tag and 器 starting
    # the next are not the pair 机器, and "robot" in the name is not matched into the summary.
    originals = {
        "name_en": "Welding robot",
        "tags": ["焊接机", "器件", "机器"],
        "summary": "ＣＮＣ controlled. Robots weld.",
        "description": "x" * 300 + " robot",
    }

    assert Highlighter(query_terms("机器 robot")).fields(originals) == {
        "name_en": "Welding <mark>robot</mark>",
        "tags": "焊接机 · 器件 · <mark>机器</mark>",
        "summary": "ＣＮＣ controlled. <mark>Robots</mark> weld.",
        "description": ELLIPSIS + "x" * 154 + " <mark>robot</mark>",
    }
