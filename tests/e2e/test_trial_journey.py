"""The trial in Chromium without JavaScript, from a decided and attested case to a closed one:
the officer records the terms, the vendor confirms them, the officer files the trial start
attestation, the vendor and the officer report, two approvers sign off, the officer records the
acceptance and the outcome attestation and closes; the public product page shows the trial and
a search ranks the product above an equal listing without one. A second trial fails: the
officer records it and files the remediation attestation, the auditor records the enterprise's
determination with the PIN, the officer records the insurance claim and closes. ``flask ledger
verify`` passes over all of it."""

from __future__ import annotations

import secrets
from datetime import timedelta

import pytest
import sqlalchemy as sa
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from market.accounts.models import User
from market.attestations import filing
from market.catalog.evidence import InsurancePolicy
from market.catalog.models import Product
from market.catalog.taxonomy import TechnicalField
from market.core.audit import Actor
from market.core.db import business_today, db
from market.procurement import raising
from market.procurement.cases import Case, CaseState
from market.trials import contracting
from market.trials import terms as trial_terms
from tests.e2e.test_attestation_journey import PIN, REPORT, buyer_with_signers, desk
from tests.e2e.test_search_journey import publish
from tests.procurement.conftest import Buyer, advance, need

VENDOR = "staff@vendor1.demo"
DECISION = {
    "policy_basis": "SASAC green channel for first-set equipment.",
    "rationale": "The only domestic machine that meets the tolerance.",
    "mitigations": "Spare spindle on site; the old line stays ready.",
    "no_conflict_of_interest": True,
    "no_personal_gain": True,
}


def day(days: int) -> str:
    return (business_today() + timedelta(days=days)).isoformat()


@pytest.fixture
def trials(live_app: Flask) -> dict[str, str]:
    """A buyer of this run's own with signing keys (its auditor's too), an insured listing and
    an equal one without a trial, and two decided cases of the listing with their decision
    attested: the journey's first trial, and a second taken to a running trial by the verbs."""
    run = secrets.token_hex(3)
    names = {"name_zh": f"五轴加工中心 TR-{run}", "name_en": f"Five-axis centre TR-{run}"}
    content = {**names, "technical_field": TechnicalField.CNC_MACHINE_TOOLS}
    product_id = publish(live_app, document=("test-report.pdf", REPORT), **content)
    twin_id = publish(live_app, document=("test-report.pdf", REPORT), **content)
    out = {"product": str(product_id), "twin": str(twin_id), "name": names["name_zh"]}
    with live_app.app_context():
        with db.session.begin():
            org, people = buyer_with_signers(
                run,
                f"试用测试{run}有限公司",
                f"Trial Test {run} Co., Ltd.",
                "trial.example",
                signers=("auditor",),
            )
            out["buyer"] = org.display_name
            out.update({login: user.email for login, user in people.items()})
            product = db.session.get(Product, product_id)
            db.session.add(
                InsurancePolicy(
                    version_id=product.live_version_id,
                    insurer="中国人民财产保险 PICC",
                    policy_number=f"PICC-{run}",
                    coverage="首台套质量风险 Quality risk",
                    valid_from=business_today() - timedelta(days=100),
                    valid_until=business_today() + timedelta(days=400),
                )
            )
            buyer = Buyer(
                org,
                people["admin"],
                people["requester"],
                people["officer"],
                [people[f"approver{n}"] for n in (1, 2, 3)],
                people["auditor"],
                [product],
            )
            for key in ("accepted", "failed"):
                case = raising.raise_case(
                    Actor(people["requester"]), need(), products=[product.id], search_query="加工"
                )
                advance(case, buyer, CaseState.DECIDED)
                chair = people["approver1"]
                attestation = filing.file_attestation(
                    case,
                    Actor(people["officer"]),
                    "decision",
                    {**DECISION, "chair": str(chair.id)},
                    PIN,
                )
                filing.countersign(attestation, Actor(chair), PIN)
                out[key] = str(case.id)
                last = case
            _running(last, people["officer"], run)
        db.session.remove()
    return out


