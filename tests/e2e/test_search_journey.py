"""A buyer's engineer looks for an industrial robot supplier they have never heard of."""

from __future__ import annotations

import io
import re
import uuid
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask
from playwright.sync_api import Page, expect

from market.accounts.models import User
from market.catalog import editing, services
from market.catalog.evidence import DocumentVisibility, ReviewStatus
from market.catalog.taxonomy import Category, DesignationKind, TechnicalField
from market.core.audit import Actor
from market.core.db import db
from market.discovery.sync import drain_all, get_backend


def publish(
    app: Flask,
    staff_email: str = "staff@vendor1.demo",
    document: tuple[str, bytes] | None = None,
    **content: object,
) -> uuid.UUID:
    """A listing by the vendor of ``staff_email`` (vendor1's staff unless said), with a
    ``document`` (file name, bytes) when given, verified and published by the operator's
    reviewer, then indexed; returns its id."""
    with app.app_context():
        with db.session.begin():
            staff = db.session.scalar(sa.select(User).where(User.email == staff_email))
            reviewer = db.session.scalar(
                sa.select(User).where(User.email == "reviewer@operator.demo")
            )
            vendor, review = Actor(user=staff), Actor(user=reviewer)
            product = editing.create_product(
                staff.organisation,
                Category.EQUIPMENT,
                {
                    "summary": "Seven-axis welding cell for ship hull panels.",
                    "region": "320000",
                    "unit_value_fen": 180_000_000,
                    "unit_ordinal": 1,
                    **content,
                },
                vendor,
            )
            claim = editing.add_claim(
                product,
                "designations",
                {
                    "kind": DesignationKind.MIIT_CATALOGUE,
                    "authority": "工业和信息化部",
                    "document_number": "工信部装函〔2025〕17号",
                    "valid_from": date(2025, 1, 1),
                    "valid_until": date(2099, 12, 31),
                },
                vendor,
            )
            if document is not None:
                filename, data = document
                editing.attach_document(
                    product,
                    stream=io.BytesIO(data),
                    filename=filename,
                    title="Type test report",
                    visibility=DocumentVisibility.PUBLIC,
                    storage_root=Path(app.config["DOCUMENT_STORAGE"]),
                    max_bytes=1 << 20,
                    actor=vendor,
                )
            services.submit(product, vendor)
            services.review_claim(claim, ReviewStatus.VERIFIED, "", review)
            services.publish(product, review)
            product_id = product.id
        drain_all(get_backend())
        db.session.remove()
    return product_id


@pytest.fixture
def robots(live_app: Flask) -> tuple[str, str]:
    run = uuid.uuid4().hex[:4].upper()
    welding = f"焊接机器人工作站 RW-{run} / Robotic welding cell RW-{run}"
    lathe = f"机器人上下料数控车床 CL-{run} / Robot-loaded CNC lathe CL-{run}"
    publish(
        live_app,
        name_zh=f"焊接机器人工作站 RW-{run}",
        name_en=f"Robotic welding cell RW-{run}",
        technical_field=TechnicalField.INDUSTRIAL_ROBOTS,
    )
    publish(
        live_app,
        name_zh=f"机器人上下料数控车床 CL-{run}",
        name_en=f"Robot-loaded CNC lathe CL-{run}",
        technical_field=TechnicalField.CNC_MACHINE_TOOLS,
    )
    return welding, lathe


