"""The trial's end on the pages: approvers sign off from the case page, the officer records
the acceptance and closes after the outcome attestation, raises the follow-on; a failure gets
its remediation, the auditor records the determination with the PIN on its own page (the
vendor never sees it), the officer records the insurance claim; refused forms come back at 422
with their messages, nothing saved."""

from __future__ import annotations

from market.core.audit import Actor
from market.core.db import db
from market.procurement.cases import CaseState
from market.trials import concluding, determining
from market.trials.terms import terms_of
from tests.attestations.case_fixtures import PIN
from tests.conftest import reload
from tests.trials.test_outcomes import REMEDIATION_WORDS, file, measure
from tests.trials.trial_fixtures import later, register_auditor


def test_acceptance_from_the_pages(running_case, as_user):
    case, buyer, vendor = running_case
    measure(case, vendor)
    review = concluding.review_of(case)
    approver = as_user(review.attendees[0])
    page = approver.get(f"/cases/{case.id}").get_data(as_text=True)
    assert 'id="signoff-form"' in page
    assert 'id="acceptance-review"' in page
    for attendee in review.attendees[: review.needed]:
        answer = as_user(attendee).post(f"/cases/{case.id}/trial/signoff", data={})
        assert answer.status_code == 302
    officer = as_user(buyer.officer)
    refused = officer.post(f"/cases/{case.id}/trial/fail", data={"fail-reason": ""})
    assert refused.status_code == 422
    assert "Say why the trial failed." in refused.get_data(as_text=True)
    accepted = officer.post(
        f"/cases/{case.id}/trial/accept",
        data={"accept-summary": "Every KPI met.", "accept-show_buyer_name": "y"},
    )
    assert accepted.status_code == 302
    assert reload(case).state == CaseState.ACCEPTED
    shown = officer.get(f"/cases/{case.id}").get_data(as_text=True)
    assert 'data-outcome="accepted"' in shown
    assert "names your organisation" in shown
    assert f"/cases/{case.id}/attestations/new/outcome" in shown
    early = officer.post(f"/cases/{case.id}/trial/close", data={})
    assert early.status_code == 422
    assert "File the outcome attestation first." in early.get_data(as_text=True)
    file(case, buyer, "outcome", {**REMEDIATION_WORDS})
    assert officer.post(f"/cases/{case.id}/trial/close", data={}).status_code == 302
    assert reload(case).state == CaseState.CLOSED
    assert "Record the enterprise" not in as_user(buyer.auditor).get("/").get_data(as_text=True)

    follow = officer.post(
        f"/cases/{case.id}/trial/follow-on",
        data={"follow-on-quantity": "3", "follow-on-budget": "950000"},
    )
    assert follow.status_code == 302
    new_page = officer.get(follow.location).get_data(as_text=True)
    assert "Follows the accepted trial of case" in new_page
    assert "Scale-up:" in new_page
    vendor_page = as_user(vendor).get(f"/vendor/trials/{case.id}").get_data(as_text=True)
    assert 'data-outcome="accepted"' in vendor_page
    assert 'id="acceptance-review"' not in vendor_page  # the sign-offs are the buyer's


def test_a_failure_from_the_pages(running_case, as_user):
    case, buyer, vendor = running_case
    officer = as_user(buyer.officer)
    assert (
        officer.post(
            f"/cases/{case.id}/trial/fail", data={"fail-reason": "The spindle seized twice."}
        ).status_code
        == 302
    )
    file(case, buyer, "remediation", REMEDIATION_WORDS)
    register_auditor(buyer)

    auditor = as_user(buyer.auditor)
    assert "Record the enterprise's determination: Case" in auditor.get("/").get_data(as_text=True)
    page = auditor.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "never decides an exemption" in page
    assert f"/cases/{case.id}/trial/determination" in page
    for user in (buyer.officer, vendor, buyer.approvers[0]):
        assert as_user(user).get(f"/cases/{case.id}/trial/determination").status_code in (
            403,
            404,
        )
    data = {
        "exemption": "mitigated",
        "decided_by": "Group audit committee",
        "decided_on": later(0).isoformat(),
        "reference": "审〔2026〕7号",
        "pin": "000000",
    }
    wrong = auditor.post(f"/cases/{case.id}/trial/determination", data=data)
    assert wrong.status_code == 422
    assert "The PIN is wrong." in wrong.get_data(as_text=True)
    assert determining.determination_of(case) is None
    done = auditor.post(f"/cases/{case.id}/trial/determination", data={**data, "pin": PIN})
    assert done.status_code == 302
    shown = officer.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Liability mitigated" in shown
    assert "Group audit committee" in shown
    vendor_page = as_user(vendor).get(f"/vendor/trials/{case.id}").get_data(as_text=True)
    assert 'data-outcome="failed"' in vendor_page
    assert "Group audit committee" not in vendor_page  # never the determination
    assert "Liability mitigated" not in vendor_page
    assert as_user(vendor).get(f"/cases/{case.id}").status_code == 404
    assert officer.post(f"/cases/{case.id}/trial/close", data={}).status_code == 302


def test_the_insurance_claim_from_the_pages(attested_case, vendor_staff, as_user, in_app):
    from tests.trials.trial_fixtures import confirm, record, start_trial

    case, buyer = attested_case
    policy = _give_policy(case)
    record(
        case,
        buyer,
        start=later(-75),
        insurance_policy=policy,
        insured_value_fen=90_000_000,
        no_insurance_reason="",
    )
    confirm(case, vendor_staff)
    start_trial(case, buyer)
    concluding.fail(case, Actor(buyer.officer), "Failed acceptance test.")
    db.session.commit()
    officer = as_user(buyer.officer)
    over = officer.post(
        f"/cases/{case.id}/trial/claim",
        data={
            "claim-filed_on": later(0).isoformat(),
            "claim-amount_claimed": "950000",
            "claim-insurer_reference": "PICC-CL-1",
        },
    )
    assert over.status_code == 422
    assert "Not above the insured value." in over.get_data(as_text=True)
    filed = officer.post(
        f"/cases/{case.id}/trial/claim",
        data={
            "claim-filed_on": later(0).isoformat(),
            "claim-amount_claimed": "600000",
            "claim-insurer_reference": "PICC-CL-1",
        },
    )
    assert filed.status_code == 302
    paid = officer.post(
        f"/cases/{case.id}/trial/claim-progress",
        data={
            "claim-progress-status": "partly_paid",
            "claim-progress-amount_paid": "450000",
            "claim-progress-settled_on": later(0).isoformat(),
        },
    )
    assert paid.status_code == 302
    shown = officer.get(f"/cases/{case.id}").get_data(as_text=True)
    assert 'data-claim="partly_paid"' in shown
    assert "¥450,000.00" in shown
    assert terms_of(case).insurance_policy == policy


def _give_policy(case) -> str:
    """An insurance policy on the selected version, as a reviewer would have verified it."""
    from datetime import timedelta

    from market.catalog.evidence import InsurancePolicy
    from market.core.db import business_today

    entry = case.selected_entry
    policy = InsurancePolicy(
        version_id=entry.version_id,
        insurer="中国人民财产保险 PICC",
        policy_number="PICC-SFT-2026-001",
        coverage="首台套质量风险和责任风险 Quality and liability risk",
        valid_from=business_today() - timedelta(days=200),
        valid_until=business_today() + timedelta(days=365),
    )
    db.session.add(policy)
    db.session.commit()
    return policy.policy_number
