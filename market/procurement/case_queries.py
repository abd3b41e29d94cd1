"""Reading cases: one case as its reader may see it (or 404), the case list with its filters,
a person's tasks, and a vendor's shortlistings. Each page's statements are a fixed number,
whatever the number of cases or shortlisted products (``make bench-cases`` counts them)."""

from __future__ import annotations

import enum
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload, selectinload

from market.accounts.models import Organisation, Role, User
from market.catalog.models import Product
from market.catalog.permissions import is_public
from market.core.audit import Actor, AuditEvent
from market.core.db import BUSINESS_TIMEZONE, business_today, db
from market.core.labels import register
from market.core.paging import Page, paginate
from market.core.permissions import organisation_scope, visible_or_404
from market.procurement import permissions
from market.procurement.cases import OPEN_STATES, Case, CaseState, ShortlistEntry
from market.procurement.decisions import Attendance, DecisionMeeting
from market.procurement.evaluation import Criterion, Score
from market.procurement.routing import Route


def visible_case(case_id: uuid.UUID | None, actor: Actor) -> Case:
    """The case, when the actor may see it; 404 otherwise (another organisation's case reads
    as one that does not exist)."""
    case = db.session.get(Case, case_id) if case_id is not None else None
    return visible_or_404(
        case,
        lambda case: actor.is_system or permissions.can_view_case(actor.user, case),
        _("No such case."),
    )


class CaseSort(enum.StrEnum):
    NEWEST = "newest"
    OLDEST = "oldest"
    DUE = "due"  # the stage that runs out first


register(
    CaseSort,
    {
        CaseSort.NEWEST: _l("Newest first"),
        CaseSort.OLDEST: _l("Oldest first"),
        CaseSort.DUE: _l("Stage due first"),
    },
)


@dataclass(frozen=True)
class CaseFilters:
    state: CaseState | None = None
    route: Route | None = None
    overdue: bool = False
    mine: bool = False  # raised by me, run by me, or awaiting my declaration or vote
    sort: CaseSort = CaseSort.NEWEST


_ORDER = {
    # One direction per sort, so the (organisation, created_at, id) index gives the order.
    CaseSort.NEWEST: (Case.created_at.desc(), Case.id.desc()),
    CaseSort.OLDEST: (Case.created_at, Case.id),
    CaseSort.DUE: (Case.stage_due_on.is_(None), Case.stage_due_on, Case.created_at, Case.id),
}


def list_cases(user: User, filters: CaseFilters, page: int, per_page: int = 20) -> Page[Case]:
    """The cases of the organisations ``user`` reads, filtered and sorted; a page of them with
    their organisation, raiser and officer loaded.

    The page's ids are found first, from the index alone, and only those 20 rows are read: an
    ORDER BY over whole rows would carry every case's JSON columns through the sort (at 10,000
    cases that was 40 ms of a 45 ms page)."""
    query = sa.select(Case.id).where(Case.organisation_id.in_(organisation_scope(user)))
    if filters.state is not None:
        query = query.where(Case.state == filters.state)
    if filters.route is not None:
        query = query.where(Case.route == filters.route)
    if filters.overdue:
        query = query.where(overdue_clause(business_today()))
    if filters.mine:
        attending = (
            sa.select(DecisionMeeting.case_id)
            .join(Attendance, Attendance.meeting_id == DecisionMeeting.id)
            .where(Attendance.approver_id == user.id)
        )
        query = query.where(
            sa.or_(
                Case.raised_by_id == user.id,
                Case.officer_id == user.id,
                Case.id.in_(attending),
            )
        )
    ids = paginate(query.order_by(*_ORDER[filters.sort]), page, per_page)
    return Page(_cases_in_order(ids.items), ids.total, ids.page, ids.per_page)


def _cases_in_order(ids: list[uuid.UUID]) -> list[Case]:
    if not ids:
        return []
    loaded = {
        case.id: case
        for case in db.session.scalars(
            sa.select(Case)
            .where(Case.id.in_(ids))
            .options(
                joinedload(Case.organisation),
                joinedload(Case.raised_by),
                joinedload(Case.officer),
            )
        )
    }
    return [loaded[case_id] for case_id in ids]


def overdue_clause(today: date) -> sa.ColumnElement[bool]:
    return sa.and_(Case.state.in_(OPEN_STATES), Case.stage_due_on < today)


