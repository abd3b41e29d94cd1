"""The attestation API and the log's proofs: filing with the PIN, countersigning, reading,
the receipt, the checkpoint as a signed note, inclusion and consistency proofs that verify as
RFC 9162 says; refusals by status and field with nothing in the log; who may do what."""

from __future__ import annotations

import base64

import pytest

from market.attestations import filing, ledger, merkle
from market.attestations.log_key import log_key
from market.attestations.notes import Checkpoint
from market.core.audit import Actor
from market.core.db import db
from tests.attestations.case_fixtures import PIN, file_decision, given


def unb64(text: str) -> bytes:
    return base64.b64decode(text)


def test_file_countersign_and_read_through_the_api(signed_case, api_client):
    case, buyer, _keys = signed_case
    officer = api_client(buyer.officer)
    answer = officer.post(
        f"/api/v1/cases/{case.id}/attestations", json={**given(buyer), "pin": PIN}
    )
    assert answer.status_code == 201, answer.get_json()
    shown = answer.get_json()
    assert shown["state"] == "awaiting_countersignature"
    assert "pin" not in shown
    assert shown["body"]["declarations"]["no_personal_gain"] is True
    chair = api_client(buyer.approvers[0])
    signed = chair.post(
        f"/api/v1/attestations/{shown['id']}/countersignature",
        json={"pin": PIN, "version": shown["version"]},
    )
    assert signed.status_code == 200, signed.get_json()
    assert signed.get_json()["state"] == "countersigned"
    listed = api_client(buyer.auditor).get(f"/api/v1/cases/{case.id}/attestations").get_json()
    assert [a["number"] for a in listed["items"]] == [1]
    one = api_client(buyer.requester).get(f"/api/v1/attestations/{shown['id']}").get_json()
    assert one["countersigned_seq"] == signed.get_json()["countersigned_seq"]


@pytest.mark.parametrize(
    ("change", "status", "field"),
    [
        ({"no_conflict_of_interest": False}, 422, "no_conflict_of_interest"),
        ({"rationale": ""}, 422, "rationale"),
        ({"chair": "not-an-approver"}, 422, "chair"),
        ({"pin": "000000"}, 422, "pin"),
        ({"kind": "nonsense"}, 404, None),
        ({"version": 1}, 409, None),
    ],
)
def test_bad_filings_are_refused_with_nothing_logged(
    signed_case, api_client, change, status, field
):
    case, buyer, _keys = signed_case
    before = ledger.size()
    answer = api_client(buyer.officer).post(
        f"/api/v1/cases/{case.id}/attestations", json={**given(buyer), "pin": PIN, **change}
    )
    assert answer.status_code == status, answer.get_json()
    error = answer.get_json()["error"]
    if field:
        assert field in error["fields"]
    assert ledger.size() == before


def test_countersigning_ones_own_attestation_is_refused(signed_case, api_client):
    case, buyer, _keys = signed_case
    attestation = file_decision(case, buyer)
    db.session.commit()
    before = ledger.size()
    answer = api_client(buyer.officer).post(
        f"/api/v1/attestations/{attestation.id}/countersignature", json={"pin": PIN}
    )
    assert answer.status_code == 403
    assert ledger.size() == before


@pytest.mark.parametrize(
    ("reader", "read", "file"),
    [
        ("officer", 200, 201),
        ("approver", 200, 403),
        ("auditor", 200, 403),
        ("requester", 200, 403),
        ("admin", 200, 403),
        ("group_officer", 200, 403),
        ("other_officer", 404, 404),
        ("vendor", 404, 404),
        ("visitor", 401, 401),
    ],
)
def test_roles_and_actions(in_app, people, signers_of, api_client, reader, read, file):
    buyer, users = people
    case = signers_of(buyer)
    attestation = file_decision(case, buyer)
    db.session.commit()
    client = api_client(users[reader])
    assert client.get(f"/api/v1/attestations/{attestation.id}").status_code == read
    assert client.get(f"/api/v1/cases/{case.id}/attestations").status_code == read
    assert client.get(f"/api/v1/attestations/{attestation.id}/receipt").status_code == read
    correction = {**given(buyer), "pin": PIN, "supersedes": str(attestation.id), "correction": "x"}
    answer = client.post(f"/api/v1/cases/{case.id}/attestations", json=correction)
    assert answer.status_code == (201 if file == 201 else file)


def test_the_checkpoint_and_proofs_verify_as_rfc_9162_says(signed_case, api_client):
    case, buyer, _keys = signed_case
    attestation = file_decision(case, buyer)
    filing.countersign(attestation, Actor(buyer.approvers[0]), PIN)
    db.session.commit()
    client = api_client(buyer.auditor)
    size = ledger.size()

    note = client.get("/api/v1/ledger/checkpoint")
    assert note.status_code == 200
    assert note.mimetype == "text/plain"
    checkpoint = Checkpoint.open(
        note.get_data(as_text=True), ledger.origin(), log_key().public_key(), ledger.origin()
    )
    assert checkpoint.size == size

    proof = client.get(f"/api/v1/ledger/proofs/inclusion?seq={attestation.filed_seq}").get_json()
    assert proof["tree_size"] == size
    assert merkle.verify_inclusion(
        unb64(proof["leaf_hash"]),
        proof["leaf_index"],
        size,
        [unb64(h) for h in proof["audit_path"]],
        checkpoint.root,
    )
    older = attestation.filed_seq + 1
    consistency = client.get(f"/api/v1/ledger/proofs/consistency?from={older}&to={size}").get_json()
    assert merkle.verify_consistency(
        older,
        size,
        unb64(consistency["first_root"]),
        checkpoint.root,
        [unb64(h) for h in consistency["consistency"]],
    )
    assert ledger.checkpoint(older).root == unb64(consistency["first_root"])

    too_far = client.get(f"/api/v1/ledger/proofs/inclusion?seq={size}")
    assert too_far.status_code == 422
    assert "seq" in too_far.get_json()["error"]["fields"]
    backwards = client.get(f"/api/v1/ledger/proofs/consistency?from={size}&to=1")
    assert backwards.status_code == 422


def test_the_openapi_document_lists_the_endpoints(client):
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    for path in (
        "/api/v1/cases/{case_id}/attestations",
        "/api/v1/attestations/{attestation_id}",
        "/api/v1/attestations/{attestation_id}/countersignature",
        "/api/v1/attestations/{attestation_id}/receipt",
        "/api/v1/ledger/checkpoint",
        "/api/v1/ledger/proofs/inclusion",
        "/api/v1/ledger/proofs/consistency",
    ):
        assert path in paths, path
