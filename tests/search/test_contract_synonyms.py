"""Contract: abbreviations and the other language's name find a listing (search/synonyms), and
what was typed ranks above what stands in for it, the same in every backend."""

from __future__ import annotations

import pytest

from search.model import Backend, SearchQuery, SearchResult
from tests.search.conftest import _factory
from tests.search.corpus import _day, _doc


def listing(**fields: object):
    return _doc(published_at=_day(2025, 5, 1), vendor_id="v-1", vendor_name="某某公司", **fields)


DOCS = [
    # Twins that differ in how they name the same thing.
    listing(id="plc-abbr", name_zh="PLC 控制柜", summary="控制柜"),
    listing(id="plc-full", name_zh="可编程逻辑控制器 控制柜", summary="控制柜"),
    listing(id="tbm-zh", name_zh="超大直径盾构机", name_en="", summary="用于地铁隧道"),
    listing(id="tbm-en", name_zh="", name_en="Hard rock TBM", summary="For metro lines"),
    listing(id="tbm-shield", name_zh="", name_en="EPB shield tunnelling machines", summary=""),
    listing(id="servo", name_zh="伺服电机", name_en="", summary="交流伺服"),
    listing(id="fibre", name_zh="", name_en="Optical fibres for 5G", summary="G.654"),
    listing(id="wind", name_zh="风力发电机组叶片", name_en="", summary="碳纤维主梁"),
    listing(id="mes", name_zh="制造执行系统", name_en="", summary="离散制造车间"),
    listing(id="pump", name_zh="", name_en="Molten salt pumps", summary="光热电站"),
    listing(id="unrelated", name_zh="数控系统", name_en="", summary="机床"),
]


@pytest.fixture(scope="module")
def backend(backend_kind: str, tmp_path_factory: pytest.TempPathFactory):
    opened = _factory(backend_kind, tmp_path_factory.mktemp("synonyms"))()
    opened.index_many(DOCS)
    yield opened
    opened.close()


def find(backend: Backend, text: str) -> SearchResult:
    return backend.search(SearchQuery(text=text, per_page=50))


def order(backend: Backend, text: str) -> list[str]:
    return [hit.id for hit in find(backend, text).hits]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("PLC", {"plc-abbr", "plc-full"}),
        ("可编程逻辑控制器", {"plc-abbr", "plc-full"}),
        ("TBM", {"tbm-zh", "tbm-en", "tbm-shield"}),
        ("盾构机", {"tbm-zh", "tbm-en", "tbm-shield"}),
        ("tunnel boring machine", {"tbm-zh", "tbm-en", "tbm-shield"}),
        ("servo motor", {"servo"}),
        ("伺服", {"servo"}),
        ("光纤", {"fibre"}),
        ("optical fiber", {"fibre"}),
        ("风电", {"wind"}),
        ("wind power", {"wind"}),
        ("MES", {"mes"}),
        ("泵", {"pump"}),
    ],
)
def test_an_abbreviation_or_the_other_languages_name_finds_the_listing(
    backend: Backend, text: str, expected: set[str]
) -> None:
    assert set(order(backend, text)) == expected


@pytest.mark.parametrize(
    ("text", "first"),
    [
        ("PLC", "plc-abbr"),
        ("可编程逻辑控制器", "plc-full"),
        ("TBM", "tbm-en"),
        ("盾构机", "tbm-zh"),
    ],
)
def test_in_the_same_field_what_was_typed_ranks_above_what_stands_in_for_it(
    backend: Backend, text: str, first: str
) -> None:
    assert order(backend, text)[0] == first


def test_a_synonym_never_loosens_the_other_words(backend: Backend) -> None:
    # Every word must still match: 隧道 is in the Chinese machine's summary only.
    assert order(backend, "TBM 隧道") == ["tbm-zh"]
    assert find(backend, "PLC 隧道").total == 0


def test_english_morphology_stays_in_synonyms(backend: Backend) -> None:
    # "machines" and "fibres" are stemmed like any word, on either side of the line.
    assert "tbm-shield" in order(backend, "盾构机")
    assert order(backend, "光纤") == ["fibre"]


def test_highlights_mark_what_matched_the_synonym_included(backend: Backend) -> None:
    by_id = {hit.id: hit.highlights for hit in find(backend, "TBM").hits}

    assert by_id["tbm-en"]["name_en"] == "Hard rock <mark>TBM</mark>"
    assert by_id["tbm-zh"]["name_zh"] == "超大直径<mark>盾构机</mark>"
