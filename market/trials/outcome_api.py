"""/api/v1/cases/<id>/trial: the acceptance review and its sign-offs, the outcome, the close,
the enterprise's determination (auditors; never shown to the vendor), the insurance claim and
the follow-on case. 404 across organisations, 403 for another role, 409 in the wrong state,
422 by field."""

from __future__ import annotations

import uuid
from typing import Any

from flask_babel import gettext as _
from flask_smorest import Blueprint

from market.attestations.pin_throttle import throttle_pin
from market.core.errors import NotFound
from market.core.web import current_actor, login_required_json
from market.procurement import case_queries
from market.procurement.cases import Case
from market.trials import concluding, determining, queries
from market.trials.outcomes import TrialOutcome
from market.trials.schemas import (
    ClaimInSchema,
    ClaimProgressInSchema,
    ClaimSchema,
    CloseInSchema,
    DeterminationInSchema,
    DeterminationSchema,
    FollowOnInSchema,
    FollowOnSchema,
    OutcomeInSchema,
    OutcomeSchema,
    ReviewSchema,
    SignOffInSchema,
)

blp = Blueprint("trial_outcomes_api", __name__, url_prefix="", description="Trial outcomes")


def _buyers(case_id: uuid.UUID) -> Case:
    """The case, for the buyer's own readers only (the vendor never sees these)."""
    return case_queries.visible_case(case_id, current_actor())


def shown_review(case: Case) -> dict[str, Any]:
    review = concluding.review_of(case)
    return {
        "rows": review.rows,
        "all_met": review.all_met,
        "signoffs": [
            {"approver": s.approver.name, "comment": s.comment, "signed_at": s.signed_at}
            for s in review.signoffs
        ],
        "needed": review.needed,
    }


def shown_outcome(case: Case, outcome: TrialOutcome) -> dict[str, Any]:
    return {
        "case_state": case.state,
        "outcome": outcome.outcome.value,
        "reason": outcome.reason,
        "review": outcome.review,
        "incidents": outcome.incident_numbers,
        "show_buyer_name": outcome.show_buyer_name,
        "recorded_at": outcome.recorded_at,
    }


@blp.route("/cases/<uuid:case_id>/trial/review", methods=["GET"])
@login_required_json
@blp.response(200, ReviewSchema)
def get_review(case_id: uuid.UUID) -> Any:
    """The acceptance review: each KPI by its last measurement (computed), and the sign-offs
    (the buyer's readers)."""
    return shown_review(_buyers(case_id))


@blp.route("/cases/<uuid:case_id>/trial/signoffs", methods=["POST"])
@login_required_json
@blp.arguments(SignOffInSchema)
@blp.response(201, ReviewSchema)
def post_signoff(body: dict[str, Any], case_id: uuid.UUID) -> Any:
    """Sign off the acceptance review, once (approvers who attended the decision)."""
    case = _buyers(case_id)
    concluding.sign_off(case, current_actor(), body["comment"])
    return shown_review(case)


@blp.route("/cases/<uuid:case_id>/trial/outcome", methods=["POST"])
@login_required_json
@blp.arguments(OutcomeInSchema)
@blp.response(201, OutcomeSchema)
def post_outcome(body: dict[str, Any], case_id: uuid.UUID) -> Any:
    """Record how the trial ended (officers): ``accepted`` (every KPI met, signed off),
    ``failed`` (a reason and the incidents behind it) or ``terminated`` by agreement."""
    case = _buyers(case_id)
    actor, version = current_actor(), body["version"]
    match body["outcome"]:
        case "accepted":
            made = concluding.accept(case, actor, body["reason"], body["show_buyer_name"], version)
        case "failed":
            made = concluding.fail(case, actor, body["reason"], body["incidents"], version)
        case _:
            made = concluding.terminate(case, actor, body["reason"], version)
    return shown_outcome(case, made)


@blp.route("/cases/<uuid:case_id>/trial/outcome", methods=["GET"])
@login_required_json
@blp.response(200, OutcomeSchema)
def get_outcome(case_id: uuid.UUID) -> Any:
    """How the trial ended (the buyer's readers, and the vendor)."""
    case = queries.readable_trial(case_id, current_actor())
    outcome = concluding.outcome_of(case)
    if outcome is None:
        raise NotFound(_("No outcome has been recorded for this trial."))
    return shown_outcome(case, outcome)


