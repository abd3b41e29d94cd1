"""The search page and /api/v1/search: what a buyer looking for a supplier sees."""

from __future__ import annotations

import re
from datetime import date

import pytest

from market.catalog import services
from market.catalog.evidence import ReviewStatus
from market.catalog.models import ListingState
from market.catalog.taxonomy import Category, TechnicalField
from market.core.audit import Actor
from market.core.db import db
from market.discovery import finding, sync
from market.discovery.api import SearchResultSchema
from tests.discovery.conftest import ROBOT

MATERIAL = {"name_zh": "高温合金棒材", "name_en": "Superalloy bar", "region": "330000"}


@pytest.fixture
def listings(index, make_product):
    robot = make_product(ListingState.PUBLISHED, **ROBOT)
    cnc = make_product(ListingState.PUBLISHED)  # 五轴联动数控机床, Jiangsu
    alloy = make_product(ListingState.PUBLISHED, category=Category.MATERIAL, **MATERIAL)
    draft = make_product(ListingState.DRAFT, name_zh="秘密机器人草稿", name_en="Secret robot draft")
    sync.drain(index)
    return {"robot": robot, "cnc": cnc, "alloy": alloy, "draft": draft}


def ids(response) -> list[str]:
    return re.findall(r'data-product="([^"]+)"', response.get_data(as_text=True))


def test_searching_robots_in_chinese_finds_the_robot_highlighted(client, listings):
    response = client.get("/search?q=机器人")
    page = response.get_data(as_text=True)

    assert response.status_code == 200
    assert ids(response) == [str(listings["robot"].id)]
    assert "六轴工业<mark>机器人</mark>" in page
    assert "Secret robot draft" not in page
    assert 'data-badge="designation_verified"' in page
    assert '<a class="nav-link" href="/search">' in page


def test_a_facet_narrows_and_its_chip_removes_it(client, listings):
    everything = client.get("/search")
    assert set(ids(everything)) == {str(listings[k].id) for k in ("robot", "cnc", "alloy")}
    assert 'name="category" value="material"' in everything.get_data(as_text=True)

    narrowed = client.get("/search?category=material")
    page = narrowed.get_data(as_text=True)
    assert ids(narrowed) == [str(listings["alloy"].id)]
    # The chosen value keeps its siblings' counts, and a chip links back to everything.
    assert re.search(
        r'value="equipment"[^>]*>\s*<label[^>]*>\s*<a[^>]*>[^<]*</a>\s*'
        r'<span class="text-secondary small">\(2\)',
        page,
    )
    chip = re.search(r'data-chip="category=material"\s+href="([^"]*)"', page)
    assert chip
    assert "category" not in chip.group(1)


def test_the_url_carries_the_whole_query(client, listings):
    response = client.get(
        f"/search?q=robot&field={TechnicalField.INDUSTRIAL_ROBOTS.value}&region=310000&sort=newest"
    )
    page = response.get_data(as_text=True)
    assert ids(response) == [str(listings["robot"].id)]
    assert 'value="robot"' in page
    assert '<option value="newest" selected>' in page
    assert 'data-chip="region=310000"' in page


@pytest.mark.parametrize("text", ['"robot', "name:robot", "(robot", "rob*", "robot\\", "AND OR"])
def test_syntax_characters_are_text_not_errors(client, listings, text):
    assert client.get("/search", query_string={"q": text}).status_code == 200
    response = client.get("/api/v1/search", query_string={"q": text})
    assert response.status_code == 200
    assert isinstance(response.json["hits"], list)


def test_a_page_past_the_end_is_empty_not_an_error(client, listings):
    response = client.get("/search?page=99")
    assert response.status_code == 200
    assert ids(response) == []
    assert "There are no more results." in response.get_data(as_text=True)

    api = client.get("/api/v1/search?page=99")
    assert api.status_code == 200
    assert api.json["hits"] == []
    assert api.json["total"] == 3
    assert api.json["page"] == 99


def test_absurd_page_numbers_and_prices_are_answers_or_422s_never_500s(client, listings):
    huge = str(10**30)  # past any SQL offset, any index column and any JSON integer
    assert client.get(f"/search?page={huge}").status_code == 200
    assert ids(client.get(f"/search?q=pump&price_min={huge}")) == []

    refused = client.get(f"/api/v1/search?page={huge}")
    assert refused.status_code == 422
    assert "page" in refused.json["error"]["fields"]
    last = client.get(f"/api/v1/search?page={2**31 - 1}")
    assert (last.status_code, last.json["hits"], last.json["total"]) == (200, [], 3)
    assert client.get(f"/api/v1/search?price_min={huge}").json["total"] == 0
    priced = client.get("/api/v1/search?price_min=0").json["total"]
    assert client.get(f"/api/v1/search?price_max={huge}").json["total"] == priced


def test_an_empty_search_helps(client, listings):
    page = client.get("/search?q=潜水艇&category=software").get_data(as_text=True)
    assert 'id="empty-state"' in page
    assert "Search again without filters" in page


def test_the_api_answers_hits_facets_and_caps_per_page(client, listings):
    response = client.get("/api/v1/search?q=机器人&per_page=1000")

    assert response.status_code == 200
    body = response.json
    assert body["total"] == 1
    assert body["page"] == 1
    (hit,) = body["hits"]
    assert hit["id"] == str(listings["robot"].id)
    assert hit["name"] == "六轴工业机器人 / Six-axis industrial robot"
    assert hit["category"] == "equipment"
    assert hit["badges"] == ["designation_verified"]
    assert "<mark>机器人</mark>" in hit["highlights"]["name_zh"]
    assert hit["score"] > 0
    assert {"value": "equipment", "count": 1} in body["facets"]["category"]
    assert set(body["facets"]) >= {"category", "field", "region", "kind", "verified", "insured"}


