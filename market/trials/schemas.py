"""The trial API's shapes. Money is a decimal string of yuan outside, fen inside; a KPI's
target is a decimal string (exact, never a JSON float)."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from market.api.fields import read_version
from market.catalog.schemas import Money, PageSchema
from market.procurement.cases import CaseState
from market.trials.models import Comparator


class KpiInSchema(ma.Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    unit = fields.String(required=True, validate=validate.Length(min=1, max=40))
    comparator = fields.Enum(Comparator, by_value=True, required=True)
    target = fields.String(
        required=True,
        validate=validate.Length(min=1, max=40),
        metadata={"description": 'A decimal number as a string, e.g. "0.005"', "example": "95"},
    )
    method = fields.String(required=True, validate=validate.Length(min=1, max=2000))


class MilestoneInSchema(ma.Schema):
    due_on = fields.Date(required=True)
    amount_fen = Money(required=True, data_key="amount")
    description = fields.String(required=True, validate=validate.Length(min=1, max=300))


class TermsInSchema(ma.Schema):
    version = read_version()
    starts_on = fields.Date(required=True)
    ends_on = fields.Date(required=True)
    value_fen = Money(required=True, data_key="value")
    acceptance_criteria = fields.String(required=True, validate=validate.Length(max=10000))
    kpis = fields.List(fields.Nested(KpiInSchema), required=True)
    milestones = fields.List(fields.Nested(MilestoneInSchema), required=True)
    insurance_policy = fields.String(
        load_default=None,
        allow_none=True,
        validate=validate.Length(max=100),
        metadata={"description": "A policy number of the selected version; null: none"},
    )
    insured_value_fen = Money(load_default=None, allow_none=True, data_key="insured_value")
    no_insurance_reason = fields.String(load_default="", validate=validate.Length(max=2000))
    fallback_plan = fields.String(required=True, validate=validate.Length(max=5000))

    @ma.post_load
    def targets_as_given(self, data: dict, **_: object) -> dict:
        # The verb checks the numbers (and says which KPI is wrong); enums go in as values.
        for kpi in data["kpis"]:
            kpi["comparator"] = kpi["comparator"].value
        return data


class ConfirmationInSchema(ma.Schema):
    revision = fields.Integer(
        required=True,
        strict=True,
        metadata={"description": "The revision of the terms you read; a newer one is 409 stale"},
    )


class KpiSchema(ma.Schema):
    name = fields.String()
    unit = fields.String()
    comparator = fields.String()
    target = fields.String()
    method = fields.String()


class MilestoneSchema(ma.Schema):
    position = fields.Integer()
    due_on = fields.Date()
    amount_fen = Money(data_key="amount")
    description = fields.String()


class TermsInsuranceSchema(ma.Schema):
    policy = fields.String(allow_none=True)
    insurer = fields.String(allow_none=True)
    coverage = fields.String(allow_none=True)
    insured_value = fields.String(allow_none=True, metadata={"description": "CNY (yuan)"})
    no_insurance_reason = fields.String(allow_none=True)


class TermsSchema(ma.Schema):
    case_id = fields.UUID()
    case_state = fields.Enum(CaseState, by_value=True)
    revision = fields.Integer()
    terms_sha256 = fields.String()
    starts_on = fields.Date()
    ends_on = fields.Date()
    value = fields.String(metadata={"description": "CNY (yuan)"})
    acceptance_criteria = fields.String()
    kpis = fields.List(fields.Nested(KpiSchema))
    milestones = fields.List(fields.Nested(MilestoneSchema))
    insurance = fields.Nested(TermsInsuranceSchema)
    fallback_plan = fields.String()
    confirmed = fields.Boolean(metadata={"description": "The vendor confirmed this revision"})
    confirmed_revision = fields.Integer(allow_none=True)
    confirmed_at = fields.DateTime(allow_none=True)
    recorded_at = fields.DateTime()


class VendorTrialSchema(ma.Schema):
    case_id = fields.UUID()
    buyer = fields.String()
    title = fields.String()
    case_state = fields.Enum(CaseState, by_value=True)
    revision = fields.Integer()
    confirmed = fields.Boolean()


class VendorTrialPageSchema(PageSchema):
    items = fields.List(fields.Nested(VendorTrialSchema))


class ReportInSchema(ma.Schema):
    reported_on = fields.Date(required=True)
    milestone = fields.Integer(
        load_default=None,
        allow_none=True,
        metadata={"description": "The position of the milestone it reports for; null: interim"},
    )
    measurements = fields.Dict(
        keys=fields.String(),
        values=fields.String(),
        load_default=dict,
        metadata={"description": "KPI name → measured value as a decimal string"},
    )
    notes = fields.String(load_default="", validate=validate.Length(max=10000))


class MeasurementSchema(ma.Schema):
    kpi = fields.String()
    value = fields.String()
    met = fields.Boolean()


class ReportFileSchema(ma.Schema):
    filename = fields.String()
    sha256 = fields.String()
    url = fields.String()


class ReportSchema(ma.Schema):
    number = fields.Integer()
    reported_on = fields.Date()
    side = fields.String(metadata={"description": "buyer or vendor"})
    author = fields.String(allow_none=True)
    milestone = fields.Integer(allow_none=True)
    notes = fields.String()
    measurements = fields.List(fields.Nested(MeasurementSchema))
    files = fields.List(fields.Nested(ReportFileSchema))
    created_at = fields.DateTime()


class ReportListSchema(ma.Schema):
    items = fields.List(fields.Nested(ReportSchema))


class IncidentInSchema(ma.Schema):
    occurred_on = fields.Date(required=True)
    severity = fields.String(required=True, metadata={"description": "minor, major or critical"})
    description = fields.String(required=True, validate=validate.Length(max=10000))
    insurer_notified = fields.Boolean(load_default=False)


class IncidentSchema(ma.Schema):
    number = fields.Integer()
    occurred_on = fields.Date()
    severity = fields.String()
    description = fields.String()
    insurer_notified = fields.Boolean()
    side = fields.String()
    created_at = fields.DateTime()


class IncidentListSchema(ma.Schema):
    items = fields.List(fields.Nested(IncidentSchema))


class KpiProgressSchema(ma.Schema):
    name = fields.String()
    comparator = fields.String()
    target = fields.String()
    unit = fields.String()
    last_value = fields.String(allow_none=True)
    last_measured_on = fields.Date(allow_none=True)
    met = fields.Boolean(allow_none=True, metadata={"description": "By the last measurement"})
    measurements = fields.Integer()


class MilestoneDueSchema(ma.Schema):
    position = fields.Integer()
    due_on = fields.Date()
    reports = fields.List(fields.Integer())
    overdue = fields.Boolean()


class ProgressSchema(ma.Schema):
    case_state = fields.Enum(CaseState, by_value=True)
    kpis = fields.List(fields.Nested(KpiProgressSchema))
    milestones = fields.List(fields.Nested(MilestoneDueSchema))
    incidents = fields.Integer()


class ReviewRowSchema(ma.Schema):
    kpi = fields.String()
    comparator = fields.String()
    target = fields.String()
    unit = fields.String()
    last_value = fields.String(allow_none=True)
    measured_on = fields.String(allow_none=True)
    met = fields.Boolean()


class SignOffSchema(ma.Schema):
    approver = fields.String()
    comment = fields.String()
    signed_at = fields.DateTime()


class ReviewSchema(ma.Schema):
    rows = fields.List(fields.Nested(ReviewRowSchema))
    all_met = fields.Boolean()
    signoffs = fields.List(fields.Nested(SignOffSchema))
    needed = fields.Integer(metadata={"description": "A majority of the decision's attendees"})


class SignOffInSchema(ma.Schema):
    comment = fields.String(load_default="", validate=validate.Length(max=2000))


class OutcomeInSchema(ma.Schema):
    version = read_version()
    outcome = fields.String(
        required=True, validate=validate.OneOf(("accepted", "failed", "terminated"))
    )
    reason = fields.String(
        load_default="",
        validate=validate.Length(max=5000),
        metadata={"description": "Why it failed or ended; for an acceptance, a summary"},
    )
    show_buyer_name = fields.Boolean(
        load_default=False,
        metadata={"description": "accepted: name your organisation on the public trial record"},
    )
    incidents = fields.List(
        fields.Integer(), load_default=list, metadata={"description": "failed: incident numbers"}
    )


class OutcomeSchema(ma.Schema):
    case_state = fields.Enum(CaseState, by_value=True)
    outcome = fields.String()
    reason = fields.String()
    review = fields.List(fields.Nested(ReviewRowSchema))
    incidents = fields.List(fields.Integer())
    show_buyer_name = fields.Boolean()
    recorded_at = fields.DateTime()


class CloseInSchema(ma.Schema):
    version = read_version()


class DeterminationInSchema(ma.Schema):
    exemption = fields.String(
        required=True, metadata={"description": "exempted, mitigated or not_exempted"}
    )
    decided_by = fields.String(required=True, validate=validate.Length(max=200))
    decided_on = fields.Date(required=True)
    reference = fields.String(required=True, validate=validate.Length(max=200))
    notes = fields.String(load_default="", validate=validate.Length(max=5000))
    pin = fields.String(required=True, load_only=True)


class DeterminationSchema(ma.Schema):
    exemption = fields.String()
    decided_by = fields.String()
    decided_on = fields.Date()
    reference = fields.String()
    notes = fields.String()
    recorded_by = fields.String()
    seq = fields.Integer(metadata={"description": "Its entry in the attestation log"})


class ClaimInSchema(ma.Schema):
    filed_on = fields.Date(required=True)
    amount_claimed_fen = Money(required=True, data_key="amount_claimed")
    insurer_reference = fields.String(required=True, validate=validate.Length(max=200))


class ClaimProgressInSchema(ma.Schema):
    version = read_version()
    status = fields.String(
        required=True, validate=validate.OneOf(("paid", "partly_paid", "refused"))
    )
    amount_paid_fen = Money(load_default=None, allow_none=True, data_key="amount_paid")
    settled_on = fields.Date(required=True)


class ClaimSchema(ma.Schema):
    policy_number = fields.String()
    filed_on = fields.Date()
    amount_claimed_fen = Money(data_key="amount_claimed")
    insurer_reference = fields.String()
    status = fields.String()
    amount_paid_fen = Money(data_key="amount_paid", allow_none=True)
    settled_on = fields.Date(allow_none=True)
    version = fields.Integer(attribute="lock_version")


class FollowOnInSchema(ma.Schema):
    quantity = fields.Integer(required=True, strict=True, validate=validate.Range(min=1))
    budget_fen = Money(required=True, data_key="budget")


class FollowOnSchema(ma.Schema):
    case_id = fields.UUID()
    number = fields.Integer()
    case_state = fields.Enum(CaseState, by_value=True)
    follows_case_id = fields.UUID()
