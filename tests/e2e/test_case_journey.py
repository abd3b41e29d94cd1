"""The green channel case, from a search to the collective decision, in Chromium without
JavaScript, by the demo buyer's people: the requester searches 机器人, ticks two results and
starts a case; the officer sets criteria, the officer and the requester score; the officer
selects a product and a method and the page shows the routing explanation; the officer fills
the risk register and records the meeting; three approvers declare (one a conflict, and cannot
vote) and vote; the case is decided; the selected product's vendor sees that it was selected,
and nothing else of the case."""

from __future__ import annotations

import re
import uuid

import pytest
import sqlalchemy as sa
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from market.accounts.models import Organisation, User
from market.catalog.taxonomy import TechnicalField
from market.core.audit import Actor
from market.core.db import db
from market.procurement import green_channel
from tests.e2e.conftest import DEMO_PASSWORD
from tests.e2e.test_search_journey import publish
from tests.e2e.test_vendor_onboarding import sign_in, sign_out
from tests.procurement.conftest import SETTINGS

BUYER = "buyer1.demo"


@pytest.fixture
def two_robots(live_app: Flask) -> tuple[str, str]:
    """Two robots by two vendors, published and indexed, and buyer1's green channel (the
    e2e database holds only the demo accounts)."""
    run = uuid.uuid4().hex[:4].upper()
    welder, painter = f"弧焊机器人 AW-{run}", f"喷涂机器人 SP-{run}"
    publish(
        live_app,
        name_zh=welder,
        name_en=f"Arc welding robot AW-{run}",
        technical_field=TechnicalField.INDUSTRIAL_ROBOTS,
    )
    publish(
        live_app,
        staff_email="staff@vendor2.demo",
        name_zh=painter,
        name_en=f"Painting robot SP-{run}",
        technical_field=TechnicalField.INDUSTRIAL_ROBOTS,
    )
    with live_app.app_context():
        with db.session.begin():
            admin = db.session.scalar(sa.select(User).where(User.email == f"admin@{BUYER}"))
            org = db.session.get(Organisation, admin.organisation_id)
            if green_channel.newest(org) is None:
                green_channel.configure(org, SETTINGS, Actor(user=admin), note="e2e")
        db.session.remove()
    return welder, painter


def as_person(page: Page, login: str, url: str) -> None:
    sign_out(page)
    sign_in(page, f"{login}@{BUYER}" if "@" not in login else login, DEMO_PASSWORD)
    page.goto(url)


