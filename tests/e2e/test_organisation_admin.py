"""A buyer's admin looks after its people: an officer who forgot their password gets a link from
the admin and sets a new one; an officer who left is removed and, still signed in at another
desk, is signed out at their next click and cannot sign in again, until the admin restores them."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from market.accounts import services
from market.accounts.models import OrgKind, Role
from market.core.audit import Actor
from market.core.db import db
from tests.conftest import random_credit_code
from tests.e2e.conftest import DEMO_PASSWORD, TIMEOUT_MS
from tests.e2e.test_vendor_onboarding import sign_in

SYSTEM = Actor(user=None, is_system=True)


@pytest.fixture
def buyer_people(live_app: Flask) -> tuple[str, str]:
    """A buyer of this run's own with an admin and an officer: their e-mail addresses."""
    run = secrets.token_hex(3)
    admin, officer = f"admin.{run}@huadian.example", f"officer.{run}@huadian.example"
    with live_app.app_context():
        with db.session.begin():
            buyer = services.create_organisation(
                kind=OrgKind.BUYER,
                name_zh=f"华电测试{run}有限公司",
                name_en=f"Huadian Test {run} Co., Ltd.",
                credit_code=random_credit_code(),
                actor=SYSTEM,
            )
            for email, role in ((admin, Role.ADMIN), (officer, Role.OFFICER)):
                services.create_user(
                    buyer,
                    email=email,
                    name=email.split("@")[0].title(),
                    password=DEMO_PASSWORD,
                    roles=frozenset({role}),
                    actor=SYSTEM,
                )
        db.session.remove()
    return admin, officer


@pytest.fixture
def other_desk(browser: Browser, live_server: str) -> Iterator[Page]:
    """A second browser, as on the officer's own computer."""
    context = browser.new_context(base_url=live_server, locale="en-US")
    context.set_default_timeout(TIMEOUT_MS)
    try:
        yield context.new_page()
    finally:
        context.close()


def test_a_removed_officer_is_signed_out_cannot_sign_in_until_restored(
    page: Page, other_desk: Page, buyer_people: tuple[str, str]
) -> None:
    admin, officer = buyer_people
    sign_in(other_desk, officer, DEMO_PASSWORD)

    sign_in(page, admin, DEMO_PASSWORD)
    page.get_by_role("link", name="My organisation").click()
    row = page.locator(f'tr[data-member="{officer}"]')
    row.get_by_text("Remove…").click()
    row.get_by_role("button", name="Remove Officer").click()
    expect(page.get_by_role("alert").filter(has_text="is removed and signed out.")).to_be_visible()
    expect(page.locator(f'tr[data-member="{officer}"]')).to_contain_text("Removed")

    other_desk.goto("/profile")
    expect(other_desk).to_have_url(re.compile(r"/login"))
    other_desk.get_by_label("E-mail").fill(officer)
    other_desk.get_by_label("Password").fill(DEMO_PASSWORD)
    other_desk.get_by_role("button", name="Sign in").click()
    expect(other_desk.get_by_text("Wrong e-mail address or password.")).to_be_visible()
    expect(other_desk.get_by_role("button", name="Sign out")).to_have_count(0)

    # Removed by mistake: the admin restores them with a role, and they sign in again.
    row = page.locator(f'tr[data-member="{officer}"]')
    row.get_by_text("Restore…").click()
    row.get_by_label("officer").check()
    row.get_by_role("button", name="Restore with these roles").click()
    expect(page.get_by_role("alert").filter(has_text="is a member again")).to_be_visible()
    sign_in(other_desk, officer, DEMO_PASSWORD)


def test_an_officer_who_forgot_their_password_sets_a_new_one_from_the_admins_link(
    page: Page, other_desk: Page, buyer_people: tuple[str, str]
) -> None:
    admin, officer = buyer_people
    new_password = "Lantern-river-73"

    sign_in(page, admin, DEMO_PASSWORD)
    page.get_by_role("link", name="My organisation").click()
    page.locator(f'tr[data-member="{officer}"]').get_by_role(
        "button", name="Password reset link"
    ).click()
    link = page.locator("#reset-link").inner_text()

    other_desk.goto("/login")
    expect(other_desk.get_by_text("admin can give you a link")).to_be_visible()
    other_desk.goto(link)
    other_desk.get_by_label("New password").fill(new_password)
    other_desk.get_by_label("Repeat the password").fill(new_password)
    other_desk.get_by_role("button", name="Set the password").click()
    expect(
        other_desk.get_by_role("alert").filter(has_text="Your new password is set.")
    ).to_be_visible()
    sign_in(other_desk, officer, new_password)
