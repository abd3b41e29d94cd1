"""A buyer group's admin opens the green channel from the home page, sets its rules and saves
them; the group's requester reads the rules in force and cannot change them. No JavaScript."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, expect

from tests.e2e.conftest import DEMO_PASSWORD
from tests.e2e.test_vendor_onboarding import sign_in, sign_out


def test_an_admin_sets_the_green_channel_and_a_requester_reads_it(
    browser: Browser, live_server: str
) -> None:
    context = browser.new_context(base_url=live_server, locale="en-US", java_script_enabled=False)
    try:
        page = context.new_page()
        sign_in(page, "admin@buyer2.demo", DEMO_PASSWORD)
        page.goto("/")
        page.get_by_role("region", name="Next steps").get_by_role(
            "link", name="Green channel"
        ).click()
        expect(page.get_by_role("heading", name="Green channel", level=1)).to_be_visible()
        expect(page.locator("#not-configured")).to_contain_text("every case is routed standard")

        form = page.locator("#green-channel-form")
        form.get_by_label("An insurance policy in force is required").check()
        form.get_by_label("First sale (software: first release)").fill("24")
        form.get_by_label("Reserved each calendar year").fill("50,000,000")
        form.get_by_label("Why this change").fill("Group measures 2026")
        form.get_by_role("button", name="Save as a new version").click()

        expect(page.get_by_role("alert").first).to_contain_text("Saved as version 1.")
        rules = page.locator("#in-force-card")
        expect(rules).to_contain_text("Version 1, saved")
        expect(rules).to_contain_text("At most 24 months")
        expect(rules).to_contain_text("¥50,000,000.00")
        expect(rules).to_contain_text(
            "From ¥2,000,000.00: at least 5 approvers present, Two thirds of the votes cast"
        )
        expect(page.locator("[data-version='1'] summary")).to_contain_text("Group measures 2026")
        url = page.url
        sign_out(page)

        sign_in(page, "requester@buyer2.demo", DEMO_PASSWORD)
        page.goto(url)
        expect(page.locator("#in-force-card")).to_contain_text("At most 24 months")
        expect(page.locator("#green-channel-form")).to_have_count(0)
        assert re.search(r"/organisations/[0-9a-f-]+/green-channel$", url)
    finally:
        context.close()
