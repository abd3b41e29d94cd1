"""A buyer's admin makes a signing key and enrols it as the organisation's registrar; an officer
makes theirs, which waits; the admin registers it with their own PIN, after one wrong try; the
officer's page then shows it registered. No JavaScript."""

from __future__ import annotations

import secrets

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
ADMIN_PIN, OFFICER_PIN = "735102", "482915"


@pytest.fixture
def buyer_signers(live_app: Flask) -> tuple[str, str]:
    """A buyer of this run's own with an admin and an officer: their e-mail addresses."""
    run = secrets.token_hex(3)
    admin, officer = f"admin.{run}@sinopec.example", f"officer.{run}@sinopec.example"
    with live_app.app_context():
        with db.session.begin():
            buyer = services.create_organisation(
                kind=OrgKind.BUYER,
                name_zh=f"石化测试{run}有限公司",
                name_en=f"Sinopec Test {run} Co., Ltd.",
                credit_code=random_credit_code(),
                actor=SYSTEM,
            )
            for email, name, role in (
                (admin, "Wang Admin", Role.ADMIN),
                (officer, "Li Officer", Role.OFFICER),
            ):
                services.create_user(
                    buyer,
                    email=email,
                    name=name,
                    password=DEMO_PASSWORD,
                    roles=frozenset({role}),
                    actor=SYSTEM,
                )
        db.session.remove()
    return admin, officer


def desk(browser: Browser, live_server: str) -> Page:
    context = browser.new_context(base_url=live_server, locale="en-US", java_script_enabled=False)
    context.set_default_timeout(TIMEOUT_MS)
    return context.new_page()


def make_key(page: Page, pin: str) -> None:
    page.goto("/")
    page.get_by_role("region", name="Next steps").get_by_role("link", name="My signing key").click()
    expect(page.locator("#state-text")).to_contain_text("You have no signing key yet")
    form = page.locator("#make-key-form")
    form.get_by_label("Choose a PIN").fill(pin)
    form.get_by_label("Type the PIN again").fill(pin)
    form.get_by_role("button", name="Make my signing key").click()
    expect(page.get_by_role("alert").first).to_contain_text("Your signing key is made.")


def test_the_admin_enrols_and_registers_the_officers_key(
    browser: Browser, live_server: str, buyer_signers: tuple[str, str]
) -> None:
    admin_email, officer_email = buyer_signers
    admin, officer = desk(browser, live_server), desk(browser, live_server)
    try:
        sign_in(admin, admin_email, DEMO_PASSWORD)
        make_key(admin, ADMIN_PIN)
        expect(admin.locator("#state-text")).to_contain_text("Waiting for registration")
        admin.get_by_role("button", name="Enrol as registrar").click()
        expect(admin.locator("#state-text")).to_contain_text(
            "Enrolled as your organisation’s registrar, log entry"
        )

        sign_in(officer, officer_email, DEMO_PASSWORD)
        make_key(officer, OFFICER_PIN)
        expect(officer.locator("#state-text")).to_contain_text("Waiting for registration")
        expect(officer.get_by_role("button", name="Enrol as registrar")).to_have_count(0)
        officer_key = officer.locator("#key-id").inner_text()

        admin.get_by_role("link", name="Your organisation’s signing keys").click()
        expect(admin.get_by_role("heading", name="Signing keys", level=1)).to_be_visible()
        row = admin.locator(f'tr[data-member="{officer_email}"]')
        expect(row).to_contain_text("Waiting for registration")
        expect(row).to_contain_text(officer_key)
        row.locator(".register-form").get_by_label("Your registrar PIN").fill("000000x")
        row.get_by_role("button", name="Register this key").click()
        row = admin.locator(f'tr[data-member="{officer_email}"]')
        expect(row).to_contain_text("The PIN is wrong.")
        row.locator(".register-form").get_by_label("Your registrar PIN").fill(ADMIN_PIN)
        row.get_by_role("button", name="Register this key").click()
        expect(admin.get_by_role("alert").first).to_contain_text(
            "The key of Li Officer is registered."
        )
        expect(admin.locator(f'tr[data-member="{officer_email}"]')).to_contain_text("Registered")

        officer.reload()
        expect(officer.locator("#key-state")).to_have_attribute("data-state", "registered")
        expect(officer.locator("#state-text")).to_contain_text("Registered, log entry")
        expect(officer.locator("#key-id")).to_have_text(officer_key)
    finally:
        admin.context.close()
        officer.context.close()
