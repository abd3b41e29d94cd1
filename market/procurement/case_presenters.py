"""A case as the API shows it to one reader: the same facts as its page, with what the reader
may not know left out (others' votes until the vote closes)."""

from __future__ import annotations

from datetime import date
from typing import Any

from market.accounts.models import User
from market.catalog.permissions import PUBLIC_STATES
from market.core.audit_display import verb_label
from market.core.db import business_today
from market.procurement import deciding
from market.procurement.case_queries import CaseView
from market.procurement.case_states import CASE_STATES, CLOSING_ACTIONS
from market.procurement.cases import CLOSED_STATES, Case, ShortlistEntry
from market.procurement.evaluation import weighted_totals
from market.procurement.routing import describe


def summary(case: Case, today: date | None = None) -> dict[str, Any]:
    return {
        "id": case.id,
        "number": case.number,
        "organisation": case.organisation.display_name,
        "organisation_id": case.organisation_id,
        "title": case.title,
        "budget": case.budget_fen,
        "state": case.state.value,
        "route": case.route.value if case.route else None,
        "stage_due_on": case.stage_due_on,
        "overdue": case.is_overdue(today or business_today()),
        "raised_by": case.raised_by.name if case.raised_by else None,
        "officer": case.officer.name if case.officer else None,
        "created_at": case.created_at,
    }


def actions(user: User | None, case: Case) -> list[str]:
    """The transitions the reader may take now; deciding and declining are one "close_vote"."""
    allowed = CASE_STATES.allowed_actions(user, case)
    shown = [a for a in allowed if a not in CLOSING_ACTIONS]
    if any(a in CLOSING_ACTIONS for a in allowed):
        shown.insert(-1 if "cancel" in shown else len(shown), "close_vote")
    return shown


def moved_on(entry: ShortlistEntry) -> bool:
    """The listing no longer shows what was shortlisted: a newer live version, or withdrawn."""
    product = entry.product
    return (
        product.live_version_id != entry.version_id
        or product.state not in PUBLIC_STATES
        or not entry.vendor.is_active
    )


def detail(view: CaseView, user: User | None) -> dict[str, Any]:
    case = view.case
    totals = weighted_totals(view.criteria, view.scores)
    closed = case.state in CLOSED_STATES
    return {
        **summary(case),
        "version": case.lock_version,
        "actions": actions(user, case),
        "description": case.description,
        "quantity": case.quantity,
        "delivery_site": case.delivery_site,
        "wanted_by": case.wanted_by,
        "config_version": case.config_version.number if case.config_version else None,
        "search_query": case.search_query,
        "search_filters": case.search_filters,
        "shortlist": [
            {
                "id": e.id,
                "position": e.position,
                "product_id": e.product_id,
                "version_id": e.version_id,
                "version_number": e.snapshot["version_number"],
                "name": e.snapshot["name_zh"],
                "vendor": e.snapshot["vendor"]["name_zh"],
                "snapshot": e.snapshot,
                "snapshot_sha256": e.snapshot_sha256,
                "selected": e.selected,
                "moved_on": moved_on(e),
                "total": totals.get(e.id),
            }
            for e in case.shortlist
        ],
        "routing": (
            {
                "route": case.routing["route"],
                "checks": [{**c, "text": describe(c)} for c in case.routing["checks"]],
            }
            if case.routing
            else None
        ),
        "method": case.method.value if case.method else None,
        "selection_reason": case.selection_reason,
        "criteria": view.criteria,
        "scores": [
            {
                "entry": s.entry_id,
                "criterion": s.criterion_id,
                "scorer": s.scorer.name,
                "value": s.value,
                "comment": s.comment,
            }
            for s in view.scores
        ],
        "risks": view.risks,
        "insurance_policy": case.insurance_policy,
        "no_insurance_reason": case.no_insurance_reason,
        "fallback_supply": case.fallback_supply,
        "meeting": _meeting(view, user, closed),
        "tally": tally_shown(view, closed),
        "decided_at": case.decided_at,
        "cancel_reason": case.cancel_reason,
        "timeline": [
            {
                "at": e.occurred_at,
                "verb": verb_label(e.verb),
                "who": view.actor_names.get(e.actor_user_id) if e.actor_user_id else None,
            }
            for e in view.events
        ],
    }


def _meeting(view: CaseView, user: User | None, closed: bool) -> dict[str, Any] | None:
    meeting = view.meeting
    if meeting is None:
        return None
    return {
        "held_on": meeting.held_on,
        "kind": meeting.kind.value,
        "attendees": [
            {
                "approver_id": a.approver_id,
                "name": a.approver.name,
                "declared": a.declared,
                "conflict": a.conflict,
                "conflict_note": a.conflict_note,
                "voted": a.vote is not None,
                # How each approver voted is known once the vote closes; one's own, always.
                "vote": a.vote.value if a.vote and (closed or _is(user, a)) else None,
                "vote_comment": a.vote_comment if closed or _is(user, a) else None,
            }
            for a in meeting.attendances
        ],
    }


def _is(user: User | None, attendance: Any) -> bool:
    return user is not None and attendance.approver_id == user.id


def tally_shown(view: CaseView, closed: bool) -> dict[str, Any] | None:
    if view.case.result is not None:
        return view.case.result
    if view.meeting is None or closed:
        return None
    current = deciding.current_tally(view.case, view.meeting).as_json()
    # Until the close, the counts of each choice (and so the outcome) stay unknown.
    return {**current, "approve": None, "reject": None, "abstain": None, "passed": None}
