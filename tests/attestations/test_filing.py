"""Filing and countersigning attestations through the verbs: what the body holds, what the log
holds, the chair's countersignature, corrections that supersede, the named guard for going
past ``decided``, and every refusal writing nothing to the log."""

from __future__ import annotations

import base64
import hashlib
import json

import pytest
import rfc8785
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from market.attestations import filing, ledger, signing_keys
from market.attestations.models import LedgerEntry
from market.attestations.rules import DECISION_ATTESTED
from market.core.audit import Actor
from market.core.db import db
from market.core.errors import (
    Conflict,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    StaleVersion,
    ValidationFailed,
)
from market.procurement import case_queries
from market.procurement.cases import CaseState
from tests.attestations.case_fixtures import PIN, file_decision, given
from tests.conftest import reload


def record(seq: int) -> dict:
    return json.loads(db.session.get(LedgerEntry, seq).entry)


def signed_by(key, signature: str, body: dict) -> bool:
    Ed25519PublicKey.from_public_bytes(key.public_key).verify(
        base64.b64decode(signature), rfc8785.dumps(body)
    )
    return True


def test_the_officer_files_what_the_record_shows_and_the_log_holds_it(signed_case):
    case, buyer, keys = signed_case
    before = ledger.size()
    attestation = file_decision(case, buyer)
    db.session.commit()

    assert ledger.size() == before + 1
    entry = record(attestation.filed_seq)
    assert entry["kind"] == "attestation.filed"
    body = entry["body"]
    assert body == attestation.body
    assert signed_by(keys[buyer.officer.id], entry["signer"]["signature"], body)
    assert entry["signer"]["key_id"] == keys[buyer.officer.id].key_id
    assert attestation.body_sha256 == hashlib.sha256(rfc8785.dumps(body)).hexdigest()

    assert body["policy"]["basis"] == given()["policy_basis"]
    assert body["policy"]["green_channel_version"] == case.config_version.number
    steps = [s["step"] for s in body["procedure"]["steps"]]
    assert steps[0] == "case.raised"
    assert "case.decide" in steps
    assert body["procedure"]["case_state"] == "decided"
    assert len(body["procedure"]["case_state_sha256"]) == 64
    decision = body["decision"]
    assert decision["result"]["passed"] is True
    assert decision["result"]["approve"] == 3
    assert [a["name"] for a in decision["meeting"]["attendees"]] == [
        a.name for a in buyer.approvers[:3]
    ]
    assert body["declarations"] == {"no_conflict_of_interest": True, "no_personal_gain": True}
    assert body["risks"][0]["description"] == "Spindle failure during the trial"
    assert body["chair"]["name"] == buyer.approvers[0].name
    assert body["value"] == "980000.00"  # money as a string, never a float
    assert body["evidence"], "the selected version's documents are in the manifest"
    for item in body["evidence"]:
        assert set(item) >= {"sha256", "size", "name", "type"}


def test_the_case_state_hash_changes_with_the_case(signed_case):
    case, _buyer, _keys = signed_case
    from market.attestations import contents

    first = contents.procedure(case_queries.case_view(case))["case_state_sha256"]
    case.fallback_supply = "Another answer."
    db.session.flush()
    assert contents.procedure(case_queries.case_view(case))["case_state_sha256"] != first


def test_the_chair_countersigns_and_the_guard_lets_the_case_go_on(signed_case):
    case, buyer, keys = signed_case
    assert DECISION_ATTESTED.problems(case, {}) == {
        "attestation": ["File the decision attestation first."]
    }
    attestation = file_decision(case, buyer)
    assert "attestation" in DECISION_ATTESTED.problems(case, {})  # not countersigned yet
    chair = buyer.approvers[0]
    filing.countersign(attestation, Actor(chair), PIN)
    db.session.commit()

    entry = record(attestation.countersigned_seq)
    assert entry["kind"] == "attestation.countersigned"
    assert entry["body"]["attestation_sha256"] == attestation.body_sha256
    assert entry["body"]["attestation_seq"] == attestation.filed_seq
    assert signed_by(keys[chair.id], entry["signer"]["signature"], entry["body"])
    assert DECISION_ATTESTED.problems(case, {}) == {}


