"""The catalog's fixtures, for the product pages that show a buyer's routing, and a buyer with
its people, a green channel and published products, for cases moved to any state through the
real verbs (``case_in``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from market.accounts.models import Organisation, OrgKind, Role, User
from market.catalog.models import ListingState, Product
from market.core.audit import Actor, AuditEvent
from market.core.db import business_today, db
from market.procurement import assessing, deciding, evaluating, green_channel, raising
from market.procurement.cases import Case, CaseState
from market.procurement.configuration import ProcurementMethod
from market.procurement.decisions import MeetingKind, VoteChoice
from tests.catalog.conftest import (  # noqa: F401 (fixtures)
    make_product,
    reviewer,
    vendor,
    vendor_staff,
)
from tests.conftest import reload

PLATFORM = Actor(user=None, is_system=True)

SETTINGS: dict[str, Any] = {
    "designation_kinds": ["miit_catalogue", "samr_first_set"],
    "designation_valid_on_routing": True,
    "verified_claims": ["designation"],
    "insurance_required": False,
    "max_months_since_first_sale": None,
    "vendor_must_be_active": True,
    "methods": ["negotiated", "single_source", "cooperative_innovation", "tender"],
    "thresholds": [
        {"from_fen": 0, "min_present": 3, "majority": "simple"},
        {"from_fen": 200_000_000, "min_present": 5, "majority": "two_thirds"},
    ],
    "reserved_annual_fen": 3_000_000_000,
    "stage_days": {
        "requested": 5,
        "technical_evaluation": 15,
        "risk_assessment": 10,
        "collective_decision": 10,
    },
}


def need(**overrides: Any) -> dict[str, Any]:
    return {
        "title": "Five-axis machining for turbine casings",
        "description": "Two machines for the Nanjing plant's new casing line.",
        "quantity": 2,
        "budget_fen": 98_000_000,  # ¥980,000: the smaller decision body
        "delivery_site": "Nanjing plant, workshop 3",
        "wanted_by": business_today() + timedelta(days=90),
        **overrides,
    }


@dataclass
class Buyer:
    org: Organisation
    admin: User
    requester: User
    officer: User
    approvers: list[User]
    auditor: User
    products: list[Product]

    def actor(self, user: User) -> Actor:
        return Actor(user=user)


@pytest.fixture
def buyer_factory(make_org, make_user, make_product) -> Callable[..., Buyer]:  # noqa: F811
    def make(configured: bool = True, parent: Organisation | None = None) -> Buyer:
        org = make_org(kind=OrgKind.BUYER, parent=parent)
        if configured:
            green_channel.configure(org, SETTINGS, PLATFORM)
            db.session.commit()
        people = {
            role: make_user(org, roles=(role,))
            for role in (Role.ADMIN, Role.REQUESTER, Role.OFFICER, Role.AUDITOR)
        }
        approvers = [make_user(org, roles=(Role.APPROVER,)) for _ in range(4)]
        products = [
            make_product(ListingState.PUBLISHED, name_zh=f"工业机器人{i}", name_en=f"Robot {i}")
            for i in (1, 2)
        ]
        return Buyer(
            org,
            people[Role.ADMIN],
            people[Role.REQUESTER],
            people[Role.OFFICER],
            approvers,
            people[Role.AUDITOR],
            products,
        )

    return make


@pytest.fixture
def buyer(buyer_factory) -> Buyer:
    return buyer_factory()


# The states of a case in order, and the step that leaves each.
ORDER = (
    CaseState.REQUESTED,
    CaseState.TECHNICAL_EVALUATION,
    CaseState.RISK_ASSESSMENT,
    CaseState.COLLECTIVE_DECISION,
)


def advance(case: Case, buyer: Buyer, to: CaseState, votes: tuple[VoteChoice, ...] = ()) -> Case:
    """Move ``case`` through the verbs, as the buyer's people would, until it is in ``to``."""
    officer, requester = buyer.actor(buyer.officer), buyer.actor(buyer.requester)
    if to == CaseState.CANCELLED:
        raising.cancel(case, requester, "The need went away.")
        return case
    if case.state == CaseState.REQUESTED and to != CaseState.REQUESTED:
        evaluating.start_evaluation(case, officer)
    if case.state == CaseState.TECHNICAL_EVALUATION and to != CaseState.TECHNICAL_EVALUATION:
        evaluating.set_criteria(
            case, officer, [{"name": "Precision", "weight": 60}, {"name": "Service", "weight": 40}]
        )
        criteria = evaluating.criteria_of(case)
        for scorer, values in ((officer, (8, 6)), (requester, (9, 7))):
            evaluating.score(
                case,
                scorer,
                [
                    {"entry_id": entry.id, "criterion_id": c.id, "value": v - i, "comment": ""}
                    for i, entry in enumerate(case.shortlist)
                    for c, v in zip(criteria, values, strict=True)
                ],
            )
        evaluating.select(
            case,
            officer,
            case.shortlist[0].id,
            ProcurementMethod.SINGLE_SOURCE,
            "Best precision in the scoring.",
        )
    if case.state == CaseState.RISK_ASSESSMENT and to != CaseState.RISK_ASSESSMENT:
        assessing.add_risk(
            case,
            officer,
            {
                "description": "Spindle failure during the trial",
                "likelihood": 2,
                "impact": 4,
                "mitigation": "Vendor keeps a spare spindle on site.",
                "owner": "Plant maintenance",
            },
        )
        assessing.set_position(
            case, officer, None, "The vendor's guarantee covers it.", "Keep the old line running."
        )
        assessing.submit_risks(case, officer)
    if case.state == CaseState.COLLECTIVE_DECISION and to != CaseState.COLLECTIVE_DECISION:
        deciding.record_meeting(
            case,
            officer,
            business_today(),
            MeetingKind.GENERAL_MANAGERS_OFFICE,
            [a.id for a in buyer.approvers[:3]],
        )
        choices = votes or (
            (VoteChoice.APPROVE,) * 3 if to == CaseState.DECIDED else (VoteChoice.REJECT,) * 3
        )
        for approver, choice in zip(buyer.approvers[:3], choices, strict=True):
            deciding.declare(case, buyer.actor(approver), False)
            deciding.vote(case, buyer.actor(approver), choice, "")
        deciding.close_vote(case, officer)
    assert case.state == to, (case.state, to)
    return case