@dataclass(frozen=True)
class CaseView:
    """Everything a case page and the API's case read show, loaded in a fixed number of
    statements: the shortlist with its versions, criteria, every score, risks, the meeting."""

    case: Case
    criteria: list[Criterion]
    scores: list[Score]
    risks: list[Any]
    meeting: DecisionMeeting | None
    events: list[AuditEvent]  # the timeline
    actor_names: dict[uuid.UUID, str]


def case_view(case: Case) -> CaseView:
    from market.procurement.assessing import risks_of  # the register's order lives there

    # The case again, with its shortlist (and each entry's version, listing and vendor) in its
    # collection: entries loaded on their own would be let go, and each read anew on access.
    db.session.scalars(
        sa.select(Case)
        .where(Case.id == case.id)
        .options(
            selectinload(Case.shortlist).options(
                selectinload(ShortlistEntry.version),
                selectinload(ShortlistEntry.product),
                selectinload(ShortlistEntry.vendor),
            ),
            joinedload(Case.organisation),
            joinedload(Case.config_version),
            joinedload(Case.raised_by),
            joinedload(Case.officer),
        )
        .execution_options(populate_existing=True)
    ).one()
    criteria = list(
        db.session.scalars(
            sa.select(Criterion).where(Criterion.case_id == case.id).order_by(Criterion.position)
        )
    )
    scores = list(
        db.session.scalars(
            sa.select(Score).where(Score.case_id == case.id).options(joinedload(Score.scorer))
        )
    )
    meeting = db.session.scalar(
        sa.select(DecisionMeeting)
        .where(DecisionMeeting.case_id == case.id)
        .options(selectinload(DecisionMeeting.attendances).joinedload(Attendance.approver))
    )
    events = list(
        db.session.scalars(
            sa.select(AuditEvent)
            .where(AuditEvent.object_type == "Case", AuditEvent.object_id == str(case.id))
            .order_by(AuditEvent.occurred_at, AuditEvent.id)
        )
    )
    actors = {e.actor_user_id for e in events if e.actor_user_id is not None}
    names = dict(db.session.execute(sa.select(User.id, User.name).where(User.id.in_(actors))).all())
    return CaseView(case, criteria, scores, risks_of(case), meeting, events, names)


# -- tasks ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Task:
    kind: str  # start, score, declare, vote, close, overdue
    case: Case


TASK_LIMIT = 50

# Tasks later stages add (the trial's): each source gets the user and the organisation's base
# query of cases, and returns (kind, case) pairs; their labels join next_steps.TASK_LABELS.
TaskSource = Callable[[User, sa.Select[tuple[Case]]], list[tuple[str, Case]]]
TASK_SOURCES: list[TaskSource] = []


def tasks_for(user: User) -> list[Task]:
    """What waits on ``user``: cases to take up and votes to close (officers), products to
    score (officers and requesters), declarations and votes (attending approvers), and their
    organisation's overdue stages. Six statements whatever the number of cases."""
    org = user.organisation
    if org is None or not user.is_enabled or not org.is_active:
        return []
    tasks: list[Task] = []
    roles = user.roles
    base = sa.select(Case).where(Case.organisation_id == org.id).limit(TASK_LIMIT)
    base = base.options(joinedload(Case.organisation))
    if Role.OFFICER in roles:
        # One query per state, so each reads the (organisation, state, created_at) index in
        # order instead of sorting every requested case.
        for kind, state, extra in (
            ("start", CaseState.REQUESTED, sa.true()),
            ("close", CaseState.COLLECTIVE_DECISION, _vote_ready()),
        ):
            for case in db.session.scalars(
                base.where(Case.state == state, extra).order_by(Case.created_at)
            ):
                tasks.append(Task(kind, case))
    if roles & {Role.OFFICER, Role.REQUESTER}:
        mine = sa.exists().where(Score.case_id == Case.id, Score.scorer_id == user.id)
        for case in db.session.scalars(
            base.where(
                Case.state == CaseState.TECHNICAL_EVALUATION,
                sa.exists().where(Criterion.case_id == Case.id),
                ~mine,
            ).order_by(Case.created_at)
        ):
            tasks.append(Task("score", case))
    if Role.APPROVER in roles:
        for attendance_state, case in db.session.execute(
            sa.select(Attendance.conflict, Case)
            .join(DecisionMeeting, Attendance.meeting_id == DecisionMeeting.id)
            .join(Case, DecisionMeeting.case_id == Case.id)
            .where(
                Attendance.approver_id == user.id,
                Case.state == CaseState.COLLECTIVE_DECISION,
                sa.or_(Attendance.conflict.is_(None), Attendance.vote.is_(None)),
                sa.or_(Attendance.conflict.is_(None), Attendance.conflict.is_(False)),
            )
            .order_by(Case.created_at)
            .limit(TASK_LIMIT)
        ):
            tasks.append(Task("declare" if attendance_state is None else "vote", case))
    for source in TASK_SOURCES:
        tasks.extend(Task(kind, case) for kind, case in source(user, base))
    if roles & {Role.OFFICER, Role.REQUESTER, Role.ADMIN, Role.AUDITOR}:
        for case in db.session.scalars(
            base.where(overdue_clause(business_today())).order_by(Case.stage_due_on)
        ):
            tasks.append(Task("overdue", case))
    return tasks


