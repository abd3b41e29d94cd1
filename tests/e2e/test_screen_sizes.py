"""The pages on a phone (390 x 844, an iPhone 14) and on a laptop (1366 x 768).

On a phone the navigation bar folds behind a Menu button, the search facets behind a Filters
button above the results, and tables scroll inside themselves instead of widening the page. On
a laptop everything stays in view. None of it needs JavaScript.
"""

from __future__ import annotations

import re
import uuid

import pytest
import sqlalchemy as sa
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from market.accounts.models import User
from market.catalog.taxonomy import TechnicalField
from market.core.db import db
from tests.e2e.conftest import DEMO_PASSWORD, OPERATOR_ADMIN
from tests.e2e.test_search_journey import publish
from tests.e2e.test_vendor_onboarding import sign_in

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}


def navbar_height(page: Page) -> float:
    box = page.get_by_role("navigation", name="Main").bounding_box()
    assert box is not None
    return box["height"]


def horizontal_overflow(page: Page) -> int:
    """How many pixels the page is wider than the window (0 when it does not scroll sideways)."""
    return page.evaluate("document.documentElement.scrollWidth - window.innerWidth")


@pytest.fixture
def listing(live_app: Flask) -> str:
    """A published listing of vendor1, with a run-unique model name to search for."""
    model = f"SZ-{uuid.uuid4().hex[:5].upper()}"
    publish(
        live_app,
        name_zh=f"焊接机器人工作站 {model}",
        name_en=f"Robotic welding cell {model}",
        technical_field=TechnicalField.INDUSTRIAL_ROBOTS,
    )
    return model


def test_on_a_phone_the_navigation_folds_behind_a_menu_button(page: Page) -> None:
    page.set_viewport_size(PHONE)
    page.goto("/")
    nav = page.get_by_role("navigation", name="Main")

    assert navbar_height(page) <= 70
    expect(nav.get_by_role("link", name="Catalogue", exact=True)).to_be_hidden()

    nav.get_by_text("Menu", exact=True).click()
    expect(nav.get_by_role("link", name="Catalogue", exact=True)).to_be_visible()
    nav.get_by_role("link", name="Catalogue", exact=True).click()
    expect(page).to_have_url(re.compile(r"/catalogue$"))
    assert navbar_height(page) <= 70  # a new page starts folded again


def test_on_a_laptop_every_navigation_link_shows_on_one_row(page: Page) -> None:
    page.set_viewport_size(LAPTOP)
    sign_in(page, "admin@vendor1.demo", DEMO_PASSWORD)
    nav = page.get_by_role("navigation", name="Main")

    expect(nav.get_by_text("Menu", exact=True)).to_be_hidden()
    for name in ("Search", "Catalogue", "My listings", "My organisation"):
        expect(nav.get_by_role("link", name=name, exact=True)).to_be_visible()
    expect(nav.get_by_role("button", name="Sign out")).to_be_visible()
    assert navbar_height(page) <= 70


def test_on_a_phone_the_first_result_is_on_the_first_screen_with_filters_folded_above(
    page: Page, listing: str
) -> None:
    page.set_viewport_size(PHONE)
    page.goto(f"/search?q={listing}")
    first = page.locator("[data-product]").first
    expect(first).to_contain_text(listing)

    box = first.bounding_box()
    assert box is not None
    assert box["y"] + 60 < PHONE["height"], f"the first result starts {box['y']:.0f} px down"
    facets = page.get_by_role("complementary", name="Narrow the results")
    expect(facets.get_by_text("Verified evidence")).to_be_hidden()

    page.get_by_text("Filters", exact=True).click()
    expect(facets.get_by_text("Verified evidence")).to_be_visible()
    facet_box, results_box = facets.bounding_box(), first.bounding_box()
    assert facet_box is not None
    assert results_box is not None
    assert facet_box["y"] + facet_box["height"] <= results_box["y"]  # above the results
    facets.get_by_role("link", name=re.compile("Industrial robots")).click()
    expect(page.get_by_role("link", name=re.compile("Remove filter .*Industrial robots")))
    expect(page.locator("[data-product]", has_text=listing)).to_have_count(1)


