"""Contract: a word found only in a vendor's company name does not flood the results (issue 13).

A pump maker's name holds 泵; a buyer typing 泵 wants pumps, not that maker's tractors and wind
turbines. Listings that match every word in their own text (name, tags, summary, field,
description) come first and alone make the facet counts; listings that need the vendor's name
for some word are listed after all of them, and are counted only when nothing else matches (a
buyer who types a company's name still finds, and can narrow, its listings)."""

from __future__ import annotations

import pytest

from search.model import Backend, Facet, Filters, SearchQuery
from tests.search.conftest import MakeBackend
from tests.search.corpus import _day, _doc

PUMP_MAKER = "v-bobeng"


def listing(**fields: object):
    return _doc(published_at=_day(2025, 3, 1), **fields)


DOCS = [
    # Only its long description says 泵, the weakest field: still above a vendor-name match.
    listing(
        id="tower",
        name_zh="闭式冷却塔",
        name_en="Closed cooling tower",
        description="逆流式闭式冷却塔，换热盘管采用不锈钢，塔底设置喷淋循环水泵一台，"
        "配套变频风机与智能控制柜，适用于数据中心与化工装置。" * 3,
        vendor_id="v-lanzhou",
        vendor_name="兰州换热",
        technical_field="T08",
        technical_field_label="热工装备",
    ),
    listing(
        id="maker-pump",
        name_zh="多级离心泵",
        name_en="Multistage centrifugal pump",
        vendor_id=PUMP_MAKER,
        vendor_name="博泵重工集团",
        technical_field="T07",
        technical_field_label="流体机械",
    ),
    listing(
        id="maker-tractor",
        name_zh="大马力拖拉机",
        name_en="High-power tractor",
        vendor_id=PUMP_MAKER,
        vendor_name="博泵重工集团",
        technical_field="T09",
        technical_field_label="农业机械",
        category="equipment",
    ),
    listing(
        id="maker-turbine",
        name_zh="海上风力发电机组",
        name_en="Offshore wind turbine",
        vendor_id=PUMP_MAKER,
        vendor_name="博泵重工集团",
        technical_field="T11",
        technical_field_label="新能源装备",
    ),
    listing(
        id="salt-pump",
        name_zh="熔盐泵",
        name_en="Molten salt pump",
        vendor_id="v-huadian",
        vendor_name="华电装备",
        technical_field="T07",
        technical_field_label="流体机械",
    ),
    listing(
        id="skid",
        name_zh="撬装换热机组",
        name_en="Skid-mounted heat exchanger",
        summary="配套循环泵与变频控制",
        vendor_id="v-lanzhou",
        vendor_name="兰州换热",
        technical_field="T08",
        technical_field_label="热工装备",
    ),
]
CONTENT = {"maker-pump", "salt-pump", "skid", "tower"}
VENDOR_ONLY = {"maker-tractor", "maker-turbine"}


@pytest.fixture
def catalogue(make_backend: MakeBackend) -> Backend:
    backend = make_backend()
    backend.index_many(DOCS)
    return backend


def search(backend: Backend, text: str, **options: object):
    return backend.search(SearchQuery(text=text, per_page=20, **options))  # type: ignore[arg-type]


def test_listings_matching_only_by_vendor_name_rank_below_every_content_match(catalogue):
    result = search(catalogue, "泵")

    ranked = [hit.id for hit in result.hits]
    assert set(ranked[:4]) == CONTENT
    assert set(ranked[4:]) == VENDOR_ONLY
    assert result.total == 6


def test_facets_count_only_the_content_matches(catalogue):
    result = search(catalogue, "泵", facets={Facet.TECHNICAL_FIELD, Facet.VENDOR}, count_flags=True)

    fields = dict(result.facets["technical_field"])
    assert fields == {"T07": 2, "T08": 2}  # no 农业机械 (T09) or 新能源装备 (T11)
    assert dict(result.facets["vendor"]) == {PUMP_MAKER: 1, "v-huadian": 1, "v-lanzhou": 2}
    assert sum(dict(result.facets["vendor"]).values()) == len(CONTENT)


def test_pages_list_the_content_matches_then_the_vendor_matches_each_once(catalogue):
    pages = [
        [hit.id for hit in catalogue.search(SearchQuery(text="泵", page=p, per_page=2)).hits]
        for p in (1, 2, 3, 4)
    ]

    assert [len(page) for page in pages] == [2, 2, 2, 0]
    everything = [hit for page in pages for hit in page]
    assert len(set(everything)) == 6
    assert set(everything[:4]) == CONTENT


def test_a_vendors_name_alone_still_finds_and_counts_its_listings(catalogue):
    result = search(catalogue, "博泵重工", facets={Facet.TECHNICAL_FIELD})

    assert {hit.id for hit in result.hits} == {"maker-pump", "maker-tractor", "maker-turbine"}
    assert dict(result.facets["technical_field"]) == {"T07": 1, "T09": 1, "T11": 1}


def test_a_word_per_word_rule_a_second_word_in_the_content_does_not_lift_a_vendor_match(
    catalogue,
):
    # 拖拉机 is in the tractor's name, but 泵 only in its maker's name: nothing matches both
    # words in its own text, so the vendor's name counts and the tractor is found and counted.
    result = search(catalogue, "泵 拖拉机", facets={Facet.TECHNICAL_FIELD})

    assert [hit.id for hit in result.hits] == ["maker-tractor"]
    assert dict(result.facets["technical_field"]) == {"T09": 1}


def test_filters_apply_to_both_tiers(catalogue):
    result = search(catalogue, "泵", filters=Filters(technical_field="T11"))

    assert [hit.id for hit in result.hits] == ["maker-turbine"]
    assert result.total == 1
