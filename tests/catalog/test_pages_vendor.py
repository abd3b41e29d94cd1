"""The vendor's pages: the dashboard, creating and editing a listing, submit and withdraw."""

import pytest
import sqlalchemy as sa

from market.accounts.models import OrgKind, Role
from market.catalog import editing
from market.catalog.models import ListingState, PriceVisibility, Product, VersionStatus
from market.catalog.taxonomy import DeploymentModel, TechnicalField
from market.core.audit import Actor
from market.core.db import db
from tests.catalog.conftest import DESIGNATION
from tests.catalog.pages_support import (
    field_error,
    section,
    select_options,
    text,
)
from tests.conftest import reload

EQUIPMENT_FORM = {
    "name_zh": "大型盾构机",
    "name_en": "Large tunnel boring machine",
    "summary": "Earth-pressure balance TBM for 12 m metro tunnels.",
    "description_md": "## Cutterhead\n\n- Diameter 12.5 m",
    "technical_field": "rail_transit",
    "tags": "盾构, TBM，metro",
    "region": "410000",
    "price_min": "85,000,000",
    "price_max": "92000000.50",
    "price_visibility": "buyers",
    "first_sale_date": "2024-03-01",
    "trial_months": "6",
    "performance_guarantee": "Advance rate ≥ 12 m/day",
    "support_terms": "On-site engineers for the first 1,000 m",
    "unit_value": "88000000",
    "unit_ordinal": "1",
}


@pytest.fixture
def staff_browser(as_user, vendor_staff):
    return as_user(vendor_staff)


def products_of(vendor):
    return db.session.scalars(sa.select(Product).where(Product.vendor_id == vendor.id)).all()


def test_a_vendor_creates_an_equipment_listing_with_prices_in_yuan(staff_browser, vendor):
    response = staff_browser.post("/vendor/listings/new?category=equipment", data=EQUIPMENT_FORM)

    assert response.status_code == 302
    [product] = products_of(vendor)
    assert response.location.endswith(f"/products/{product.id}/evidence")
    version = product.working_version
    assert product.state == ListingState.DRAFT
    assert version.name_en == "Large tunnel boring machine"
    assert version.price_min_fen == 85_000_000_00
    assert version.price_max_fen == 92_000_000_50
    assert version.unit_value_fen == 88_000_000_00
    assert version.unit_ordinal == 1
    assert version.price_visibility == PriceVisibility.BUYERS
    assert version.tags == ["盾构", "TBM", "metro"]
    assert version.technical_field == TechnicalField.RAIL_TRANSIT
    assert version.trial_months == 6

    page = staff_browser.get(f"/products/{product.id}")
    assert "Draft" in section(page, "workings")
    assert "¥85,000,000.00 – ¥92,000,000.50" in section(page, "facts")


def test_each_category_has_its_own_fields(staff_browser, vendor):
    material = text(staff_browser.get("/vendor/listings/new?category=material"))
    software = text(staff_browser.get("/vendor/listings/new?category=software"))

    assert "Variety and specification" in material
    assert "Unit value" not in material
    assert "Deployment model" in software
    assert "Minimum batch" not in software
    assert staff_browser.get("/vendor/listings/new?category=spaceship").status_code == 404
    assert "First-version software" in text(staff_browser.get("/vendor/listings/new"))

    created = staff_browser.post(
        "/vendor/listings/new?category=software",
        data={
            "name_zh": "工业实时操作系统",
            "name_en": "Industrial real-time OS",
            "summary": "Deterministic RTOS.",
            "technical_field": "basic_software",
            "region": "440000",
            "price_visibility": "public",
            "version_number": "V2.0",
            "first_release_date": "2023-05-01",
            "deployment_model": "embedded",
        },
    )
    assert created.status_code == 302
    [product] = products_of(vendor)
    assert product.working_version.deployment_model == DeploymentModel.EMBEDDED
    assert product.working_version.unit_value_fen is None


