"""Contract: suggestions offer words before names, list a listing once, fold a vendor's models
and cut long names at a word boundary (issue 17). Runs on every backend of conftest.py, on a
small corpus of its own."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from search.completion import MAX_LINE_CHARS, Kind
from search.model import Backend, SearchDocument
from tests.search.conftest import MakeBackend, _factory

_START = datetime(2025, 3, 1, 9, 0, tzinfo=UTC)


def _doc(number: int, name_zh: str, name_en: str = "", **fields: Any) -> SearchDocument:
    defaults: dict[str, Any] = {
        "vendor_id": f"v{number}",
        "vendor_name": f"厂商{number}",
        "category": "equipment",
        "technical_field_label": "高端装备制造",
    }
    return SearchDocument(
        id=f"s{number:02d}",
        name_zh=name_zh,
        name_en=name_en,
        published_at=_START + timedelta(days=number),
        **{**defaults, **fields},
    )


LONG_EN = "Five-axis Simultaneous Machining Centre with Automatic Pallet Changer and Probe"
LISTINGS = [
    _doc(1, "工业机器人", "Industrial Robot", tags=["机器人"], verified_designation=True),
    _doc(2, "协作机器人", "Collaborative Robot"),
    _doc(3, "焊接机器人工作站", "Welding Robot Cell"),
    _doc(4, "数控机床", "CNC Machine Tool", verified_test_report=True),
    _doc(5, "高档数控机床", "High-end CNC Machine Tool"),
    _doc(6, "机械手", "Manipulator"),
    _doc(7, "三轴CNC雕铣机", "Three-axis CNC Engraving Machine"),
    # One vendor's three models, and the same machine by another vendor.
    _doc(8, "XK-5000 五轴加工中心", "XK-5000 Five-axis Machining Centre", vendor_id="vx"),
    _doc(9, "XK-5000A 五轴加工中心", "XK-5000A Five-axis Machining Centre", vendor_id="vx"),
    _doc(10, "XK-5000B 五轴加工中心", "XK-5000B Five-axis Machining Centre", vendor_id="vx"),
    _doc(11, "HM-800 五轴加工中心", "HM-800 Five-axis Machining Centre", vendor_id="vh"),
    _doc(12, "龙门五轴联动加工中心", LONG_EN),
]


@pytest.fixture(scope="module")
def catalog(backend_kind: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Backend]:
    """This module's listings, indexed once per backend; tests using it must not write."""
    backend = _factory(backend_kind, tmp_path_factory.mktemp("suggest"))()
    backend.index_many(LISTINGS)
    yield backend
    backend.close()


def test_words_come_before_names(catalog: Backend) -> None:
    suggestions = catalog.suggest("机")

    # 机器人 and 机床 recur across names (and 机器 is always followed by 人); 机械 is in one.
    assert suggestions[:2] == ["机器人", "机床"]
    assert [s.kind for s in suggestions[:2]] == [Kind.WORD, Kind.WORD]
    assert [s.listings for s in suggestions[:2]] == [3, 2]
    assert "机械" not in suggestions
    assert "机器" not in suggestions
    assert "机械手" in suggestions  # the listing itself, by its name
    assert all(s.kind is Kind.NAME for s in suggestions[2:])


def test_latin_words_are_completed_too(catalog: Backend) -> None:
    assert catalog.suggest("rob")[0] == "Robot"
    assert catalog.suggest("rob")[0].listings == 3
    # Machine and Machining are one stem (a search finds both by either): one word, shown in
    # its most frequent form.
    suggestions = catalog.suggest("ma")
    assert suggestions[0] == "Machining"
    assert suggestions[0].kind is Kind.WORD
    assert all(s.kind is Kind.NAME for s in suggestions[1:])


def test_a_listing_whose_names_both_match_is_listed_once(catalog: Backend) -> None:
    # 三轴CNC雕铣机 and Three-axis CNC Engraving Machine both hold CNC: the Chinese name shows.
    suggestions = catalog.suggest("cnc")

    assert "三轴CNC雕铣机" in suggestions
    assert "Three-axis CNC Engraving Machine" not in suggestions
    assert len(suggestions) == len(set(suggestions))
    # Typed in English, the English name.
    assert "Three-axis CNC Engraving Machine" in catalog.suggest("three")
    assert "三轴CNC雕铣机" not in catalog.suggest("three")


def test_a_vendors_models_fold_into_one_line(catalog: Backend) -> None:
    suggestions = catalog.suggest("五轴加")

    folded = [s for s in suggestions if s.listings > 1]
    assert [(s, s.listings) for s in folded] == [("五轴加工中心", 3)]
    # The other vendor's machine keeps its own line.
    assert "HM-800 五轴加工中心" in suggestions
    assert not any(s.startswith("XK-5000") for s in suggestions)


def test_a_typed_model_number_lists_each_model(catalog: Backend) -> None:
    assert set(catalog.suggest("xk-5000")) == {
        "XK-5000 五轴加工中心",
        "XK-5000A 五轴加工中心",
        "XK-5000B 五轴加工中心",
    }
    assert catalog.suggest("xk-5000b") == ["XK-5000B 五轴加工中心"]


def test_long_names_are_cut_at_a_word_boundary(catalog: Backend) -> None:
    (line,) = catalog.suggest("five-axis sim")

    assert line.endswith("…")
    assert len(line) <= MAX_LINE_CHARS
    assert LONG_EN.startswith(line[:-1])
    # Cut where a word ends, never inside one.
    assert LONG_EN[len(line) - 1] == " "


def test_suggestions_keep_the_limit_with_words_and_names(catalog: Backend) -> None:
    suggestions = catalog.suggest("机", limit=3)

    assert len(suggestions) == 3
    assert [s.kind for s in suggestions] == [Kind.WORD, Kind.WORD, Kind.NAME]


def test_a_deleted_listing_no_longer_counts_for_a_word(make_backend: MakeBackend) -> None:
    backend = make_backend()
    backend.index_many(LISTINGS)

    backend.delete_many(["s04"])

    # 机床 is left in one listing's name: reached by that name, no longer a word.
    suggestions = backend.suggest("机")
    assert "机床" not in suggestions
    assert "高档数控机床" in suggestions
    assert suggestions[0] == "机器人"
    assert suggestions[0].listings == 3
