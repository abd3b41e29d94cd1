"""A buyer's people of every role, an enrolled registrar among them, another buyer with its own
registrar, and people of a vendor and of the operator: what the signing key pages and API are
tried with. Test modules import the fixtures from here."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
import sqlalchemy as sa

from market.accounts.models import Organisation, OrgKind, Role, User
from market.attestations import ledger, signing_keys
from market.attestations.keys import SigningKey
from market.core.audit import Actor, AuditEvent
from market.core.db import db

PIN, ADMIN_PIN, WRONG_PIN = "482915", "735102", "000000x"


@dataclass
class People:
    org: Organisation
    admin: User  # enrolled as the registrar
    officer: User
    approver: User
    requester: User
    auditor: User
    other_org: Organisation
    other_admin: User  # the other buyer's enrolled registrar
    other_officer: User
    vendor_staff: User
    reviewer: User


def make_key(user: User, pin: str = PIN) -> SigningKey:
    key = signing_keys.create_key(Actor(user), pin)
    db.session.commit()
    return key


def enrol(user: User, pin: str = ADMIN_PIN) -> SigningKey:
    key = signing_keys.create_key(Actor(user), pin)
    signing_keys.enroll_registrar(key, Actor(user))
    db.session.commit()
    return key


def key_of(user: User) -> SigningKey | None:
    db.session.expire_all()
    return signing_keys.live_key(user)


def written() -> tuple[int, int, int]:
    """The log's size, the keys and the audit events: the same before and after = nothing."""
    db.session.expire_all()
    count = sa.select(sa.func.count())
    return (
        ledger.size(),
        db.session.scalar(count.select_from(SigningKey)) or 0,
        db.session.scalar(count.select_from(AuditEvent)) or 0,
    )


@pytest.fixture(name="people")
def people_fixture(in_app: Any, make_org: Any, make_user: Any) -> People:
    org = make_org(kind=OrgKind.BUYER)
    other = make_org(kind=OrgKind.BUYER)
    found = People(
        org=org,
        admin=make_user(org, roles=(Role.ADMIN,)),
        officer=make_user(org, roles=(Role.OFFICER,)),
        approver=make_user(org, roles=(Role.APPROVER,)),
        requester=make_user(org, roles=(Role.REQUESTER,)),
        auditor=make_user(org, roles=(Role.AUDITOR,)),
        other_org=other,
        other_admin=make_user(other, roles=(Role.ADMIN,)),
        other_officer=make_user(other, roles=(Role.OFFICER,)),
        vendor_staff=make_user(make_org(kind=OrgKind.VENDOR), roles=(Role.STAFF,)),
        reviewer=make_user(make_org(kind=OrgKind.OPERATOR), roles=(Role.REVIEWER,)),
    )
    enrol(found.admin)
    enrol(found.other_admin)
    return found
