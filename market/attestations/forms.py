"""The forms of attestation pages. They parse what the officer and the chair typed; the verbs
in ``filing`` decide, and their field messages land under these fields."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectField, SubmitField, TextAreaField
from wtforms.validators import Length

from market.core.forms import VersionField

PIN_HELP = _l("Your signing PIN: it unlocks your key for this one signature and is not stored.")


class AttestationForm(FlaskForm):
    version = VersionField()
    policy_basis = TextAreaField(
        _l("Policy basis"),
        description=_l("The rules this trial purchase rests on: the policy, the group's rules."),
        validators=[Length(max=5000)],
    )
    rationale = TextAreaField(
        _l("Rationale"),
        description=_l("Why the decision was reasonable with what was known."),
        validators=[Length(max=10000)],
    )
    mitigations = TextAreaField(
        _l("Mitigations"),
        description=_l("How the disclosed risks are kept in check during the trial."),
        validators=[Length(max=10000)],
    )
    # The verb checks the chair (an attending approver), and only kinds countersigned ask.
    chair = SelectField(
        _l("The meeting's chair, who countersigns"), choices=[], validate_choice=False
    )
    no_conflict_of_interest = BooleanField(
        _l("I have no conflict of interest in this purchase or with its vendor.")
    )
    no_personal_gain = BooleanField(
        _l("I gain nothing personally from this purchase, directly or through others.")
    )
    correction = TextAreaField(
        _l("What this corrects"),
        description=_l("The attestation it corrects stays in the record beside this one."),
        validators=[Length(max=5000)],
    )
    pin = PasswordField(_l("Signing PIN"), description=PIN_HELP)
    submit = SubmitField(_l("Sign and file"))


class CountersignForm(FlaskForm):
    version = VersionField()
    pin = PasswordField(_l("Signing PIN"), description=PIN_HELP)
    submit = SubmitField(_l("Countersign"))
