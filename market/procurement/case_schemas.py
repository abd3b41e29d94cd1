"""The case API's shapes: what it takes for each verb, and how it shows a case. Money is a
decimal string of yuan outside, fen inside; every write can carry the ``version`` it read."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from market.api.fields import read_version
from market.catalog.schemas import Money, PageArgsSchema, PageSchema
from market.procurement.case_queries import CaseSort
from market.procurement.cases import CaseState
from market.procurement.configuration import ProcurementMethod
from market.procurement.decisions import MeetingKind, VoteChoice
from market.procurement.routing import Route

# What a transition's ``action`` may be; ``close_vote`` decides or declines as the tally says.
CASE_ACTIONS = ("start_evaluation", "select", "submit_risks", "close_vote", "cancel")


class CaseCreateSchema(ma.Schema):
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))
    description = fields.String(required=True, validate=validate.Length(min=1, max=5000))
    quantity = fields.Integer(required=True, strict=True)
    budget_fen = Money(required=True, data_key="budget")
    delivery_site = fields.String(required=True, validate=validate.Length(min=1, max=200))
    wanted_by = fields.Date(required=True)
    products = fields.List(
        fields.UUID(),
        load_default=list,
        metadata={"description": "Listings as search showed them: each one's live version"},
    )
    versions = fields.List(
        fields.UUID(),
        load_default=list,
        metadata={"description": "Product versions (each the live version of a public listing)"},
    )
    search_query = fields.String(load_default="", validate=validate.Length(max=200))
    search_filters = fields.Dict(keys=fields.String(), load_default=dict)


class CaseListArgsSchema(PageArgsSchema):
    state = fields.Enum(CaseState, by_value=True)
    route = fields.Enum(Route, by_value=True)
    overdue = fields.Boolean(load_default=False)
    mine = fields.Boolean(
        load_default=False,
        metadata={"description": "Raised by you, run by you, or where you attend the meeting"},
    )
    sort = fields.Enum(CaseSort, by_value=True, load_default=CaseSort.NEWEST)


class CaseTransitionSchema(ma.Schema):
    action = fields.String(required=True, validate=validate.OneOf(CASE_ACTIONS))
    version = read_version()
    reason = fields.String(
        load_default="", validate=validate.Length(max=2000), metadata={"description": "cancel"}
    )
    entry = fields.UUID(
        load_default=None, metadata={"description": "select: the shortlist entry chosen"}
    )
    method = fields.Enum(ProcurementMethod, by_value=True, load_default=None)
    selection_reason = fields.String(load_default="", validate=validate.Length(max=5000))


class CriterionSchema(ma.Schema):
    id = fields.UUID(dump_only=True)
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    weight = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=100))


class CriteriaSchema(ma.Schema):
    version = read_version()
    criteria = fields.List(fields.Nested(CriterionSchema), required=True)


class ScoreInSchema(ma.Schema):
    entry = fields.UUID(required=True, data_key="entry", attribute="entry_id")
    criterion = fields.UUID(required=True, attribute="criterion_id")
    value = fields.Integer(required=True, strict=True, validate=validate.Range(min=0, max=10))
    comment = fields.String(load_default="", validate=validate.Length(max=2000))


class ScoresSchema(ma.Schema):
    scores = fields.List(fields.Nested(ScoreInSchema), required=True)


class RiskInSchema(ma.Schema):
    description = fields.String(required=True, validate=validate.Length(min=1, max=500))
    likelihood = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=5))
    impact = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=5))
    mitigation = fields.String(required=True, validate=validate.Length(min=1, max=2000))
    owner = fields.String(required=True, validate=validate.Length(min=1, max=200))


class PositionSchema(ma.Schema):
    version = read_version()
    insurance_policy = fields.String(
        load_default=None,
        allow_none=True,
        metadata={"description": "A policy number of the selected version; none: say why"},
    )
    no_insurance_reason = fields.String(load_default="")
    fallback_supply = fields.String(required=True)


class MeetingInSchema(ma.Schema):
    version = read_version()
    held_on = fields.Date(required=True)
    kind = fields.Enum(MeetingKind, by_value=True, required=True)
    attendees = fields.List(
        fields.UUID(), required=True, metadata={"description": "User ids of approvers"}
    )


class DeclarationSchema(ma.Schema):
    conflict = fields.Boolean(required=True)
    note = fields.String(load_default="", metadata={"description": "Required with a conflict"})


class VoteInSchema(ma.Schema):
    vote = fields.Enum(VoteChoice, by_value=True, required=True)
    comment = fields.String(load_default="")


# -- what the API shows ----------------------------------------------------------------------


class RuleLineSchema(ma.Schema):
    rule = fields.String()
    passed = fields.Boolean()
    evidence = fields.Dict()
    text = fields.String(metadata={"description": "The line worded in the request's language"})


class RoutingSchema(ma.Schema):
    route = fields.String()
    checks = fields.List(fields.Nested(RuleLineSchema))


class ShortlistEntrySchema(ma.Schema):
    id = fields.UUID()
    position = fields.Integer()
    product_id = fields.UUID()
    version_id = fields.UUID()
    version_number = fields.Integer()
    name = fields.String()
    vendor = fields.String()
    snapshot = fields.Dict(metadata={"description": "The evidence standing the buyer saw"})
    snapshot_sha256 = fields.String()
    selected = fields.Boolean()
    moved_on = fields.Boolean(
        metadata={"description": "The live listing has changed or gone since it was shortlisted"}
    )
    total = fields.Decimal(as_string=True, allow_none=True, metadata={"description": "Of 100"})


class ScoreSchema(ma.Schema):
    entry = fields.UUID()
    criterion = fields.UUID()
    scorer = fields.String()
    value = fields.Integer()
    comment = fields.String()


class RiskSchema(RiskInSchema):
    id = fields.UUID()
    rating = fields.Integer(metadata={"description": "Likelihood × impact"})
    created_at = fields.DateTime()


class AttendeeSchema(ma.Schema):
    approver_id = fields.UUID()
    name = fields.String()
    declared = fields.Boolean()
    conflict = fields.Boolean(allow_none=True)
    conflict_note = fields.String()
    voted = fields.Boolean()
    vote = fields.String(
        allow_none=True,
        metadata={"description": "Shown to others once the vote has closed; always your own"},
    )
    vote_comment = fields.String(allow_none=True)


class MeetingSchema(ma.Schema):
    held_on = fields.Date()
    kind = fields.String()
    attendees = fields.List(fields.Nested(AttendeeSchema))


class TallySchema(ma.Schema):
    min_present = fields.Integer()
    majority = fields.String()
    present = fields.Integer()
    conflicted = fields.Integer()
    eligible = fields.Integer()
    cast = fields.Integer()
    approve = fields.Integer(allow_none=True)
    reject = fields.Integer(allow_none=True)
    abstain = fields.Integer(allow_none=True)
    quorate = fields.Boolean()
    passed = fields.Boolean(allow_none=True, metadata={"description": "Once the vote closed"})


class TimelineSchema(ma.Schema):
    at = fields.DateTime()
    verb = fields.String()
    who = fields.String(allow_none=True)


class CaseSummarySchema(ma.Schema):
    id = fields.UUID()
    number = fields.Integer()
    organisation = fields.String()
    organisation_id = fields.UUID()
    title = fields.String()
    budget = Money()
    state = fields.String()
    route = fields.String(allow_none=True)
    stage_due_on = fields.Date(allow_none=True)
    overdue = fields.Boolean()
    raised_by = fields.String(allow_none=True)
    officer = fields.String(allow_none=True)
    created_at = fields.DateTime()


class CaseSchema(CaseSummarySchema):
    version = fields.Integer(metadata={"description": "Send it back with a change"})
    actions = fields.List(
        fields.String(), metadata={"description": "The transitions you may take now"}
    )
    description = fields.String()
    quantity = fields.Integer()
    delivery_site = fields.String()
    wanted_by = fields.Date()
    config_version = fields.Integer(
        allow_none=True, metadata={"description": "The green channel version it is decided under"}
    )
    search_query = fields.String()
    search_filters = fields.Dict()
    shortlist = fields.List(fields.Nested(ShortlistEntrySchema))
    routing = fields.Nested(RoutingSchema, allow_none=True)
    method = fields.String(allow_none=True)
    selection_reason = fields.String(allow_none=True)
    criteria = fields.List(fields.Nested(CriterionSchema))
    scores = fields.List(fields.Nested(ScoreSchema))
    risks = fields.List(fields.Nested(RiskSchema))
    insurance_policy = fields.String(allow_none=True)
    no_insurance_reason = fields.String(allow_none=True)
    fallback_supply = fields.String(allow_none=True)
    meeting = fields.Nested(MeetingSchema, allow_none=True)
    tally = fields.Nested(TallySchema, allow_none=True)
    decided_at = fields.DateTime(allow_none=True)
    cancel_reason = fields.String(allow_none=True)
    timeline = fields.List(fields.Nested(TimelineSchema))


class CasePageSchema(PageSchema):
    items = fields.List(fields.Nested(CaseSummarySchema))


class TaskSchema(ma.Schema):
    kind = fields.String(metadata={"description": "start, score, declare, vote, close, overdue"})
    case = fields.Nested(CaseSummarySchema)


class TasksSchema(ma.Schema):
    items = fields.List(fields.Nested(TaskSchema))


class ShortlistingSchema(ma.Schema):
    buyer = fields.String()
    product_id = fields.UUID()
    version_id = fields.UUID()
    version_number = fields.Integer()
    name = fields.String()
    shortlisted_at = fields.DateTime()
    selected = fields.Boolean(
        allow_none=True, metadata={"description": "None until the buyer has selected a product"}
    )


class ShortlistingPageSchema(PageSchema):
    items = fields.List(fields.Nested(ShortlistingSchema))