def test_on_a_laptop_the_filters_stay_open_beside_the_results(page: Page, listing: str) -> None:
    page.set_viewport_size(LAPTOP)
    page.goto(f"/search?q={listing}")
    facets = page.get_by_role("complementary", name="Narrow the results")
    first = page.locator("[data-product]").first

    expect(facets.get_by_text("Verified evidence")).to_be_visible()
    expect(page.get_by_text("Filters", exact=True)).to_be_hidden()
    facet_box, results_box = facets.bounding_box(), first.bounding_box()
    assert facet_box is not None
    assert results_box is not None
    assert facet_box["x"] + facet_box["width"] <= results_box["x"]  # a sidebar on the left
    assert results_box["y"] < LAPTOP["height"]


def vendor_admin_pages(live_app: Flask) -> list[str]:
    with live_app.app_context():
        admin = db.session.scalar(sa.select(User).where(User.email == "admin@vendor1.demo"))
        org_id = admin.organisation_id
        db.session.remove()
    return ["/vendor/listings", "/profile", f"/organisations/{org_id}/members"]


@pytest.mark.parametrize(
    ("email", "paths"),
    [
        ("admin@vendor1.demo", None),
        ("reviewer@operator.demo", ["/review"]),
        (OPERATOR_ADMIN, ["/operator/organisations", "/operator/organisations?status=pending"]),
    ],
)
def test_on_a_phone_no_page_with_a_table_scrolls_sideways(
    browser: Browser,
    live_server: str,
    live_app: Flask,
    listing: str,
    email: str,
    paths: list[str] | None,
) -> None:
    context = browser.new_context(base_url=live_server, locale="en-US", viewport=LAPTOP)
    try:
        page = context.new_page()
        sign_in(page, email, DEMO_PASSWORD)
        page.set_viewport_size(PHONE)
        page.goto(f"/search?q={listing}")
        page.locator("[data-product]").first.click()
        product_page = page.url.removeprefix(live_server)
        widths = {}
        for path in [*(paths or vendor_admin_pages(live_app)), product_page]:
            response = page.goto(path)
            assert response is not None, path
            assert response.ok, path
            expect(page.locator("main table").first).to_be_attached()
            widths[path] = horizontal_overflow(page)
        assert widths == dict.fromkeys(widths, 0), "pixels wider than a 390 px screen"
    finally:
        context.close()


@pytest.mark.parametrize("size", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_anyone_searches_from_the_home_page(page: Page, listing: str, size: dict) -> None:
    page.set_viewport_size(size)
    page.goto("/")
    box = page.get_by_role("search").get_by_role("searchbox")
    expect(box).to_be_in_viewport()

    box.fill(listing)
    box.press("Enter")
    expect(page).to_have_url(re.compile(rf"/search\?q={listing}$"))
    expect(page.locator("[data-product]", has_text=listing)).to_have_count(1)


@pytest.mark.parametrize("size", [PHONE, LAPTOP], ids=["phone", "laptop"])
def test_a_signed_in_vendor_finds_their_next_steps_on_the_home_page(
    browser: Browser, live_server: str, size: dict
) -> None:
    context = browser.new_context(base_url=live_server, locale="en-US", viewport=LAPTOP)
    try:
        page = context.new_page()
        sign_in(page, "staff@vendor1.demo", DEMO_PASSWORD)
        page.set_viewport_size(size)
        page.goto("/")
        steps = page.get_by_role("region", name="Next steps")
        expect(steps.get_by_role("link", name="My listings")).to_be_visible()
        expect(steps.get_by_role("link", name="Review queue")).to_have_count(0)
        assert horizontal_overflow(page) == 0

        steps.get_by_role("link", name="New listing").click()
        expect(page).to_have_url(re.compile(r"/vendor/listings/new$"))
    finally:
        context.close()