def _running(case: Case, officer, run: str) -> None:
    """The second trial, insured, contracted and started through the verbs."""
    vendor = db.session.scalar(sa.select(User).where(User.email == VENDOR))
    start = business_today() - timedelta(days=40)
    contracting.record_terms(
        case,
        Actor(officer),
        {
            "starts_on": start,
            "ends_on": start + timedelta(days=180),
            "value_fen": 90_000_000,
            "acceptance_criteria": "Availability at least 95 percent.",
            "kpis": [
                {
                    "name": "Availability",
                    "unit": "%",
                    "target": "95",
                    "comparator": "at_least",
                    "method": "Uptime over scheduled hours.",
                }
            ],
            "milestones": [
                {
                    "due_on": start + timedelta(days=170),
                    "amount_fen": 90_000_000,
                    "description": "All.",
                }
            ],
            "insurance_policy": f"PICC-{run}",
            "insured_value_fen": 90_000_000,
            "fallback_plan": "The old line stays ready.",
        },
    )
    contracting.confirm_terms(case, Actor(vendor), trial_terms.terms_of(case).revision)
    filing.file_attestation(
        case,
        Actor(officer),
        "trial_start",
        {
            "mitigations": "Engineers on site.",
            "no_conflict_of_interest": True,
            "no_personal_gain": True,
        },
        PIN,
    )


def sign_pin(page: Page) -> None:
    page.get_by_label("I have no conflict of interest", exact=False).check()
    page.get_by_label("I gain nothing personally", exact=False).check()
    page.get_by_label("Signing PIN").fill(PIN)
    page.get_by_role("button", name="Sign and file").click()


