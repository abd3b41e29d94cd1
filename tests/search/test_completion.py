"""Completion: which phrases are offered and how a typed prefix matches them."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from search.analysis import completion_starts, edges_of_folded, fold_prefix
from search.completion import (
    MAX_LINE_CHARS,
    Kind,
    Lines,
    Match,
    Suggestion,
    Word,
    assemble,
    cut,
    listing_line,
    match,
    names_wanted,
    offered_words,
    phrases,
    strip_model_numbers,
    word_terms,
)
from search.model import SearchDocument
from search.tantivy_schema import (
    SUGGEST_CJK_EDGE_CHARS,
    SUGGEST_EDGE_CHARS,
    build_schema,
    edge_term,
    edges_analyzer,
    to_tantivy,
)


def test_phrases_are_distinct_and_collapsed_but_kept_whole() -> None:
    long_name = "x" * (MAX_LINE_CHARS + 5)

    assert phrases(["离心泵", " Centrifugal   Pump ", "", "离心泵", long_name]) == [
        "离心泵",
        "Centrifugal Pump",
        long_name,
    ]


def test_long_lines_are_cut_at_a_word_boundary_with_an_ellipsis() -> None:
    name = "Five-axis Simultaneous CNC Machining Centre with Automatic Tool Changer"

    line = cut(name)

    assert line == "Five-axis Simultaneous CNC Machining Centre…"
    assert len(line) <= MAX_LINE_CHARS
    # Between two Chinese characters is a boundary; inside a Latin word (or a model number) not.
    assert cut("五轴联动数控机床" * 8, limit=10) == "五轴联动数控机床五…"
    assert cut("数控机床 XK-5000ABCDEFGH", limit=16) == "数控机床 XK…"
    # One word longer than the line is cut anyway.
    assert cut("x" * 60, limit=10) == "x" * 9 + "…"


def test_a_cut_line_keeps_what_was_typed() -> None:
    name = "Five-axis Simultaneous CNC Machining Centre with Automatic Tool Changer"
    start = name.index("Automatic")

    assert cut(name, start, len("auto")) == "…Automatic Tool Changer"


def test_a_listing_gives_its_tags_label_name_words_and_chinese_stretches() -> None:
    terms = word_terms(["数控机床 XK-5000", "CNC Machine Tool XK-5000"], ["数控"], "高端装备制造")

    assert terms == [
        "数控\x1f数控",
        "高端装备制造\x1f高端装备制造",
        "数控",
        "数控机",
        "数控机床",
        "控机",
        "控机床",
        "机床",
        # Latin words keep their case for showing; the model number is not a word.
        "xk\x1fXK",
        "cnc\x1fCNC",
        "machine\x1fMachine",
        "tool\x1fTool",
    ]


def test_a_stretch_is_a_word_when_not_always_followed_by_the_same_character() -> None:
    found = [
        ("机器", 5),
        ("机器人", 5),  # 机器 is always followed by 人
        ("机床", 3),
        ("机器人焊", 2),
        ("机器人焊接", 2),  # 机器人焊 always by 接, and 5 characters are never offered
        ("机械", 1),  # one listing: reached through its name
        ("机器人\x1f机器人", 4),  # a tag: the same word, counted apart
    ]

    assert offered_words(found, "机") == [Word("机器人", "机器人", 5), Word("机床", "机床", 3)]
    # The word typed in full is not offered back.
    assert offered_words([("机器人", 5), ("机器人焊", 2), ("机器人焊接", 2)], "机器人") == []


def test_latin_words_group_by_stem_and_show_the_most_common_form() -> None:
    found = [("robot\x1fRobot", 6), ("robots\x1fRobots", 3), ("robot\x1frobot", 2)]

    assert offered_words(found, "rob") == [Word("robot", "Robot", 6)]


def test_a_cut_word_list_leaves_out_the_stretches_it_cannot_tell() -> None:
    found = [("高温", 9), ("高温离", 2)]  # 高温离心 (2) may be past the cut

    assert offered_words(found, "高", complete=False) == [Word("高温", "高温", 9)]
    assert offered_words(found, "高", complete=True) == [
        Word("高温", "高温", 9),
        Word("高温离", "高温离", 2),
    ]


def test_model_numbers_are_what_variants_differ_in() -> None:
    assert strip_model_numbers("XK-5000A 五轴加工中心") == "五轴加工中心"
    assert strip_model_numbers("Servo Motor ＡＢＣ－２０") == "Servo Motor"
    # 3D and 5G are words, not model numbers.
    assert strip_model_numbers("3D CAD设计软件 V2.0") == "3D CAD设计软件"


def test_a_listing_is_one_line_in_the_language_that_matched() -> None:
    names = ["三轴CNC雕铣机", "Three-axis CNC Engraving Machine"]

    assert listing_line("a", "v", names, "thr").text == "Three-axis CNC Engraving Machine"
    assert listing_line("a", "v", names, "三").text == "三轴CNC雕铣机"
    # Both match inside: the Chinese name, the listing's own.
    assert listing_line("a", "v", names, "cnc").text == "三轴CNC雕铣机"
    assert listing_line("a", "v", names, "zzz") is None


def test_a_vendors_models_fold_unless_the_model_number_was_typed() -> None:
    def lines(prefix: str, vendors: tuple[str, ...] = ("v", "v", "v")) -> list[Suggestion]:
        gathered = Lines()
        for number, (vendor, model) in enumerate(zip(vendors, ["", "A", "B"], strict=True)):
            name = f"XK-5000{model} 五轴加工中心"
            if line := listing_line(str(number), vendor, [name], prefix):
                gathered.add(line)
        return gathered.suggestions()

    (folded,) = lines("五轴")
    assert (folded, folded.kind, folded.listings) == ("五轴加工中心", Kind.NAME, 3)
    assert lines("xk-5000a") == ["XK-5000A 五轴加工中心"]
    assert len(lines("xk")) == 3
    assert [line.listings for line in lines("五轴", ("v", "w", "v"))] == [2, 1]


def test_words_come_first_but_leave_room_for_names() -> None:
    words = [Word(f"w{n}", f"w{n}", 10 - n) for n in range(8)]
    names = [Suggestion(f"name {n}") for n in range(8)]

    listed = assemble(words, names, 10)

    assert [item.kind for item in listed] == [Kind.WORD] * 5 + [Kind.NAME] * 5
    assert assemble(words, names[:2], 10)[-3:] == ["w7", "name 0", "name 1"]
    assert names_wanted(len(words), 10) == 5
    # A name that is also a word is listed once, as the word.
    assert assemble([Word("离心泵", "离心泵", 2)], [Suggestion("离心泵")], 10) == ["离心泵"]


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
