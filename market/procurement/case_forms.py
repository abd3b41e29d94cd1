"""The forms of the case pages, one per verb. They parse what a person typed; the verbs decide
(their ValidationFailed messages land under these fields), so a rule lives in one place."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    FieldList,
    Form,
    FormField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    SubmitField,
    TextAreaField,
)
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from market.accounts.forms import MultiCheckboxField
from market.catalog.forms import YuanField
from market.core.forms import VersionField
from market.core.labels import enum_label
from market.procurement.configuration import ProcurementMethod
from market.procurement.decisions import MeetingKind, VoteChoice

CRITERIA_ROWS = 6  # blank rows are ignored
SCALE = [SelectChoice(str(n), str(n)) for n in range(1, 6)]


class NeedForm(FlaskForm):
    title = StringField(_l("What is needed"), validators=[InputRequired(), Length(max=200)])
    description = TextAreaField(
        _l("Describe the need"), validators=[InputRequired(), Length(max=5000)]
    )
    quantity = IntegerField(
        _l("Quantity"), validators=[InputRequired(), NumberRange(min=1, max=1_000_000)]
    )
    budget = YuanField(_l("Budget (yuan)"), validators=[InputRequired()])
    delivery_site = StringField(_l("Delivery site"), validators=[InputRequired(), Length(max=200)])
    wanted_by = DateField(_l("Wanted by"), validators=[InputRequired()])
    # What the search showed: the query and its filters, as the search page's URL had them.
    q = HiddenField()
    filters = HiddenField()
    submit = SubmitField(_l("Raise the case"))


class ActionForm(FlaskForm):
    """A button that moves the case: its version, and a reason where the step takes one."""

    version = VersionField()
    reason = TextAreaField(_l("Reason"), validators=[Length(max=2000)])


class CriterionRow(Form):
    name = StringField(_l("Criterion"), validators=[Optional(), Length(max=200)])
    weight = IntegerField(_l("Weight, percent"), validators=[Optional()])


class CriteriaForm(FlaskForm):
    rows = FieldList(FormField(CriterionRow), min_entries=CRITERIA_ROWS)
    version = VersionField()
    submit = SubmitField(_l("Save the criteria"))

    def given(self) -> list[dict[str, Any]]:
        return [
            {"name": row.form.name.data or "", "weight": row.form.weight.data}
            for row in self.rows
            if (row.form.name.data or "").strip() or row.form.weight.data is not None
        ]


class SelectForm(FlaskForm):
    entry = RadioField(_l("Product"), choices=[], validate_choice=False)
    method = SelectField(_l("Procurement method"), choices=[], validate_choice=False)
    selection_reason = TextAreaField(_l("Why this product"), validators=[Length(max=5000)])
    version = VersionField()
    submit = SubmitField(_l("Select"))

    def offer_choices(self, entries: list[Any], methods: list[ProcurementMethod]) -> None:
        self.entry.choices = [SelectChoice(str(e.id), e.name) for e in entries]
        self.method.choices = [SelectChoice("", "—")] + [
            SelectChoice(m.value, enum_label(m)) for m in methods
        ]


class RiskForm(FlaskForm):
    description = StringField(_l("Risk"), validators=[InputRequired(), Length(max=500)])
    likelihood = SelectField(_l("Likelihood (1 rare – 5 almost certain)"), choices=SCALE)
    impact = SelectField(_l("Impact (1 negligible – 5 severe)"), choices=SCALE)
    mitigation = TextAreaField(_l("Mitigation"), validators=[InputRequired(), Length(max=2000)])
    owner = StringField(_l("Owner"), validators=[InputRequired(), Length(max=200)])
    submit = SubmitField(_l("Register the risk"))


class PositionForm(FlaskForm):
    insurance_policy = SelectField(_l("Insurance policy"), choices=[], validate_choice=False)
    no_insurance_reason = TextAreaField(
        _l("Without a policy: why none"), validators=[Length(max=2000)]
    )
    fallback_supply = TextAreaField(
        _l("Fallback supply if the trial fails"), validators=[Length(max=2000)]
    )
    version = VersionField()
    submit = SubmitField(_l("Save the position"))


class MeetingForm(FlaskForm):
    held_on = DateField(_l("Held on"), validators=[InputRequired()])
    kind = SelectField(_l("Decision body"), choices=[])
    attendees = MultiCheckboxField(_l("Approvers who attended"), choices=[])
    version = VersionField()
    submit = SubmitField(_l("Record the meeting"))

    def offer_choices(self, approvers: list[Any]) -> None:
        self.kind.choices = [SelectChoice(k.value, enum_label(k)) for k in MeetingKind]
        self.attendees.choices = [SelectChoice(str(a.id), a.name) for a in approvers]


class DeclarationForm(FlaskForm):
    conflict = RadioField(
        _l("Conflict of interest"),
        choices=[
            SelectChoice("no", _l("I have no conflict of interest in this case")),
            SelectChoice("yes", _l("I have a conflict of interest (I will not vote)")),
        ],
        validators=[InputRequired()],
    )
    note = TextAreaField(_l("What the conflict is"), validators=[Length(max=2000)])
    submit = SubmitField(_l("Declare"))


class VoteForm(FlaskForm):
    vote = RadioField(_l("Your vote"), choices=[], validators=[InputRequired()])
    comment = TextAreaField(_l("Comment"), validators=[Length(max=2000)])
    submit = SubmitField(_l("Vote"))

    def offer_choices(self) -> None:
        self.vote.choices = [SelectChoice(v.value, enum_label(v)) for v in VoteChoice]
