"""Attestation pages without JavaScript: the officer files from the case page with the PIN,
the chair countersigns, a refused form comes back at 422 with its messages and nothing in the
log, every reader of the case reads it, no one else finds it, and the receipt downloads."""

from __future__ import annotations

import json

import pytest

from market.attestations import filing, ledger
from market.core.audit import Actor
from market.core.db import db
from tests.attestations.case_fixtures import PIN, file_decision, given


def form_data(buyer, **changes) -> dict:
    words = given(buyer, **changes)
    data = {k: v for k, v in words.items() if not isinstance(v, bool)}
    for box in ("no_conflict_of_interest", "no_personal_gain"):
        if words[box]:
            data[box] = "y"
    return {**data, "pin": changes.get("pin", PIN)}


def test_the_officer_files_from_the_case_page_and_the_chair_countersigns(signed_case, as_user):
    case, buyer, _keys = signed_case
    officer = as_user(buyer.officer)
    page = officer.get(f"/cases/{case.id}").get_data(as_text=True)
    assert f"/cases/{case.id}/attestations/new/decision" in page

    new = officer.get(f"/cases/{case.id}/attestations/new/decision").get_data(as_text=True)
    assert "Spindle failure during the trial" in new  # the record's part, shown before signing
    assert "test-report.pdf" in new
    assert "never decides an exemption" in new
    answer = officer.post(f"/cases/{case.id}/attestations/new/decision", data=form_data(buyer))
    assert answer.status_code == 302
    attestation = filing.standing(case, "decision")
    shown = officer.get(answer.location).get_data(as_text=True)
    assert "Waiting for the chair to countersign" in shown
    assert f"log entry {attestation.filed_seq}" in shown
    assert 'id="countersign-form"' not in shown  # the officer is not the chair

    chair = as_user(buyer.approvers[0])
    case_page = chair.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "countersign attestation 1" in case_page
    on_page = chair.get(answer.location).get_data(as_text=True)
    assert 'id="countersign-form"' in on_page
    wrong = chair.post(
        f"/cases/{case.id}/attestations/{attestation.id}/countersign", data={"pin": "999999"}
    )
    assert wrong.status_code == 422
    assert "The PIN is wrong." in wrong.get_data(as_text=True)
    done = chair.post(
        f"/cases/{case.id}/attestations/{attestation.id}/countersign", data={"pin": PIN}
    )
    assert done.status_code == 302
    final = chair.get(done.location).get_data(as_text=True)
    assert "Filed and countersigned" in final
    assert 'id="countersign-form"' not in final


def test_a_refused_filing_shows_field_messages_and_logs_nothing(signed_case, as_user):
    case, buyer, _keys = signed_case
    officer = as_user(buyer.officer)
    before = ledger.size()
    data = form_data(buyer, rationale="")
    del data["no_personal_gain"]
    refused = officer.post(f"/cases/{case.id}/attestations/new/decision", data=data)
    text = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "Say why the decision was reasonable." in text
    assert "Declare that you gain nothing personally from this purchase." in text
    wrong_pin = officer.post(
        f"/cases/{case.id}/attestations/new/decision", data=form_data(buyer, pin="111111")
    )
    assert wrong_pin.status_code == 422
    assert "The PIN is wrong." in wrong_pin.get_data(as_text=True)
    assert ledger.size() == before
    assert filing.standing(case, "decision") is None


def test_repeated_wrong_pins_are_throttled(signed_case, as_user, app):
    case, buyer, _keys = signed_case
    officer = as_user(buyer.officer)
    url = f"/cases/{case.id}/attestations/new/decision"
    limit = int(app.config["PIN_THROTTLE_PER_USER"].split()[0])
    for _ in range(limit):
        assert officer.post(url, data=form_data(buyer, pin="111111")).status_code == 422
    throttled = officer.post(url, data=form_data(buyer))  # even the right PIN, for now
    assert throttled.status_code == 429
    assert "Too many wrong PINs" in throttled.get_data(as_text=True)
    assert filing.standing(case, "decision") is None