@pytest.mark.parametrize(
    ("changes", "field_id", "message"),
    [
        ({"price_min": "-5"}, "price_min", "Must not be negative."),
        ({"price_min": "NaN"}, "price_min", "Enter an amount in yuan"),
        ({"price_min": "12.345"}, "price_min", "At most two decimals"),
        ({"price_min": "9000", "price_max": "100"}, "price_max", "highest price is below"),
        ({"name_en": ""}, "name_en", "This field is required."),
        ({"unit_value": ""}, "unit_value", "This field is required."),
        ({"first_sale_date": "2999-01-01"}, "first_sale_date", "This date is in the future."),
        ({"region": "999999"}, "region", "Not a valid choice."),
        ({"technical_field": ""}, "technical_field", "Choose the technical field."),
        ({"region": ""}, "region", "Choose the province."),
        ({"tags": ", ".join(f"tag{n}" for n in range(21))}, "tags", "At most 20 tags."),
    ],
)
def test_bad_input_is_shown_under_its_field_and_nothing_is_written(
    staff_browser, vendor, changes, field_id, message
):
    response = staff_browser.post(
        "/vendor/listings/new?category=equipment", data={**EQUIPMENT_FORM, **changes}
    )

    assert response.status_code == 422
    assert message in (field_error(response, field_id) or "")
    # What the vendor typed is kept.
    assert 'value="Large tunnel boring machine"' in response.text or field_id == "name_en"
    assert products_of(vendor) == []


def test_the_new_listing_form_chooses_no_field_or_province_for_the_vendor(staff_browser, vendor):
    blank = staff_browser.get("/vendor/listings/new?category=software")

    for field_id in ("technical_field", "region"):
        options = select_options(blank, field_id)
        # A browser shows the first option of a select where none is marked selected.
        assert options[0][:2] == ("", "Choose…"), field_id
        assert not any(selected for _value, _label, selected in options[1:]), field_id
    # Sent as the browser sends the untouched form: the blank options, nothing else chosen.
    untouched = {**EQUIPMENT_FORM, "technical_field": "", "region": ""}
    refused = staff_browser.post("/vendor/listings/new?category=equipment", data=untouched)

    assert refused.status_code == 422
    assert field_error(refused, "technical_field") == "Choose the technical field."
    assert field_error(refused, "region") == "Choose the province."
    assert products_of(vendor) == []


def test_only_an_approved_vendors_staff_create_listings(as_user, make_org, make_user, reviewer):
    buyer = make_user(make_org(kind=OrgKind.BUYER), roles=(Role.REQUESTER,))
    for user in (buyer, reviewer):
        assert as_user(user).get("/vendor/listings").status_code == 404
        response = as_user(user).post(
            "/vendor/listings/new?category=equipment", data=EQUIPMENT_FORM
        )
        assert response.status_code == 404
    assert as_user(None).get("/vendor/listings").status_code == 302  # to the sign-in page


def test_the_dashboard_lists_own_listings_with_state_and_feedback(
    staff_browser, make_product, make_org, make_user
):
    make_product(state=ListingState.CHANGES_REQUESTED, name_en="Sent-back lathe")
    make_product(state=ListingState.SUSPENDED, name_en="Suspended press")
    make_product(state=ListingState.PUBLISHED, name_en="Live grinder")
    stranger = make_org(kind=OrgKind.VENDOR)
    make_product(owner=stranger, staff=make_user(stranger, roles=(Role.STAFF,)), name_en="Rival")

    listings = section(staff_browser.get("/vendor/listings"), "listings")

    assert "Sent-back lathe" in listings
    assert "Changes requested" in listings
    assert "Reviewer: Attach the test report." in listings
    assert "Operator: Complaint under investigation." in listings
    assert "Live grinder" in listings
    assert "Rival" not in listings
    only_live = section(staff_browser.get("/vendor/listings?state=published"), "listings")
    assert "Live grinder" in only_live
    assert "Sent-back lathe" not in only_live


def test_editing_a_published_listing_starts_a_new_version_and_keeps_the_live_one(
    staff_browser, as_user, make_product
):
    product = make_product(state=ListingState.PUBLISHED)
    form = text(staff_browser.get(f"/products/{product.id}/edit"))
    assert "Saving starts version 2 as a draft" in form
    current = staff_browser.get(f"/products/{product.id}/edit")
    assert 'value="Five-axis CNC machining centre"' in current.text
    assert 'value="4500000.00"' in current.text  # fen shown back as yuan

    response = staff_browser.post(
        f"/products/{product.id}/edit",
        data={
            **EQUIPMENT_FORM,
            "name_en": "Five-axis CNC machining centre, mark II",
            "name_zh": "五轴联动数控机床",
            "technical_field": "cnc_machine_tools",
        },
    )

    assert response.status_code == 302
    product = reload(product)
    assert product.state == ListingState.PUBLISHED
    assert product.live_version.number == 1
    assert product.live_version.name_en == "Five-axis CNC machining centre"
    assert product.working_version.number == 2
    assert product.working_version.name_en == "Five-axis CNC machining centre, mark II"
    assert len(product.working_version.designations) == 1  # the evidence came along
    public = text(as_user(None).get(f"/products/{product.id}"))
    assert "mark II" not in public


