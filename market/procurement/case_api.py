"""/api/v1/cases: raise a case, list and read cases, move one through its transitions, and
the sub-resources of its stages (criteria, scores, risks, position, meeting, declarations,
votes); /api/v1/me/tasks and /api/v1/vendor/shortlistings. A case of another organisation is
404, a verb of another role 403, a verb in the wrong state 409, bad input 422 by field."""

from __future__ import annotations

import uuid
from typing import Any

from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import Blueprint

from market.catalog.schemas import PageArgsSchema
from market.core.db import business_today
from market.core.errors import PermissionDenied
from market.core.permissions import reader
from market.core.web import current_actor, login_required_json
from market.procurement import (
    assessing,
    case_presenters,
    case_queries,
    deciding,
    evaluating,
    permissions,
    raising,
)
from market.procurement.case_schemas import (
    CaseCreateSchema,
    CaseListArgsSchema,
    CasePageSchema,
    CaseSchema,
    CaseTransitionSchema,
    CriteriaSchema,
    DeclarationSchema,
    MeetingInSchema,
    PositionSchema,
    RiskInSchema,
    ScoresSchema,
    ShortlistingPageSchema,
    TasksSchema,
    VoteInSchema,
)

blp = Blueprint("cases_api", __name__, url_prefix="/cases", description="Green channel cases")
work_blp = Blueprint(
    "case_work_api", __name__, url_prefix="", description="Your tasks and shortlistings"
)


def _case(case_id: uuid.UUID) -> Any:
    return case_queries.visible_case(case_id, current_actor())


def _shown(case: Any) -> dict[str, Any]:
    return case_presenters.detail(case_queries.case_view(case), reader(current_user))


@blp.route("", methods=["POST"])
@login_required_json
@blp.arguments(CaseCreateSchema)
@blp.response(201, CaseSchema)
def create_case(body: dict[str, Any]) -> Any:
    """Raise a case (requesters and officers of a buyer): the need and a locked shortlist."""
    products, versions = body.pop("products"), body.pop("versions")
    query, filters = body.pop("search_query"), body.pop("search_filters")
    case = raising.raise_case(current_actor(), body, products, versions, query, filters)
    return _shown(case)


@blp.route("", methods=["GET"])
@login_required_json
@blp.arguments(CaseListArgsSchema, location="query")
@blp.response(200, CasePageSchema)
def list_cases(args: dict[str, Any]) -> Any:
    """Your organisation's cases (a group's admins, officers and auditors: its subsidiaries'
    too), filtered by state, route, overdue, mine, and sorted."""
    user = reader(current_user)
    assert user is not None
    filters = case_queries.CaseFilters(
        state=args.get("state"),
        route=args.get("route"),
        overdue=args["overdue"],
        mine=args["mine"],
        sort=args["sort"],
    )
    page = case_queries.list_cases(user, filters, args["page"], args["per_page"])
    today = business_today()
    return {
        "items": [case_presenters.summary(case, today) for case in page.items],
        "total": page.total,
        "page": page.page,
        "per_page": page.per_page,
    }


@blp.route("/<uuid:case_id>", methods=["GET"])
@login_required_json
@blp.response(200, CaseSchema)
def get_case(case_id: uuid.UUID) -> Any:
    """The case: need, shortlist, routing, evaluation, risks, decision and timeline."""
    return _shown(_case(case_id))


@blp.route("/<uuid:case_id>/transitions", methods=["POST"])
@login_required_json
@blp.arguments(CaseTransitionSchema)
@blp.response(200, CaseSchema)
def transition_case(body: dict[str, Any], case_id: uuid.UUID) -> Any:
    """start_evaluation, select (``entry``, ``method``, ``selection_reason``), submit_risks,
    close_vote (decides or declines as the computed tally says), cancel (``reason``)."""
    case, actor, version = _case(case_id), current_actor(), body["version"]
    match body["action"]:
        case "start_evaluation":
            evaluating.start_evaluation(case, actor, version)
        case "select":
            evaluating.select(
                case, actor, body["entry"], body["method"], body["selection_reason"], version
            )
        case "submit_risks":
            assessing.submit_risks(case, actor, version)
        case "close_vote":
            deciding.close_vote(case, actor, version)
        case "cancel":
            raising.cancel(case, actor, body["reason"], version)
    return _shown(case)


@blp.route("/<uuid:case_id>/criteria", methods=["PUT"])
@login_required_json
@blp.arguments(CriteriaSchema)
@blp.response(200, CaseSchema)
def put_criteria(body: dict[str, Any], case_id: uuid.UUID) -> Any:
    """Replace the weighted criteria (weights sum to 100), before anyone scores (officers)."""
    case = _case(case_id)
    evaluating.set_criteria(case, current_actor(), body["criteria"], body["version"])
    return _shown(case)