def test_a_correction_from_the_attestation_page(signed_case, as_user):
    case, buyer, _keys = signed_case
    first = file_decision(case, buyer)
    db.session.commit()
    officer = as_user(buyer.officer)
    page = officer.get(f"/cases/{case.id}/attestations/{first.id}").get_data(as_text=True)
    assert 'id="correct-link"' in page
    url = f"/cases/{case.id}/attestations/new/decision?corrects={first.id}"
    form = officer.get(url).get_data(as_text=True)
    assert given()["rationale"] in form  # starts from what it corrects
    answer = officer.post(url, data=form_data(buyer, correction="The chair was misnamed."))
    assert answer.status_code == 302
    old = officer.get(f"/cases/{case.id}/attestations/{first.id}").get_data(as_text=True)
    assert "Superseded" in old
    assert "Corrected by attestation 2" in old


def test_the_receipt_downloads_for_readers(signed_case, as_user):
    case, buyer, _keys = signed_case
    attestation = file_decision(case, buyer)
    filing.countersign(attestation, Actor(buyer.approvers[0]), PIN)
    db.session.commit()
    response = as_user(buyer.auditor).get(
        f"/cases/{case.id}/attestations/{attestation.id}/receipt.json"
    )
    assert response.status_code == 200
    assert "attachment" in response.headers["Content-Disposition"]
    receipt = json.loads(response.get_data())
    seqs = [e["seq"] for e in receipt["entries"]]
    assert seqs[:2] == [attestation.filed_seq, attestation.countersigned_seq]
    assert receipt["checkpoint"].startswith(ledger.origin() + "\n")


@pytest.mark.parametrize(
    ("reader", "status"),
    [
        ("officer", 200),
        ("approver", 200),
        ("auditor", 200),
        ("requester", 200),
        ("admin", 200),
        ("group_officer", 200),
        ("other_officer", 404),
        ("vendor", 404),
    ],
)
def test_who_reads_an_attestation(in_app, people, signers_of, as_user, reader, status):
    buyer, users = people
    case = signers_of(buyer)
    attestation = file_decision(case, buyer)
    db.session.commit()
    client = as_user(users[reader])
    for url in (
        f"/cases/{case.id}/attestations/{attestation.id}",
        f"/cases/{case.id}/attestations/{attestation.id}/receipt.json",
    ):
        assert client.get(url).status_code == status, url


@pytest.mark.parametrize(
    ("reader", "status"),
    [
        ("approver", 403),  # an approver who attended, but not the chair named
        ("auditor", 403),
        ("requester", 403),
        ("admin", 403),
        ("group_officer", 403),  # reads a subsidiary's cases, acts on none
        ("other_officer", 404),
        ("vendor", 404),
    ],
)
def test_who_may_not_file_or_countersign(in_app, people, signers_of, as_user, reader, status):
    buyer, users = people
    case = signers_of(buyer)
    attestation = file_decision(case, buyer, chair=str(buyer.approvers[1].id))
    db.session.commit()
    before = ledger.size()
    client = as_user(users[reader])
    new = client.post(
        f"/cases/{case.id}/attestations/new/decision?corrects={attestation.id}",
        data=form_data(buyer, correction="x"),
    )
    assert new.status_code == status
    sign = client.post(
        f"/cases/{case.id}/attestations/{attestation.id}/countersign", data={"pin": PIN}
    )
    assert sign.status_code == status
    assert ledger.size() == before


def test_a_visitor_is_sent_to_sign_in(signed_case, as_user):
    case, buyer, _keys = signed_case
    attestation = file_decision(case, buyer)
    db.session.commit()
    response = as_user(None).get(f"/cases/{case.id}/attestations/{attestation.id}")
    assert response.status_code == 302
    assert "/sign-in" in response.location or "login" in response.location
