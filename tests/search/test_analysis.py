"""The shared analysis rule: folding, words, stems, CJK pairs, offsets, and how queries match."""

from __future__ import annotations

import random
import unicodedata

import pytest

from search.analysis import (
    MAX_WORD_LENGTH,
    TermGroup,
    _fold_char,
    fold,
    indexed_text,
    query_groups,
    query_terms,
    stem,
    terms,
    tokens,
)
from search.tantivy_schema import cjk_analyzer
from search.term_spans import _word_starts, find_terms


def test_folding_turns_full_width_into_half_width_and_lowercases() -> None:
    assert fold("ＣＮＣ－１２，Ａｂ").text == "cnc-12,ab"
    assert fold("Robot").text == "robot"


def test_folding_keeps_a_map_when_a_character_becomes_several() -> None:
    folded = fold("㎏机")  # one character becomes "kg"

    assert folded.text == "kg机"
    assert folded.starts == [0, 0, 1]
    assert folded.ends == [1, 1, 2]


def test_latin_words_are_lowercased_and_stemmed() -> None:
    assert terms("Industrial Robots welding") == ["industri", "robot", "weld"]
    assert terms("robot") == terms("ROBOTS") == terms("robots") == ["robot"]


def test_chinese_runs_give_every_character_and_every_overlapping_pair() -> None:
    assert terms("离心泵") == ["离", "离心", "心", "心泵", "泵"]
    assert terms("泵") == ["泵"]


def test_scripts_split_where_they_meet() -> None:
    assert terms("三轴CNC雕铣机") == ["三", "三轴", "轴", "cnc", "雕", "雕铣", "铣", "铣机", "机"]
    assert terms("五轴 CNC") == ["五", "五轴", "轴", "cnc"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3.5 mm", ["3.5", "mm"]),
        ("1,000 units", ["1,000", "unit"]),
        ("vendor's robots", ["vendor", "robot"]),
        ("x-ray, e.g. tests", ["x", "ray", "e.g", "test"]),
        ("snake_case", ["snake_case"]),
        ("İstanbul café", ["i̇stanbul", "café"]),
        ("① ②", ["1", "2"]),
        ('"(*:\\) && || !', []),
        ("", []),
    ],
)
def test_word_boundaries_follow_unicode_word_segmentation(text: str, expected: list[str]) -> None:
    assert terms(text) == expected


def test_overlong_words_are_dropped() -> None:
    assert terms("a" * (MAX_WORD_LENGTH + 1) + " pump") == ["pump"]


@pytest.mark.parametrize(
    "text",
    [
        "Industrial Robots",
        "ＡＢＣ型伺服电机，额定功率２０ｋＷ",
        "工业机器人 & 3.5㎏ CNC",
        "㎏㎏泵 robot's",
    ],
)
def test_offsets_point_into_the_original_text(text: str) -> None:
    for token in tokens(text):
        original = fold(text[token.start : token.end]).text
        assert token.term in (original, stem(original))
    robots = tokens("Industrial Robots")[1]
    assert "Industrial Robots"[robots.start : robots.end] == "Robots"
    abc = tokens("ＡＢＣ型")[0]
    assert (abc.term, abc.start, abc.end) == ("abc", 0, 3)


def test_terms_is_tokens_without_offsets() -> None:
    text = "ＡＢＣ型伺服电机, Servo Motors 3.5kW; 工业机器人 robot's ㎏"

    assert terms(text) == [token.term for token in tokens(text)]


INDEXING_TEXTS = [
    "ＡＢＣ型伺服电机, Servo Motors 3.5kW; 工业机器人 robot's ㎏",
    "本产品通过首台套认定，具有**自主知识产权**，适用于化工、电力等行业。1,000 units, e.g. 3.5",
    "Cafe\u0301 crème İstanbul naïve x\u20d7y",  # combining marks take the slower word scan
    "a" * (MAX_WORD_LENGTH + 1) + " pump 泵" + " b" * 3,
    "工\n业 软件\n\nsoftware_v2 l'usine",
    "",
    "(*)",
]


@pytest.mark.parametrize("text", INDEXING_TEXTS)
def test_the_indexing_path_gives_the_same_terms_as_often(text: str) -> None:
    words, runs = indexed_text(text)
    # The CJK runs are cut by tantivy's tokenizer, as the index does.
    cut = [term for run in runs for term in cjk_analyzer().analyze(run)]

    # A frequency-only index sees the terms as a bag: only the order may differ.
    assert sorted(words.split() + cut) == sorted(terms(text))


def test_every_word_of_a_query_is_a_condition() -> None:
    assert query_groups("Robots welding robot") == [
        TermGroup(("robot",), 1),
        TermGroup(("weld",), 1),
    ]


