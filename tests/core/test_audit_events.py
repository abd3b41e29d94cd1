"""What an audit event holds: the values a verb passed, nested as they were, in JSON's terms."""

import uuid
from datetime import UTC, date, datetime
from decimal import Decimal

from market.accounts.models import OrgKind, OrgStatus, Role
from market.core.audit import Actor, AuditEvent, record_event
from market.core.db import db
from tests.conftest import reload

VOTER_A = uuid.UUID("00000000-0000-4000-8000-00000000000b")
VOTER_B = uuid.UUID("00000000-0000-4000-8000-00000000000a")


def test_lists_keep_their_order_and_nested_values_are_plain_before_the_row_is_saved(make_org):
    org = make_org(kind=OrgKind.BUYER)
    votes = [
        {
            "approver": VOTER_A,
            "vote": Role.APPROVER,
            "at": datetime(2026, 12, 1, 9, 30, tzinfo=UTC),
        },
        {"approver": VOTER_B, "vote": OrgStatus.REJECTED, "on": date(2026, 12, 2)},
    ]
    risks = (
        {"risk": "供货中断", "likelihood": 3, "cost": Decimal("1200000.50")},
        {"risk": "质量波动", "likelihood": 1, "cost": None, "owners": [VOTER_B, VOTER_A]},
    )

    event = record_event(
        Actor(user=None), "case.decided", org, after={"votes": votes, "risks": risks, "ok": True}
    )

    expected = {
        "votes": [
            {"approver": str(VOTER_A), "vote": "approver", "at": "2026-12-01 09:30:00+00:00"},
            {"approver": str(VOTER_B), "vote": "rejected", "on": "2026-12-02"},
        ],
        "risks": [
            {"risk": "供货中断", "likelihood": 3, "cost": "1200000.50"},
            {
                "risk": "质量波动",
                "likelihood": 1,
                "cost": None,
                "owners": [str(VOTER_B), str(VOTER_A)],
            },
        ],
        "ok": True,
    }
    assert event.after == expected  # as the verb left it, before the row is read back
    db.session.expire_all()
    assert db.session.get(AuditEvent, event.id).after == expected  # as stored


def test_a_set_is_recorded_in_one_order_whatever_order_it_was_built_in(make_org):
    org = make_org(kind=OrgKind.BUYER)
    first = record_event(
        Actor(user=None), "x.set", org, after={"roles": {Role.OFFICER, Role.ADMIN, Role.AUDITOR}}
    )
    second = record_event(
        Actor(user=None), "x.set", org, after={"roles": frozenset({Role.AUDITOR, Role.ADMIN})}
    )
    assert reload(first).after == {"roles": ["admin", "auditor", "officer"]}
    assert reload(second).after == {"roles": ["admin", "auditor"]}
