"""Reading trials: the vendor's view of a case (404 unless it is the selected vendor and the
terms have reached it), the vendor's trials, and the tasks trials add to inboxes."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import gettext as _
from sqlalchemy.orm import joinedload

from market.accounts.models import Role, User
from market.core.audit import Actor
from market.core.db import business_today, db
from market.core.paging import Page, paginate
from market.core.permissions import visible_or_404
from market.procurement import permissions
from market.procurement.cases import Case, CaseState, ShortlistEntry
from market.trials.models import TrialTerms
from market.trials.outcomes import Determination
from market.trials.progress import overdue_clause

# The states in which a trial's vendor-facing part exists (once the officer records terms).
TRIAL_STATES = frozenset(
    {
        CaseState.DECIDED,
        CaseState.CONTRACTED,
        CaseState.TRIAL_RUNNING,
        CaseState.ACCEPTED,
        CaseState.FAILED,
        CaseState.TERMINATED,
        CaseState.CLOSED,
    }
)


def vendor_may_see(user: User | None, case: Case) -> bool:
    return (
        case.state in TRIAL_STATES
        and permissions.is_case_vendor(user, case)
        and db.session.get(TrialTerms, case.id) is not None
    )


def vendor_trial(case_id: uuid.UUID | None, actor: Actor) -> Case:
    """The case's vendor-facing part for the vendor of its selected product; 404 otherwise
    (to the buyer's own people too: they read the case page)."""
    case = db.session.get(Case, case_id) if case_id is not None else None
    return visible_or_404(case, lambda c: vendor_may_see(actor.user, c), _("No such trial."))


def may_read_trial(user: User | None, case: Case) -> bool:
    """Who reads a case's trial (terms, and later reports, incidents, outcome): the buyer's
    case readers, and its vendor."""
    return permissions.can_view_case(user, case) or vendor_may_see(user, case)


def readable_trial(case_id: uuid.UUID | None, actor: Actor) -> Case:
    case = db.session.get(Case, case_id) if case_id is not None else None
    return visible_or_404(
        case,
        lambda c: actor.is_system or may_read_trial(actor.user, c),
        _("No such case."),
    )


@dataclass(frozen=True)
class VendorTrial:
    case: Case
    terms: TrialTerms


def vendor_trials(user: User, page: int, per_page: int = 20) -> Page[VendorTrial]:
    """The vendor's trials, those waiting for its confirmation first, then newest."""
    if not permissions.is_vendor_member(user):
        return Page([], 0, 1, per_page)
    waiting = sa.case((TrialTerms.confirmed_revision == TrialTerms.revision, 1), else_=0)
    query = (
        sa.select(Case, TrialTerms)
        .join(ShortlistEntry, sa.and_(ShortlistEntry.case_id == Case.id, ShortlistEntry.selected))
        .join(TrialTerms, TrialTerms.case_id == Case.id)
        .where(ShortlistEntry.vendor_id == user.organisation_id, Case.state.in_(TRIAL_STATES))
        .order_by(waiting, TrialTerms.recorded_at.desc(), Case.id)
        .options(joinedload(Case.organisation))
    )
    rows = paginate(query, page, per_page, rows=True)
    items = [VendorTrial(row.Case, row.TrialTerms) for row in rows.items]
    return Page(items, rows.total, rows.page, rows.per_page)


def terms_to_confirm(user: User, limit: int = 50) -> list[VendorTrial]:
    """The vendor's inbox: terms waiting for its confirmation."""
    if not permissions.is_vendor_member(user):
        return []
    rows = db.session.execute(
        sa.select(Case, TrialTerms)
        .join(ShortlistEntry, sa.and_(ShortlistEntry.case_id == Case.id, ShortlistEntry.selected))
        .join(TrialTerms, TrialTerms.case_id == Case.id)
        .where(
            ShortlistEntry.vendor_id == user.organisation_id,
            Case.state.in_({CaseState.DECIDED, CaseState.CONTRACTED}),
            sa.or_(
                TrialTerms.confirmed_revision.is_(None),
                TrialTerms.confirmed_revision != TrialTerms.revision,
            ),
        )
        .order_by(TrialTerms.recorded_at)
        .limit(limit)
        .options(joinedload(Case.organisation))
    )
    return [VendorTrial(row.Case, row.TrialTerms) for row in rows]


def reports_overdue(user: User, limit: int = 50) -> list[Case]:
    """The vendor's inbox: running trials of its products with a milestone report overdue."""
    if not permissions.is_vendor_member(user):
        return []
    return list(
        db.session.scalars(
            sa.select(Case)
            .join(
                ShortlistEntry, sa.and_(ShortlistEntry.case_id == Case.id, ShortlistEntry.selected)
            )
            .where(
                ShortlistEntry.vendor_id == user.organisation_id,
                Case.state == CaseState.TRIAL_RUNNING,
                overdue_clause(business_today()),
            )
            .order_by(Case.created_at)
            .limit(limit)
            .options(joinedload(Case.organisation))
        )
    )


def trial_tasks(user: User, base: sa.Select[tuple[Case]]) -> list[tuple[str, Case]]:
    """An officer's: decided cases without terms, contracted ones whose confirmed terms wait
    for the trial start attestation, running ones with a report overdue (three statements);
    an auditor's: failed trials waiting for the determination (one)."""
    tasks: list[tuple[str, Case]] = []
    if Role.AUDITOR in user.roles:
        # Failed trials waiting for the enterprise's determination, which auditors record.
        determined = sa.exists().where(Determination.case_id == Case.id)
        for case in db.session.scalars(
            base.where(Case.state == CaseState.FAILED, ~determined).order_by(Case.created_at)
        ):
            tasks.append(("determine", case))
    if Role.OFFICER not in user.roles:
        return tasks
    has_terms = sa.exists().where(TrialTerms.case_id == Case.id)
    confirmed = sa.exists().where(
        TrialTerms.case_id == Case.id, TrialTerms.confirmed_revision == TrialTerms.revision
    )
    for kind, clause in (
        ("terms", sa.and_(Case.state == CaseState.DECIDED, ~has_terms)),
        ("start_trial", sa.and_(Case.state == CaseState.CONTRACTED, confirmed)),
        (
            "report_overdue",
            sa.and_(Case.state == CaseState.TRIAL_RUNNING, overdue_clause(business_today())),
        ),
    ):
        for case in db.session.scalars(base.where(clause).order_by(Case.created_at)):
            tasks.append((kind, case))
    return tasks
