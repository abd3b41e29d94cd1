"""Two operator admins decide on the same thing at the same moment: exactly one decision wins.

Each decision is a real API request in a thread of its own, on its own PostgreSQL connection
(tests.concurrency). Both requests read the object while it is still undecided: the state machine
of each waits at a barrier until the other has read it too, so both pass the state check, which
alone cannot tell them apart. The organisation's and the request's ``lock_version`` does: the
second UPDATE matches no row once the first commits, and that request answers 409, writing
nothing. SQLite's write lock serialises whole requests, so this needs PostgreSQL.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
import sqlalchemy as sa

from market.accounts import name_changes
from market.accounts.models import NameChangeRequest, Organisation, OrgKind, OrgStatus, Role
from market.core.audit import Actor, AuditEvent
from market.core.db import db
from market.core.states import StateMachine
from tests.concurrency import committing_db_session  # noqa: F401 (the db_session fixture)

WAIT = 10.0


@pytest.fixture
def both_read_first(monkeypatch: pytest.MonkeyPatch) -> None:
    """Hold each decision after it has read the object's state, until both have."""
    barrier = threading.Barrier(2, timeout=WAIT)
    check = StateMachine.target

    def target_after_both_read(machine: StateMachine[Any], action: str, current: Any) -> Any:
        barrier.wait()
        return check(machine, action, current)

    monkeypatch.setattr(StateMachine, "target", target_after_both_read)


def at_once(*calls: Any) -> list[Any]:
    results: list[Any] = [None] * len(calls)

    def run(index: int) -> None:
        results[index] = calls[index]()

    threads = [threading.Thread(target=run, args=(i,), daemon=True) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT * 2)
    assert all(result is not None for result in results), "a decision never answered"
    return results


def events(verb_prefix: str) -> list[AuditEvent]:
    db.session.expire_all()
    return list(
        db.session.scalars(sa.select(AuditEvent).where(AuditEvent.verb.startswith(verb_prefix)))
    )


def test_an_approve_and_a_decline_of_one_name_change_cannot_both_succeed(
    api_client, make_org, make_user, operator_admin, both_read_first
):
    vendor = make_org(kind=OrgKind.VENDOR, name="Racing Names")
    admin = make_user(vendor, roles=(Role.ADMIN,))
    change = name_changes.request_name_change(
        vendor,
        name_zh="新名称泵业",
        name_en="New Name Pumps",
        note="SAMR record",
        actor=Actor(admin),
    )
    db.session.commit()
    url = f"/api/v1/organisations/name-change-requests/{change.id}/decision"
    first, second = api_client(operator_admin), api_client(operator_admin)

    approve, decline = at_once(
        lambda: first.post(url, json={"action": "approve"}),
        lambda: second.post(url, json={"action": "decline", "reason": "Not registered"}),
    )

    assert sorted([approve.status_code, decline.status_code]) == [200, 409]
    loser = approve if approve.status_code == 409 else decline
    assert loser.get_json()["error"]["code"] == "conflict"
    db.session.expire_all()
    request = db.session.get(NameChangeRequest, change.id)
    org = db.session.get(Organisation, vendor.id)
    decisions = events("name_change.approve") + events("name_change.decline")
    assert len(decisions) == 1
    if approve.status_code == 200:  # renamed, and the request says approved
        assert request.status == "approved"
        assert request.decline_reason is None
        assert org.name_en == "New Name Pumps"
        assert len(events("organisation.renamed")) == 1
    else:  # declined, and the names stayed
        assert request.status == "declined"
        assert org.name_en == "Racing Names"
        assert events("organisation.renamed") == []


@pytest.mark.parametrize(
    ("status", "one", "other"),
    [
        (OrgStatus.PENDING, {"action": "approve"}, {"action": "reject", "reason": "Fake"}),
        (
            OrgStatus.ACTIVE,
            {"action": "suspend", "reason": "A"},
            {"action": "suspend", "reason": "B"},
        ),
        (OrgStatus.SUSPENDED, {"action": "reinstate"}, {"action": "reinstate"}),
    ],
)
def test_two_decisions_on_one_organisation_at_once_take_effect_once(
    api_client, make_org, operator_admin, both_read_first, status, one, other
):
    org = make_org(kind=OrgKind.VENDOR, status=status)
    url = f"/api/v1/organisations/{org.id}/transitions"
    first, second = api_client(operator_admin), api_client(operator_admin)

    answers = at_once(lambda: first.post(url, json=one), lambda: second.post(url, json=other))

    assert sorted(answer.status_code for answer in answers) == [200, 409]
    winner = next(answer for answer in answers if answer.status_code == 200)
    db.session.expire_all()
    assert db.session.get(Organisation, org.id).status == winner.get_json()["status"]
    transitions = [e for e in events("organisation.") if e.verb != "organisation.created"]
    assert [e.object_id for e in transitions] == [str(org.id)]
