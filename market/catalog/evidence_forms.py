"""Form classes for the evidence of a listing: one per kind of claim, and document uploads."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from wtforms import DateField, IntegerField, SelectField, StringField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from market.catalog.evidence import DocumentVisibility
from market.catalog.forms import blank_to_none, choices, options
from market.catalog.taxonomy import (
    DESIGNATION_KINDS,
    DESIGNATION_LABELS,
    IP_LABELS,
    Category,
    DesignationKind,
    IPKind,
)

DOCUMENT_VISIBILITY_LABELS = {
    DocumentVisibility.PUBLIC: _l("Everyone"),
    DocumentVisibility.BUYERS: _l("Signed-in buyers only"),
}


class ClaimForm(FlaskForm):
    fields_in_order: tuple[str, ...] = ()
    enums: dict[str, type] = {}  # noqa: RUF012 (read-only class data)
    submit = SubmitField(_l("Add"))

    def fit(self, category: Category) -> None:
        """Offer only what a listing of ``category`` can hold (before validating)."""

    def content(self) -> dict[str, Any]:
        values = {name: blank_to_none(self[name].data) for name in self.fields_in_order}
        for name, enum_type in self.enums.items():
            values[name] = enum_type(values[name])
        return values


class DesignationForm(ClaimForm):
    fields_in_order = (
        "kind",
        "authority",
        "document_number",
        "catalogue_edition",
        "valid_from",
        "valid_until",
    )
    enums = {"kind": DesignationKind}  # noqa: RUF012

    kind = SelectField(_l("Kind of designation"), choices=choices(DESIGNATION_LABELS))
    authority = StringField(_l("Issuing authority"), validators=[DataRequired(), Length(max=200)])
    document_number = StringField(
        _l("Document number"),
        validators=[DataRequired(), Length(max=100)],
        description=_l("e.g. 工信部装函〔2024〕123号"),
    )
    catalogue_edition = StringField(
        _l("Catalogue edition"), validators=[Optional(), Length(max=100)]
    )
    valid_from = DateField(_l("Valid from"), validators=[InputRequired()])
    valid_until = DateField(
        _l("Valid until"),
        validators=[Optional()],
        description=_l("Leave empty if it does not expire."),
    )
    submit = SubmitField(_l("Add designation"))

    def fit(self, category: Category) -> None:
        allowed = DESIGNATION_KINDS[category]
        self.kind.choices = choices({k: DESIGNATION_LABELS[k] for k in allowed})


class TestReportForm(ClaimForm):
    __test__ = False  # not a pytest test class, despite the name
    fields_in_order = ("institution", "standard", "report_number", "issued_on", "conclusion")

    institution = StringField(
        _l("Testing institution"), validators=[DataRequired(), Length(max=200)]
    )
    standard = StringField(_l("Standard"), validators=[DataRequired(), Length(max=200)])
    report_number = StringField(_l("Report number"), validators=[DataRequired(), Length(max=100)])
    issued_on = DateField(_l("Issued on"), validators=[InputRequired()])
    conclusion = TextAreaField(_l("Conclusion"), validators=[DataRequired()], render_kw={"rows": 3})
    submit = SubmitField(_l("Add test report"))


class IPRightForm(ClaimForm):
    fields_in_order = ("kind", "number", "title")
    enums = {"kind": IPKind}  # noqa: RUF012

    kind = SelectField(_l("Kind of right"), choices=choices(IP_LABELS))
    number = StringField(
        _l("Patent or registration number"), validators=[DataRequired(), Length(max=60)]
    )
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=300)])
    submit = SubmitField(_l("Add IP right"))


class ReferenceForm(ClaimForm):
    fields_in_order = ("customer", "year", "outcome")

    customer = StringField(_l("Customer"), validators=[DataRequired(), Length(max=200)])
    year = IntegerField(
        _l("Year"), validators=[InputRequired(), NumberRange(min=1949, max=date.max.year)]
    )
    outcome = TextAreaField(_l("Outcome"), validators=[DataRequired()], render_kw={"rows": 3})
    submit = SubmitField(_l("Add reference deployment"))


class InsuranceForm(ClaimForm):
    fields_in_order = ("insurer", "policy_number", "coverage", "valid_from", "valid_until")

    insurer = StringField(_l("Insurer"), validators=[DataRequired(), Length(max=200)])
    policy_number = StringField(_l("Policy number"), validators=[DataRequired(), Length(max=100)])
    coverage = StringField(
        _l("Coverage"),
        validators=[DataRequired(), Length(max=300)],
        description=_l("e.g. quality and liability risks, up to ¥5,000,000"),
    )
    valid_from = DateField(_l("Cover from"), validators=[InputRequired()])
    valid_until = DateField(_l("Cover until"), validators=[InputRequired()])
    submit = SubmitField(_l("Add insurance policy"))


CLAIM_FORMS: dict[str, type[ClaimForm]] = {
    "designations": DesignationForm,
    "test-reports": TestReportForm,
    "ip-rights": IPRightForm,
    "references": ReferenceForm,
    "insurance": InsuranceForm,
}


class DocumentForm(FlaskForm):
    file = FileField(
        _l("File"),
        validators=[FileRequired(_l("Choose a file."))],
        description=_l("PDF, PNG, JPEG, Word (.docx) or Excel (.xlsx)."),
    )
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=200)])
    visibility = SelectField(
        _l("Who may download it"),
        choices=options(DOCUMENT_VISIBILITY_LABELS),
    )
    submit = SubmitField(_l("Upload"))
