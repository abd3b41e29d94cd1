"""Demo signing keys and attestations, made through the real verbs: at each demo buyer the
admin makes a key and is enrolled as registrar, then registers the officer's and approvers'
keys with the admin's own PIN; every decided demo case gets its decision attestation, filed
by the officer and countersigned by the meeting's first approver. Every one of them is an
entry in the log, so ``flask ledger verify`` and the auditor's page have a real log to check.

The demo people sign with one PIN (``DEMO_SIGNING_PIN``, README), as they share a password.
"""

from __future__ import annotations

import sqlalchemy as sa

from market.accounts.models import Role, User
from market.attestations import filing, signing_keys
from market.attestations.keys import SigningKey
from market.core.audit import Actor
from market.core.db import db
from market.procurement import case_queries
from market.procurement.cases import Case, CaseState

DEFAULT_DEMO_SIGNING_PIN = "246810"
DOMAINS = ("buyer1.demo", "js.buyer1.demo", "buyer2.demo")


def seed_attestations(pin: str) -> tuple[int, int]:
    """Keys and decision attestations, unless the demo buyers hold keys already; returns how
    many keys were registered and attestations filed."""
    if db.session.scalar(sa.select(SigningKey.id).limit(1)) is not None:
        return 0, 0
    keys = filed = 0
    for domain in DOMAINS:
        people = db.session.scalars(
            sa.select(User).where(User.email.endswith(f"@{domain}")).order_by(User.email)
        ).all()
        admin = next((u for u in people if u.has_role(Role.ADMIN)), None)
        if admin is None:
            continue
        registrar = signing_keys.create_key(Actor(admin, "seed-demo"), pin)
        signing_keys.enroll_registrar(registrar, Actor(admin, "seed-demo"))
        keys += 1
        for user in people:
            if user.id != admin.id and user.roles & signing_keys.SIGNER_ROLES:
                key = signing_keys.create_key(Actor(user, "seed-demo"), pin)
                signing_keys.register_key(key, Actor(admin, "seed-demo"), pin)
                keys += 1
        filed += _attest_decided(admin.organisation_id, pin)
    return keys, filed


def _attest_decided(organisation_id: object, pin: str) -> int:
    cases = db.session.scalars(
        sa.select(Case)
        .where(Case.organisation_id == organisation_id, Case.state == CaseState.DECIDED)
        .order_by(Case.number)
    ).all()
    for case in cases:
        view = case_queries.case_view(case)
        chair = filing.attending_approvers(view)[0]
        officer = case.officer
        assert officer is not None  # a decided case was taken up
        attestation = filing.file_attestation(
            case,
            Actor(officer, "seed-demo"),
            "decision",
            {
                "policy_basis": "国资委首台套绿色通道采购规定及集团采购管理办法第四章 "
                "SASAC green channel rules for first-set products; group procurement rules, ch. 4.",
                "rationale": "经技术评审为唯一满足要求的国产首台套产品，试用规模小、风险可控。 "
                "The only domestic first-set product meeting the requirement; a small trial.",
                "mitigations": "供应商驻场保障，原有设备保留三个月备用。 "
                "The vendor keeps engineers on site; the old equipment stays ready for three "
                "months.",
                "chair": str(chair.id),
                "no_conflict_of_interest": True,
                "no_personal_gain": True,
            },
            pin,
        )
        filing.countersign(attestation, Actor(chair, "seed-demo"), pin)
    return len(cases)
