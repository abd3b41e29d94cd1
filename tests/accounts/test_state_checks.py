"""The database refuses rows whose state and columns disagree, whoever writes them.

The verbs never write these combinations; the CHECK constraints (migration 0007) make sure a
script, a hand-written UPDATE or a future bug cannot either. Alembic's comparison of models and
migrations does not look at CHECK constraints, so each one is tried here, directly.
"""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from market.accounts import name_changes, services
from market.accounts.models import (
    Invitation,
    NameChangeRequest,
    OrgKind,
    PasswordReset,
    Role,
)
from market.accounts.password_resets import issue_password_reset
from market.core.audit import Actor
from market.core.db import db, utcnow
from tests.conftest import SYSTEM


def refused(model: type[Any], row_id: Any, **values: Any) -> bool:
    """Whether the database refuses to set ``values`` on the row (a savepoint keeps the test's
    transaction usable afterwards)."""
    try:
        with db.session.begin_nested():
            db.session.execute(sa.update(model).where(model.id == row_id).values(**values))
    except sa.exc.IntegrityError:
        return True
    return False


@pytest.fixture
def name_change(make_org, make_user) -> NameChangeRequest:
    vendor = make_org(kind=OrgKind.VENDOR)
    admin = make_user(vendor, roles=(Role.ADMIN,))
    return name_changes.request_name_change(
        vendor, name_zh="改名后公司", name_en="Renamed Co", note="SAMR", actor=Actor(admin)
    )


def test_a_declined_name_change_has_its_reason_and_a_decided_one_its_time(name_change):
    now = utcnow()
    assert refused(NameChangeRequest, name_change.id, status="declined", decided_at=now)
    assert refused(NameChangeRequest, name_change.id, status="approved")  # no decision time
    assert refused(NameChangeRequest, name_change.id, decided_at=now)  # pending, yet decided
    assert refused(NameChangeRequest, name_change.id, decline_reason="why")  # pending
    assert refused(
        NameChangeRequest, name_change.id, status="approved", decided_at=now, decline_reason="x"
    )
    # What the verbs write is accepted.
    assert not refused(
        NameChangeRequest, name_change.id, status="declined", decided_at=now, decline_reason="x"
    )
    assert not refused(
        NameChangeRequest, name_change.id, status="approved", decided_at=now, decline_reason=None
    )


def test_an_invitation_is_never_both_accepted_and_revoked(make_org):
    org = make_org(kind=OrgKind.BUYER)
    invitation, _raw = services.issue_invitation(
        org, "new.colleague@example.com", frozenset({Role.OFFICER}), SYSTEM
    )
    now = utcnow()
    assert refused(Invitation, invitation.id, accepted_at=now, revoked_at=now)
    assert not refused(Invitation, invitation.id, accepted_at=now)
    assert not refused(Invitation, invitation.id, accepted_at=None, revoked_at=now)


def test_a_password_reset_is_never_both_used_and_revoked(make_org, make_user):
    org = make_org(kind=OrgKind.BUYER)
    make_user(org, roles=(Role.ADMIN,))
    member = make_user(org, roles=(Role.OFFICER,))
    reset, _raw = issue_password_reset(member.membership, Actor(user=None, is_system=True))
    now = utcnow()
    assert refused(PasswordReset, reset.id, used_at=now, revoked_at=now)
    assert not refused(PasswordReset, reset.id, used_at=now)
    assert not refused(PasswordReset, reset.id, used_at=None, revoked_at=now)
