"""One way to move an object: ``StateMachine.apply`` checks the role, the version the caller
read, the state and the guards, in that order, and only then changes anything, writes one audit
event and sends the machine's signal. ``allowed_actions`` reads the same table for the buttons.

Organisations are the example here; listings and name changes use the same machine (their own
tests cover their rules).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
import sqlalchemy as sa

from market.accounts.models import Organisation, OrgKind, OrgStatus, Role
from market.accounts.states import ORGANISATION_STATES, organisation_actions
from market.core.audit import Actor, AuditEvent
from market.core.db import db
from market.core.errors import (
    InvalidTransition,
    PermissionDenied,
    StaleVersion,
    ValidationFailed,
)
from market.core.states import Guard, Permit, StateMachine, Transition
from tests.conftest import reload


def events_about(obj: Any) -> list[AuditEvent]:
    return list(
        db.session.scalars(
            sa.select(AuditEvent)
            .where(AuditEvent.object_id == str(obj.id))
            .order_by(AuditEvent.occurred_at)
        )
    )


@pytest.fixture
def pending(make_org) -> Organisation:
    return make_org(kind=OrgKind.VENDOR, status=OrgStatus.PENDING)


@pytest.fixture
def signals() -> Iterator[list[dict[str, Any]]]:
    received: list[dict[str, Any]] = []

    def receive(sender: Any, **details: Any) -> None:
        received.append({"sender": sender, **details})

    ORGANISATION_STATES.signal.connect(receive)
    yield received
    ORGANISATION_STATES.signal.disconnect(receive)


def test_apply_moves_the_object_writes_one_event_and_sends_the_signal(
    pending, operator_admin, signals
):
    before = len(events_about(pending))

    target = ORGANISATION_STATES.apply(pending, "approve", Actor(user=operator_admin))

    assert target == OrgStatus.ACTIVE
    assert pending.status == OrgStatus.ACTIVE
    events = events_about(pending)[before:]
    assert [(e.verb, e.before, e.after) for e in events] == [
        ("organisation.approve", {"status": "pending"}, {"status": "active"})
    ]
    assert events[0].organisation_id == pending.id
    assert signals == [
        {"sender": pending, "action": "approve", "before": "pending", "after": "active"}
    ]


def test_the_role_is_checked_before_the_state_and_the_version(pending, make_user, signals):
    vendor_admin = make_user(pending, roles=(Role.ADMIN,))
    before = len(events_about(pending))

    # Wrong state (pending cannot be reinstated) and a stale version: still a 403 first, so a
    # user without the role learns nothing about the object's state.
    with pytest.raises(PermissionDenied):
        ORGANISATION_STATES.apply(
            pending, "reinstate", Actor(user=vendor_admin), version=pending.lock_version + 5
        )

    assert reload(pending).status == OrgStatus.PENDING
    assert len(events_about(pending)) == before
    assert signals == []


def test_a_stale_version_is_refused_before_the_state_and_changes_nothing(
    pending, operator_admin, signals
):
    read = pending.lock_version
    ORGANISATION_STATES.apply(pending, "approve", Actor(user=operator_admin), version=read)
    db.session.commit()
    events = len(events_about(pending))

    # A second tab, opened before the approval, tries to reject: the version it read is gone.
    with pytest.raises(StaleVersion) as refused:
        ORGANISATION_STATES.apply(pending, "suspend", Actor(user=operator_admin), version=read)
    assert refused.value.status == 409
    assert refused.value.code == "stale"
    assert reload(pending).status == OrgStatus.ACTIVE
    assert len(events_about(pending)) == events
    assert len(signals) == 1  # the approval's only


def test_a_move_outside_the_table_is_an_invalid_transition(pending, operator_admin):
    with pytest.raises(
        InvalidTransition, match=r"Cannot reinstate an? organisation that is pending"
    ):
        ORGANISATION_STATES.apply(pending, "reinstate", Actor(user=operator_admin))
    with pytest.raises(InvalidTransition):
        ORGANISATION_STATES.apply(pending, "no-such-action", Actor(user=operator_admin))
    assert reload(pending).status == OrgStatus.PENDING


def test_allowed_actions_follow_the_state_and_the_role(make_org, make_user, operator_admin):
    pending = make_org(kind=OrgKind.VENDOR, status=OrgStatus.PENDING)
    active = make_org(kind=OrgKind.BUYER, status=OrgStatus.ACTIVE)
    suspended = make_org(kind=OrgKind.BUYER, status=OrgStatus.SUSPENDED)
    buyer_admin = make_user(active, roles=(Role.ADMIN,))

    assert ORGANISATION_STATES.allowed_actions(operator_admin, pending) == ["approve", "reject"]
    assert ORGANISATION_STATES.allowed_actions(operator_admin, active) == ["suspend"]
    assert ORGANISATION_STATES.allowed_actions(operator_admin, suspended) == ["reinstate"]
    assert ORGANISATION_STATES.allowed_actions(buyer_admin, active) == []
    assert ORGANISATION_STATES.allowed_actions(None, pending) == []
    # The operator itself is never offered Suspend (its admins alone could reinstate it).
    assert organisation_actions(operator_admin, operator_admin.organisation) == []


# -- guards, on a small machine of its own -------------------------------------------------------


@dataclass
class Meeting:
    """A stand-in with a state and what its guards read (the collective decision's quorum)."""

    present: int
    minutes: str
    status: str = "open"
    id: str = "meeting-1"


QUORUM = Guard(
    "quorum",
    lambda m, facts: {} if m.present >= facts.get("quorum", 3) else {"present": ["Too few."]},
)
MINUTES = Guard("minutes", lambda m, facts: {} if m.minutes else {"minutes": ["Required."]})
CHAIR = Permit("chair", lambda user, m: user.has_role(Role.OFFICER), "Only the chair closes.")
MEETINGS: StateMachine[Any, Meeting] = StateMachine(
    "meeting",
    "status",
    (Transition("close", frozenset({"open"}), "closed", CHAIR, (QUORUM, MINUTES)),),
    verb_prefix="meeting",
)


def test_every_failing_guard_is_reported_by_field_and_nothing_changes(make_user):
    officer = make_user(roles=(Role.OFFICER,))
    meeting = Meeting(present=2, minutes="")

    with pytest.raises(ValidationFailed) as refused:
        MEETINGS.apply(meeting, "close", Actor(user=officer))

    assert refused.value.fields == {"present": ["Too few."], "minutes": ["Required."]}
    assert meeting.status == "open"
    # The facts the verb passes reach the guards: with a quorum of 2, only the minutes fail.
    with pytest.raises(ValidationFailed) as refused:
        MEETINGS.apply(meeting, "close", Actor(user=officer), facts={"quorum": 2})
    assert refused.value.fields == {"minutes": ["Required."]}


def test_guards_are_not_read_for_the_buttons(make_user):
    officer, requester = make_user(roles=(Role.OFFICER,)), make_user(roles=(Role.REQUESTER,))
    meeting = Meeting(present=0, minutes="")

    # Offered, so that pressing it tells the officer what is missing.
    assert MEETINGS.allowed_actions(officer, meeting) == ["close"]
    assert MEETINGS.allowed_actions(requester, meeting) == []
