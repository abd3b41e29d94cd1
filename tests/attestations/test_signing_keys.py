"""Signing keys: made under a PIN, an admin's enrolled as registrar by the platform (the log
key signs), members' registered by the registrar's own signature, revoked by the registrar or
by a member's removal; every registration and revocation an entry in the log, and a wrong PIN
signs nothing and writes nothing."""

from __future__ import annotations

import base64
import json

import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from market.accounts import membership
from market.accounts.models import OrgKind, Role
from market.attestations import ledger, signing_keys
from market.attestations.log_key import log_key
from market.attestations.models import LedgerEntry
from market.core.audit import Actor
from market.core.db import db
from market.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed

PIN, ADMIN_PIN = "482915", "735102"


def record(seq: int) -> dict:
    return json.loads(db.session.get(LedgerEntry, seq).entry)


def verifies(public: bytes, signature: str, body: dict) -> bool:
    Ed25519PublicKey.from_public_bytes(public).verify(
        base64.b64decode(signature), signing_keys.canonical(body)
    )
    return True


@pytest.fixture
def org_people(in_app, make_org, make_user):
    org = make_org(kind=OrgKind.BUYER)
    admin = make_user(org, roles=(Role.ADMIN,))
    officer = make_user(org, roles=(Role.OFFICER,))
    key = signing_keys.create_key(Actor(admin), ADMIN_PIN)
    signing_keys.enroll_registrar(key, Actor(admin))
    db.session.commit()
    return org, admin, officer, key


def test_an_admin_is_enrolled_by_the_platform_and_registers_an_officer(org_people):
    _org, admin, officer, registrar = org_people
    enrolled = record(registrar.registered_seq)
    assert enrolled["kind"] == "registrar.enrolled"
    assert enrolled["signer"]["log"] == ledger.origin()
    log_public = signing_keys.raw_public(log_key().public_key())
    assert verifies(log_public, enrolled["signer"]["signature"], enrolled["body"])

    key = signing_keys.create_key(Actor(officer), PIN)
    assert not key.usable  # not until the registrar has registered it
    with pytest.raises(Conflict):
        signing_keys.sign(officer, PIN, {"x": "1"})
    signing_keys.register_key(key, Actor(admin), ADMIN_PIN)
    db.session.commit()
    registered = record(key.registered_seq)
    assert registered["kind"] == "key.registered"
    assert registered["body"]["public_key"] == base64.b64encode(key.public_key).decode()
    assert registered["body"]["roles"] == ["officer"]
    assert registered["signer"]["key_id"] == registrar.key_id
    assert verifies(registrar.public_key, registered["signer"]["signature"], registered["body"])

    body = {"case": "c1", "amount": "980000.00"}
    signer = signing_keys.sign(officer, PIN, body)
    assert signer["key_id"] == key.key_id
    assert verifies(key.public_key, signer["signature"], body)


def test_a_wrong_pin_signs_nothing_and_writes_nothing(org_people):
    _org, admin, officer, _registrar = org_people
    key = signing_keys.create_key(Actor(officer), PIN)
    before = ledger.size()
    with pytest.raises(ValidationFailed) as refused:
        signing_keys.register_key(key, Actor(admin), "000000x")
    assert "pin" in refused.value.fields
    assert ledger.size() == before
    assert key.registered_seq is None
    signing_keys.register_key(key, Actor(admin), ADMIN_PIN)
    with pytest.raises(ValidationFailed, match="PIN is wrong"):
        signing_keys.sign(officer, PIN + "1", {"x": "1"})


def test_only_the_organisations_registrar_registers(org_people, make_org, make_user):
    org, admin, officer, registrar = org_people
    key = signing_keys.create_key(Actor(officer), PIN)
    other_admin = make_user(org, roles=(Role.ADMIN,))  # an admin, but no enrolled key
    with pytest.raises(PermissionDenied):
        signing_keys.register_key(key, Actor(other_admin), ADMIN_PIN)
    with pytest.raises(PermissionDenied):
        signing_keys.register_key(key, Actor(officer), PIN)
    stranger = make_user(make_org(kind=OrgKind.BUYER), roles=(Role.ADMIN,))
    with pytest.raises(NotFound):
        signing_keys.register_key(key, Actor(stranger), ADMIN_PIN)
    with pytest.raises(Conflict):
        signing_keys.register_key(registrar, Actor(admin), ADMIN_PIN)


def test_keys_are_for_a_buyers_signers_with_a_real_pin(in_app, make_org, make_user):
    org = make_org(kind=OrgKind.BUYER)
    requester = make_user(org, roles=(Role.REQUESTER,))
    vendor_staff = make_user(make_org(kind=OrgKind.VENDOR), roles=(Role.STAFF,))
    for user in (requester, vendor_staff):
        with pytest.raises(PermissionDenied):
            signing_keys.create_key(Actor(user), PIN)
    approver = make_user(org, roles=(Role.APPROVER,))
    for weak in ("12345", "111111"):
        with pytest.raises(ValidationFailed) as refused:
            signing_keys.create_key(Actor(approver), weak)
        assert "pin" in refused.value.fields
    signing_keys.create_key(Actor(approver), PIN)
    with pytest.raises(Conflict):
        signing_keys.create_key(Actor(approver), PIN)


def test_a_revoked_key_signs_nothing_more(org_people):
    _org, admin, officer, registrar = org_people
    key = signing_keys.create_key(Actor(officer), PIN)
    signing_keys.register_key(key, Actor(admin), ADMIN_PIN)
    signing_keys.revoke_key(key, Actor(admin), "Left the procurement department.", ADMIN_PIN)
    revoked = record(key.revoked_seq)
    assert revoked["kind"] == "key.revoked"
    assert verifies(registrar.public_key, revoked["signer"]["signature"], revoked["body"])
    with pytest.raises(Conflict):
        signing_keys.sign(officer, PIN, {"x": "1"})
    # A new key may follow the revoked one.
    assert signing_keys.create_key(Actor(officer), PIN).key_id != key.key_id


def test_removing_a_member_revokes_their_key_in_the_log(org_people):
    _org, admin, officer, _registrar = org_people
    key = signing_keys.create_key(Actor(officer), PIN)
    signing_keys.register_key(key, Actor(admin), ADMIN_PIN)
    membership.remove_member(officer.membership, Actor(admin))
    db.session.commit()
    assert key.revoked_at is not None
    revoked = record(key.revoked_seq)
    assert revoked["body"]["reason"] == "The member was removed."
    assert revoked["signer"]["log"] == ledger.origin()
    kinds = db.session.scalars(sa.select(LedgerEntry.kind).order_by(LedgerEntry.seq)).all()
    assert kinds[-3:] == ["registrar.enrolled", "key.registered", "key.revoked"]
