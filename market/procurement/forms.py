"""The green channel configuration form (the page; the API takes the same settings as JSON)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    SelectChoice,
    SelectField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from market.accounts.forms import MultiCheckboxField
from market.catalog.forms import YuanField
from market.catalog.taxonomy import DesignationKind
from market.core.forms import VersionField
from market.core.labels import enum_label
from market.core.money import fen_to_yuan, yuan_to_fen
from market.procurement.configuration import (
    ClaimType,
    GreenChannelVersion,
    Majority,
    ProcurementMethod,
    Stage,
)
from market.procurement.green_channel import MAX_STAGE_DAYS

THRESHOLD_ROWS = 3  # enough for the measures we know; blank rows are ignored


class ThresholdRow(Form):
    from_yuan = YuanField(_l("From (yuan)"), validators=[Optional(), NumberRange(min=0)])
    min_present = IntegerField(
        _l("Approvers present, at least"), validators=[Optional(), NumberRange(min=1, max=100)]
    )
    majority = SelectField(
        _l("Majority of votes cast"),
        choices=[SelectChoice(m.value, m.value) for m in Majority],
        validators=[Optional()],
    )


def _stage_field(stage: Stage) -> IntegerField:
    return IntegerField(
        label=stage.value,
        validators=[InputRequired(), NumberRange(min=1, max=MAX_STAGE_DAYS)],
    )


class GreenChannelForm(FlaskForm):
    designation_kinds = MultiCheckboxField(_l("Designations that qualify"), choices=[])
    designation_valid_on_routing = BooleanField(
        _l("The designation must be valid on the day the case is routed")
    )
    verified_claims = MultiCheckboxField(_l("Evidence the platform must have verified"), choices=[])
    insurance_required = BooleanField(_l("An insurance policy in force is required"))
    max_months_since_first_sale = IntegerField(
        _l("First sale (software: first release) at most this many months ago"),
        validators=[Optional(), NumberRange(min=1, max=600)],
        description=_l("Leave empty for no limit."),
    )
    vendor_must_be_active = BooleanField(_l("The vendor must be active on the platform"))
    methods = MultiCheckboxField(_l("Procurement methods allowed"), choices=[])
    thresholds = FieldList(FormField(ThresholdRow), min_entries=THRESHOLD_ROWS)
    reserved_annual = YuanField(
        _l("Reserved each calendar year for innovative products (yuan)"),
        validators=[InputRequired(), NumberRange(min=0)],
    )
    days_requested = _stage_field(Stage.REQUESTED)
    days_technical_evaluation = _stage_field(Stage.TECHNICAL_EVALUATION)
    days_risk_assessment = _stage_field(Stage.RISK_ASSESSMENT)
    days_collective_decision = _stage_field(Stage.COLLECTIVE_DECISION)
    note = TextAreaField(_l("Why this change"), validators=[Length(max=2000)])
    # The number of the version the admin edited: saving over a newer one is refused (stale).
    version = VersionField()
    submit = SubmitField(_l("Save as a new version"))

    def offer_choices(self) -> None:
        """The choices, worded in the page's language (at request time, not import)."""
        self.designation_kinds.choices = [
            SelectChoice(k.value, enum_label(k)) for k in DesignationKind
        ]
        self.verified_claims.choices = [SelectChoice(k.value, enum_label(k)) for k in ClaimType]
        self.methods.choices = [SelectChoice(m.value, enum_label(m)) for m in ProcurementMethod]
        for row in self.thresholds:
            row.form.majority.choices = [SelectChoice(m.value, enum_label(m)) for m in Majority]
        for stage in Stage:
            getattr(self, f"days_{stage.value}").label.text = enum_label(stage)

    def settings(self) -> dict[str, Any]:
        """What the service takes: values, fen, non-blank threshold rows."""
        rows = [
            {
                "from_fen": yuan_to_fen(row.from_yuan.data),
                "min_present": row.min_present.data,
                "majority": row.majority.data,
            }
            for row in (entry.form for entry in self.thresholds)
            if row.from_yuan.data is not None or row.min_present.data is not None
        ]
        for row in rows:
            if row["min_present"] is None:
                row["min_present"] = 0  # refused by the service, by field
        return {
            "designation_kinds": list(self.designation_kinds.data or []),
            "designation_valid_on_routing": self.designation_valid_on_routing.data,
            "verified_claims": list(self.verified_claims.data or []),
            "insurance_required": self.insurance_required.data,
            "max_months_since_first_sale": self.max_months_since_first_sale.data,
            "vendor_must_be_active": self.vendor_must_be_active.data,
            "methods": list(self.methods.data or []),
            "thresholds": rows,
            "reserved_annual_fen": yuan_to_fen(self.reserved_annual.data),
            "stage_days": {s.value: getattr(self, f"days_{s.value}").data for s in Stage},
        }


def form_data(version: GreenChannelVersion | None) -> dict[str, Any]:
    """The form's starting values: the version in force (the group's, for a subsidiary without
    its own), or, for a first configuration, starting values the admin adjusts."""
    if version is None:
        return {
            "designation_kinds": [DesignationKind.MIIT_CATALOGUE.value],
            "designation_valid_on_routing": True,
            "verified_claims": [ClaimType.DESIGNATION.value],
            "vendor_must_be_active": True,
            "methods": [m.value for m in ProcurementMethod],
            "thresholds": [
                {"from_yuan": 0, "min_present": 3, "majority": Majority.SIMPLE.value},
                {"from_yuan": 2_000_000, "min_present": 5, "majority": Majority.TWO_THIRDS.value},
            ],
            "reserved_annual": 0,
            **{f"days_{stage.value}": 10 for stage in Stage},
        }
    return {
        "designation_kinds": version.designation_kinds,
        "designation_valid_on_routing": version.designation_valid_on_routing,
        "verified_claims": version.verified_claims,
        "insurance_required": version.insurance_required,
        "max_months_since_first_sale": version.max_months_since_first_sale,
        "vendor_must_be_active": version.vendor_must_be_active,
        "methods": version.methods,
        "thresholds": [
            {
                "from_yuan": fen_to_yuan(row["from_fen"]),
                "min_present": row["min_present"],
                "majority": row["majority"],
            }
            for row in version.thresholds
        ],
        "reserved_annual": fen_to_yuan(version.reserved_annual_fen),
        **{f"days_{stage}": days for stage, days in version.stage_days.items()},
    }
