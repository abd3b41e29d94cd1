"""The signing key pages' forms. The PIN rules themselves are the service's (``pins``): the
forms only ask for what it needs, so its messages land under the fields."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import PasswordField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, EqualTo, Length

from market.attestations.pins import MAX_PIN

REASON_MAX = 500


def _pin_field(label: object) -> PasswordField:
    # Browsers must not offer to save or fill a PIN as if it were the account's password.
    return PasswordField(
        label,
        validators=[DataRequired(), Length(max=MAX_PIN)],
        render_kw={"autocomplete": "off"},
    )


class MakeKeyForm(FlaskForm):
    pin = _pin_field(_l("Choose a PIN"))
    pin_again = PasswordField(
        _l("Type the PIN again"),
        validators=[DataRequired(), EqualTo("pin", message=_l("The two PINs are not the same."))],
        render_kw={"autocomplete": "off"},
    )
    submit = SubmitField(_l("Make my signing key"))


class EnrolForm(FlaskForm):
    submit = SubmitField(_l("Enrol as registrar"))


class RegisterKeyForm(FlaskForm):
    pin = _pin_field(_l("Your registrar PIN"))
    submit = SubmitField(_l("Register this key"))


class RevokeKeyForm(FlaskForm):
    reason = TextAreaField(
        _l("Why is the key revoked?"),
        validators=[DataRequired(), Length(max=REASON_MAX)],
        description=_l("For example: the PIN was forgotten, or the person changed jobs."),
        render_kw={"rows": 2},
    )
    pin = _pin_field(_l("Your registrar PIN"))
    submit = SubmitField(_l("Revoke this key"))
