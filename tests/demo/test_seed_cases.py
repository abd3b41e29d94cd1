"""seed-demo's green channel cases: every state, both groups and the Jiangsu subsidiary, a
declined, a cancelled, an overdue and a standard-routed one, all made by the demo people
through the verbs, and made once."""

from __future__ import annotations

import sqlalchemy as sa

from market.accounts.models import Role, User
from market.core.audit import AuditEvent
from market.core.db import business_today, db
from market.procurement.cases import Case, CaseState
from market.procurement.routing import Route


def test_seed_demo_raises_cases_in_every_state_through_the_verbs(app, db_session):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["seed-demo", "--quiet"])
    assert first.exit_code == 0, first.output

    cases = db.session.scalars(sa.select(Case)).all()
    assert len(cases) >= 12
    raised = [case for case in cases if case.follows_case_id is None]
    assert f"{len(raised)} green channel cases raised" in first.output
    # The accepted demo trial has its follow-on (raised by the trial seeding).
    follow_ons = [case for case in cases if case.follows_case_id is not None]
    assert [f.follows.state for f in follow_ons] == [CaseState.ACCEPTED]
    assert {case.state for case in cases} == set(CaseState)
    domains = {case.raised_by.email.split("@")[1] for case in cases}
    assert domains == {"buyer1.demo", "js.buyer1.demo", "buyer2.demo"}
    assert any(case.is_overdue(business_today()) for case in cases)
    assert any(case.route == Route.STANDARD for case in cases)
    decided = [case for case in cases if case.state == CaseState.DECIDED]
    assert all(case.result["passed"] for case in decided), [
        (c.title, c.result) for c in decided if not c.result["passed"]
    ]

    # Raised by requesters, decided by officers: the people, not the platform.
    def actors(*verbs: str) -> list[User]:
        return db.session.scalars(
            sa.select(User)
            .join(AuditEvent, AuditEvent.actor_user_id == User.id)
            .where(AuditEvent.verb.in_(verbs))
        ).all()

    # Requesters raise needs; the officer raises the follow-on of an accepted trial.
    assert all(
        Role.REQUESTER in user.roles or Role.OFFICER in user.roles for user in actors("case.raised")
    )
    assert {f.raised_by for f in follow_ons} <= set(actors("case.follow_on_raised"))
    assert actors("case.decide", "case.decline")
    assert all(Role.OFFICER in user.roles for user in actors("case.decide", "case.decline"))

    again = runner.invoke(args=["seed-demo", "--quiet"])
    assert "cases raised" not in again.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Case)) == len(cases)
