"""The synonym dictionary (search/synonyms/*.txt): it loads, it is well-formed, it covers the
taxonomy, and a search text expands the way both backends are asked."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from market.catalog.taxonomy import TechnicalField
from search import synonyms
from search.synonyms import MAX_QUERY_ALTERNATIVES, Dictionary, DictionaryError, load, parse

# A field's file holds the terminology of its standards and catalogues, not a token line.
MIN_LINES_PER_FIELD = 10


def written(slots: list[synonyms.Slot]) -> list[tuple[tuple[str, ...], list[tuple[str, ...]]]]:
    return [
        (
            tuple(unit.text for unit in slot.typed),
            [tuple(unit.text for unit in alternative) for alternative in slot.alternatives],
        )
        for slot in slots
    ]


def test_the_dictionary_of_the_package_loads() -> None:
    dictionary = load()

    assert len(dictionary) >= 300
    assert all(len(entry.phrases) + len(entry.narrower) >= 2 for entry in dictionary.entries)


@pytest.mark.parametrize("field", list(TechnicalField))
def test_every_technical_field_has_its_own_reviewed_file(field: TechnicalField) -> None:
    path = synonyms.FOLDER / f"{field.value}.txt"
    text = path.read_text(encoding="utf-8")

    assert text.startswith("#"), "the file says where its terms come from"
    assert len(parse(text, path.name)) >= MIN_LINES_PER_FIELD


def test_every_file_is_a_field_of_the_taxonomy_or_the_general_one() -> None:
    names = {path.stem for path in synonyms.FOLDER.glob("*.txt")}

    assert names == {field.value for field in TechnicalField} | {"general"}


@pytest.mark.parametrize(
    "phrases",
    [
        ["PLC", "可编程逻辑控制器"],
        ["TBM", "盾构机", "tunnel boring machine"],
        ["伺服", "servo"],
        ["光纤", "optical fibre"],
        ["风电", "风力发电", "wind power"],
    ],
)
def test_the_examples_buyers_type_are_one_line_each(phrases: list[str]) -> None:
    first, *others = phrases
    (slot,) = synonyms.expand(first)
    alternatives = {
        " ".join(unit.text for unit in alternative) for alternative in slot.alternatives
    }

    assert {other.lower() for other in others} <= alternatives


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("PLC\n", "a.txt:1: a line needs two phrases or more"),
        ("# comment\n\nPLC, ，\n", "a.txt:3: '' has no word to match"),
        ("servo, 伺服, Servos\n", "a.txt:1: 'Servos' is written twice"),
        ("foo, bar\n(*), baz\n", "a.txt:2: '(*)' has no word to match"),
        ("芯片 => \n", "a.txt:1: '' has no word to match"),
    ],
)
def test_a_bad_line_is_named_by_file_and_line(text: str, problem: str) -> None:
    with pytest.raises(DictionaryError, match=re.escape(problem)):
        parse(text, "a.txt")


def test_a_phrase_on_two_lines_must_be_merged(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("泵, pump\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("pumps, 水泵\n", encoding="utf-8")

    with pytest.raises(DictionaryError, match=r"b\.txt:1: 'pumps' is already a phrase of a.txt:1"):
        load(tmp_path)


def dictionary(*lines: str) -> Dictionary:
    return Dictionary(parse("\n".join(lines), "test.txt"))


def test_words_match_in_a_row_whatever_their_inflection() -> None:
    found = dictionary("盾构机, TBM, tunnel boring machine").expand("Tunnel Boring Machines price")

    assert written(found) == [
        (("tunnel", "boring", "machines"), [("盾构机",), ("tbm",)]),
        (("price",), []),
    ]


def test_a_chinese_phrase_is_found_inside_a_longer_run() -> None:
    found = dictionary("伺服, servo").expand("伺服电机")

    assert written(found) == [(("伺服电机",), [("servo", "电机")])]


def test_the_longest_phrase_wins_and_replacements_combine() -> None:
    words = dictionary("伺服电机, servo motor", "伺服, servo", "电机, motor", "驱动器, drive")

    assert written(words.expand("伺服电机")) == [(("伺服电机",), [("servo", "motor")])]
    # One replacement before two; the typed run itself is never an alternative.
    assert written(words.expand("伺服驱动器")) == [
        (("伺服驱动器",), [("伺服", "drive"), ("servo", "驱动器"), ("servo", "drive")])
    ]


def test_replaced_chinese_joins_its_neighbours_into_one_run() -> None:
    found = dictionary("风电, 风力发电").expand("风电叶片")

    assert written(found) == [(("风电叶片",), [("风力发电叶片",)])]


def test_a_one_way_line_widens_the_broader_term_only() -> None:
    words = dictionary("氢能, hydrogen energy", "氢能 => 燃料电池, 电解槽")

    assert written(words.expand("氢能")) == [
        (("氢能",), [("hydrogen", "energy"), ("燃料电池",), ("电解槽",)])
    ]
    assert written(words.expand("燃料电池")) == [(("燃料电池",), [])]


def test_a_broader_term_is_given_its_kinds_on_one_line() -> None:
    with pytest.raises(DictionaryError, match=r"test\.txt:2: '氢能' is already a broader term"):
        dictionary("氢能 => 燃料电池", "氢能 => 电解槽")


def test_a_text_without_synonyms_is_one_slot_per_word_as_typed() -> None:
    found = dictionary("泵, pump").expand("zeppelin 飞艇 zeppelin")

    assert written(found) == [(("zeppelin",), []), (("飞艇",), [])]


def test_a_long_text_asks_a_bounded_number_of_alternatives() -> None:
    found = synonyms.expand(" ".join(["PLC", "DCS", "CNC", "TBM", "MES", "ERP"] * 3))

    assert sum(len(slot.alternatives) for slot in found) <= MAX_QUERY_ALTERNATIVES


def test_an_alternative_scores_a_share_of_what_was_typed_whatever_its_length() -> None:
    (slot,) = dictionary("PLC, 可编程逻辑控制器").expand("PLC")
    ((groups, boost),) = slot.alternative_groups()

    # Seven pairs stand in for one word: each counts a seventh of half.
    assert sum(len(group.terms) for group in groups) == 7
    assert boost == pytest.approx(0.5 / 7)


def test_a_file_broken_on_a_server_means_no_synonyms_not_an_error(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "broken.txt").write_text("PLC\n", encoding="utf-8")
    monkeypatch.setattr(synonyms, "FOLDER", tmp_path)
    monkeypatch.setattr(synonyms, "load", lambda: load(tmp_path))
    synonyms.dictionary.cache_clear()
    try:
        assert synonyms.expand("PLC")[0].alternatives == ()
        assert "not well-formed" in caplog.text
    finally:
        synonyms.dictionary.cache_clear()