def test_a_case_from_search_to_decision(
    browser: Browser, live_server: str, two_robots: tuple[str, str]
) -> None:
    welder, painter = two_robots
    context = browser.new_context(base_url=live_server, locale="en-US", java_script_enabled=False)
    try:
        page = context.new_page()
        sign_in(page, f"requester@{BUYER}", DEMO_PASSWORD)
        page.goto("/search?q=机器人")
        for name in (welder, painter):
            page.locator("[data-result]", has_text=name).get_by_role("checkbox").check()
        page.get_by_role("button", name="Start a case with these results").click()

        expect(page.locator("#new-shortlist li")).to_have_count(2)
        expect(page.locator("#from-search")).to_contain_text("机器人")
        page.get_by_label("What is needed").fill("Robots for the turbine blade line")
        page.get_by_label("Describe the need").fill("Welding and coating cells, trial of one each.")
        page.get_by_label("Quantity").fill("2")
        page.get_by_label("Budget (yuan)").fill("1,600,000")
        page.get_by_label("Delivery site").fill("Harbin turbine works")
        page.get_by_label("Wanted by").fill("2027-06-30")
        page.get_by_role("button", name="Raise the case").click()
        expect(page.get_by_role("alert").first).to_contain_text("raised")
        case_url = page.url
        assert re.search(r"/cases/[0-9a-f-]+$", case_url)
        expect(page.locator("#case-state")).to_contain_text("Requested")

        as_person(page, "officer", case_url)
        page.get_by_role("button", name="Take up the case").click()
        criteria = page.locator("#criteria-form")
        criteria.get_by_label("Criterion").nth(0).fill("Precision")
        criteria.get_by_label("Weight, percent").nth(0).fill("60")
        criteria.get_by_label("Criterion").nth(1).fill("Service")
        criteria.get_by_label("Weight, percent").nth(1).fill("40")
        criteria.get_by_role("button", name="Save the criteria").click()
        expect(page.locator("#score-matrix")).to_contain_text("Precision")

        def score(welder_value: str, painter_value: str) -> None:
            form = page.locator("#scores-form")
            for fieldset, value in ((welder, welder_value), (painter, painter_value)):
                group = form.locator("fieldset", has_text=fieldset)
                for box in group.locator("input[type=number]").all():
                    box.fill(value)
            form.get_by_role("button", name="Save my scores").click()
            expect(page.get_by_role("alert").first).to_contain_text("Scores saved.")

        score("9", "6")
        as_person(page, "requester", case_url)
        score("8", "7")

        as_person(page, "officer", case_url)
        expect(page.locator("#shortlist")).to_contain_text("85.0")
        select = page.locator("#select-form")
        select.get_by_label(welder).check()
        select.get_by_label("Procurement method").select_option(
            label="Cooperative innovation procurement"
        )
        select.get_by_label("Why this product").fill(
            "Highest weighted total; designated first set."
        )
        select.get_by_role("button", name="Select").click()
        routing = page.locator("#routing")
        expect(routing).to_contain_text("Green channel")
        expect(routing).to_contain_text("Designation: 工信部装函〔2025〕17号")
        expect(routing.locator("[data-rule='vendor_active']")).to_contain_text("is Active")

        risks = page.locator("#risks-form")
        risks.get_by_label("Risk", exact=True).fill(
            "Weld seam quality below spec in the first month"
        )
        risks.get_by_label("Mitigation").fill("Vendor engineer on site; manual rework budget.")
        risks.get_by_label("Owner").fill("Welding workshop")
        risks.get_by_role("button", name="Register the risk").click()
        expect(page.locator("#risk-register")).to_contain_text("Weld seam quality")
        position = page.locator("#position-form")
        position.get_by_label("Without a policy: why none").fill("Performance bond instead.")
        position.get_by_label("Fallback supply if the trial fails").fill("Manual welding crew.")
        position.get_by_role("button", name="Save the position").click()
        page.get_by_role("button", name="Send to the collective decision").click()
        expect(page.locator("#case-state")).to_contain_text("Collective decision")

        meeting = page.locator("#meeting-form")
        meeting.get_by_label("Decision body").select_option(
            label="General manager's office meeting"
        )
        for name in ("陈思敏 Chen Simin", "刘德海 Liu Dehai", "赵雅琴 Zhao Yaqin"):
            meeting.get_by_label(name).check()
        meeting.get_by_role("button", name="Record the meeting").click()
        expect(page.locator("#attendees tbody tr")).to_have_count(3)

        for login, conflict in (("approver1", False), ("approver2", False), ("approver3", True)):
            as_person(page, login, case_url)
            declaration = page.locator("#declaration-form")
            if conflict:
                declaration.get_by_label("I have a conflict of interest").check()
                declaration.get_by_label("What the conflict is").fill(
                    "My spouse works for the vendor."
                )
                declaration.get_by_role("button", name="Declare").click()
                expect(page.locator("#vote-form")).to_have_count(0)
                expect(page.locator("[data-conflict]")).to_have_count(1)
                continue
            declaration.get_by_label("I have no conflict of interest").check()
            declaration.get_by_role("button", name="Declare").click()
            vote = page.locator("#vote-form")
            vote.get_by_label("Approve").check()
            vote.get_by_label("Comment").fill("Proportionate risk, good evidence.")
            vote.get_by_role("button", name="Vote").click()
            expect(page.get_by_role("alert").first).to_contain_text("Vote recorded.")

        as_person(page, "officer", case_url)
        page.get_by_role("button", name="Close the vote").click()
        expect(page.locator("#case-state")).to_contain_text("Decided")
        expect(page.locator("#tally")).to_contain_text("2 approve, 0 reject, 0 abstain")
        expect(page.locator("#timeline")).to_contain_text("Decided: the vote passed")

        as_person(page, "staff@vendor1.demo", "/vendor/shortlistings")
        row = page.locator("#shortlistings tbody tr", has_text=welder)
        expect(row).to_contain_text("China Advanced Energy Group")
        expect(row.locator("[data-selected='1']")).to_be_visible()
        expect(page.locator("#shortlistings")).not_to_contain_text(painter)
        response = page.goto(case_url)
        assert response is not None
        assert response.status == 404
    finally:
        context.close()