def _vote_ready() -> sa.ColumnElement[bool]:
    """Every attendee has declared and every one free to vote has voted."""
    waiting = (
        sa.select(Attendance.id)
        .join(DecisionMeeting, Attendance.meeting_id == DecisionMeeting.id)
        .where(
            DecisionMeeting.case_id == Case.id,
            sa.or_(
                Attendance.conflict.is_(None),
                sa.and_(Attendance.conflict.is_(False), Attendance.vote.is_(None)),
            ),
        )
    )
    has_meeting = sa.select(DecisionMeeting.id).where(DecisionMeeting.case_id == Case.id)
    return sa.and_(sa.exists(has_meeting), ~sa.exists(waiting))


# -- vendors -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Shortlisting:
    """What a vendor learns of a case: the buyer, its product version, the day, and whether it
    was selected (once the selection is made). Nothing else of the case."""

    buyer: Organisation
    entry: ShortlistEntry
    selected: bool | None  # None: not decided yet


def vendor_shortlistings(user: User, page: int, per_page: int = 20) -> Page[Shortlisting]:
    """The shortlist entries of the user's vendor organisation, newest first."""
    if not permissions.is_vendor_member(user):
        return Page([], 0, 1, per_page)
    query = (
        sa.select(ShortlistEntry, Case.organisation_id, Case.route)
        .join(Case, ShortlistEntry.case_id == Case.id)
        .where(ShortlistEntry.vendor_id == user.organisation_id)
        .order_by(ShortlistEntry.created_at.desc(), ShortlistEntry.id)
        .options(selectinload(ShortlistEntry.version))
    )
    rows = paginate(query, page, per_page, rows=True)
    buyers = {
        org.id: org
        for org in db.session.scalars(
            sa.select(Organisation).where(
                Organisation.id.in_({row.organisation_id for row in rows.items})
            )
        )
    }
    items = [
        Shortlisting(
            buyers[row.organisation_id],
            row.ShortlistEntry,
            # Before the selection (or a case ended before one) it is not told either way.
            row.ShortlistEntry.selected if row.route is not None else None,
        )
        for row in rows.items
    ]
    return Page(items, rows.total, rows.page, rows.per_page)


def public_products(ids: list[uuid.UUID]) -> list[Product]:
    """The listings among ``ids`` that are public now, in the order given: the shortlist a new
    case would lock (the rest is refused when it is raised)."""
    if not ids:
        return []
    found = {
        p.id: p
        for p in db.session.scalars(
            sa.select(Product)
            .where(Product.id.in_(ids))
            .options(joinedload(Product.live_version), joinedload(Product.vendor))
        )
    }
    return [found[i] for i in ids if i in found and is_public(found[i])]


def committed_fen(org: Organisation, year: int) -> int:
    """What the organisation's decided green channel cases committed in ``year`` (by the day
    decided, in China): the part of its reserved annual share already spoken for."""
    start = datetime(year, 1, 1, tzinfo=BUSINESS_TIMEZONE)
    end = datetime(year + 1, 1, 1, tzinfo=BUSINESS_TIMEZONE)
    total = db.session.scalar(
        sa.select(sa.func.coalesce(sa.func.sum(Case.budget_fen), 0)).where(
            Case.organisation_id == org.id,
            Case.state == CaseState.DECIDED,
            Case.route == Route.GREEN_CHANNEL,
            Case.decided_at >= start,
            Case.decided_at < end,
        )
    )
    return int(total or 0)


def follow_ons_of(case: Case) -> list[Case]:
    """The cases raised to follow on from this one's accepted trial, oldest first."""
    return list(
        db.session.scalars(
            sa.select(Case).where(Case.follows_case_id == case.id).order_by(Case.created_at)
        )
    )