def test_a_trial_accepted_and_one_failed(
    browser: Browser, live_server: str, live_app: Flask, trials: dict[str, str]
) -> None:
    case_url = f"/cases/{trials['accepted']}"
    officer = desk(browser, live_server, trials["officer"])
    officer.goto(case_url)
    officer.locator("#record-terms").click()
    officer.get_by_label("Trial starts on").fill(day(-30))
    officer.get_by_label("Trial ends on").fill(day(150))
    officer.get_by_label("Contract value (yuan)").fill("900,000")
    officer.get_by_label("Acceptance criteria").fill("Both KPIs met by their last measurement.")
    for row, (name, sign, target, unit) in enumerate(
        (
            ("Positioning accuracy", "at_most", "0.005", "mm"),
            ("Availability", "at_least", "95", "%"),
        )
    ):
        officer.locator(f'[name="kpis-{row}-name"]').fill(name)
        officer.locator(f'[name="kpis-{row}-comparator"]').select_option(sign)
        officer.locator(f'[name="kpis-{row}-target"]').fill(target)
        officer.locator(f'[name="kpis-{row}-unit"]').fill(unit)
        officer.locator(f'[name="kpis-{row}-method"]').fill("Measured monthly on site.")
    officer.locator('[name="milestones-0-due_on"]').fill(day(-1))
    officer.locator('[name="milestones-0-amount"]').fill("300000")
    officer.locator('[name="milestones-0-description"]').fill("Installed and commissioned.")
    officer.locator('[name="milestones-1-due_on"]').fill(day(150))
    officer.locator('[name="milestones-1-amount"]').fill("600000")
    officer.locator('[name="milestones-1-description"]').fill("Six months in production.")
    officer.get_by_label("Without a policy: why none").fill("The vendor gives a guarantee.")
    officer.get_by_label("Fallback plan if the trial fails").fill("The old line stays ready.")
    officer.get_by_role("button", name="Save the terms and send them to the vendor").click()
    expect(officer.locator("#terms-status")).to_contain_text("Waiting for the vendor to confirm")

    vendor = desk(browser, live_server, VENDOR)
    vendor.goto("/")
    vendor.get_by_role(
        "link", name=f"Confirm the trial terms: {trials['buyer']}", exact=False
    ).first.click()
    expect(vendor.locator("#terms-kpis")).to_contain_text("Positioning accuracy")
    vendor.get_by_role("button", name="Confirm these terms").click()
    expect(vendor.locator("#confirmed")).to_contain_text("You confirmed revision 1")

    officer.goto(case_url)
    expect(officer.locator("#case-state")).to_contain_text("Contracted")
    officer.locator("#file-trial_start").click()
    expect(officer.locator("#preview")).to_contain_text("Trial terms as confirmed")
    officer.get_by_label("Mitigations").fill("Monthly interferometer checks; spare spindle.")
    sign_pin(officer)
    officer.goto(case_url)
    expect(officer.locator("#case-state")).to_contain_text("Trial running")
    expect(officer.locator("#milestones-due")).to_contain_text("Overdue since")

    vendor.goto(f"/vendor/trials/{trials['accepted']}")
    vendor.locator("#report-form").get_by_label("For milestone").select_option(index=1)
    vendor.locator("#kpi-1").fill("0.006")
    vendor.locator("#kpi-2").fill("97")
    vendor.locator("#report-form").get_by_label("Notes").fill("Commissioned.")
    vendor.get_by_role("button", name="Submit the report").click()
    expect(vendor.locator("#trial-reports")).to_contain_text("Report 1")

    officer.goto(case_url)
    expect(officer.locator('[data-kpi-chart="Positioning accuracy"]')).to_contain_text(
        "misses the target"
    )
    officer.locator("#kpi-1").fill("0.004")
    officer.locator("#kpi-2").fill("98.5")
    officer.get_by_role("button", name="Submit the report").click()
    expect(officer.locator('[data-kpi-chart="Positioning accuracy"] svg')).to_be_visible()
    expect(officer.locator('[data-kpi-chart="Positioning accuracy"]')).to_contain_text(
        "Last measurement meets the target"
    )

    for login in ("approver1", "approver2"):
        approver = desk(browser, live_server, trials[login])
        approver.goto(case_url)
        approver.get_by_role("button", name="Sign off the acceptance").click()
        expect(approver.locator("#signoffs")).to_contain_text(f"{login.title()}")

    officer.goto(case_url)
    officer.locator("#accept-form").get_by_label("Summary of the acceptance").fill("Both met.")
    officer.get_by_label("Show our organisation's name", exact=False).check()
    officer.get_by_role("button", name="Record the acceptance").click()
    expect(officer.locator("#case-state")).to_contain_text("Accepted")
    officer.locator("#file-outcome").click()
    officer.get_by_label("Rationale").fill("Every KPI met; the plant asks for two more.")
    sign_pin(officer)
    officer.goto(case_url)
    officer.get_by_role("button", name="Close the case").click()
    expect(officer.locator("#case-state")).to_contain_text("Closed")

    visitor = browser.new_context(base_url=live_server, locale="en-US", java_script_enabled=False)
    public = visitor.new_page()
    public.goto(f"/products/{trials['product']}")
    expect(public.locator("#trial-record")).to_contain_text("Tried successfully")
    expect(public.locator("#trial-record")).to_contain_text(trials["buyer"])
    public.goto(f"/search?q={trials['name']}")
    ranked = public.locator("[data-product]").evaluate_all(
        "links => links.map(a => a.dataset.product)"
    )
    assert ranked.index(trials["product"]) < ranked.index(trials["twin"])
    public.goto(f"/search?q={trials['name']}&tried=1")
    expect(public.locator(f'[data-product="{trials["product"]}"]').first).to_be_visible()
    expect(public.locator(f'[data-product="{trials["twin"]}"]')).to_have_count(0)

    failed_url = f"/cases/{trials['failed']}"
    officer.goto(failed_url)
    officer.locator("#fail-form").get_by_label("Why the trial failed").fill("The spindle seized.")
    officer.get_by_role("button", name="Record the failure").click()
    expect(officer.locator("#case-state")).to_contain_text("Failed")
    officer.locator("#file-remediation").click()
    officer.get_by_label("Rationale").fill("Decided by the procedure; the spindle's design failed.")
    officer.get_by_label("Mitigations").fill("The old line took over the same day.")
    sign_pin(officer)

    auditor = desk(browser, live_server, trials["auditor"])
    auditor.goto(failed_url)
    expect(auditor.locator("#never-decides")).to_be_visible()
    auditor.locator("#record-determination").click()
    auditor.get_by_label("Exempted from liability").check()
    auditor.get_by_label("By which body").fill("Group discipline inspection team")
    auditor.locator("#determination-form").get_by_label("On").fill(day(0))
    auditor.get_by_label("Its document reference").fill("纪检〔2026〕31号")
    auditor.get_by_label("Signing PIN").fill(PIN)
    auditor.get_by_role("button", name="Sign and record the determination").click()
    expect(auditor.locator("#determination")).to_contain_text("Exempted from liability")

    officer.goto(failed_url)
    claim = officer.locator("#claim-form")
    claim.get_by_label("Amount claimed (yuan)").fill("300000")
    claim.get_by_label("Insurer's claim reference").fill("PICC-CL-1")
    officer.get_by_role("button", name="Record the claim").click()
    expect(officer.locator("#claim")).to_contain_text("Filed, waiting for the insurer")
    officer.get_by_role("button", name="Close the case").click()
    expect(officer.locator("#case-state")).to_contain_text("Closed")
    vendor.goto(f"/vendor/trials/{trials['failed']}")
    expect(vendor.locator("#outcome")).to_contain_text("Failed")
    expect(vendor.locator("body")).not_to_contain_text("Group discipline inspection team")

    checked = live_app.test_cli_runner().invoke(args=["ledger", "verify"])
    assert checked.exit_code == 0, checked.output
