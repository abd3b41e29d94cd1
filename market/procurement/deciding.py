"""The collective decision: the officer records the meeting and its attending approvers, each
declares a conflict of interest or none, those free to vote vote, and the officer closes the
vote, which computes the result and decides or declines the case.

Declarations, votes and the close each lock the case's row first (``FOR UPDATE`` on
PostgreSQL; SQLite's write lock does the same), so two approvers voting at once are both
counted, a vote cannot slip in after the close, and a close runs once.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _

from market.accounts.models import Membership, MembershipRole, Role, User
from market.core.audit import Actor, record_event
from market.core.db import business_today, db, utcnow
from market.core.errors import Conflict, ValidationFailed
from market.procurement.case_states import APPROVER, OFFICER, move, require
from market.procurement.cases import Case, CaseState
from market.procurement.configuration import Majority, Threshold
from market.procurement.decisions import (
    Attendance,
    DecisionMeeting,
    MeetingKind,
    Tally,
    VoteChoice,
    tally,
)

DECIDING = frozenset({CaseState.COLLECTIVE_DECISION})
# Without a green channel configuration an organisation's cases are decided as its smallest
# configured body would: three approvers present, a simple majority.
DEFAULT_THRESHOLD = Threshold(from_fen=0, min_present=3, majority=Majority.SIMPLE)


def lock(case: Case) -> None:
    """Take the case's row lock and read it afresh (another request may have just changed it)."""
    db.session.refresh(case, with_for_update=True)


def meeting_of(case: Case) -> DecisionMeeting | None:
    return db.session.scalar(
        sa.select(DecisionMeeting)
        .where(DecisionMeeting.case_id == case.id)
        .execution_options(populate_existing=True)
    )


def threshold_of(case: Case) -> Threshold:
    config = case.config_version
    return DEFAULT_THRESHOLD if config is None else config.threshold_for(case.budget_fen)


def current_tally(case: Case, meeting: DecisionMeeting | None) -> Tally:
    return tally(case.budget_fen, threshold_of(case), meeting.attendances if meeting else [])


def approvers_of(case: Case) -> list[User]:
    """The organisation's enabled approvers, by name: who may be recorded as attending."""
    return list(
        db.session.scalars(
            sa.select(User)
            .join(Membership, Membership.user_id == User.id)
            .join(MembershipRole, MembershipRole.membership_id == Membership.id)
            .where(
                Membership.organisation_id == case.organisation_id,
                MembershipRole.role == Role.APPROVER,
                User.is_enabled.is_(True),
            )
            .order_by(User.name, User.id)
        )
    )


def record_meeting(
    case: Case,
    actor: Actor,
    held_on: date | None,
    kind: MeetingKind | None,
    approver_ids: Sequence[uuid.UUID],
    version: int | None = None,
) -> DecisionMeeting:
    """Record (or, until the first vote, correct) the meeting: when, which body, and which of
    the organisation's approvers attended. A corrected list keeps the declarations of those
    still on it."""
    require(case, actor, OFFICER, DECIDING, _("record the meeting"), version)
    lock(case)
    meeting = meeting_of(case)
    if meeting is not None and any(a.vote is not None for a in meeting.attendances):
        raise Conflict(_("Votes have been cast: the meeting can no longer change."))
    eligible = {user.id: user for user in approvers_of(case)}
    wanted = list(dict.fromkeys(approver_ids))
    problems: dict[str, list[str]] = {}
    if held_on is None:
        problems["held_on"] = [_("Required.")]
    elif held_on > business_today():
        problems["held_on"] = [_("Record a meeting once it has been held.")]
    if kind is None:
        problems["kind"] = [_("Required.")]
    if not wanted:
        problems["attendees"] = [_("Name the approvers who attended.")]
    elif any(approver_id not in eligible for approver_id in wanted):
        problems["attendees"] = [_("Attendees are approvers of this organisation.")]
    if problems:
        raise ValidationFailed(_("Please correct the marked fields."), problems)
    assert held_on is not None
    assert kind is not None
    if meeting is None:
        meeting = DecisionMeeting(case_id=case.id, held_on=held_on, kind=kind)
        db.session.add(meeting)
    meeting.held_on, meeting.kind = held_on, kind
    meeting.recorded_by_id = actor.user.id if actor.user else None
    meeting.recorded_at = utcnow()
    kept = {a.approver_id: a for a in meeting.attendances if a.approver_id in wanted}
    meeting.attendances = [
        kept.get(approver_id) or Attendance(approver_id=approver_id, conflict_note="")
        for approver_id in wanted
    ]
    for position, attendance in enumerate(meeting.attendances, start=1):
        attendance.position = position
    case.updated_at = utcnow()
    db.session.flush()
    record_event(
        actor,
        "case.meeting_recorded",
        case,
        after={
            "held_on": held_on.isoformat(),
            "kind": kind,
            "attendees": [eligible[a].name for a in wanted],
        },
        organisation_id=case.organisation_id,
    )
    return meeting


