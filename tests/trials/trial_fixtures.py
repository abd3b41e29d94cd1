"""A decided case with its decision attested (filed by the officer, countersigned by the
chair), the trial terms an officer would record for it, and the steps to a running trial."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest

from market.attestations import filing, signing_keys
from market.core.audit import Actor
from market.core.db import business_today, db
from market.trials import contracting
from tests.attestations.case_fixtures import (  # noqa: F401 (fixtures)
    ADMIN_PIN,
    PIN,
    buyer,
    buyer_factory,
    case_in,
    file_decision,
    make_product,
    people,
    reviewer,
    signed_case,
    signers,
    signers_of,
    storage,
    vendor,
    vendor_staff,
)


def terms(start: date | None = None, **changes: Any) -> dict[str, Any]:
    """Terms of a six-month trial from ``start`` (a week from today unless given)."""
    start = start or business_today() + timedelta(days=7)
    given = {
        "starts_on": start,
        "ends_on": start + timedelta(days=180),
        "value_fen": 90_000_000,  # ¥900,000 (the decided budget is ¥980,000)
        "acceptance_criteria": "Every KPI met by its last measurement over the six months.",
        "kpis": [
            {
                "name": "Positioning accuracy",
                "unit": "mm",
                "target": "0.005",
                "comparator": "at_most",
                "method": "Laser interferometer, ISO 230-2, monthly.",
            },
            {
                "name": "Availability",
                "unit": "%",
                "target": "95",
                "comparator": "at_least",
                "method": "Uptime over scheduled hours, from the MES.",
            },
        ],
        "milestones": [
            {
                "due_on": start + timedelta(days=60),
                "amount_fen": 30_000_000,
                "description": "Installed, commissioned, first parts within tolerance.",
            },
            {
                "due_on": start + timedelta(days=180),
                "amount_fen": 60_000_000,
                "description": "Six months in production; acceptance review.",
            },
        ],
        "insurance_policy": None,
        "insured_value_fen": None,
        "no_insurance_reason": "The version carries no first-set policy; the vendor guarantees.",
        "fallback_plan": "The old line stays ready; the vendor replaces parts within 48 hours.",
    }
    return {**given, **changes}


def attest_decision(case: Any, owner: Any) -> Any:
    attestation = file_decision(case, owner)
    filing.countersign(attestation, Actor(owner.approvers[0]), PIN)
    db.session.commit()
    return attestation


@pytest.fixture
def attested_case(signed_case):  # noqa: F811
    """A decided case whose decision attestation is filed and countersigned; its buyer."""
    case, buyer, _keys = signed_case  # noqa: F811
    attest_decision(case, buyer)
    return case, buyer


def record(case: Any, owner: Any, start: date | None = None, **changes: Any) -> Any:
    saved = contracting.record_terms(case, Actor(owner.officer), terms(start, **changes))
    db.session.commit()
    return saved


def confirm(case: Any, vendor_user: Any) -> Any:
    saved = contracting.confirm_terms(
        case, Actor(vendor_user), contracting.trial_terms.terms_of(case).revision
    )
    db.session.commit()
    return saved


TRIAL_START = {
    "mitigations": "Monthly interferometer checks; spare spindle on site.",
    "no_conflict_of_interest": True,
    "no_personal_gain": True,
}


def start_trial(case: Any, owner: Any, pin: str = PIN) -> Any:
    attestation = filing.file_attestation(
        case, Actor(owner.officer), "trial_start", TRIAL_START, pin
    )
    db.session.commit()
    return attestation


def register_auditor(owner: Any) -> None:
    """The buyer's auditor gets a registered key (PIN): determinations are signed with it."""
    key = signing_keys.create_key(Actor(owner.auditor), PIN)
    signing_keys.register_key(key, Actor(owner.admin), ADMIN_PIN)
    db.session.commit()


def later(days: int) -> date:
    return business_today() + timedelta(days=days)


@pytest.fixture
def running_case(attested_case, vendor_staff):  # noqa: F811
    """A trial that started 75 days ago on confirmed terms: its first milestone (day 60) is
    past without a report. The case, its buyer and the vendor's staff."""
    case, owner = attested_case
    record(case, owner, start=later(-75))
    confirm(case, vendor_staff)
    start_trial(case, owner)
    return case, owner, vendor_staff