@blp.route("/<uuid:case_id>/scores", methods=["PUT"])
@login_required_json
@blp.arguments(ScoresSchema)
@blp.response(200, CaseSchema)
def put_scores(body: dict[str, Any], case_id: uuid.UUID) -> Any:
    """Give or change your scores, 0–10 per shortlisted product and criterion (officers and
    requesters)."""
    case = _case(case_id)
    evaluating.score(case, current_actor(), body["scores"])
    return _shown(case)


@blp.route("/<uuid:case_id>/risks", methods=["POST"])
@login_required_json
@blp.arguments(RiskInSchema)
@blp.response(201, CaseSchema)
def post_risk(body: dict[str, Any], case_id: uuid.UUID) -> Any:
    """Register a risk (officers, in risk assessment)."""
    case = _case(case_id)
    assessing.add_risk(case, current_actor(), body)
    return _shown(case)


@blp.route("/<uuid:case_id>/risks/<uuid:risk_id>", methods=["DELETE"])
@login_required_json
@blp.response(200, CaseSchema)
def delete_risk(case_id: uuid.UUID, risk_id: uuid.UUID) -> Any:
    """Remove a risk from the register (officers, in risk assessment)."""
    case = _case(case_id)
    assessing.remove_risk(case, current_actor(), risk_id)
    return _shown(case)


@blp.route("/<uuid:case_id>/position", methods=["PUT"])
@login_required_json
@blp.arguments(PositionSchema)
@blp.response(200, CaseSchema)
def put_position(body: dict[str, Any], case_id: uuid.UUID) -> Any:
    """The insurance position (a policy of the selected version, or why none) and the fallback
    supply (officers, in risk assessment)."""
    case = _case(case_id)
    assessing.set_position(
        case,
        current_actor(),
        body["insurance_policy"],
        body["no_insurance_reason"],
        body["fallback_supply"],
        body["version"],
    )
    return _shown(case)


@blp.route("/<uuid:case_id>/meeting", methods=["PUT"])
@login_required_json
@blp.arguments(MeetingInSchema)
@blp.response(200, CaseSchema)
def put_meeting(body: dict[str, Any], case_id: uuid.UUID) -> Any:
    """Record the decision meeting and its attending approvers; correctable until the first
    vote (officers)."""
    case = _case(case_id)
    deciding.record_meeting(
        case, current_actor(), body["held_on"], body["kind"], body["attendees"], body["version"]
    )
    return _shown(case)


@blp.route("/<uuid:case_id>/declarations", methods=["POST"])
@login_required_json
@blp.arguments(DeclarationSchema)
@blp.response(201, CaseSchema)
def post_declaration(body: dict[str, Any], case_id: uuid.UUID) -> Any:
    """Declare a conflict of interest, or none, once (attending approvers)."""
    case = _case(case_id)
    deciding.declare(case, current_actor(), body["conflict"], body["note"])
    return _shown(case)


@blp.route("/<uuid:case_id>/votes", methods=["POST"])
@login_required_json
@blp.arguments(VoteInSchema)
@blp.response(201, CaseSchema)
def post_vote(body: dict[str, Any], case_id: uuid.UUID) -> Any:
    """Vote approve, reject or abstain, once (attending approvers without a conflict)."""
    case = _case(case_id)
    deciding.vote(case, current_actor(), body["vote"], body["comment"])
    return _shown(case)


@work_blp.route("/me/tasks", methods=["GET"])
@login_required_json
@work_blp.response(200, TasksSchema)
def my_tasks() -> Any:
    """What waits on you: cases to take up, scores to give, declarations and votes to cast,
    votes to close, stages overdue."""
    user = reader(current_user)
    assert user is not None
    today = business_today()
    return {
        "items": [
            {"kind": task.kind, "case": case_presenters.summary(task.case, today)}
            for task in case_queries.tasks_for(user)
        ]
    }


@work_blp.route("/vendor/shortlistings", methods=["GET"])
@login_required_json
@work_blp.arguments(PageArgsSchema, location="query")
@work_blp.response(200, ShortlistingPageSchema)
def my_shortlistings(args: dict[str, Any]) -> Any:
    """Where buyers shortlisted your products, and whether they selected them (vendors)."""
    user = reader(current_user)
    if not permissions.is_vendor_member(user):
        raise PermissionDenied(_("Only vendors have shortlistings."))
    assert user is not None
    page = case_queries.vendor_shortlistings(user, args["page"], args["per_page"])
    return {
        "items": [
            {
                "buyer": item.buyer.display_name,
                "product_id": item.entry.product_id,
                "version_id": item.entry.version_id,
                "version_number": item.entry.version.number,
                "name": item.entry.version.name_zh,
                "shortlisted_at": item.entry.created_at,
                "selected": item.selected,
            }
            for item in page.items
        ],
        "total": page.total,
        "page": page.page,
        "per_page": page.per_page,
    }
