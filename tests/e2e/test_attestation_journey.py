"""The decision attestation in Chromium without JavaScript: on a decided case the officer
files it with their PIN (after one wrong PIN) and the chair countersigns with theirs; the
officer downloads the receipt; the auditor verifies the log on its page and downloads the
organisation's bundle and the latest checkpoint; the offline verifier accepts the bundle and
the receipt, and rejects the bundle once one byte of an entry is changed."""

from __future__ import annotations

import json
import secrets
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, Page, expect

from market.accounts import services as accounts
from market.accounts.models import OrgKind, Role
from market.attestations import signing_keys
from market.catalog.models import Product
from market.catalog.taxonomy import TechnicalField
from market.core.audit import Actor
from market.core.db import db
from market.procurement import green_channel, raising
from market.procurement.cases import CaseState
from tests.conftest import random_credit_code
from tests.e2e.conftest import DEMO_PASSWORD, TIMEOUT_MS
from tests.e2e.test_search_journey import publish
from tests.e2e.test_vendor_onboarding import sign_in
from tests.procurement.conftest import SETTINGS, Buyer, advance, need

SYSTEM = Actor(user=None, is_system=True)
PIN, ADMIN_PIN = "482915", "735102"
ROOT = Path(__file__).resolve().parents[2]
REPORT = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


LOGINS = (
    ("admin", Role.ADMIN),
    ("requester", Role.REQUESTER),
    ("officer", Role.OFFICER),
    ("auditor", Role.AUDITOR),
    ("approver1", Role.APPROVER),
    ("approver2", Role.APPROVER),
    ("approver3", Role.APPROVER),
)


def buyer_with_signers(
    run: str, name_zh: str, name_en: str, domain: str, signers: tuple[str, ...] = ()
) -> tuple[Any, dict[str, Any]]:
    """A buyer with its green channel and one person per role (``LOGINS``), the admin enrolled
    as registrar and the officer's, the approvers' and ``signers``' keys registered (PIN).
    Inside the caller's transaction; returns the organisation and its people by login."""
    org = accounts.create_organisation(
        kind=OrgKind.BUYER,
        name_zh=name_zh,
        name_en=name_en,
        credit_code=random_credit_code(),
        actor=SYSTEM,
    )
    green_channel.configure(org, SETTINGS, SYSTEM)
    people = {
        login: accounts.create_user(
            org,
            email=f"{login}.{run}@{domain}",
            name=f"{login.title()} {run}",
            password=DEMO_PASSWORD,
            roles=frozenset({role}),
            actor=SYSTEM,
        )
        for login, role in LOGINS
    }
    admin = people["admin"]
    registrar = signing_keys.create_key(Actor(admin), ADMIN_PIN)
    signing_keys.enroll_registrar(registrar, Actor(admin))
    for login in ("officer", "approver1", "approver2", "approver3", *signers):
        key = signing_keys.create_key(Actor(people[login]), PIN)
        signing_keys.register_key(key, Actor(admin), ADMIN_PIN)
    return org, people


@pytest.fixture
def decided_case(live_app: Flask) -> dict[str, str]:
    """A buyer of this run's own, its people with registered keys, a decided case."""
    run = secrets.token_hex(3)
    emails: dict[str, str] = {}
    product_id = publish(
        live_app,
        document=("type-test-report.pdf", REPORT),
        name_zh=f"五轴加工中心 FX-{run}",
        name_en=f"Five-axis machining centre FX-{run}",
        technical_field=TechnicalField.CNC_MACHINE_TOOLS,
        unit_value_fen=90_000_000,
    )
    with live_app.app_context():
        with db.session.begin():
            org, people = buyer_with_signers(
                run, f"电力测试{run}有限公司", f"Power Test {run} Co., Ltd.", "power.example"
            )
            emails.update({login: user.email for login, user in people.items()})
            product = db.session.get(Product, product_id)
            buyer = Buyer(
                org,
                people["admin"],
                people["requester"],
                people["officer"],
                [people[f"approver{n}"] for n in (1, 2, 3)],
                people["auditor"],
                [product],
            )
            case = raising.raise_case(
                Actor(people["requester"]), need(), products=[product.id], search_query="加工中心"
            )
            advance(case, buyer, CaseState.DECIDED)
            emails["case"] = str(case.id)
            emails["chair"] = people["approver1"].name
        db.session.remove()
    return emails


