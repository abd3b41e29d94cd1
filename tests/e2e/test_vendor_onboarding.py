"""A vendor joins the market, all through the browser: its admin registers the company, the
platform's admin approves it, and the vendor's admin invites a colleague who then signs up."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass

from playwright.sync_api import Page, expect

from market.accounts.credit_code import with_check_character
from tests.e2e.conftest import DEMO_PASSWORD, OPERATOR_ADMIN

PASSWORD = "Pioneer-e2e-2026"
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"  # GB 32100: no I, O, S, V, Z


@dataclass(frozen=True)
class Vendor:
    name_zh: str
    name_en: str
    credit_code: str
    admin_name: str
    admin_email: str

    @property
    def display_name(self) -> str:
        return f"{self.name_zh} ({self.name_en})"


def new_vendor() -> Vendor:
    """A company no other journey of this run has registered."""
    run = secrets.token_hex(3)
    tail = "".join(secrets.choice(CREDIT_CODE_ALPHABET) for _ in range(5))
    return Vendor(
        name_zh=f"杭州云帆新材料有限公司{run}",
        name_en=f"Hangzhou Yunfan New Materials {run} Co., Ltd.",
        credit_code=with_check_character("91330100MA2B" + tail),
        admin_name="林晓 Lin Xiao",
        admin_email=f"lin.xiao.{run}@yunfan.example",
    )


def with_wrong_check_character(code: str) -> str:
    """The same 18 characters but the last: a typo the check character exists to catch."""
    wrong = next(c for c in CREDIT_CODE_ALPHABET if c != code[-1])
    return code[:-1] + wrong


def sign_in(page: Page, email: str, password: str) -> None:
    page.goto("/login")
    page.get_by_label("E-mail").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    # Attached, not visible: on a phone the navigation is folded behind Menu.
    expect(page.get_by_role("button", name="Sign out", include_hidden=True)).to_be_attached()


def open_menu(page: Page) -> None:
    """Unfold the navigation where it is folded (a narrow screen); nothing on a wide one."""
    menu = page.get_by_role("navigation", name="Main").get_by_text("Menu", exact=True)
    if menu.is_visible():
        menu.click()


def sign_out(page: Page) -> None:
    open_menu(page)
    page.get_by_role("navigation").get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("alert")).to_have_text("You are signed out.")
    expect(page.get_by_role("navigation").get_by_role("link", name="Sign in")).to_be_visible()


def register(page: Page, vendor: Vendor) -> None:
    """Register ``vendor``, mistyping its credit code on the first try."""
    page.goto("/")
    page.get_by_role("link", name="Register your company as a vendor").click()
    expect(page.get_by_role("heading", name="Register your company as a vendor")).to_be_visible()

    page.get_by_label("Organisation name (Chinese)").fill(vendor.name_zh)
    page.get_by_label("Organisation name (English)").fill(vendor.name_en)
    code_field = page.get_by_label("Unified social credit code")
    code_field.fill(with_wrong_check_character(vendor.credit_code))
    page.get_by_label("Your name").fill(vendor.admin_name)
    page.get_by_label("Your work e-mail").fill(vendor.admin_email)
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_role("button", name="Register my company").click()

    # The form comes back with the mistake explained under the field and the rest kept.
    code_group = page.locator("div.mb-3").filter(has=code_field)
    wrong_check = code_group.get_by_text("The check character of this credit code is wrong.")
    expect(wrong_check).to_be_visible()
    expect(code_field).to_have_class(re.compile(r"\bis-invalid\b"))
    expect(page.get_by_label("Organisation name (English)")).to_have_value(vendor.name_en)
    expect(page.get_by_label("Your work e-mail")).to_have_value(vendor.admin_email)

    code_field.fill(vendor.credit_code)
    # Browsers are never sent passwords back: they are typed again.
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_role("button", name="Register my company").click()

    expect(page).to_have_url(re.compile(r"/login$"))
    expect(page.get_by_role("alert")).to_contain_text("Your company is registered.")


def approve(page: Page, vendor: Vendor) -> None:
    """As the operator admin: find the pending registration and approve it."""
    page.get_by_role("navigation").get_by_role("link", name="Organisations", exact=True).click()
    page.get_by_label("Status").select_option("pending")
    page.get_by_role("button", name="Filter").click()
    expect(page).to_have_url(re.compile(r"/operator/organisations\?status=pending"))

    row = page.get_by_role("row").filter(has_text=vendor.name_en)
    expect(row).to_contain_text(vendor.credit_code)
    expect(row).to_contain_text("Pending review")
    row.get_by_role("button", name="Approve").click()

    expect(page.get_by_role("alert")).to_have_text(f"{vendor.display_name} is approved.")
    expect(page.get_by_role("row").filter(has_text=vendor.name_en)).to_have_count(0)


def invite(page: Page, email: str) -> str:
    """As the vendor's admin: invite ``email`` as staff; returns the invitation link."""
    page.get_by_role("navigation").get_by_role("link", name="My organisation").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()

    page.get_by_label("E-mail").fill(email)
    page.get_by_role("group", name="Roles").get_by_label(re.compile(r"^Staff")).check()
    page.get_by_role("button", name="Create invitation link").click()

    expect(page.get_by_role("alert")).to_have_text(f"Invitation created for {email}.")
    link = page.locator("#invitation-link")
    expect(link).to_contain_text("/invitations/")
    return link.inner_text().strip()


def test_a_vendor_registers_is_approved_and_invites_a_colleague(page: Page) -> None:
    vendor = new_vendor()
    colleague_name = "沈一鸣 Shen Yiming"
    colleague_email = vendor.admin_email.replace("lin.xiao", "shen.yiming")

    register(page, vendor)

    sign_in(page, OPERATOR_ADMIN, DEMO_PASSWORD)
    approve(page, vendor)
    sign_out(page)

    sign_in(page, vendor.admin_email, PASSWORD)
    expect(page.get_by_role("heading", name=f"Welcome, {vendor.admin_name}")).to_be_visible()
    expect(page.get_by_text("awaiting review")).to_have_count(0)
    link = invite(page, colleague_email)
    expect(page.get_by_role("row").filter(has_text=colleague_email)).to_contain_text("Staff")
    sign_out(page)

    page.goto(link)
    expect(page.get_by_role("heading", name=f"Join {vendor.display_name}")).to_be_visible()
    page.get_by_label("Your name").fill(colleague_name)
    page.get_by_label("Choose a password").fill(PASSWORD)
    page.get_by_label("Repeat the password").fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()

    expect(page.get_by_role("heading", name=f"Welcome, {colleague_name}")).to_be_visible()
    expect(page.get_by_role("alert")).to_have_text(f"Welcome to {vendor.display_name}.")

    page.get_by_role("navigation").get_by_role("link", name="My organisation").click()
    members = page.locator("#members tbody").get_by_role("row")
    expect(members).to_have_count(2)
    admin_row = members.filter(has_text=vendor.admin_email)
    colleague_row = members.filter(has_text=colleague_email)
    expect(admin_row.get_by_role("cell").nth(0)).to_have_text(vendor.admin_name)
    expect(admin_row.get_by_role("cell").nth(2)).to_have_text("Admin")
    expect(colleague_row.get_by_role("cell").nth(0)).to_have_text(colleague_name)
    expect(colleague_row.get_by_role("cell").nth(2)).to_have_text("Staff")
