"""The green channel's API shapes. Money is a decimal string of yuan outside, fen inside."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from market.catalog.schemas import Money
from market.catalog.taxonomy import DesignationKind
from market.procurement.configuration import ClaimType, Majority, ProcurementMethod, Stage
from market.procurement.green_channel import MAX_STAGE_DAYS


class ThresholdSchema(ma.Schema):
    from_fen = Money(
        required=True,
        data_key="from",
        metadata={"description": "From this purchase value (the first threshold from 0)"},
    )
    min_present = fields.Integer(required=True, validate=validate.Range(min=1, max=100))
    majority = fields.Enum(Majority, by_value=True, required=True)


StageDaysSchema = ma.Schema.from_dict(
    {
        stage.value: fields.Integer(
            required=True, validate=validate.Range(min=1, max=MAX_STAGE_DAYS)
        )
        for stage in Stage
    },
    name="StageDaysSchema",
)


class GreenChannelSettingsSchema(ma.Schema):
    designation_kinds = fields.List(
        fields.Enum(DesignationKind, by_value=True),
        required=True,
        validate=validate.Length(min=1),
        metadata={"description": "Designation kinds that qualify a product"},
    )
    designation_valid_on_routing = fields.Boolean(load_default=True)
    verified_claims = fields.List(
        fields.Enum(ClaimType, by_value=True),
        load_default=list,
        metadata={"description": "Evidence the platform must have verified, by kind"},
    )
    insurance_required = fields.Boolean(load_default=False)
    max_months_since_first_sale = fields.Integer(
        load_default=None,
        allow_none=True,
        validate=validate.Range(min=1, max=600),
        metadata={"description": "First sale (software: first release) at most this long ago"},
    )
    vendor_must_be_active = fields.Boolean(load_default=True)
    methods = fields.List(
        fields.Enum(ProcurementMethod, by_value=True),
        required=True,
        validate=validate.Length(min=1),
    )
    thresholds = fields.List(
        fields.Nested(ThresholdSchema), required=True, validate=validate.Length(min=1)
    )
    reserved_annual_fen = Money(
        required=True,
        data_key="reserved_annual",
        metadata={"description": "Reserved each calendar year for innovative products"},
    )
    stage_days = fields.Nested(StageDaysSchema, required=True)
    note = fields.String(load_default="", validate=validate.Length(max=2000))
    based_on = fields.Integer(
        load_default=None,
        load_only=True,
        validate=validate.Range(min=0),
        metadata={
            "description": "The number of the version you edited (0: none yet). When given and "
            "another version was saved since, nothing is saved and the answer is 409 `stale`."
        },
    )


class ThresholdOutSchema(ThresholdSchema):
    majority = fields.String()  # stored as its value


class GreenChannelVersionSchema(GreenChannelSettingsSchema):
    # Stored as their values (JSON), so dumped as strings.
    designation_kinds = fields.List(fields.String())
    verified_claims = fields.List(fields.String())
    methods = fields.List(fields.String())
    thresholds = fields.List(fields.Nested(ThresholdOutSchema))
    number = fields.Integer()
    created_at = fields.DateTime()
    created_by = fields.String(attribute="created_by.name", allow_none=True)


class GreenChannelSchema(ma.Schema):
    organisation_id = fields.UUID()
    configured = fields.Boolean(metadata={"description": "False: every case routes standard"})
    inherited = fields.Boolean(
        metadata={"description": "The group's configuration, the subsidiary having none"}
    )
    in_force = fields.Nested(GreenChannelVersionSchema, allow_none=True)
    versions = fields.List(
        fields.Nested(GreenChannelVersionSchema),
        metadata={"description": "The organisation's own versions, newest first"},
    )
    committed_this_year = Money(
        metadata={
            "description": "The reserved share committed by its decided green channel cases "
            "this calendar year"
        }
    )
