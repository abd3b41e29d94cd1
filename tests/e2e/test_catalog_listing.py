"""A listing goes live, all through the browser: a vendor creates a first-set machine (choosing
its technical field and province: nothing is chosen for them), cannot submit it before it has a
designation or test report, adds a designation of a kind equipment can hold, a test report and a
PDF, and submits it; the reviewer asks for a change; the vendor edits and resubmits; the
reviewer verifies each claim, landing back on it every time, and publishes; a visitor sees the
badge."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from tests.catalog.pages_support import tiny_pdf
from tests.e2e.conftest import DEMO_PASSWORD
from tests.e2e.test_vendor_onboarding import sign_in, sign_out

VENDOR_ADMIN = "admin@vendor1.demo"
REVIEWER = "reviewer@operator.demo"
FEEDBACK = "State the spindle power in the summary."
# A specification as long as the demo listings' own: the claims sit well below the first screen.
DESCRIPTION = "\n".join(
    [
        "## Specification",
        "",
        "| Parameter | Value |",
        "| --- | --- |",
        "| Travel X/Y/Z | 2000/1600/1000 mm |",
        "| Spindle speed | 24,000 rpm |",
        "| Spindle power | 30 kW |",
        "| Positioning accuracy | 0.006 mm |",
        "| Repeatability | 0.004 mm |",
        "| Rapid traverse | 48 m/min |",
        "| Tool magazine | 60 tools |",
        "| Table load | 3,000 kg |",
        "| A/C axis range | ±110° / 360° |",
        "| Control | 华中 HNC-848D |",
        "",
        "## Standards",
        "",
        "- GB/T 20957.4-2007",
        "- GB/T 18400.6-2001",
    ]
)


@pytest.fixture
def document_storage(live_app: Flask, tmp_path: Path) -> Iterator[Path]:
    """Uploads of this journey go to a folder of its own, not the instance folder."""
    previous = live_app.config["DOCUMENT_STORAGE"]
    live_app.config["DOCUMENT_STORAGE"] = str(tmp_path / "documents")
    try:
        yield tmp_path / "documents"
    finally:
        live_app.config["DOCUMENT_STORAGE"] = previous


def nav(page: Page, name: str) -> None:
    page.get_by_role("navigation", name="Main").get_by_role("link", name=name, exact=True).click()


def create_listing(page: Page, name_en: str) -> None:
    nav(page, "My listings")
    page.get_by_role("link", name="New equipment listing").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("New listing")
    page.get_by_label("Name (Chinese)").fill("五轴联动数控机床")
    page.get_by_label("Name (English)").fill(name_en)
    page.get_by_label("Summary").fill("Five-axis simultaneous machining of aerospace parts.")
    page.get_by_label("Description").fill(DESCRIPTION)
    page.get_by_label("Tags").fill("五轴, CNC")
    page.get_by_label("Unit value (yuan)").fill("4,800,000")
    page.get_by_label("Unit ordinal").select_option("1")
    page.get_by_label("Lowest indicative price (yuan)").fill("4500000")
    page.get_by_label("Highest indicative price (yuan)").fill("5200000")
    # Nothing is chosen for the vendor: left as they are, field and province are refused.
    expect(page.get_by_label("Technical field")).to_have_value("")
    expect(page.get_by_label("Region (province)")).to_have_value("")
    page.get_by_role("button", name="Create draft").click()
    expect(page.get_by_text("Choose the technical field.")).to_be_visible()
    expect(page.get_by_text("Choose the province.")).to_be_visible()
    expect(page.get_by_label("Name (English)")).to_have_value(name_en)
    page.get_by_label("Technical field").select_option("cnc_machine_tools")
    page.get_by_label("Region (province)").select_option("320000")
    page.get_by_role("button", name="Create draft").click()

    expect(page.get_by_role("alert")).to_have_text(
        "Draft saved. Now add the evidence buyers rely on."
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("Evidence and documents")


def submit_without_evidence(page: Page) -> None:
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator("#submit-problems")).to_have_text(
        "Add at least one designation or test report before submitting for review."
    )
    expect(page.locator("#workings")).to_contain_text("Draft")
    page.get_by_role("link", name="Evidence and documents").click()


def add_designation(page: Page) -> None:
    page.get_by_role("link", name="Add designation").click()
    kinds = page.get_by_label("Kind of designation").locator("option")
    # Equipment holds equipment designations: no first-batch material, no first-version software.
    assert kinds.evaluate_all("options => options.map(o => o.value)") == [
        "miit_catalogue",
        "samr_first_set",
        "provincial",
    ]
    page.get_by_label("Kind of designation").select_option("miit_catalogue")
    page.get_by_label("Issuing authority").fill("工业和信息化部 MIIT")
    page.get_by_label("Document number").fill("工信部装函〔2024〕123号")
    page.get_by_label("Catalogue edition").fill("2024")
    page.get_by_label("Valid from").fill("2024-09-01")
    page.get_by_label("Valid until").fill("2099-08-31")
    page.get_by_role("button", name="Add designation").click()

    designations = page.locator("#designations")
    expect(designations).to_contain_text("工信部装函〔2024〕123号")
    expect(designations).to_contain_text("Not yet verified")


def add_test_report(page: Page) -> None:
    page.get_by_role("link", name="Add test report").click()
    page.get_by_label("Testing institution").fill("国家机床质量检验检测中心 NMTQ")
    page.get_by_label("Standard").fill("GB/T 20957.4-2007")
    page.get_by_label("Report number").fill("NMTQ-2024-0815")
    page.get_by_label("Issued on").fill("2024-08-15")
    page.get_by_label("Conclusion").fill("Positioning accuracy 0.006 mm; meets the standard.")
    page.get_by_role("button", name="Add test report").click()
    expect(page.locator("#test-reports")).to_contain_text("NMTQ-2024-0815")


def verify_in_place(page: Page, kind: str) -> None:
    """Verify the claim of ``kind`` on the review page: the page comes back on that claim, not
    at its top, and offers no second Verify."""
    claim = page.locator(f"[data-claim-kind={kind}]")
    expect(claim).to_contain_text("Not yet verified")
    claim.get_by_role("button", name="Verify").click()
    expect(page.get_by_role("alert")).to_have_text("Verified.")
    claim = page.locator(f"[data-claim-kind={kind}]")
    expect(claim).to_contain_text("Verified")
    expect(claim).to_be_in_viewport()
    assert page.evaluate("window.scrollY") > 0
    expect(claim.get_by_role("button", name="Verify")).to_have_count(0)
    expect(claim.get_by_role("button", name="Reject")).to_be_visible()


def upload_pdf(page: Page, pdf: Path) -> None:
    page.get_by_label("File").set_input_files(str(pdf))
    page.get_by_label("Title").fill("Type test report")
    page.get_by_role("button", name="Upload").click()

    expect(page.get_by_role("alert")).to_have_text("type-test-report.pdf uploaded.")
    expect(page.locator("#document-list")).to_contain_text("Type test report")


def open_for_review(page: Page, name_en: str) -> None:
    nav(page, "Review queue")
    page.locator("#queue").get_by_role("link", name=re.compile(re.escape(name_en))).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(name_en)


def test_a_vendor_lists_a_machine_that_a_reviewer_publishes(
    page: Page, tmp_path: Path, document_storage: Path
) -> None:
    run = secrets.token_hex(3)
    name_en = f"Five-axis CNC machining centre {run}"
    pdf = tmp_path / "type-test-report.pdf"
    # Bytes of this run only: files are stored once by content, across the session's journeys.
    pdf.write_bytes(tiny_pdf(f"Type test report NCMT-2024-0815 {run}"))

    # The vendor drafts the listing with its evidence and submits it.
    sign_in(page, VENDOR_ADMIN, DEMO_PASSWORD)
    create_listing(page, name_en)
    submit_without_evidence(page)
    add_designation(page)
    add_test_report(page)
    upload_pdf(page, pdf)
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_role("alert")).to_have_text(
        "Submitted for review. A reviewer will look at it."
    )
    expect(page.locator("#workings")).to_contain_text("In review")
    sign_out(page)

    # The reviewer sends it back with feedback.
    sign_in(page, REVIEWER, DEMO_PASSWORD)
    open_for_review(page, name_en)
    expect(page.locator("#diff")).to_contain_text(name_en)
    page.get_by_label("What should the vendor change?").fill(FEEDBACK)
    page.get_by_role("button", name="Request changes").click()
    expect(page.get_by_role("alert")).to_have_text("Sent back to the vendor with your feedback.")
    sign_out(page)

    # The vendor reads the feedback, edits the summary and submits again.
    sign_in(page, VENDOR_ADMIN, DEMO_PASSWORD)
    nav(page, "My listings")
    row = page.locator("#listings").get_by_role("row").filter(has_text=name_en)
    expect(row).to_contain_text("Changes requested")
    expect(row).to_contain_text(FEEDBACK)
    row.get_by_role("link", name=re.compile(re.escape(name_en))).click()
    expect(page.locator("#review-feedback")).to_contain_text(FEEDBACK)
    page.get_by_role("link", name="Edit listing").click()
    page.get_by_label("Summary").fill(
        "Five-axis simultaneous machining of aerospace parts; 30 kW spindle."
    )
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_have_text("Version 1 saved as a draft.")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator("#workings")).to_contain_text("In review")
    sign_out(page)

    # The reviewer verifies each claim, landing back on it each time, and publishes.
    sign_in(page, REVIEWER, DEMO_PASSWORD)
    open_for_review(page, name_en)
    expect(page.locator("#diff")).to_contain_text("30 kW spindle")
    # The claims are below the first screen of the page, as on the demo listings.
    expect(page.locator("[data-claim-kind=designations]")).not_to_be_in_viewport()
    verify_in_place(page, "designations")
    verify_in_place(page, "test-reports")
    page.get_by_role("button", name="Publish version 1").click()
    expect(page.get_by_role("alert")).to_have_text("Published: buyers now see this version.")
    sign_out(page)

    # Anyone now finds it in the catalogue, with the badge.
    page.goto("/catalogue")
    listing = page.locator("#listings").get_by_role("link").filter(has_text=name_en)
    expect(listing).to_contain_text("Designation verified")
    listing.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("五轴联动数控机床")
    expect(page.locator("#badges")).to_contain_text("Designation verified · valid until 2099-08-31")
    expect(page.locator("#documents")).to_contain_text("Type test report")
    expect(page.locator("#facts")).to_contain_text("¥4,500,000.00 – ¥5,200,000.00")