def _attendance(case: Case, actor: Actor, what: str) -> Attendance:
    require(case, actor, APPROVER, DECIDING, what)
    lock(case)
    require(case, actor, APPROVER, DECIDING, what)  # it may have closed while this waited
    meeting = meeting_of(case)
    mine = next(
        (a for a in (meeting.attendances if meeting else []) if a.approver_id == actor.user.id),  # type: ignore[union-attr]
        None,
    )
    if mine is None:
        raise ValidationFailed(
            _("You are not recorded as attending the meeting."),
            {"approver": [_("You are not recorded as attending the meeting.")]},
        )
    return mine


def declare(case: Case, actor: Actor, conflict: bool, note: str = "") -> Attendance:
    """An attending approver's declaration, once: a conflict bars them from voting."""
    mine = _attendance(case, actor, _("declare"))
    note = (note or "").strip()
    if mine.declared:
        raise Conflict(_("You have already declared."))
    if conflict and not note:
        raise ValidationFailed(
            _("Please correct the marked fields."),
            {"note": [_("Say what the conflict of interest is.")]},
        )
    if len(note) > 2000:
        raise ValidationFailed(
            _("Please correct the marked fields."), {"note": [_("At most 2,000 characters.")]}
        )
    mine.conflict, mine.conflict_note, mine.declared_at = conflict, note, utcnow()
    db.session.flush()
    record_event(
        actor,
        "case.declared",
        case,
        after={"conflict": conflict, "note": note},
        organisation_id=case.organisation_id,
    )
    return mine


def vote(case: Case, actor: Actor, choice: VoteChoice | None, comment: str = "") -> Attendance:
    """An attending approver without a conflict votes, once."""
    mine = _attendance(case, actor, _("vote"))
    comment = (comment or "").strip()
    refusal = None
    if not mine.declared:
        refusal = _("Declare a conflict of interest, or none, before voting.")
    elif mine.conflict:
        refusal = _("You declared a conflict of interest: you cannot vote on this case.")
    elif mine.vote is not None:
        refusal = _("You have already voted.")
    elif choice is None:
        refusal = _("Choose approve, reject or abstain.")
    elif len(comment) > 2000:
        refusal = _("A comment has at most 2,000 characters.")
    if refusal is not None:
        raise ValidationFailed(refusal, {"vote": [refusal]})
    mine.vote, mine.vote_comment, mine.voted_at = choice, comment, utcnow()
    db.session.flush()
    # The event keeps the choice (the record is complete); the case's timeline shows it only
    # once the vote has closed, as the case page does.
    record_event(
        actor,
        "case.voted",
        case,
        after={"vote": choice, "comment": comment},
        organisation_id=case.organisation_id,
    )
    return mine


def close_vote(case: Case, actor: Actor, version: int | None = None) -> Tally:
    """Compute the result from the declarations and votes, and decide or decline the case."""
    if actor.is_system or OFFICER(actor.user, case):
        lock(case)
    meeting = meeting_of(case)
    result = current_tally(case, meeting)
    facts = {"meeting": meeting, "tally": result}

    def effects() -> None:
        case.result = result.as_json()
        case.decided_at = utcnow()

    move(
        case,
        "decide" if result.passed else "decline",
        actor,
        version=version,
        facts=facts,
        effects=effects,
        after=lambda: {"result": case.result},
    )
    return result
