"""Approvers and officers acting on one case at the same moment, on PostgreSQL: two votes are
both counted, a vote is closed once, a case is taken up once.

Each action is a real API request in a thread of its own, on its own connection
(tests.concurrency). A barrier holds each until the other has read the case, so neither can
rely on going second: the case's row lock (votes, the close) or its ``lock_version`` (any
transition) has to tell them apart.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
import sqlalchemy as sa

from market.core.audit import Actor, AuditEvent
from market.core.db import business_today, db
from market.core.states import StateMachine
from market.procurement import deciding
from market.procurement.cases import Case, CaseState
from market.procurement.decisions import Attendance, MeetingKind, VoteChoice
from tests.accounts.test_concurrent_decisions import WAIT, at_once
from tests.concurrency import committing_db_session  # noqa: F401 (the db_session fixture)


@pytest.fixture
def both_read_before_locking(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Call it once the case is set up: from then on each locker waits for the other."""

    def arm() -> None:
        barrier = threading.Barrier(2, timeout=WAIT)
        lock = deciding.lock

        def lock_after_both_read(case: Case) -> None:
            barrier.wait()
            lock(case)

        monkeypatch.setattr(deciding, "lock", lock_after_both_read)

    return arm


@pytest.fixture
def both_check_the_state(monkeypatch: pytest.MonkeyPatch) -> Any:
    def arm() -> None:
        barrier = threading.Barrier(2, timeout=WAIT)
        target = StateMachine.target

        def target_after_both_read(machine: StateMachine[Any], action: str, current: Any) -> Any:
            barrier.wait()
            return target(machine, action, current)

        monkeypatch.setattr(StateMachine, "target", target_after_both_read)

    return arm


def in_decision(buyer, case_in, voted: int = 0) -> Case:
    case = case_in(CaseState.COLLECTIVE_DECISION)
    deciding.record_meeting(
        case,
        Actor(buyer.officer),
        business_today(),
        MeetingKind.BOARD,
        [a.id for a in buyer.approvers[:3]],
    )
    for index, approver in enumerate(buyer.approvers[:3]):
        deciding.declare(case, Actor(approver), False)
        if index < voted:
            deciding.vote(case, Actor(approver), VoteChoice.APPROVE)
    db.session.commit()
    return case


def verbs(case: Case, verb: str) -> int:
    db.session.expire_all()
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.object_id == str(case.id), AuditEvent.verb == verb)
    )


def test_two_approvers_voting_at_once_are_both_counted(
    api_client, buyer, case_in, both_read_before_locking, monkeypatch
):
    case = in_decision(buyer, case_in, voted=1)
    url = f"/api/v1/cases/{case.id}/votes"
    second, third = (api_client(a) for a in buyer.approvers[1:3])
    both_read_before_locking()

    answers = at_once(
        lambda: second.post(url, json={"vote": "approve"}),
        lambda: third.post(url, json={"vote": "reject"}),
    )

    assert [a.status_code for a in answers] == [201, 201]
    db.session.expire_all()
    votes = db.session.scalars(sa.select(Attendance.vote).order_by(Attendance.position)).all()
    assert votes == [VoteChoice.APPROVE, VoteChoice.APPROVE, VoteChoice.REJECT]
    monkeypatch.undo()
    closed = api_client(buyer.officer).post(
        f"/api/v1/cases/{case.id}/transitions", json={"action": "close_vote"}
    )
    assert closed.json["tally"]["cast"] == 3
    assert closed.json["state"] == "decided"


def test_two_officers_closing_at_once_close_once(
    api_client, buyer, case_in, make_user, both_read_before_locking
):
    case = in_decision(buyer, case_in, voted=3)
    colleague = make_user(buyer.org, roles=buyer.officer.roles)
    url = f"/api/v1/cases/{case.id}/transitions"
    first, second = api_client(buyer.officer), api_client(colleague)
    both_read_before_locking()

    answers = at_once(
        lambda: first.post(url, json={"action": "close_vote"}),
        lambda: second.post(url, json={"action": "close_vote"}),
    )

    assert sorted(a.status_code for a in answers) == [200, 409]
    assert verbs(case, "case.decide") == 1
    assert db.session.get(Case, case.id).state == CaseState.DECIDED


def test_two_officers_taking_a_case_up_at_once_take_it_once(
    api_client, buyer, case_in, make_user, both_check_the_state
):
    case = case_in(CaseState.REQUESTED)
    colleague = make_user(buyer.org, roles=buyer.officer.roles)
    url = f"/api/v1/cases/{case.id}/transitions"
    first, second = api_client(buyer.officer), api_client(colleague)
    both_check_the_state()

    answers = at_once(
        lambda: first.post(url, json={"action": "start_evaluation"}),
        lambda: second.post(url, json={"action": "start_evaluation"}),
    )

    assert sorted(a.status_code for a in answers) == [200, 409]
    assert verbs(case, "case.start_evaluation") == 1