def test_a_chinese_query_matches_by_pairs_allowing_a_quarter_to_miss() -> None:
    assert query_groups("泵") == [TermGroup(("泵",), 1)]
    assert query_groups("离心泵") == [TermGroup(("离心", "心泵"), 2)]
    assert query_groups("离心水泵") == [TermGroup(("离心", "心水", "水泵"), 2)]
    assert query_groups("工业机器人") == [TermGroup(("工业", "业机", "机器", "器人"), 3)]


def test_query_terms_are_what_highlights_mark() -> None:
    assert query_terms("五轴 CNC") == {"五轴", "cnc"}
    assert query_terms('"(*') == frozenset()


@pytest.mark.parametrize(
    "wanted",
    [{"机器", "器人", "泵"}, {"robot", "cnc"}, {"abc", "型", "3.5kg"}, {"kgkg", "泵"}, set()],
)
def test_find_terms_finds_what_filtering_tokens_finds(wanted: set[str]) -> None:
    text = "ＡＢＣ型 Robots, 工业机器人与离心泵; robot's CNC 3.5㎏ ㎏㎏泵 机器机器人"

    expected = sorted((t.start, t.end) for t in tokens(text) if t.term in wanted)

    assert find_terms(text, wanted) == expected


# Words exercising every kind of change the Snowball English stemmer makes: suffixes, a final
# y made i, an e added back, doubled consonants undoubled, and its list of irregular words.
STEMMER_CASES = (
    "robots robot's running hopping hoping hoped conflated luxuriating happy happiness cried "
    "cries ties dying lying tying skies skis idly gently ugly early only singly news howe atlas "
    "cosmos bias andes generously generalisation relational conditional valenci operator "
    "feudalism decisiveness hopefulness callousness formaliti sensitiviti sensibiliti triplicate "
    "formative formalize electrical electricity hopeful goodness revival allowance inference "
    "airliner gyroscopic adjustable defensible irritant replacement adjustment dependent adoption "
    "homologou communism activate angulariti homologous effective bowdlerize agreed feed "
    "proceed exceed succeed says saying played employ enjoyed annoying abyss cnc 3.5kg a i"
)


@pytest.mark.parametrize("word", STEMMER_CASES.split())
def test_a_word_starts_with_what_find_terms_looks_for_before_reading_words(word: str) -> None:
    # find_terms skips a text containing none of these: a word it skipped would lose its mark.
    assert word.startswith(tuple(_word_starts(stem(word))))


def test_the_fast_folding_path_agrees_with_folding_each_character() -> None:
    # fold() skips per-character NFKC when a table and a normalisation check say it may; for
    # every code point, alone and between CJK and full-width neighbours, it must agree.
    for code in range(0x323B0):
        if 0xD800 <= code <= 0xDFFF or unicodedata.category(chr(code)) == "Cn":
            continue
        for text in (chr(code), f"中{chr(code)}Ａ"):
            assert fold(text).text == "".join(map(_fold_char, text)), hex(code)


# Random texts from the pieces the analysis treats specially: CJK runs, words and digits, the
# joiners .'_ and the digit comma, full-width forms, combining marks, case, line breaks.
_PIECES = [
    "工业",
    "机器人",
    "泵",
    "ｶ",
    "한국",
    "robot",
    "Robots",
    "robot's",
    "running",
    "ÉCOLE",
    "İ",
    "3",
    "1,000",
    "3.5",
    "e.g",
    "a_b",
    "x",
    "ＡＢＣ",
    "２０",
    "㎏",
    "\u0301",
    "e\u0301",
    " ",
    ", ",
    ".",
    "'",
    "_",
    ",",
    "\n",
    "-",
    "（",
    "）",
    "，",
    "Σ",
]


def _random_texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choices(_PIECES, k=rng.randint(0, 14))) for _ in range(count)]


def test_the_indexing_path_agrees_with_the_tokens_on_random_texts() -> None:
    analyzer = cjk_analyzer()
    for text in _random_texts(3000, seed=4):
        words, runs = indexed_text(text)
        cut = [term for run in runs for term in analyzer.analyze(run)]
        assert sorted(words.split() + cut) == sorted(terms(text)), repr(text)


def test_find_terms_agrees_with_filtering_tokens_on_random_texts() -> None:
    rng = random.Random(5)
    for text in _random_texts(3000, seed=6):
        all_terms = sorted({token.term for token in tokens(text)})
        wanted = set(rng.sample(all_terms, min(len(all_terms), rng.randint(1, 3))))
        wanted |= {"robot", "a", "b"} if rng.random() < 0.3 else set()
        expected = sorted((t.start, t.end) for t in tokens(text) if t.term in wanted)
        assert find_terms(text, wanted) == expected, (repr(text), wanted)
