"""The trial contract through the verbs: the officer records terms once the decision is
attested, the vendor's confirmation concludes the contract, a change waits for it to confirm
again, and the trial start attestation (on confirmed terms only) starts the trial. Every
refusal writes nothing."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from market.attestations import ledger
from market.core.audit import Actor, AuditEvent
from market.core.db import db
from market.core.errors import (
    Conflict,
    InvalidTransition,
    PermissionDenied,
    StaleVersion,
    ValidationFailed,
)
from market.procurement.cases import CaseState
from market.trials import contracting
from market.trials.models import Kpi, Milestone, TrialTerms
from market.trials.terms import terms_of
from tests.trials.trial_fixtures import confirm, record, start_trial, terms


def counts() -> tuple[int, int, int, int]:
    return (
        db.session.scalar(sa.select(sa.func.count()).select_from(TrialTerms)),
        db.session.scalar(sa.select(sa.func.count()).select_from(Kpi)),
        db.session.scalar(sa.select(sa.func.count()).select_from(Milestone)),
        ledger.size(),
    )


def test_recorded_terms_wait_for_the_vendor_whose_confirmation_concludes_the_contract(
    attested_case, vendor_staff
):
    case, buyer = attested_case
    saved = record(case, buyer)

    assert (saved.revision, saved.confirmed) == (1, False)
    assert [k.name for k in saved.kpis] == ["Positioning accuracy", "Availability"]
    assert saved.kpis[0].target == Decimal("0.005")
    assert sum(m.amount_fen for m in saved.milestones) == 90_000_000
    assert case.state == CaseState.DECIDED  # it waits for the vendor

    confirm(case, vendor_staff)
    assert case.state == CaseState.CONTRACTED
    stored = terms_of(case)
    assert stored.confirmed
    assert stored.confirmed_by_id == vendor_staff.id
    assert stored.confirmed_sha256 == stored.terms_sha256
    verbs = db.session.scalars(
        sa.select(AuditEvent.verb).where(AuditEvent.object_id == str(case.id))
    ).all()
    assert {"case.terms_recorded", "case.contract"} <= set(verbs)


def test_a_change_after_the_confirmation_needs_the_vendor_again_and_the_same_terms_do_not(
    attested_case, vendor_staff
):
    case, buyer = attested_case
    record(case, buyer)
    confirm(case, vendor_staff)

    same = record(case, buyer)
    assert (same.revision, same.confirmed) == (1, True)

    changed = record(case, buyer, value_fen=95_000_000)
    assert (changed.revision, changed.confirmed, changed.confirmed_revision) == (2, False, 1)
    with pytest.raises(ValidationFailed) as refused:
        start_trial(case, buyer)
    assert "terms" in refused.value.fields
    db.session.rollback()

    with pytest.raises(StaleVersion):  # it read revision 1
        contracting.confirm_terms(case, Actor(vendor_staff), 1)
    db.session.rollback()
    confirm(case, vendor_staff)
    assert terms_of(case).confirmed
    assert case.state == CaseState.CONTRACTED
    with pytest.raises(Conflict):
        contracting.confirm_terms(case, Actor(vendor_staff), 2)


def test_the_trial_start_attestation_signs_the_confirmed_terms_and_starts_the_trial(
    attested_case, vendor_staff
):
    case, buyer = attested_case
    record(case, buyer)
    confirm(case, vendor_staff)
    before = ledger.size()

    attestation = start_trial(case, buyer)

    assert case.state == CaseState.TRIAL_RUNNING
    assert ledger.size() == before + 1
    body = attestation.body
    assert body["kind"] == "trial_start"
    assert body["terms"]["terms_sha256"] == terms_of(case).terms_sha256
    assert body["terms"]["confirmed"]["by"] == vendor_staff.name
    assert body["terms"]["kpis"][0] == {
        "name": "Positioning accuracy",
        "unit": "mm",
        "comparator": "at_most",
        "target": "0.005",
        "method": "Laser interferometer, ISO 230-2, monthly.",
    }
    assert body["mitigations"].startswith("Monthly")
    assert "policy" not in body
    assert attestation.chair_id is None
    assert attestation.complete

    with pytest.raises(InvalidTransition):  # the terms are fixed once the trial runs
        record(case, buyer, value_fen=50_000_000)


def test_terms_wait_for_the_decision_attestation(signed_case):
    case, buyer, _keys = signed_case
    before = counts()
    with pytest.raises(ValidationFailed) as refused:
        record(case, buyer)
    assert "attestation" in refused.value.fields
    db.session.rollback()
    assert counts() == before


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"kpis": []}, "kpis", "at least one KPI"),
        (
            {"kpis": [{**terms()["kpis"][0], "target": ""}]},
            "kpis",
            "KPI 1: give its target.",
        ),
        ({"kpis": [{**terms()["kpis"][0], "target": "five"}]}, "kpis", "is a number"),
        (
            {"kpis": [terms()["kpis"][0], terms()["kpis"][0]]},
            "kpis",
            "KPI 2: named twice.",
        ),
        ({"ends_on": terms()["starts_on"] - timedelta(days=1)}, "ends_on", "ends after"),
        ({"value_fen": 98_000_001}, "value", "Not above the decided value"),
        (
            {"milestones": [{**terms()["milestones"][0], "amount_fen": 95_000_000}]},
            "milestones",
            "more than the contract value",
        ),
        (
            {
                "milestones": [
                    {**terms()["milestones"][0], "due_on": terms()["ends_on"] + timedelta(days=1)}
                ]
            },
            "milestones",
            "within the trial period",
        ),
        (
            {"insurance_policy": "NO-SUCH-POLICY", "insured_value_fen": 100},
            "insurance_policy",
            "policy of the selected product version",
        ),
        ({"no_insurance_reason": ""}, "insurance_policy", "say why none"),
        ({"fallback_plan": " "}, "fallback_plan", "if the trial fails"),
    ],
)
def test_bad_terms_are_refused_by_field_and_nothing_is_written(
    attested_case, changes, field, message
):
    case, buyer = attested_case
    before = counts()
    with pytest.raises(ValidationFailed) as refused:
        record(case, buyer, **changes)
    assert message in " ".join(refused.value.fields[field])
    db.session.rollback()
    assert counts() == before


def test_only_the_officer_records_and_only_the_selected_vendor_confirms(
    attested_case, make_org, make_user
):
    from market.accounts.models import OrgKind, Role

    case, buyer = attested_case
    with pytest.raises(PermissionDenied):
        contracting.record_terms(case, Actor(buyer.approvers[0]), terms())
    record(case, buyer)
    other_vendor = make_user(make_org(kind=OrgKind.VENDOR), roles=(Role.STAFF,))
    for user in (other_vendor, buyer.officer):
        with pytest.raises(PermissionDenied):
            contracting.confirm_terms(case, Actor(user), 1)
    assert case.state == CaseState.DECIDED
