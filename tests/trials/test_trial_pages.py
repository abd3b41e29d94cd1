"""The trial contract's pages without JavaScript: the officer records the terms on their page,
the case page shows them and what they wait for, the vendor reads and confirms them on its
trial page, a refused form comes back at 422 with its messages and nothing saved, and the
trial start attestation is offered once the vendor has confirmed."""

from __future__ import annotations

from datetime import timedelta

from market.accounts.models import OrgKind, Role
from market.attestations import filing
from market.procurement.cases import CaseState
from market.trials.terms import terms_of
from tests.attestations.case_fixtures import PIN
from tests.conftest import reload
from tests.trials.trial_fixtures import TRIAL_START, record, terms


def terms_form(**changes: str) -> dict:
    """The form as the officer fills it with the fixture's terms; ``changes`` by field name."""
    given = terms()
    data = {
        "starts_on": given["starts_on"].isoformat(),
        "ends_on": given["ends_on"].isoformat(),
        "value": "900,000.00",
        "acceptance_criteria": given["acceptance_criteria"],
        "insurance_policy": "",
        "no_insurance_reason": given["no_insurance_reason"],
        "fallback_plan": given["fallback_plan"],
    }
    for i, kpi in enumerate(given["kpis"]):
        for name in ("name", "comparator", "target", "unit", "method"):
            data[f"kpis-{i}-{name}"] = kpi[name]
    for i, milestone in enumerate(given["milestones"]):
        data[f"milestones-{i}-due_on"] = milestone["due_on"].isoformat()
        data[f"milestones-{i}-amount"] = str(milestone["amount_fen"] // 100)
        data[f"milestones-{i}-description"] = milestone["description"]
    return {**data, **{k: v for k, v in changes.items() if k in data}}


def test_the_officer_records_the_terms_and_the_vendor_confirms_them(
    attested_case, as_user, vendor_staff
):
    case, buyer = attested_case
    officer = as_user(buyer.officer)
    page = officer.get(f"/cases/{case.id}").get_data(as_text=True)
    assert f"/cases/{case.id}/trial/terms" in page
    assert "No trial terms yet." in page
    home = officer.get("/").get_data(as_text=True)
    assert "Record the trial terms: Case" in home

    form = officer.get(f"/cases/{case.id}/trial/terms").get_data(as_text=True)
    assert "Decided value ¥980,000.00" in form
    saved = officer.post(f"/cases/{case.id}/trial/terms", data=terms_form())
    assert saved.status_code == 302
    shown = officer.get(saved.location).get_data(as_text=True)
    assert "Waiting for the vendor to confirm" in shown
    assert "Positioning accuracy" in shown
    assert "≤ 0.005 mm" in shown
    assert "¥900000.00" in shown

    vendor = as_user(vendor_staff)
    listed = vendor.get("/vendor/trials").get_data(as_text=True)
    assert case.title in listed
    assert "Waiting for your confirmation" in listed
    assert "Confirm the trial terms" in vendor.get("/").get_data(as_text=True)
    trial = vendor.get(f"/vendor/trials/{case.id}").get_data(as_text=True)
    assert "Positioning accuracy" in trial
    assert 'id="confirm-form"' in trial
    # What the vendor never sees on its page: the buyer's risks, scores and votes.
    assert "Spindle failure during the trial" not in trial
    assert "Best precision in the scoring." not in trial

    confirmed = vendor.post(f"/vendor/trials/{case.id}/confirm", data={"revision": "1"})
    assert confirmed.status_code == 302
    assert "You confirmed revision 1" in vendor.get(confirmed.location).get_data(as_text=True)
    assert reload(case).state == CaseState.CONTRACTED

    after = officer.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Confirmed by the vendor on" in after
    assert f"/cases/{case.id}/attestations/new/trial_start" in after
    assert "File the trial start attestation: Case" in officer.get("/").get_data(as_text=True)


def test_refused_terms_come_back_with_their_messages_and_nothing_is_saved(attested_case, as_user):
    case, buyer = attested_case
    officer = as_user(buyer.officer)
    start = terms()["starts_on"]
    refused = officer.post(
        f"/cases/{case.id}/trial/terms",
        data=terms_form(
            ends_on=(start - timedelta(days=1)).isoformat(),
            value="990000",
            **{"kpis-0-target": ""},
        ),
    )
    text = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert "The trial ends after it starts." in text
    assert "Not above the decided value" in text
    assert "KPI 1: give its target." in text
    assert terms_of(case) is None


def test_a_confirmation_of_an_older_revision_is_refused(attested_case, as_user, vendor_staff):
    case, buyer = attested_case
    record(case, buyer)
    record(case, buyer, value_fen=95_000_000)
    vendor = as_user(vendor_staff)
    stale = vendor.post(f"/vendor/trials/{case.id}/confirm", data={"revision": "1"})
    assert stale.status_code == 409
    assert not terms_of(case).confirmed
    assert reload(case).state == CaseState.DECIDED


def test_who_opens_the_trial_pages(attested_case, as_user, people, make_org, make_user):
    case, buyer = attested_case
    _, users = people
    record(case, buyer)
    other_vendor = make_user(make_org(kind=OrgKind.VENDOR), roles=(Role.STAFF,))
    for user in (other_vendor, buyer.officer, buyer.auditor, users["other_officer"]):
        client = as_user(user)
        assert client.get(f"/vendor/trials/{case.id}").status_code == 404
        assert client.post(f"/vendor/trials/{case.id}/confirm", data={}).status_code == 404
    for user in (other_vendor, users["other_officer"]):
        assert as_user(user).get(f"/cases/{case.id}/trial/terms").status_code == 404
    for user in (buyer.approvers[0], buyer.auditor, buyer.requester):
        assert as_user(user).get(f"/cases/{case.id}/trial/terms").status_code == 403
        assert "Positioning accuracy" in as_user(user).get(f"/cases/{case.id}").get_data(
            as_text=True
        )
    assert as_user(other_vendor).get("/vendor/trials").get_data(as_text=True).count(case.title) == 0


def test_the_trial_start_attestation_is_filed_from_the_case_page(
    attested_case, as_user, vendor_staff
):
    case, buyer = attested_case
    record(case, buyer)
    officer = as_user(buyer.officer)
    assert "attestations/new/trial_start" not in officer.get(f"/cases/{case.id}").get_data(
        as_text=True
    )  # not before the vendor confirms
    as_user(vendor_staff).post(f"/vendor/trials/{case.id}/confirm", data={"revision": "1"})

    new = officer.get(f"/cases/{case.id}/attestations/new/trial_start").get_data(as_text=True)
    assert "Trial terms as confirmed" in new
    assert 'name="policy_basis"' not in new
    assert 'name="chair"' not in new
    data = {
        "mitigations": TRIAL_START["mitigations"],
        "no_conflict_of_interest": "y",
        "no_personal_gain": "y",
        "pin": PIN,
    }
    filed = officer.post(f"/cases/{case.id}/attestations/new/trial_start", data=data)
    assert filed.status_code == 302, filed.get_data(as_text=True)
    assert reload(case).state == CaseState.TRIAL_RUNNING
    shown = officer.get(filed.location).get_data(as_text=True)
    assert "Trial start attestation" in shown
    assert f"confirmed by {vendor_staff.name}" in shown
    assert filing.standing(case, "trial_start").complete
