"""A case from the need to the decision through the verbs: what each step records, the
deadlines it starts, and the decision computed from the votes."""

from __future__ import annotations

import hashlib

import rfc8785
import sqlalchemy as sa

from market.core.audit import AuditEvent
from market.core.db import business_today, db
from market.procurement.cases import CaseState
from market.procurement.decisions import VoteChoice
from market.procurement.routing import Route
from tests.conftest import reload


def test_a_case_goes_from_the_need_to_a_decision(buyer, case_in):
    case = case_in(CaseState.DECIDED)
    case = reload(case)
    assert case.number == 1
    assert [e.position for e in case.shortlist] == [1, 2]
    first = case.shortlist[0]
    assert first.snapshot_sha256 == hashlib.sha256(rfc8785.dumps(first.snapshot)).hexdigest()
    assert first.snapshot["name_zh"] == "工业机器人1"
    assert first.selected
    assert not case.shortlist[1].selected
    assert case.route == Route.GREEN_CHANNEL
    assert [c["rule"] for c in case.routing["checks"]] == [
        "vendor_active",
        "designation",
        "verified:designation",
    ]
    assert case.result["passed"]
    assert case.result["approve"] == 3
    assert case.decided_at is not None
    assert case.stage_due_on is None  # closed: no clock
    verbs = db.session.scalars(
        sa.select(AuditEvent.verb)
        .where(AuditEvent.object_id == str(case.id))
        .order_by(AuditEvent.occurred_at, AuditEvent.id)
    ).all()
    assert verbs[0] == "case.raised"
    assert verbs[-1] == "case.decide"
    assert {
        "case.start_evaluation",
        "case.criteria_set",
        "case.scored",
        "case.select",
        "case.risk_added",
        "case.submit_risks",
        "case.meeting_recorded",
        "case.declared",
        "case.voted",
    } <= set(verbs)


def test_a_rejected_vote_declines_the_case(case_in):
    case = case_in(
        CaseState.DECLINED, votes=(VoteChoice.REJECT, VoteChoice.REJECT, VoteChoice.APPROVE)
    )
    assert reload(case).result["passed"] is False


def test_each_stage_starts_its_clock_from_the_configuration(case_in):
    case = case_in(CaseState.RISK_ASSESSMENT)
    assert (reload(case).stage_due_on - business_today()).days == 10
