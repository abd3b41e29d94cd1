"""The operator's decisions about a vendor, as a buyer searching notices them: suspended (its
evidence turned out forged), its listing is no longer found, and reinstated it is found again;
renamed (a new registered name under the same credit code), its listing is found by the new
name and shows it."""

from __future__ import annotations

import secrets
import uuid

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from market.accounts import services
from market.accounts.models import OrgKind, Role
from market.catalog.taxonomy import TechnicalField
from market.core.audit import Actor
from market.core.db import db
from tests.conftest import random_credit_code
from tests.e2e.conftest import DEMO_PASSWORD, OPERATOR_ADMIN
from tests.e2e.test_search_journey import publish
from tests.e2e.test_vendor_onboarding import sign_in, sign_out

REASON = "Its type test report was found to be forged."


@pytest.fixture
def vendor_listing(live_app: Flask) -> tuple[str, str]:
    """A vendor of this run's own, with one published listing: (vendor's English name, model)."""
    run = secrets.token_hex(3)
    name_en = f"Ningbo Haixin Pumps {run} Co., Ltd."
    staff_email = f"staff.{run}@haixin.example"
    with live_app.app_context():
        with db.session.begin():
            vendor = services.create_organisation(
                kind=OrgKind.VENDOR,
                name_zh=f"宁波海信泵业{run}有限公司",
                name_en=name_en,
                credit_code=random_credit_code(),
                actor=Actor(user=None, is_system=True),
            )
            services.create_user(
                vendor,
                email=staff_email,
                name="Staff",
                password=DEMO_PASSWORD + "x",
                roles=frozenset({Role.STAFF}),
                actor=Actor(user=None, is_system=True),
            )
            services.create_user(
                vendor,
                email=admin_email(run),
                name="Admin",
                password=DEMO_PASSWORD,
                roles=frozenset({Role.ADMIN}),
                actor=Actor(user=None, is_system=True),
            )
        db.session.remove()
    model = f"HX-{uuid.uuid4().hex[:5].upper()}"
    publish(
        live_app,
        staff_email,
        name_zh=f"磁力驱动离心泵 {model}",
        name_en=f"Magnetic drive centrifugal pump {model}",
        technical_field=TechnicalField.POWER_EQUIPMENT,
    )
    return name_en, model


def admin_email(run: str) -> str:
    return f"admin.{run}@haixin.example"


def search_for(page: Page, model: str):
    """The result cards a search for ``model`` shows."""
    page.goto(f"/search?q={model}")
    return page.locator("[data-product]", has_text=model)


def test_a_suspended_vendor_is_not_found_until_reinstated(
    page: Page, vendor_listing: tuple[str, str]
) -> None:
    vendor_name, model = vendor_listing
    expect(search_for(page, model)).to_have_count(1)

    sign_in(page, OPERATOR_ADMIN, DEMO_PASSWORD)
    page.goto("/operator/organisations?status=active&kind=vendor")
    row = page.locator(f'tr[data-org="{vendor_name}"]')
    row.get_by_text("Suspend…").click()
    row.get_by_label("Reason, shown to its members").fill(REASON)
    row.get_by_role("button", name="Suspend", exact=True).click()

    expect(page.get_by_role("alert").filter(has_text="is suspended.")).to_be_visible()
    suspended = page.locator(f'tr[data-org="{vendor_name}"]')
    expect(suspended).to_contain_text(REASON)

    expect(search_for(page, model)).to_have_count(0)
    expect(page.locator("#empty-state")).to_be_visible()

    page.goto("/operator/organisations?status=suspended")
    page.locator(f'tr[data-org="{vendor_name}"]').get_by_role("button", name="Reinstate").click()
    expect(page.get_by_role("alert").filter(has_text="is reinstated.")).to_be_visible()

    expect(search_for(page, model)).to_have_count(1)


def test_a_renamed_vendor_is_found_and_shown_by_its_new_name(
    page: Page, vendor_listing: tuple[str, str]
) -> None:
    vendor_name, model = vendor_listing
    run = vendor_name.split()[3]
    new_en = f"Ningbo Haixin Fluid Technology {run} Co., Ltd."

    sign_in(page, OPERATOR_ADMIN, DEMO_PASSWORD)
    page.goto("/operator/organisations?status=active&kind=vendor")
    page.locator(f'tr[data-org="{vendor_name}"]').get_by_role("link", name="Rename…").click()
    expect(page.get_by_label("Organisation name (English)")).to_have_value(vendor_name)
    page.get_by_label("Organisation name (English)").fill(new_en)
    page.get_by_role("button", name="Save names").click()
    expect(page.get_by_text("This field is required.")).to_be_visible()  # the reason
    expect(page.get_by_label("Organisation name (English)")).to_have_value(new_en)
    page.get_by_label("What the new names rest on").fill("Ningbo AMR name change notice, 2026-11")
    page.get_by_role("button", name="Save names").click()

    expect(page.get_by_role("alert").filter(has_text="The names are saved")).to_be_visible()
    expect(page.locator(f'tr[data-org="{new_en}"]')).to_have_count(1)

    page.goto(f"/search?q=Fluid Technology {run}")
    card = page.locator("[data-product]", has_text=model)
    expect(card).to_have_count(1)
    expect(card).to_contain_text(new_en)


def test_a_vendor_asks_for_its_new_name_and_the_operator_approves_it(
    page: Page, vendor_listing: tuple[str, str]
) -> None:
    vendor_name, model = vendor_listing
    run = vendor_name.split()[3]
    new_en = f"Ningbo Haixin Marine Pumps {run} Co., Ltd."

    sign_in(page, admin_email(run), DEMO_PASSWORD)
    page.get_by_role("link", name="My organisation").click()
    page.get_by_role("link", name="Request a name change").click()
    page.get_by_label("Organisation name (English)").fill(new_en)
    page.get_by_label("Where the new names are registered").fill(
        "Ningbo AMR, change registered 2026-11-28"
    )
    page.get_by_role("button", name="Ask the operator").click()
    expect(page.get_by_text("Name change waiting for the operator")).to_be_visible()
    sign_out(page)

    sign_in(page, OPERATOR_ADMIN, DEMO_PASSWORD)
    page.goto("/operator/organisations")
    page.locator(f'tr[data-name-change="{vendor_name}"]').get_by_role(
        "button", name="Approve the names"
    ).click()
    expect(page.get_by_role("alert").filter(has_text="The names are saved")).to_be_visible()

    card = search_for(page, model)
    expect(card).to_have_count(1)
    expect(card).to_contain_text(new_en)