@blp.route("/cases/<uuid:case_id>/trial/close", methods=["POST"])
@login_required_json
@blp.arguments(CloseInSchema)
@blp.response(200, OutcomeSchema)
def post_close(body: dict[str, Any], case_id: uuid.UUID) -> Any:
    """Close the case once the outcome's attestation stands and, after a failure, the
    determination is recorded (officers)."""
    case = _buyers(case_id)
    concluding.close(case, current_actor(), body["version"])
    outcome = concluding.outcome_of(case)
    assert outcome is not None
    return shown_outcome(case, outcome)


def shown_determination(determination: Any) -> dict[str, Any]:
    return {
        "exemption": determination.exemption.value,
        "decided_by": determination.decided_by,
        "decided_on": determination.decided_on,
        "reference": determination.reference,
        "notes": determination.notes,
        "recorded_by": determination.recorded_by.name,
        "seq": determination.seq,
    }


@blp.route("/cases/<uuid:case_id>/trial/determination", methods=["POST"])
@login_required_json
@throttle_pin
@blp.arguments(DeterminationInSchema)
@blp.response(201, DeterminationSchema)
def post_determination(body: dict[str, Any], case_id: uuid.UUID) -> Any:
    """Record the enterprise's determination for a failed trial, signed with your key into
    the log (the buyer's auditors). The platform never decides one."""
    case = _buyers(case_id)
    pin = body.pop("pin")
    return shown_determination(determining.record_determination(case, current_actor(), body, pin))


@blp.route("/cases/<uuid:case_id>/trial/determination", methods=["GET"])
@login_required_json
@blp.response(200, DeterminationSchema)
def get_determination(case_id: uuid.UUID) -> Any:
    """The enterprise's determination (the buyer's readers; never the vendor)."""
    determination = determining.determination_of(_buyers(case_id))
    if determination is None:
        raise NotFound(_("No determination has been recorded."))
    return shown_determination(determination)


@blp.route("/cases/<uuid:case_id>/trial/claim", methods=["POST"])
@login_required_json
@blp.arguments(ClaimInSchema)
@blp.response(201, ClaimSchema)
def post_claim(body: dict[str, Any], case_id: uuid.UUID) -> Any:
    """Record the insurance claim under the trial's policy after a failure (officers)."""
    return determining.record_claim(_buyers(case_id), current_actor(), body)


@blp.route("/cases/<uuid:case_id>/trial/claim", methods=["PUT"])
@login_required_json
@blp.arguments(ClaimProgressInSchema)
@blp.response(200, ClaimSchema)
def put_claim(body: dict[str, Any], case_id: uuid.UUID) -> Any:
    """The insurer's answer: paid, partly paid (with the amount) or refused (officers)."""
    version = body.pop("version")
    return determining.update_claim(_buyers(case_id), current_actor(), body, version)


@blp.route("/cases/<uuid:case_id>/trial/claim", methods=["GET"])
@login_required_json
@blp.response(200, ClaimSchema)
def get_claim(case_id: uuid.UUID) -> Any:
    """The insurance claim and its progress (the buyer's readers)."""
    claim = determining.claim_of(_buyers(case_id))
    if claim is None:
        raise NotFound(_("No insurance claim has been recorded."))
    return claim


@blp.route("/cases/<uuid:case_id>/trial/follow-on", methods=["POST"])
@login_required_json
@blp.arguments(FollowOnInSchema)
@blp.response(201, FollowOnSchema)
def post_follow_on(body: dict[str, Any], case_id: uuid.UUID) -> Any:
    """Raise a follow-on (scale-up) case from an accepted trial, linked to it, shortlisting
    the product's live version and routed anew (officers)."""
    case = _buyers(case_id)
    made = determining.raise_follow_on(case, current_actor(), body["quantity"], body["budget_fen"])
    return {
        "case_id": made.id,
        "number": made.number,
        "case_state": made.state,
        "follows_case_id": made.follows_case_id,
    }
