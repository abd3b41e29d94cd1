"""What the case page shows one reader: the case read in a fixed number of statements, the
routing lines in the reader's language, the evaluation's matrix, and the forms of the verbs the
reader may take now (each with its own prefix, so one page holds them all without clashes)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Mapping
from typing import Any

from flask_babel import gettext as _
from flask_wtf import FlaskForm

from market.accounts.models import User
from market.core.db import business_today
from market.core.money import fen_to_yuan
from market.procurement import case_presenters, deciding, permissions
from market.procurement.case_forms import (
    ActionForm,
    CriteriaForm,
    DeclarationForm,
    MeetingForm,
    PositionForm,
    RiskForm,
    SelectForm,
    VoteForm,
)
from market.procurement.case_queries import CaseView, case_view
from market.procurement.cases import CLOSED_STATES, OPEN_STATES, Case, CaseState
from market.procurement.configuration import ProcurementMethod
from market.procurement.evaluation import weighted_totals
from market.procurement.routing import describe

_S = CaseState


def _select(case: Case, **kw: Any) -> SelectForm:
    form = SelectForm(**kw)
    form.offer_choices(case.shortlist, list(ProcurementMethod))
    return form


def _meeting(case: Case, **kw: Any) -> MeetingForm:
    form = MeetingForm(**kw)
    form.offer_choices(deciding.approvers_of(case))
    return form


def _position(case: Case, **kw: Any) -> PositionForm:
    form = PositionForm(**kw)
    entry = case.selected_entry
    policies = [p.policy_number for p in entry.version.insurance_policies] if entry else []
    form.insurance_policy.choices = [("", _("None"))] + [(p, p) for p in policies]
    return form


def _vote(case: Case, **kw: Any) -> VoteForm:
    form = VoteForm(**kw)
    form.offer_choices()
    return form


BUILDERS: dict[str, Callable[..., FlaskForm]] = {
    "start": lambda case, **kw: ActionForm(**kw),
    "criteria": lambda case, **kw: CriteriaForm(**kw),
    "scores": lambda case, **kw: ActionForm(**kw),
    "select": _select,
    "risks": lambda case, **kw: RiskForm(**kw),
    "position": _position,
    "submit-risks": lambda case, **kw: ActionForm(**kw),
    "meeting": _meeting,
    "declaration": lambda case, **kw: DeclarationForm(**kw),
    "vote": _vote,
    "close": lambda case, **kw: ActionForm(**kw),
    "cancel": lambda case, **kw: ActionForm(**kw),
}


def build_form(step: str, case: Case, data: Mapping[str, Any] | None = None) -> FlaskForm:
    """The form of ``step``: bound to the request when ``data`` is None (a POST), else a fresh
    one showing ``data``."""
    if data is None:
        return BUILDERS[step](case, prefix=step)
    return BUILDERS[step](case, prefix=step, formdata=None, data=dict(data))


def _offered(case: Case, user: User, view: CaseView) -> dict[str, Mapping[str, Any]]:
    """The steps ``user`` may take now, with the values their forms start from."""
    officer = permissions.is_case_officer(user, case)
    version = {"version": case.lock_version}
    steps: dict[str, Mapping[str, Any]] = {}
    if case.state == _S.REQUESTED and officer:
        steps["start"] = version
    if case.state == _S.TECHNICAL_EVALUATION:
        if officer and not view.scores:
            rows = [{"name": c.name, "weight": c.weight} for c in view.criteria]
            steps["criteria"] = {**version, "rows": rows}
        if view.criteria and permissions.can_score(user, case):
            steps["scores"] = {}
        if view.criteria and officer:
            steps["select"] = version
    if case.state == _S.RISK_ASSESSMENT and officer:
        steps["risks"] = {"likelihood": "3", "impact": "3"}
        steps["position"] = {
            **version,
            "insurance_policy": case.insurance_policy or "",
            "no_insurance_reason": case.no_insurance_reason or "",
            "fallback_supply": case.fallback_supply or "",
        }
        steps["submit-risks"] = version
    if case.state == _S.COLLECTIVE_DECISION:
        meeting = view.meeting
        voted = meeting is not None and any(a.vote for a in meeting.attendances)
        if officer and not voted:
            steps["meeting"] = {
                **version,
                "held_on": meeting.held_on if meeting else business_today(),
                "kind": meeting.kind.value if meeting else None,
                "attendees": [str(a.approver_id) for a in meeting.attendances] if meeting else [],
            }
        if officer and meeting is not None:
            steps["close"] = version
        mine = _attendance_of(user, view)
        if mine is not None and not mine.declared:
            steps["declaration"] = {}
        if mine is not None and mine.may_vote:
            steps["vote"] = {}
    if case.state in OPEN_STATES and permissions.can_cancel_case(user, case):
        steps["cancel"] = version
    return steps


def _attendance_of(user: User, view: CaseView) -> Any:
    if view.meeting is None or not permissions.is_case_approver(user, view.case):
        return None
    return next((a for a in view.meeting.attendances if a.approver_id == user.id), None)


def case_page_context(
    case: Case, user: User, failed: Mapping[str, FlaskForm] | None = None
) -> dict[str, Any]:
    view = case_view(case)
    offered = _offered(case, user, view)
    forms = {step: build_form(step, case, data) for step, data in offered.items()}
    forms.update(failed or {})
    closed = case.state in CLOSED_STATES
    by_cell: dict[tuple[Any, Any], list[Any]] = defaultdict(list)
    for score in view.scores:
        by_cell[(score.entry_id, score.criterion_id)].append(score)
    mine = {(s.entry_id, s.criterion_id): s for s in view.scores if s.scorer_id == user.id}
    return {
        "case": case,
        "view": view,
        "forms": forms,
        "today": business_today(),
        "overdue": case.is_overdue(business_today()),
        "totals": weighted_totals(view.criteria, view.scores),
        "cells": by_cell,
        "my_scores": mine,
        "routing_lines": [
            {**check, "text": describe(check)} for check in (case.routing or {}).get("checks", [])
        ],
        "moved_on": {e.id: case_presenters.moved_on(e) for e in case.shortlist},
        "tally": case_presenters.tally_shown(view, closed),
        "votes_shown": closed,
        "budget_yuan": fen_to_yuan(case.budget_fen),
        "threshold": deciding.threshold_of(case),
    }