def test_a_correction_supersedes_and_needs_countersigning_again(signed_case):
    case, buyer, _keys = signed_case
    first = file_decision(case, buyer)
    filing.countersign(first, Actor(buyer.approvers[0]), PIN)
    with pytest.raises(ValidationFailed) as missing:
        file_decision(case, buyer, supersedes_id=first.id)
    assert "correction" in missing.value.fields
    second = file_decision(
        case, buyer, supersedes_id=first.id, correction="The risk owner was misnamed."
    )
    db.session.commit()

    assert reload(first).superseded_at is not None
    assert reload(first).body == first.body  # locked: the old one stays as it was
    assert second.number == 2
    assert second.body["supersedes"]["seq"] == first.filed_seq
    assert filing.standing(case, "decision").id == second.id
    assert "attestation" in DECISION_ATTESTED.problems(case, {})
    with pytest.raises(StaleVersion):  # the first was corrected already
        file_decision(case, buyer, supersedes_id=first.id, correction="again")
    with pytest.raises(Conflict):  # a superseded one is not countersigned
        filing.countersign(reload(first), Actor(buyer.approvers[0]), PIN)


def test_a_second_attestation_of_a_kind_is_a_correction_or_nothing(signed_case):
    case, buyer, _keys = signed_case
    file_decision(case, buyer)
    with pytest.raises(Conflict):
        file_decision(case, buyer)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"policy_basis": "  "}, "policy_basis"),
        ({"rationale": ""}, "rationale"),
        ({"mitigations": ""}, "mitigations"),
        ({"no_conflict_of_interest": False}, "no_conflict_of_interest"),
        ({"no_personal_gain": None}, "no_personal_gain"),
        ({"chair": ""}, "chair"),
    ],
)
def test_missing_declarations_and_words_are_refused_by_field(signed_case, change, field):
    case, buyer, _keys = signed_case
    before = ledger.size()
    with pytest.raises(ValidationFailed) as refused:
        file_decision(case, buyer, **change)
    assert field in refused.value.fields
    assert ledger.size() == before


def test_a_chair_who_did_not_attend_is_refused(signed_case):
    case, buyer, _keys = signed_case
    absent = buyer.approvers[3]  # the fourth approver was not at the meeting
    with pytest.raises(ValidationFailed) as refused:
        file_decision(case, buyer, chair=str(absent.id))
    assert "chair" in refused.value.fields


def test_a_wrong_pin_signs_nothing_and_logs_nothing(signed_case):
    case, buyer, _keys = signed_case
    before = ledger.size()
    with pytest.raises(ValidationFailed) as refused:
        file_decision(case, buyer, pin="000000")
    assert set(refused.value.fields) == {"pin"}
    assert ledger.size() == before
    assert filing.standing(case, "decision") is None


def test_who_may_file_and_countersign(signed_case, make_org, make_user):
    case, buyer, _keys = signed_case
    for user in (buyer.requester, buyer.admin, buyer.auditor, buyer.approvers[0]):
        with pytest.raises(PermissionDenied):
            filing.file_attestation(case, Actor(user), "decision", given(buyer), PIN)
    attestation = file_decision(case, buyer)
    with pytest.raises(PermissionDenied, match="You filed"):
        filing.countersign(attestation, Actor(buyer.officer), PIN)
    with pytest.raises(PermissionDenied):  # an approver who is not the chair
        filing.countersign(attestation, Actor(buyer.approvers[1]), PIN)
    stranger = make_user(make_org(kind=case.organisation.kind), roles=buyer.officer.roles)
    with pytest.raises(NotFound):
        filing.visible_attestation(attestation.id, Actor(stranger))


def test_a_revoked_key_cannot_sign_but_what_it_signed_stays(signed_case):
    case, buyer, keys = signed_case
    attestation = file_decision(case, buyer)
    signing_keys.revoke_key(
        keys[buyer.approvers[0].id], Actor(user=None, is_system=True), "Left the company."
    )
    before = ledger.size()
    with pytest.raises(Conflict):
        filing.countersign(attestation, Actor(buyer.approvers[0]), PIN)
    assert ledger.size() == before
    assert record(attestation.filed_seq)["body"] == attestation.body


@pytest.mark.parametrize("state", [CaseState.DECLINED, CaseState.CANCELLED])
def test_nothing_is_filed_on_a_declined_or_cancelled_case(case_in, buyer, signers, state):
    case = case_in(state)
    before = ledger.size()
    with pytest.raises(InvalidTransition):
        filing.file_attestation(case, Actor(buyer.officer), "decision", given(buyer), PIN)
    assert ledger.size() == before


def test_a_stale_case_version_is_refused(signed_case):
    case, buyer, _keys = signed_case
    with pytest.raises(StaleVersion):
        file_decision(case, buyer, version=case.lock_version - 1)
