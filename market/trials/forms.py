"""The forms of the trial pages. They parse what a person typed; the verbs in
``contracting`` decide (their ValidationFailed messages land under these fields)."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    FieldList,
    Form,
    FormField,
    IntegerField,
    MultipleFileField,
    PasswordField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import Length, NumberRange, Optional

from market.accounts.forms import MultiCheckboxField
from market.attestations.forms import PIN_HELP
from market.catalog.forms import YuanField, yuan_amount
from market.core.forms import VersionField
from market.core.money import yuan_to_fen
from market.trials.models import Comparator
from market.trials.reports import SEVERITY_LABELS

KPI_ROWS, MILESTONE_ROWS = 5, 4  # blank rows are ignored


class KpiRow(Form):
    name = StringField(_l("KPI"), validators=[Optional(), Length(max=200)])
    comparator = SelectField(
        _l("Comparator"),
        choices=[SelectChoice(c.value, c.sign) for c in Comparator],
        validate_choice=False,
    )
    target = StringField(_l("Target"), validators=[Optional(), Length(max=40)])
    unit = StringField(_l("Unit"), validators=[Optional(), Length(max=40)])
    method = StringField(_l("How it is measured"), validators=[Optional(), Length(max=2000)])

    def blank(self) -> bool:
        return not any(
            (getattr(self, f).data or "").strip() for f in ("name", "target", "unit", "method")
        )


class MilestoneRow(Form):
    due_on = DateField(_l("Due on"), validators=[Optional()])
    amount = YuanField(_l("Payment (yuan)"), validators=[Optional(), yuan_amount])
    description = StringField(
        _l("What is delivered or shown"), validators=[Optional(), Length(max=300)]
    )

    def blank(self) -> bool:
        return (
            self.due_on.data is None
            and self.amount.data is None
            and not (self.description.data or "").strip()
        )


class TermsForm(FlaskForm):
    version = VersionField()
    starts_on = DateField(_l("Trial starts on"), validators=[Optional()])
    ends_on = DateField(_l("Trial ends on"), validators=[Optional()])
    value = YuanField(
        _l("Contract value (yuan)"),
        description=_l("Not above the decided value."),
        validators=[Optional(), yuan_amount],
    )
    acceptance_criteria = TextAreaField(_l("Acceptance criteria"), validators=[Length(max=10000)])
    kpis = FieldList(FormField(KpiRow), min_entries=KPI_ROWS)
    milestones = FieldList(FormField(MilestoneRow), min_entries=MILESTONE_ROWS)
    insurance_policy = SelectField(_l("Insurance policy"), choices=[], validate_choice=False)
    insured_value = YuanField(_l("Insured value (yuan)"), validators=[Optional(), yuan_amount])
    no_insurance_reason = TextAreaField(
        _l("Without a policy: why none"), validators=[Length(max=2000)]
    )
    fallback_plan = TextAreaField(
        _l("Fallback plan if the trial fails"), validators=[Length(max=5000)]
    )
    submit = SubmitField(_l("Save the terms and send them to the vendor"))

    def offer_policies(self, policies: list[Any]) -> None:
        self.insurance_policy.choices = [SelectChoice("", _l("None"))] + [
            SelectChoice(p.policy_number, f"{p.policy_number} · {p.insurer}") for p in policies
        ]

    def given(self) -> dict[str, Any]:
        return {
            "starts_on": self.starts_on.data,
            "ends_on": self.ends_on.data,
            "value_fen": None if self.value.data is None else yuan_to_fen(self.value.data),
            "acceptance_criteria": self.acceptance_criteria.data or "",
            "kpis": [
                {
                    "name": row.form.name.data,
                    "comparator": row.form.comparator.data,
                    "target": row.form.target.data,
                    "unit": row.form.unit.data,
                    "method": row.form.method.data,
                }
                for row in self.kpis
                if not row.form.blank()
            ],
            "milestones": [
                {
                    "due_on": row.form.due_on.data,
                    "amount_fen": None
                    if row.form.amount.data is None
                    else yuan_to_fen(row.form.amount.data),
                    "description": row.form.description.data,
                }
                for row in self.milestones
                if not row.form.blank()
            ],
            "insurance_policy": self.insurance_policy.data or None,
            "insured_value_fen": None
            if self.insured_value.data is None
            else yuan_to_fen(self.insured_value.data),
            "no_insurance_reason": self.no_insurance_reason.data or "",
            "fallback_plan": self.fallback_plan.data or "",
        }


class ConfirmForm(FlaskForm):
    revision = VersionField()  # the revision of the terms the vendor read
    submit = SubmitField(_l("Confirm these terms"))


class ReportForm(FlaskForm):
    """A report; the measured values come as ``kpi-<position>`` fields, one per KPI."""

    reported_on = DateField(_l("Measured on"), validators=[Optional()])
    milestone = SelectField(_l("For milestone"), choices=[], validate_choice=False)
    notes = TextAreaField(_l("Notes"), validators=[Length(max=10000)])
    files = MultipleFileField(_l("Documents (PDF, images, Word, Excel)"))
    submit = SubmitField(_l("Submit the report"))

    def offer_milestones(self, milestones: list[Any]) -> None:
        self.milestone.choices = [SelectChoice("", _l("Interim report"))] + [
            SelectChoice(str(m.id), f"{m.position} · {m.due_on.isoformat()} · {m.description}")
            for m in milestones
        ]


class IncidentForm(FlaskForm):
    occurred_on = DateField(_l("Occurred on"), validators=[Optional()])
    severity = SelectField(
        _l("Severity"),
        choices=[SelectChoice("", _l("Choose…"))]
        + [SelectChoice(s.value, label) for s, label in SEVERITY_LABELS.items()],
        validate_choice=False,
    )
    description = TextAreaField(_l("What happened"), validators=[Length(max=10000)])
    insurer_notified = BooleanField(_l("The insurer has been notified under the policy"))
    submit = SubmitField(_l("Record the incident"))


class SignOffForm(FlaskForm):
    comment = TextAreaField(_l("Comment"), validators=[Length(max=2000)])
    submit = SubmitField(_l("Sign off the acceptance"))


class AcceptForm(FlaskForm):
    version = VersionField()
    summary = TextAreaField(_l("Summary of the acceptance"), validators=[Length(max=5000)])
    show_buyer_name = BooleanField(
        _l("Show our organisation's name on the product's public trial record")
    )
    submit = SubmitField(_l("Record the acceptance"))


class FailForm(FlaskForm):
    version = VersionField()
    reason = TextAreaField(_l("Why the trial failed"), validators=[Length(max=5000)])
    incidents = MultiCheckboxField(_l("Incidents behind it"), choices=[])
    submit = SubmitField(_l("Record the failure"))


class TerminateForm(FlaskForm):
    version = VersionField()
    reason = TextAreaField(_l("Why it ends early, as agreed"), validators=[Length(max=5000)])
    submit = SubmitField(_l("End the trial by agreement"))


class CloseForm(FlaskForm):
    version = VersionField()
    submit = SubmitField(_l("Close the case"))


class ClaimForm(FlaskForm):
    filed_on = DateField(_l("Filed on"), validators=[Optional()])
    amount_claimed = YuanField(_l("Amount claimed (yuan)"), validators=[Optional(), yuan_amount])
    insurer_reference = StringField(
        _l("Insurer's claim reference"), validators=[Optional(), Length(max=200)]
    )
    submit = SubmitField(_l("Record the claim"))


class ClaimProgressForm(FlaskForm):
    version = VersionField()
    status = SelectField(_l("The insurer's answer"), choices=[], validate_choice=False)
    amount_paid = YuanField(_l("Amount paid (yuan)"), validators=[Optional(), yuan_amount])
    settled_on = DateField(_l("On"), validators=[Optional()])
    submit = SubmitField(_l("Record the answer"))


class FollowOnForm(FlaskForm):
    quantity = IntegerField(_l("Quantity"), validators=[Optional(), NumberRange(min=1)])
    budget = YuanField(_l("Budget (yuan)"), validators=[Optional(), yuan_amount])
    submit = SubmitField(_l("Raise the follow-on case"))


class DeterminationForm(FlaskForm):
    exemption = RadioField(_l("The enterprise determined"), choices=[], validate_choice=False)
    decided_by = StringField(_l("By which body"), validators=[Optional(), Length(max=200)])
    decided_on = DateField(_l("On"), validators=[Optional()])
    reference = StringField(_l("Its document reference"), validators=[Optional(), Length(max=200)])
    notes = TextAreaField(_l("Notes"), validators=[Length(max=5000)])
    pin = PasswordField(_l("Signing PIN"), description=PIN_HELP)
    submit = SubmitField(_l("Sign and record the determination"))
