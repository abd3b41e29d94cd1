"""An operator admin reads the audit log on a 1,366 px laptop and a 390 px phone, in Chinese: the
page fits the screen (it was a 1,600-1,830 px table), a suspension reads as 状态 有效 → 已暂停 with
its reason in Chinese (it was raw JSON with \\u escapes), and the organisation is a link."""

from __future__ import annotations

import secrets

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from market.accounts import services
from market.accounts.models import OrgKind, User
from market.core.audit import Actor
from market.core.db import db
from tests.conftest import random_credit_code
from tests.e2e.conftest import DEMO_PASSWORD, OPERATOR_ADMIN
from tests.e2e.test_vendor_onboarding import sign_in

REASON = (
    "经核查，该企业提交的检测报告编号无法在检验机构网站核验，"
    "暂停其全部挂牌，待补充报告扫描件后恢复。"
)


@pytest.fixture
def suspended_vendor(live_app: Flask) -> str:
    run = secrets.token_hex(3)
    name_zh = f"审计测试泵业{run}有限公司"
    with live_app.app_context():
        with db.session.begin():
            operator_admin = db.session.scalar(db.select(User).where(User.email == OPERATOR_ADMIN))
            actor = Actor(user=operator_admin, address="203.0.113.9")
            vendor = services.create_organisation(
                kind=OrgKind.VENDOR,
                name_zh=name_zh,
                name_en=f"Audit Test Pumps {run} Co., Ltd.",
                credit_code=random_credit_code(),
                actor=actor,
            )
            services.suspend_organisation(vendor, REASON, actor)
        db.session.remove()
    return name_zh


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (390, 844)])
def test_the_audit_log_fits_the_screen_and_reads_in_chinese(
    page: Page, suspended_vendor: str, width: int, height: int
):
    page.set_viewport_size({"width": width, "height": height})
    sign_in(page, OPERATOR_ADMIN, DEMO_PASSWORD)
    page.goto("/language/zh?next=/operator/audit?verb=organisation.suspend")

    event = page.locator(".audit-event").first
    expect(event).to_contain_text("暂停组织")
    expect(event).to_contain_text("有效 → 已暂停")
    expect(event).to_contain_text(REASON)
    expect(event.get_by_role("link", name=suspended_vendor)).to_be_visible()
    assert "\\u" not in page.content()
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0, f"the page is {overflow} px wider than the {width} px screen"

    event.get_by_role("link", name=suspended_vendor).click()
    expect(page.locator(f'tr[data-org] >> text="{suspended_vendor}"')).to_be_visible()
