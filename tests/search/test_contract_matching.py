"""Contract: what a search text finds, in Chinese, English and both, and what it never does."""

from __future__ import annotations

import pytest

from search.model import Backend, SearchQuery, SearchResult
from tests.search.corpus import CORPUS


def find(backend: Backend, text: str, **options: object) -> SearchResult:
    return backend.search(SearchQuery(text=text, per_page=100, **options))  # type: ignore[arg-type]


def ids(result: SearchResult) -> set[str]:
    return {hit.id for hit in result.hits}


def test_an_english_word_finds_the_listings_that_contain_it(corpus: Backend) -> None:
    result = find(corpus, "pump")

    assert ids(result) == {"pump-centrifugal", "pump-molten-salt"}
    assert result.total == 2


@pytest.mark.parametrize("text", ["robot", "robots", "Robots", "ROBOT"])
def test_english_words_match_whatever_their_inflection_or_case(corpus: Backend, text: str) -> None:
    # "Industrial Robot …" and "Collaborative Robots" both, plus the description that mentions
    # robot welding cells.
    assert ids(find(corpus, text)) == {"robot-weld", "robot-cobot", "fume-extractor"}


def test_a_plural_query_finds_a_singular_name(corpus: Backend) -> None:
    assert ids(find(corpus, "sensor")) == {"sensor"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # One character inside a longer word.
        ("泵", {"pump-centrifugal", "pump-molten-salt"}),
        # Two characters: 新材料, 铝合金材料, and the description's 封装材料.
        ("材料", {"material-carbon", "material-alloy", "material-ceramic"}),
        # Three characters inside 工业机器人, in a name, a vendor-free summary and a description.
        ("机器人", {"robot-weld", "robot-cobot", "fume-extractor"}),
        # Four characters.
        ("离心泵", {"pump-centrifugal"}),
        ("工业机器人", {"robot-weld"}),
        ("碳纤维复合", {"material-carbon"}),
    ],
)
def test_chinese_of_any_length_is_found_inside_longer_words(
    corpus: Backend, text: str, expected: set[str]
) -> None:
    assert ids(find(corpus, text)) == expected


def test_chinese_characters_in_the_wrong_order_do_not_match_a_word(corpus: Backend) -> None:
    assert find(corpus, "泵心离").total == 0


def test_a_mixed_chinese_and_english_query_needs_both_parts(corpus: Backend) -> None:
    # 三轴CNC雕铣机 has CNC but not 五轴; only the five-axis machine has both.
    assert ids(find(corpus, "五轴 CNC")) == {"cnc-five-axis"}
    assert ids(find(corpus, "CNC")) == {"cnc-five-axis", "cnc-three-axis"}


def test_full_width_input_finds_half_width_text_and_back(corpus: Backend) -> None:
    assert ids(find(corpus, "ＣＮＣ")) == {"cnc-five-axis", "cnc-three-axis"}
    # The servo's name is written in full-width letters; a half-width query finds it.
    assert ids(find(corpus, "abc")) == {"servo-abc"}
    assert ids(find(corpus, "ABC-20")) == {"servo-abc"}


def test_every_word_of_a_query_must_match(corpus: Backend) -> None:
    assert ids(find(corpus, "robot welding")) == {"robot-weld", "fume-extractor"}
    assert find(corpus, "robot pump").total == 0


@pytest.mark.parametrize(
    "text",
    ['"pump', 'pump"', "pump:", "(pump", "pump)", "pump*", "\\pump", "+pump -", "{pump}", "/pump/"],
)
def test_query_syntax_characters_are_just_text(corpus: Backend, text: str) -> None:
    assert ids(find(corpus, text)) == {"pump-centrifugal", "pump-molten-salt"}


@pytest.mark.parametrize(
    "text",
    ["name:pump", "pump AND OR NOT", "pump~2", "pump^3", "[pump TO x]", 'a:"b" OR (c*', "*:*"],
)
def test_query_operators_are_words_to_match_not_syntax(corpus: Backend, text: str) -> None:
    result = find(corpus, text)

    assert result.total == len(result.hits) == 0


@pytest.mark.parametrize("text", ['"', ":", "(", "*", "\\", '"(*:\\)', "&&||", "\x00", "，。！"])
def test_text_without_words_finds_nothing_and_never_errors(corpus: Backend, text: str) -> None:
    result = find(corpus, text)

    assert (result.total, result.hits) == (0, [])


@pytest.mark.parametrize("text", ["", "   ", "\u3000"])
def test_no_text_lists_every_listing(corpus: Backend, text: str) -> None:
    result = find(corpus, text)

    assert result.total == len(CORPUS)
    assert ids(result) == {doc.id for doc in CORPUS}


def test_a_word_that_appears_nowhere_finds_nothing(corpus: Backend) -> None:
    result = find(corpus, "zeppelin")

    assert (result.total, result.hits) == (0, [])