def test_the_api_narrows_by_facets_and_validates_them(client, listings):
    narrowed = client.get("/api/v1/search?category=equipment&region=320000")
    assert [h["id"] for h in narrowed.json["hits"]] == [str(listings["cnc"].id)]

    bad = client.get("/api/v1/search?category=spaceships")
    assert bad.status_code == 422
    assert "category" in bad.json["error"]["fields"]


def test_suggestions_complete_a_prefix(client, listings):
    response = client.get("/api/v1/search/suggest?q=Six")
    assert response.status_code == 200
    assert any("Six-axis" in s for s in response.json["suggestions"])
    assert client.get("/api/v1/search/suggest?q=").json == {"suggestions": [], "items": []}


def test_a_listing_is_searchable_right_after_the_request_that_publishes_it(
    as_user, index, make_product, reviewer
):
    product = make_product(ListingState.SUBMITTED, **ROBOT)
    for claim in product.working_version.designations:
        services.review_claim(claim, ReviewStatus.VERIFIED, "", Actor(user=reviewer))
    db.session.commit()
    assert as_user(None).get("/api/v1/search?q=机器人").json["hits"] == []

    response = as_user(reviewer).post(f"/review/{product.id}/publish")

    assert response.status_code == 302
    # The request committed, then drained the outbox: no `flask search sync` needed.
    hits = as_user(None).get("/api/v1/search?q=机器人").json["hits"]
    assert [h["id"] for h in hits] == [str(product.id)]


def test_highlights_are_the_only_markup_in_a_result(client, index, make_product):
    make_product(
        ListingState.PUBLISHED, **{**ROBOT, "name_en": "<script>alert(1)</script> robot arm"}
    )
    sync.drain(index)

    page = client.get("/search?q=robot").get_data(as_text=True)

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; <mark>robot</mark> arm" in page


def test_a_failed_drain_after_a_request_never_fails_the_request(
    as_user, index, make_product, reviewer, monkeypatch
):
    product = make_product(ListingState.SUBMITTED, **ROBOT)
    for claim in product.working_version.designations:
        services.review_claim(claim, ReviewStatus.VERIFIED, "", Actor(user=reviewer))
    db.session.commit()

    def broken(docs):
        raise OSError("index volume gone")

    monkeypatch.setattr(index, "index_many", broken)
    response = as_user(reviewer).post(f"/review/{product.id}/publish")

    assert response.status_code == 302
    assert sync.status(index)["last_error"] == "OSError: index volume gone"


def test_the_api_document_is_what_its_schema_documents(client, listings):
    # The view returns its JSON without dumping it through the schema (for speed); the schema
    # is what the OpenAPI document promises, so the two must agree.
    body = client.get("/api/v1/search?q=robot&category=equipment").json

    assert body["hits"]
    assert SearchResultSchema().dump(body) == body


def test_the_evidence_counts_are_what_ticking_each_box_would_leave(client, listings):
    facets = client.get("/api/v1/search").json["facets"]

    for flag in ("verified", "insured"):
        ticked = client.get(f"/api/v1/search?{flag}=1").json
        assert facets[flag] == [{"value": "true", "count": ticked["total"]}]
    assert facets["verified"][0]["count"] == 3  # every published listing has a designation


def test_a_hit_that_left_the_catalogue_before_the_next_drain_is_not_shown(
    client, listings, reviewer
):
    # Suspended outside a request: no drain has run, so the index still has the robot.
    services.suspend(listings["robot"], "Complaint.", Actor(user=reviewer))
    db.session.flush()

    body = client.get("/api/v1/search?q=机器人").json
    assert body["hits"] == []
    assert ids(client.get("/search?q=机器人")) == []


def test_a_hit_shows_the_vendor_and_badges_as_the_catalogue_does(client, listings):
    (hit,) = client.get("/api/v1/search?q=机器人").json["hits"]

    assert hit["vendor"] == listings["robot"].vendor.display_name
    page = client.get("/search?q=机器人").get_data(as_text=True)
    assert 'data-badge="designation_verified"' in page
    assert listings["robot"].vendor.name_zh in page


def test_a_listing_whose_designations_lapsed_since_it_was_indexed_is_not_shown(
    client, listings, monkeypatch
):
    assert ids(client.get("/search?q=机器人")) == [str(listings["robot"].id)]

    # The day after every designation ended (2099-08-31), before `flask catalog expire` ran.
    monkeypatch.setattr(finding, "business_today", lambda: date(2099, 9, 1))

    assert ids(client.get("/search?q=机器人")) == []
    assert client.get("/api/v1/search?q=机器人").json["hits"] == []


def test_a_badge_shows_only_while_its_claim_is_valid(client, listings, monkeypatch):
    (hit,) = client.get("/api/v1/search?q=机器人").json["hits"]
    assert hit["badges"] == ["designation_verified"]

    # Before the designation's validity began, the listing is found but earns no badge.
    monkeypatch.setattr(finding, "business_today", lambda: date(2024, 8, 31))
    (hit,) = client.get("/api/v1/search?q=机器人").json["hits"]
    assert hit["badges"] == []
