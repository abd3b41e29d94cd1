"""A published list becomes drafts its vendor completes, through the operator's command and
the browser: the operator imports a catalogue entry that gives only a Chinese name, a field and
a line of description; the vendor finds the draft under My listings, is told what to fill in,
cannot submit it yet, completes it in the editor, adds a designation and submits it."""

from __future__ import annotations

import json
import secrets
from pathlib import Path

import sqlalchemy as sa
from flask import Flask
from playwright.sync_api import Page, expect

from market.accounts.models import Membership, User
from market.core.db import db
from tests.e2e.conftest import DEMO_PASSWORD
from tests.e2e.test_catalog_listing import VENDOR_ADMIN, add_designation, nav
from tests.e2e.test_vendor_onboarding import sign_in


def import_list_entry(live_app: Flask, tmp_path: Path, name_zh: str) -> None:
    with live_app.app_context():
        vendor = (
            db.session.scalars(sa.select(Membership).join(User).where(User.email == VENDOR_ADMIN))
            .one()
            .organisation
        )
        code = vendor.credit_code
        db.session.remove()
    entry = {"name_zh": name_zh, "technical_field": "rail_transit", "summary": "土压平衡盾构机。"}
    path = tmp_path / "list.jsonl"
    path.write_text(json.dumps(entry, ensure_ascii=False) + "\n", encoding="utf-8")
    result = live_app.test_cli_runner().invoke(
        args=["catalog", "import", str(path), "--vendor", code, "--category", "equipment"]
    )
    assert result.exit_code == 0, result.output
    assert "its vendor completes name_en, region, unit_value, unit_ordinal" in result.output


def test_a_vendor_completes_and_submits_a_draft_imported_from_a_published_list(
    page: Page, live_app: Flask, tmp_path: Path
) -> None:
    name_zh = f"大型盾构机{secrets.token_hex(3)}"
    import_list_entry(live_app, tmp_path, name_zh)

    sign_in(page, VENDOR_ADMIN, DEMO_PASSWORD)
    nav(page, "My listings")
    page.get_by_role("link", name=name_zh).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(name_zh)
    notice = page.locator("#incomplete")
    expect(notice).to_contain_text("imported from a published list")
    expect(notice).to_contain_text("Name (English), Region (province), Unit value (yuan)")

    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator("#submit-problems")).to_contain_text(
        "Name (English): fill it in before submitting for review."
    )

    page.locator("#incomplete").get_by_role("link", name="Edit listing").click()
    expect(page.get_by_label("Name (Chinese)")).to_have_value(name_zh)
    expect(page.get_by_label("Summary")).to_have_value("土压平衡盾构机。")
    page.get_by_label("Name (English)").fill("Large tunnel boring machine")
    page.get_by_label("Region (province)").select_option("410000")
    page.get_by_label("Unit value (yuan)").fill("88,000,000")
    page.get_by_label("Unit ordinal").select_option("1")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("alert")).to_have_text("Version 1 saved as a draft.")
    expect(page.locator("#incomplete")).to_have_count(0)
    expect(page.get_by_role("heading", level=1)).to_have_text(name_zh)

    page.get_by_role("link", name="Evidence and documents").click()
    add_designation(page)
    page.get_by_role("button", name="Submit for review").click()
    expect(page.get_by_role("alert")).to_have_text(
        "Submitted for review. A reviewer will look at it."
    )
    expect(page.locator("#workings")).to_contain_text("In review")
