"""Through the API and the page: a word in a vendor's name (a pump maker's 泵) does not list that
vendor's tractors and turbines among the pumps, nor count them in the facets (issue 13)."""

from __future__ import annotations

import pytest

from market.accounts.models import OrgKind, Role
from market.catalog.models import ListingState
from market.catalog.taxonomy import TechnicalField
from market.discovery import sync


@pytest.fixture
def pump_maker_listings(index, make_org, make_user, make_product):
    maker = make_org(kind=OrgKind.VENDOR, name="博泵重工")  # named 测试博泵重工
    staff = make_user(maker, roles=(Role.STAFF,))
    made = {
        key: make_product(
            ListingState.PUBLISHED,
            owner=maker,
            staff=staff,
            name_zh=name_zh,
            name_en=name_en,
            summary=summary,
            technical_field=field,
            tags=[],
        )
        for key, name_zh, name_en, summary, field in (
            (
                "pump",
                "多级离心泵",
                "Multistage centrifugal pump",
                "Boiler feed duty.",
                TechnicalField.POWER_EQUIPMENT,
            ),
            (
                "tractor",
                "大马力拖拉机",
                "High-power tractor",
                "Four-wheel drive, 240 hp.",
                TechnicalField.AGRICULTURAL_MACHINERY,
            ),
            (
                "turbine",
                "海上风力发电机组",
                "Offshore wind turbine",
                "Rated 8 MW.",
                TechnicalField.NEW_ENERGY,
            ),
        )
    }
    sync.drain(index)
    return {key: str(product.id) for key, product in made.items()}


def test_the_api_lists_the_pump_first_and_counts_only_it(client, pump_maker_listings):
    body = client.get("/api/v1/search?q=泵").json

    ids = [hit["id"] for hit in body["hits"]]
    assert ids[0] == pump_maker_listings["pump"]
    assert set(ids[1:]) == {pump_maker_listings["tractor"], pump_maker_listings["turbine"]}
    fields = {bucket["value"]: bucket["count"] for bucket in body["facets"]["field"]}
    assert fields == {"power_equipment": 1}


def test_the_makers_name_finds_and_counts_all_its_listings(client, pump_maker_listings):
    body = client.get("/api/v1/search?q=博泵重工").json

    assert {hit["id"] for hit in body["hits"]} == set(pump_maker_listings.values())
    assert sum(bucket["count"] for bucket in body["facets"]["field"]) == 3