def test_search_narrow_by_a_facet_and_open_a_result(page: Page, robots: tuple[str, str]) -> None:
    welding, lathe = robots
    welding_zh, lathe_zh = welding.split(" / ")[0], lathe.split(" / ")[0]

    page.goto("/search")
    page.get_by_label("Search", exact=True).fill("机器人")
    page.get_by_role("button", name="Search", exact=True).click()

    results = page.locator("main")
    expect(results.get_by_text(welding_zh.split(" ")[1], exact=False).first).to_be_visible()
    expect(results.get_by_text(lathe_zh.split(" ")[1], exact=False).first).to_be_visible()
    expect(page.locator("mark", has_text="机器人").first).to_be_visible()
    assert "q=" in page.url  # the URL carries the query: it can be bookmarked

    facets = page.get_by_role("complementary", name="Narrow the results")
    facets.get_by_role("link", name=re.compile("Industrial robots")).click()

    expect(
        page.get_by_role("link", name=re.compile("Remove filter .*Industrial robots"))
    ).to_be_visible()
    expect(results.get_by_text(welding_zh.split(" ")[1], exact=False).first).to_be_visible()
    expect(results.get_by_text(lathe_zh.split(" ")[1], exact=False)).to_have_count(0)

    results.get_by_role("link", name=re.compile(welding_zh.split(" ")[1])).first.click()
    expect(page).to_have_url(re.compile(r"/products/[0-9a-f-]{36}$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text(welding_zh.split(" ")[1])
    expect(page.get_by_text("Designation verified").first).to_be_visible()


def test_search_one_vendors_listings_from_a_product_page_then_by_price(
    page: Page, live_app: Flask
) -> None:
    model = f"PX-{uuid.uuid4().hex[:5].upper()}"
    publish(
        live_app,
        name_zh=f"伺服压力机 {model}",
        name_en=f"Servo press {model}",
        technical_field=TechnicalField.CNC_MACHINE_TOOLS,
        price_min_fen=300_000_000,
        price_max_fen=360_000_000,
    )
    page.goto(f"/search?q={model}")
    page.locator("[data-product]", has_text=model).click()
    vendor = page.locator('main a[href*="/catalogue?vendor="]').first.inner_text()

    page.get_by_role("link", name="Search this vendor’s listings").click()
    expect(page.get_by_text(f"By {vendor} ×")).to_be_visible()
    page.get_by_label("Search", exact=True).fill(model)
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page.get_by_text(f"By {vendor} ×")).to_be_visible()  # the form kept the vendor
    expect(page.locator("[data-product]")).to_have_count(1)

    page.get_by_label("Price up to", exact=True).fill("2000000")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator("#empty-state")).to_be_visible()
    page.get_by_text("Up to ¥2,000,000.00 ×").click()
    expect(page.locator("[data-product]", has_text=model)).to_have_count(1)


def test_an_abbreviation_finds_the_listing_that_spells_it_out(page: Page, live_app: Flask) -> None:
    # Digits, so PX-<run> is a model number (one has a digit) whatever the run draws: four hex
    # letters (CFFC) made a word that does not fold, one run in fifty.
    run = f"{uuid.uuid4().int % 10**6:06d}"
    for model in ("PX", "PY"):  # two models of one vendor's controller
        publish(
            live_app,
            name_zh=f"安全型可编程逻辑控制器 {model}-{run}",
            name_en=f"Safety controller {model}-{run}",
            technical_field=TechnicalField.POWER_EQUIPMENT,
        )

    page.goto("/search")
    box = page.get_by_label("Search", exact=True)
    # Autocomplete: the two models fold into one line, which says how many it stands for.
    box.press_sequentially("安全型可编")
    folded = page.locator('#suggestions option[value="安全型可编程逻辑控制器"]')
    expect(folded).to_have_attribute("label", "安全型可编程逻辑控制器 (2)")

    # The buyer types the abbreviation; the listings only spell it out, in Chinese.
    box.fill("PLC")
    page.get_by_role("button", name="Search", exact=True).click()

    results = page.locator("main")
    expect(results.get_by_text(f"PX-{run}", exact=False).first).to_be_visible()
    expect(results.get_by_text(f"PY-{run}", exact=False).first).to_be_visible()
    # What matched is marked: the synonym, since the listing never says PLC.
    expect(page.locator("mark", has_text="可编程逻辑控制器").first).to_be_visible()