def desk(browser: Browser, live_server: str, email: str) -> Page:
    context = browser.new_context(
        base_url=live_server, locale="en-US", java_script_enabled=False, accept_downloads=True
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    sign_in(page, email, DEMO_PASSWORD)
    return page


def verify(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "market.attestations.verify", *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_file_countersign_and_verify_offline(
    browser: Browser, live_server: str, decided_case: dict[str, str], tmp_path: Path
) -> None:
    case_url = f"/cases/{decided_case['case']}"

    officer = desk(browser, live_server, decided_case["officer"])
    officer.goto(case_url)
    officer.locator("#file-decision").click()
    expect(officer.locator("#preview")).to_contain_text("type-test-report.pdf")
    expect(officer.locator("#never-decides")).to_be_visible()
    officer.get_by_label("Policy basis").fill("SASAC green channel for first-set equipment.")
    officer.get_by_label("Rationale").fill("The only domestic machine that meets the tolerance.")
    officer.get_by_label("Mitigations").fill("Spare spindle on site; the old line stays ready.")
    officer.get_by_label("The meeting's chair, who countersigns").select_option(
        label=decided_case["chair"]
    )
    officer.get_by_label("I have no conflict of interest", exact=False).check()
    officer.get_by_label("I gain nothing personally", exact=False).check()
    officer.get_by_label("Signing PIN").fill("000000")
    officer.get_by_role("button", name="Sign and file").click()
    expect(officer.locator("#attestation-form")).to_contain_text("The PIN is wrong.")
    # The form keeps what was typed, but never the PIN.
    expect(officer.get_by_label("Signing PIN")).to_have_value("")
    officer.get_by_label("Signing PIN").fill(PIN)
    officer.get_by_role("button", name="Sign and file").click()
    expect(officer.locator("#attestation-state")).to_contain_text(
        "Waiting for the chair to countersign"
    )
    attestation_url = officer.url

    chair = desk(browser, live_server, decided_case["approver1"])
    chair.goto(case_url)
    chair.get_by_role("link", name="Open it").click()
    chair.get_by_label("Signing PIN").fill(PIN)
    chair.get_by_role("button", name="Countersign").click()
    expect(chair.locator("#attestation-state")).to_contain_text("Filed and countersigned")

    officer.goto(attestation_url)
    with officer.expect_download() as receipt_download:
        officer.locator("#receipt-link").click()
    receipt_file = tmp_path / "receipt.json"
    receipt_download.value.save_as(receipt_file)

    auditor = desk(browser, live_server, decided_case["auditor"])
    auditor.goto("/ledger")
    auditor.get_by_role("button", name="Verify the whole log now").click()
    expect(auditor.locator("#verify-result")).to_contain_text("The log verifies")
    with auditor.expect_download() as bundle_download:
        auditor.locator("#download-bundle").click()
    with auditor.expect_download() as checkpoint_download:
        auditor.locator("#download-checkpoint").click()
    with auditor.expect_download() as key_download:
        auditor.locator("#download-key").click()
    key_file, checkpoint_file = tmp_path / "log-key.pem", tmp_path / "checkpoint.txt"
    key_download.value.save_as(key_file)
    checkpoint_download.value.save_as(checkpoint_file)
    bundle_zip = tmp_path / "bundle.zip"
    bundle_download.value.save_as(bundle_zip)
    bundle = tmp_path / "bundle"
    with zipfile.ZipFile(bundle_zip) as archive:
        archive.extractall(bundle)
    if not (bundle / "manifest.json").exists():  # a zip holding one folder
        bundle = next(p.parent for p in bundle.rglob("manifest.json"))

    accepted = verify(
        "bundle", str(bundle), "--log-key", str(key_file), "--trusted", str(checkpoint_file)
    )
    assert accepted.returncode == 0, accepted.stdout + accepted.stderr
    assert verify("receipt", str(receipt_file), "--log-key", str(key_file)).returncode == 0

    # One byte of one of the organisation's entries changed: the verifier names the entry.
    lines = (bundle / "entries.jsonl").read_text().splitlines()
    index = next(i for i, line in enumerate(lines) if '"attestation.filed' in line)
    seq = json.loads(lines[index])["seq"]
    lines[index] = lines[index].replace("tolerance", "toleranse", 1)
    (bundle / "entries.jsonl").write_text("\n".join(lines) + "\n")
    rejected = verify(
        "bundle", str(bundle), "--log-key", str(key_file), "--trusted", str(checkpoint_file)
    )
    assert rejected.returncode == 1
    assert f"entry {seq}" in rejected.stdout