@pytest.fixture
def case_in(buyer) -> Callable[..., Case]:
    """case_in(state, buyer=…): a case raised by the buyer's requester, moved to ``state``."""

    def make(state: CaseState = CaseState.REQUESTED, of: Buyer | None = None, **kw: Any) -> Case:
        owner = of or buyer
        case = raising.raise_case(
            owner.actor(owner.requester),
            need(),
            products=[p.id for p in owner.products],
            search_query="机器人",
        )
        advance(case, owner, state, **kw)
        db.session.commit()
        return case

    return make


# -- the readers of a case, for the matrices ---------------------------------------------


@pytest.fixture
def people(buyer_factory, make_org, make_user, vendor_staff):  # noqa: F811
    """A subsidiary's people, its group's officer, another buyer's officer, a vendor and a
    visitor (None), by the names the matrices use."""
    group = make_org(kind=OrgKind.BUYER, name="Matrix Group")
    buyer = buyer_factory(parent=group)
    other = make_org(kind=OrgKind.BUYER)
    users = {
        "requester": buyer.requester,
        "officer": buyer.officer,
        "approver": buyer.approvers[0],
        "auditor": buyer.auditor,
        "admin": buyer.admin,
        "group_officer": make_user(group, roles=(Role.OFFICER, Role.AUDITOR)),
        "other_officer": make_user(other, roles=(Role.OFFICER, Role.APPROVER)),
        "vendor": vendor_staff,
        "visitor": None,
    }
    return buyer, users


def written(case: Case) -> tuple[int, int]:
    events = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.object_id == str(case.id))
    )
    return reload(case).lock_version, events
