"""How trials end, through the verbs: the acceptance review computed from the last
measurements and signed off by a majority of the decision's approvers, the outcome
attestation and the close; a failure with its remediation attestation invoking the case's
attestations, the auditor's signed determination and the insurance claim; an ending by
agreement; and the follow-on case. Every refusal writes nothing."""

from __future__ import annotations

import json

import pytest

from market.attestations import filing, ledger
from market.attestations.models import LedgerEntry
from market.core.audit import Actor
from market.core.db import db
from market.core.errors import Conflict, InvalidTransition, PermissionDenied, ValidationFailed
from market.procurement.cases import CaseState
from market.trials import concluding, determining, reporting
from market.trials.terms import terms_of
from tests.attestations.case_fixtures import PIN
from tests.conftest import reload
from tests.trials.trial_fixtures import later, register_auditor

OUTCOME_WORDS = {
    "rationale": "Every KPI met over six months; the plant asks to buy two more.",
    "no_conflict_of_interest": True,
    "no_personal_gain": True,
}
REMEDIATION_WORDS = {
    **OUTCOME_WORDS,
    "rationale": "The trial was run by the procedure; the failure was the spindle's design.",
    "mitigations": "The old line took over within a day; the vendor refunds the second payment.",
}


def measure(case, user, accuracy="0.004", availability="97"):
    reporting.submit_report(
        case,
        Actor(user),
        {
            "reported_on": later(0),
            "measurements": {"Positioning accuracy": accuracy, "Availability": availability},
        },
    )
    db.session.commit()


def sign_offs(case, buyer, n=None):
    review = concluding.review_of(case)
    for approver in review.attendees[: n if n is not None else review.needed]:
        concluding.sign_off(case, Actor(approver))
    db.session.commit()


def file(case, buyer, kind, words):
    attestation = filing.file_attestation(case, Actor(buyer.officer), kind, words, PIN)
    db.session.commit()
    return attestation


def test_an_accepted_trial_is_signed_off_attested_and_closed(running_case):
    case, buyer, vendor = running_case
    measure(case, vendor, accuracy="0.006")  # misses: at most 0.005 mm
    review = concluding.review_of(case)
    assert not review.all_met
    with pytest.raises(ValidationFailed) as refused:
        concluding.sign_off(case, Actor(review.attendees[0]))
    assert "kpis" in refused.value.fields
    db.session.rollback()

    measure(case, buyer.officer)  # the last measurement meets it
    assert concluding.review_of(case).all_met
    sign_offs(case, buyer, n=1)
    with pytest.raises(ValidationFailed) as short:
        concluding.accept(case, Actor(buyer.officer), "Met.", show_buyer_name=True)
    assert "signoff" in short.value.fields
    db.session.rollback()
    with pytest.raises(Conflict):
        concluding.sign_off(case, Actor(concluding.review_of(case).attendees[0]))
    db.session.rollback()
    review = concluding.review_of(case)
    for approver in review.attendees[1 : review.needed]:
        concluding.sign_off(case, Actor(approver))

    outcome = concluding.accept(case, Actor(buyer.officer), "Every KPI met.", show_buyer_name=True)
    db.session.commit()
    assert case.state == CaseState.ACCEPTED
    assert [row["met"] for row in outcome.review] == [True, True]
    assert outcome.review[0]["last_value"] == "0.004"

    with pytest.raises(ValidationFailed) as early:
        concluding.close(case, Actor(buyer.officer))
    assert "attestation" in early.value.fields
    db.session.rollback()
    attestation = file(case, buyer, "outcome", OUTCOME_WORDS)
    results = attestation.body["results"]
    assert results["outcome"] == "accepted"
    assert len(results["signoffs"]) == review.needed
    assert [r["number"] for r in results["reports"]] == [1, 2]
    concluding.close(case, Actor(buyer.officer))
    db.session.commit()
    assert reload(case).state == CaseState.CLOSED

    follow_on = determining.raise_follow_on(case, Actor(buyer.officer), 2, 90_000_000)
    db.session.commit()
    assert follow_on.follows_case_id == case.id
    assert follow_on.state == CaseState.REQUESTED
    assert follow_on.title.startswith("Scale-up: ")
    assert [e.product_id for e in follow_on.shortlist] == [case.selected_entry.product_id]


def test_a_failed_trial_is_remediated_determined_and_claimed(running_case, in_app):
    case, buyer, vendor = running_case
    reporting.record_incident(
        case,
        Actor(vendor),
        {"occurred_on": later(-2), "severity": "critical", "description": "Spindle seized."},
    )
    db.session.commit()
    with pytest.raises(ValidationFailed):
        concluding.fail(case, Actor(buyer.officer), "  ", [1])
    db.session.rollback()
    concluding.fail(case, Actor(buyer.officer), "The spindle seized twice.", [1])
    db.session.commit()
    assert case.state == CaseState.FAILED

    remediation = file(case, buyer, "remediation", REMEDIATION_WORDS)
    invoked = {a["kind"] for a in remediation.body["invoked"]}
    assert invoked == {"decision", "trial_start"}
    assert all(
        a.invoked_at is not None for a in filing.attestations_of(case) if a.kind != "remediation"
    )
    assert remediation.body["results"]["incidents"][0]["linked"] is True

    with pytest.raises(ValidationFailed) as waits:
        concluding.close(case, Actor(buyer.officer))
    assert "determination" in waits.value.fields
    db.session.rollback()

    for user in (buyer.officer, vendor, buyer.approvers[0]):
        with pytest.raises(PermissionDenied):
            determining.record_determination(case, Actor(user), {}, PIN)

    register_auditor(buyer)
    given = {
        "exemption": "exempted",
        "decided_by": "Group discipline inspection committee",
        "decided_on": later(0),
        "reference": "纪委〔2026〕12号",
        "notes": "Diligent, by the procedure, collectively decided, risks disclosed.",
    }
    with pytest.raises(ValidationFailed) as bad:
        determining.record_determination(
            case, Actor(buyer.auditor), {**given, "reference": "", "exemption": "x"}, PIN
        )
    assert set(bad.value.fields) == {"reference", "exemption"}
    db.session.rollback()
    before = ledger.size()
    determination = determining.record_determination(case, Actor(buyer.auditor), given, PIN)
    db.session.commit()
    assert ledger.size() == before + 1
    entry = json.loads(db.session.get(LedgerEntry, determination.seq).entry)
    assert entry["kind"] == "determination.recorded"
    assert entry["body"]["exemption"] == "exempted"
    assert entry["body"]["remediation"]["seq"] == remediation.filed_seq

    with pytest.raises(ValidationFailed) as no_policy:
        determining.record_claim(case, Actor(buyer.officer), {})
    assert "claim" in no_policy.value.fields  # the fixture's terms have no policy
    db.session.rollback()

    concluding.close(case, Actor(buyer.officer))
    db.session.commit()
    assert reload(case).state == CaseState.CLOSED
    with pytest.raises(InvalidTransition):
        reporting.submit_report(case, Actor(buyer.officer), {"notes": "late"})


def test_a_trial_ended_by_agreement_needs_only_its_remediation(running_case):
    case, buyer, _vendor = running_case
    concluding.terminate(case, Actor(buyer.officer), "The line is being rebuilt; both agree.")
    db.session.commit()
    assert case.state == CaseState.TERMINATED
    file(case, buyer, "remediation", REMEDIATION_WORDS)
    concluding.close(case, Actor(buyer.officer))
    db.session.commit()
    assert reload(case).state == CaseState.CLOSED
    assert terms_of(case) is not None
