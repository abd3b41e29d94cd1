"""A case's transition table (DESIGN.md, "Green channel procurement"): who moves it, from where,
to where, and the named guards each step needs. The verbs in ``evaluating``, ``assessing``,
``deciding`` and ``raising`` take every step through ``move``, which also starts the clock of
the stage the case enters.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import date, timedelta
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from market.attestations.rules import DECISION_ATTESTED
from market.core.audit import Actor
from market.core.db import business_today, utcnow
from market.core.errors import InvalidTransition, PermissionDenied, StaleVersion
from market.core.labels import label_of
from market.core.states import Guard, Permit, StateMachine, Transition
from market.procurement import permissions
from market.procurement.cases import OPEN_STATES, Case, CaseState
from market.procurement.configuration import (
    GREEN_CHANNEL_ONLY_METHODS,
    ProcurementMethod,
)
from market.procurement.evaluation import TOTAL_WEIGHT
from market.procurement.routing import Route
from market.trials.rules import (
    KPIS_MET,
    OUTCOME_RECORDED,
    SIGNED_OFF,
    TERMS_CONFIRMED,
    TERMS_RECORDED,
)

_S = CaseState

OFFICER = Permit(
    "procurement officer",
    permissions.is_case_officer,
    _l("Only the organisation's procurement officers do this."),
)
CASE_VENDOR = Permit(
    "vendor of the selected product",
    permissions.is_case_vendor,
    _l("Only the vendor of the selected product does this."),
)
CANCELLER = Permit(
    "officer or the requester who raised it",
    permissions.can_cancel_case,
    _l("Only an officer, or the requester who raised the case, cancels it."),
)


def _criteria_complete(case: Case, facts: Mapping[str, Any]) -> dict[str, list[str]]:
    criteria = facts["criteria"]
    if not criteria:
        return {"criteria": [_("Set the evaluation criteria first.")]}
    if sum(c.weight for c in criteria) != TOTAL_WEIGHT:
        return {"criteria": [_("The criteria's weights must add up to 100.")]}
    return {}


def _selection_scored(case: Case, facts: Mapping[str, Any]) -> dict[str, list[str]]:
    entry = facts.get("entry")
    if entry is None:
        return {"entry": [_("Choose one of the shortlisted products.")]}
    scored = {s.criterion_id for s in facts["scores"] if s.entry_id == entry.id}
    if not facts["criteria"] or scored < {c.id for c in facts["criteria"]}:
        return {"entry": [_("Score the chosen product on every criterion before selecting it.")]}
    return {}


def _method_allowed(case: Case, facts: Mapping[str, Any]) -> dict[str, list[str]]:
    method: ProcurementMethod | None = facts.get("method")
    routing = facts.get("routing")
    if method is None:
        return {"method": [_("Choose the procurement method.")]}
    if routing is None:
        return {}  # no product chosen: _selection_scored says so
    if routing.route == Route.STANDARD:
        if method in GREEN_CHANNEL_ONLY_METHODS:
            return {"method": [_("A case on the standard route cannot use this method.")]}
        return {}
    config = case.config_version
    if config is not None and method.value not in config.methods:
        return {"method": [_("Your green channel does not allow this method.")]}
    return {}


def _reason_given(field: str, message: Any) -> Guard[Case]:
    def problems(case: Case, facts: Mapping[str, Any]) -> dict[str, list[str]]:
        return {} if (facts.get(field) or "").strip() else {field: [str(message)]}

    return Guard(f"{field} given", problems)


def _risks_registered(case: Case, facts: Mapping[str, Any]) -> dict[str, list[str]]:
    return {} if facts["risks"] else {"risks": [_("Register at least one risk.")]}


def _insurance_position(case: Case, facts: Mapping[str, Any]) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    if not case.insurance_policy and not (case.no_insurance_reason or "").strip():
        problems["insurance"] = [_("Name the policy that covers the trial, or say why none.")]
    if not (case.fallback_supply or "").strip():
        problems["fallback_supply"] = [_("Say how the need is met if the trial fails.")]
    return problems


def _vote_complete(case: Case, facts: Mapping[str, Any]) -> dict[str, list[str]]:
    meeting = facts.get("meeting")
    if meeting is None:
        return {"meeting": [_("Record the meeting first.")]}
    if any(not a.declared for a in meeting.attendances):
        return {"declarations": [_("Every attending approver declares first.")]}
    if any(a.may_vote for a in meeting.attendances):
        return {"votes": [_("Every approver free to vote has to vote first.")]}
    tally = facts["tally"]
    if not tally.quorate:
        return {
            "meeting": [
                _(
                    "Not quorate: at least %(needed)d approvers must attend, %(present)d did.",
                    needed=tally.min_present,
                    present=tally.present,
                )
            ]
        }
    return {}


def _outcome(passed: bool) -> Guard[Case]:
    def problems(case: Case, facts: Mapping[str, Any]) -> dict[str, list[str]]:
        if facts["tally"].passed == passed:
            return {}
        return {"result": [_("The vote went the other way.")]}

    return Guard("passed" if passed else "not passed", problems)


CRITERIA_COMPLETE = Guard("criteria weigh 100", _criteria_complete)
SELECTION_SCORED = Guard("selection scored on every criterion", _selection_scored)
METHOD_ALLOWED = Guard("method allowed for the route", _method_allowed)
SELECTION_REASON = _reason_given("selection_reason", _l("Say why this product was selected."))
RISKS_REGISTERED = Guard("at least one risk", _risks_registered)
INSURANCE_POSITION = Guard("insurance position and fallback", _insurance_position)
VOTE_COMPLETE = Guard("declared, voted and quorate", _vote_complete)
CANCEL_REASON = _reason_given("reason", _l("Say why the case is cancelled."))

CASE_STATES: StateMachine[CaseState, Case] = StateMachine(
    "case",
    "state",
    (
        Transition(
            "start_evaluation",
            frozenset({_S.REQUESTED}),
            _S.TECHNICAL_EVALUATION,
            OFFICER,
        ),
        Transition(
            "select",
            frozenset({_S.TECHNICAL_EVALUATION}),
            _S.RISK_ASSESSMENT,
            OFFICER,
            (CRITERIA_COMPLETE, SELECTION_SCORED, METHOD_ALLOWED, SELECTION_REASON),
        ),
        Transition(
            "submit_risks",
            frozenset({_S.RISK_ASSESSMENT}),
            _S.COLLECTIVE_DECISION,
            OFFICER,
            (RISKS_REGISTERED, INSURANCE_POSITION),
        ),
        # Closing the vote takes one of these two, as the computed tally says.
        Transition(
            "decide",
            frozenset({_S.COLLECTIVE_DECISION}),
            _S.DECIDED,
            OFFICER,
            (VOTE_COMPLETE, _outcome(passed=True)),
        ),
        Transition(
            "decline",
            frozenset({_S.COLLECTIVE_DECISION}),
            _S.DECLINED,
            OFFICER,
            (VOTE_COMPLETE, _outcome(passed=False)),
        ),
        # The vendor's confirmation of the terms the officer recorded concludes the contract.
        Transition(
            "contract",
            frozenset({_S.DECIDED}),
            _S.CONTRACTED,
            CASE_VENDOR,
            (DECISION_ATTESTED, TERMS_RECORDED),
        ),
        # Taken by filing the trial start attestation (its kind's ``transition``).
        Transition(
            "start_trial",
            frozenset({_S.CONTRACTED}),
            _S.TRIAL_RUNNING,
            OFFICER,
            (DECISION_ATTESTED, TERMS_CONFIRMED),
        ),
        # The trial's end: accepted on the computed review and its sign-offs, failed or ended
        # by agreement with a reason; closed once the outcome is attested (and determined).
        Transition(
            "accept",
            frozenset({_S.TRIAL_RUNNING}),
            _S.ACCEPTED,
            OFFICER,
            (KPIS_MET, SIGNED_OFF),
        ),
        Transition(
            "fail",
            frozenset({_S.TRIAL_RUNNING}),
            _S.FAILED,
            OFFICER,
            (_reason_given("reason", _l("Say why the trial failed.")),),
        ),
        Transition(
            "terminate",
            frozenset({_S.TRIAL_RUNNING}),
            _S.TERMINATED,
            OFFICER,
            (_reason_given("reason", _l("Say why the trial ends early, as agreed.")),),
        ),
        Transition(
            "close",
            frozenset({_S.ACCEPTED, _S.FAILED, _S.TERMINATED}),
            _S.CLOSED,
            OFFICER,
            (OUTCOME_RECORDED,),
        ),
        Transition("cancel", OPEN_STATES, _S.CANCELLED, CANCELLER, (CANCEL_REASON,)),
    ),
    verb_prefix="case",
    organisation_of=lambda case: case.organisation_id,
)


def stage_due_on(case: Case, state: CaseState, today: date) -> date | None:
    """The last day of ``state`` for a case entering it today: the configured days on."""
    config = case.config_version
    if state not in OPEN_STATES or config is None:
        return None
    days = config.stage_days.get(state.value)
    return None if days is None else today + timedelta(days=days)


def move(
    case: Case,
    action: str,
    actor: Actor,
    *,
    version: int | None = None,
    facts: Mapping[str, Any] | None = None,
    effects: Callable[[], None] | None = None,
    after: Mapping[str, Any] | Callable[[], Mapping[str, Any]] | None = None,
) -> CaseState:
    """Take ``action`` through the table, and start the clock of the stage it enters."""

    def effects_and_clock() -> None:
        # Every check has passed when the effects run, so the target is known to be allowed.
        target = CASE_STATES.target(action, case.state)
        if effects is not None:
            effects()
        case.stage_started_at = utcnow()
        case.stage_due_on = stage_due_on(case, target, business_today())

    return CASE_STATES.apply(
        case,
        action,
        actor,
        effects=effects_and_clock,
        facts=facts,
        version=version,
        after=after,
    )


# What the page's "Close the vote" button stands for: whichever of these the tally allows.
CLOSING_ACTIONS = ("decide", "decline")


def require(
    case: Case,
    actor: Actor,
    permit: Permit[Case],
    states: frozenset[CaseState],
    what: str,
    version: int | None = None,
) -> None:
    """The checks of a verb that keeps the case in its state (criteria, scores, risks, the
    meeting, declarations, votes), in the table's order: the role (403), the version the
    caller read (409 stale), the state (409)."""
    if not actor.is_system and not permit(actor.user, case):
        raise PermissionDenied(str(permit.message))
    if version is not None and version != case.lock_version:
        raise StaleVersion(
            _("This changed after you opened it. Reload the page, check and try again.")
        )
    if case.state not in states:
        raise InvalidTransition(
            _(
                "Cannot %(what)s: the case is %(state)s.",
                what=what,
                state=label_of(CaseState, case.state),
            )
        )


SCORER = Permit(
    "officer or requester",
    permissions.can_score,
    _l("Only the organisation's officers and requesters score."),
)
APPROVER = Permit(
    "approver", permissions.is_case_approver, _l("Only the organisation's approvers do this.")
)
