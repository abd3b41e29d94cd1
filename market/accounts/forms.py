"""Form classes for the account pages; field names match the service error fields."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    EmailField,
    PasswordField,
    SelectField,
    SelectMultipleField,
    StringField,
    SubmitField,
    TextAreaField,
    ValidationError,
    widgets,
)
from wtforms.validators import DataRequired, Email, EqualTo, Length

from market.accounts.credit_code import normalise_credit_code
from market.accounts.models import Role
from market.accounts.rules import NAME_MAX
from market.core.forms import VersionField

ROLE_LABELS = {
    Role.ADMIN: _l("Admin: members and settings"),
    Role.REQUESTER: _l("Requester: searches and raises needs"),
    Role.OFFICER: _l("Procurement officer: runs cases, files attestations"),
    Role.APPROVER: _l("Approver: votes in collective decisions"),
    Role.AUDITOR: _l("Auditor: reads cases and attestations, verifies the log"),
    Role.STAFF: _l("Staff: edits listings, answers cases"),
    Role.REVIEWER: _l("Reviewer: verifies listings and evidence"),
}


def credit_code_check(_form: FlaskForm, field: StringField) -> None:
    try:
        field.data = normalise_credit_code(field.data or "")
    except ValueError as exc:
        raise ValidationError(str(exc)) from None


class MultiCheckboxField(SelectMultipleField):
    widget = widgets.ListWidget(prefix_label=False)
    option_widget = widgets.CheckboxInput()


class LoginForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Length(max=254)])
    password = PasswordField(_l("Password"), validators=[DataRequired()])
    remember = BooleanField(_l("Keep me signed in on this computer"))
    submit = SubmitField(_l("Sign in"))


class OrganisationNameFields(FlaskForm):
    name_zh = StringField(
        _l("Organisation name (Chinese)"), validators=[DataRequired(), Length(max=NAME_MAX)]
    )
    name_en = StringField(
        _l("Organisation name (English)"), validators=[DataRequired(), Length(max=NAME_MAX)]
    )


class OrganisationFields(OrganisationNameFields):
    credit_code = StringField(
        _l("Unified social credit code"),
        validators=[DataRequired(), credit_code_check],
        description=_l("统一社会信用代码: 18 characters, as on the business licence."),
    )


class RegistrationForm(OrganisationFields):
    admin_name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=120)])
    email = EmailField(
        _l("Your work e-mail"), validators=[DataRequired(), Email(), Length(max=254)]
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired()],
        description=_l("At least 10 characters, mixing letters with digits or symbols."),
    )
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )
    submit = SubmitField(_l("Register my company"))


class BuyerOrganisationForm(OrganisationFields):
    parent = SelectField(_l("Part of group"), choices=[], validate_choice=True)
    admin_email = EmailField(
        _l("First admin's e-mail"), validators=[DataRequired(), Email(), Length(max=254)]
    )
    submit = SubmitField(_l("Create buyer organisation"))


class AcceptInvitationForm(FlaskForm):
    name = StringField(_l("Your name"), validators=[DataRequired(), Length(max=120)])
    password = PasswordField(_l("Choose a password"), validators=[DataRequired()])
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )
    submit = SubmitField(_l("Create my account"))


class PasswordResetForm(FlaskForm):
    password = PasswordField(_l("New password"), validators=[DataRequired()])
    confirm = PasswordField(
        _l("Repeat the password"),
        validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))],
    )
    submit = SubmitField(_l("Set the password"))


class InviteForm(FlaskForm):
    email = EmailField(_l("E-mail"), validators=[DataRequired(), Email(), Length(max=254)])
    roles = MultiCheckboxField(_l("Roles"), choices=[])
    submit = SubmitField(_l("Create invitation link"))


class RolesForm(FlaskForm):
    roles = MultiCheckboxField(_l("Roles"), choices=[])
    submit = SubmitField(_l("Save roles"))


class RejectForm(FlaskForm):
    reason = TextAreaField(_l("Reason, shown to the applicant"), validators=[DataRequired()])
    version = VersionField()
    submit = SubmitField(_l("Reject"))


class RenameForm(OrganisationNameFields):
    reason = TextAreaField(
        _l("What the new names rest on"),
        validators=[DataRequired()],
        description=_l(
            "The registration record or notice you checked them against; kept in the audit log."
        ),
    )
    submit = SubmitField(_l("Save names"))


class NameChangeForm(OrganisationNameFields):
    note = TextAreaField(
        _l("Where the new names are registered"),
        validators=[DataRequired()],
        description=_l(
            "For the operator, who checks them: the registration authority and date, the notice."
        ),
    )
    submit = SubmitField(_l("Ask the operator"))


class ConfirmForm(FlaskForm):
    """A button that only carries the CSRF token (approve, revoke, sign out), and the version of
    what it acts on where it acts on something that has one."""

    version = VersionField()
    submit = SubmitField(_l("Confirm"))


class PasswordChangeForm(FlaskForm):
    current_password = PasswordField(_l("Current password"), validators=[DataRequired()])
    new_password = PasswordField(_l("New password"), validators=[DataRequired()])
    confirm = PasswordField(
        _l("Repeat the new password"),
        validators=[DataRequired(), EqualTo("new_password", message=_l("The passwords differ."))],
    )
    revoke_tokens = BooleanField(
        _l("Also revoke my API tokens"),
        description=_l(
            "A token keeps working after a password change. Revoke them if someone else may "
            "have used your password; programs using them will need new ones."
        ),
    )
    submit = SubmitField(_l("Change password"))


class TokenForm(FlaskForm):
    name = StringField(
        _l("Token name"),
        validators=[DataRequired(), Length(max=80)],
        description=_l("What uses it, e.g. 'ERP integration'."),
    )
    submit = SubmitField(_l("Create token"))


def role_choices(roles: tuple[Role, ...]) -> list[tuple[str, str]]:
    return [(r.value, str(ROLE_LABELS[r])) for r in roles]


def apply_field_errors(form: FlaskForm, fields: dict[str, list[str]]) -> None:
    """Show a service's ValidationFailed messages under the matching form fields."""
    for name, messages in fields.items():
        field = getattr(form, name, None)
        target = field.errors if field is not None else form.form_errors
        if isinstance(target, tuple):
            target = list(target)
            if field is not None:
                field.errors = target
        target.extend(messages)