def test_saving_an_unchanged_form_changes_nothing(staff_browser, make_product):
    product = make_product(state=ListingState.PUBLISHED)
    data = {
        **EQUIPMENT_FORM,
        "name_zh": "五轴联动数控机床",
        "name_en": "Five-axis CNC machining centre",
        "summary": "Five-axis simultaneous machining for aerospace structural parts.",
        "description_md": "## Specification\n\n- Travel X/Y/Z: 2000/1600/1000 mm",
        "technical_field": "cnc_machine_tools",
        "tags": "五轴, CNC",
        "region": "320000",
        "price_min": "4500000",
        "price_max": "5200000",
        "price_visibility": "public",
        "first_sale_date": "",
        "trial_months": "",
        "performance_guarantee": "",
        "support_terms": "",
        "unit_value": "4800000",
        "unit_ordinal": "1",
    }

    response = staff_browser.post(f"/products/{product.id}/edit", data=data, follow_redirects=True)

    assert "Nothing changed." in text(response)
    assert reload(product).working_version is None


def test_a_listing_under_review_cannot_be_edited(staff_browser, make_product):
    product = make_product(state=ListingState.SUBMITTED)

    page = staff_browser.get(f"/products/{product.id}/edit")
    response = staff_browser.post(f"/products/{product.id}/edit", data=EQUIPMENT_FORM)

    assert "is with a reviewer" in text(page)
    assert 'id="product-form"' not in page.text
    assert response.status_code == 409
    assert reload(product).working_version.name_en == "Five-axis CNC machining centre"


def test_submit_then_withdraw_from_the_product_page(staff_browser, make_product, vendor_staff):
    product = make_product()
    editing.add_claim(product, "designations", dict(DESIGNATION), Actor(user=vendor_staff))
    db.session.commit()

    submitted = staff_browser.post(f"/products/{product.id}/actions/submit", follow_redirects=True)

    assert "Submitted for review." in text(submitted)
    assert "In review" in section(submitted, "workings")
    assert reload(product).working_version.status == VersionStatus.SUBMITTED

    withdrawn = staff_browser.post(
        f"/products/{product.id}/actions/withdraw", follow_redirects=True
    )

    assert "The listing is withdrawn." in text(withdrawn)
    assert reload(product).state == ListingState.WITHDRAWN
    # A withdrawn listing is over: no more edits or submissions.
    # Both are 409s (the state forbids it), not 403s: these are still the vendor's own staff.
    closed = staff_browser.get(f"/products/{product.id}/edit")
    assert closed.status_code == 409
    assert "withdrawn or delisted" in text(closed)
    assert staff_browser.get(f"/products/{product.id}/evidence").status_code == 409
    assert staff_browser.post(f"/products/{product.id}/actions/submit").status_code == 409


def test_a_listing_without_a_designation_or_test_report_is_not_submitted(
    staff_browser, make_product, vendor_staff
):
    product = make_product()
    editing.add_claim(
        product,
        "references",
        {"customer": "Xi'an Aero Structures Co.", "year": 2023, "outcome": "In production."},
        Actor(user=vendor_staff),
    )
    db.session.commit()

    refused = staff_browser.post(f"/products/{product.id}/actions/submit")

    assert refused.status_code == 422
    assert "Add at least one designation or test report before submitting for review." in section(
        refused, "submit-problems"
    )
    assert "Submit for review" in section(refused, "workings")  # the vendor can try again
    assert reload(product).state == ListingState.DRAFT
    assert reload(product).working_version.submitted_at is None
    evidence_page = text(staff_browser.get(f"/products/{product.id}/evidence"))
    assert "Submitting for review needs at least one designation or test report." in evidence_page


def test_another_vendors_staff_cannot_see_or_touch_a_draft(
    as_user, make_product, make_org, make_user
):
    product = make_product()
    rival = as_user(make_user(make_org(kind=OrgKind.VENDOR), roles=(Role.STAFF,)))

    for path in (
        f"/products/{product.id}",
        f"/products/{product.id}/edit",
        f"/products/{product.id}/evidence",
        f"/products/{product.id}/evidence/designations/new",
    ):
        assert rival.get(path).status_code == 404, path
    assert rival.post(f"/products/{product.id}/edit", data=EQUIPMENT_FORM).status_code == 404
    assert rival.post(f"/products/{product.id}/actions/submit").status_code == 404
    assert reload(product).working_version.name_en == "Five-axis CNC machining centre"
