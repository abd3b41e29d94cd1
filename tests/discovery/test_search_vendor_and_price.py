"""Narrowing a search to one vendor's listings (as a product page links to) and to a price
range, on the page and in the API: both show as chips that remove them, and the page's form
keeps them when the buyer changes the words or ticks a facet."""

from __future__ import annotations

import re
import uuid

import pytest

from market.accounts.models import OrgKind, OrgStatus, Role
from market.catalog.models import ListingState
from market.core.db import db
from market.discovery import sync
from tests.discovery.conftest import ROBOT


@pytest.fixture
def rival(make_org):
    return make_org(kind=OrgKind.VENDOR, name="Wuxi Rival Robotics")


@pytest.fixture
def listings(index, make_product, make_user, rival):
    ours = make_product(ListingState.PUBLISHED, **ROBOT)
    cnc = make_product(ListingState.PUBLISHED)  # ¥4,500,000 – ¥5,200,000, public
    theirs = make_product(
        ListingState.PUBLISHED,
        owner=rival,
        staff=make_user(rival, roles=(Role.STAFF,)),
        **ROBOT | {"name_en": "Rival welding robot", "price_min_fen": 90_000_000},
    )
    sync.drain(index)
    return {"ours": str(ours.id), "cnc": str(cnc.id), "theirs": str(theirs.id)}


def ids(response) -> set[str]:
    return set(re.findall(r'data-product="([^"]+)"', response.get_data(as_text=True)))


def chip_link(page: str, chip: str) -> str:
    found = re.search(rf'data-chip="{re.escape(chip)}"\s+href="([^"]*)"', page)
    assert found, f"no chip {chip}"
    return found.group(1).replace("&amp;", "&")


def test_a_search_narrowed_to_one_vendor_shows_only_its_listings(client, listings, vendor, rival):
    everything = client.get("/search?q=robot")
    assert ids(everything) == {listings["ours"], listings["theirs"]}

    response = client.get(f"/search?q=robot&vendor={rival.id}")
    page = response.get_data(as_text=True)

    assert ids(response) == {listings["theirs"]}
    assert f"By {rival.display_name} ×" in page
    # Submitting the form again (new words, a facet) keeps the vendor.
    assert f'<input type="hidden" name="vendor" value="{rival.id}">' in page
    removed = client.get(chip_link(page, f"vendor={rival.id}"))
    assert ids(removed) == {listings["ours"], listings["theirs"]}


def test_the_api_narrows_to_vendors_and_refuses_what_is_not_an_id(client, listings, vendor, rival):
    one = client.get(f"/api/v1/search?vendor={vendor.id}").json
    assert {hit["id"] for hit in one["hits"]} == {listings["ours"], listings["cnc"]}
    both = client.get(f"/api/v1/search?vendor={vendor.id}&vendor={rival.id}").json
    assert both["total"] == 3

    refused = client.get("/api/v1/search?vendor=not-an-id")
    assert refused.status_code == 422
    assert "vendor" in refused.json["error"]["fields"]
    too_many = "&".join(f"vendor={uuid.uuid4()}" for _ in range(11))
    assert client.get(f"/api/v1/search?{too_many}").status_code == 422


def test_the_page_ignores_a_vendor_that_is_not_an_id_and_names_no_hidden_vendor(
    client, listings, rival
):
    ignored = client.get("/search?q=robot&vendor=not-an-id")
    assert ids(ignored) == {listings["ours"], listings["theirs"]}

    rival.status, rival.suspension_reason = OrgStatus.SUSPENDED, "Forged report."
    db.session.commit()
    page = client.get(f"/search?vendor={rival.id}").get_data(as_text=True)
    assert "By a vendor no longer listed ×" in page
    assert rival.name_en not in page
    assert 'id="empty-state"' in page


def test_a_product_page_links_to_a_search_of_its_vendors_listings(client, listings, vendor):
    page = client.get(f"/products/{listings['ours']}").get_data(as_text=True)

    link = re.search(r'href="([^"]*)" id="search-vendor"', page)
    assert link
    assert ids(client.get(link.group(1))) == {listings["ours"], listings["cnc"]}


def test_a_price_range_narrows_shows_as_chips_and_stays_in_the_form(client, listings):
    response = client.get("/search?price_min=500000&price_max=1000000")
    page = response.get_data(as_text=True)

    # Only the rival's robot (from ¥900,000) overlaps; the CNC starts at ¥4,500,000.
    assert ids(response) == {listings["theirs"]}
    assert 'name="price_min" value="500000"' in page
    assert 'name="price_max" value="1000000"' in page
    assert "From ¥500,000.00 ×" in page
    assert "Up to ¥1,000,000.00 ×" in page
    wider = client.get(chip_link(page, "price_max"))
    assert ids(wider) == {listings["theirs"], listings["ours"], listings["cnc"]}
    assert 'name="price_max" value=""' in wider.get_data(as_text=True)


def test_a_reversed_price_range_is_explained(client, listings):
    page = client.get("/search?price_min=2000000&price_max=1000").get_data(as_text=True)

    assert 'id="price-reversed"' in page
    assert 'id="empty-state"' in page
    assert "Search again without filters" in page
