"""The signing key pages: "My signing key" (make one under a PIN; an admin enrols theirs as
the organisation's registrar) and the registrar's "Signing keys" (register a member's waiting
key, revoke one). A wrong PIN shows under its field and writes nothing; too many of them
pause every PIN form (``throttle_pin``)."""

from __future__ import annotations

import uuid
from typing import Any

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required

from market.accounts.forms import apply_field_errors
from market.accounts.models import Organisation
from market.attestations import next_steps  # noqa: F401 (its pages on the home page)
from market.attestations import signing_keys as verbs
from market.attestations.key_forms import EnrolForm, MakeKeyForm, RegisterKeyForm, RevokeKeyForm
from market.attestations.key_permissions import (
    holds_key,
    key_in_organisation,
    managed_organisation,
    may_enrol,
)
from market.attestations.key_queries import (
    KeyState,
    fingerprint,
    is_registrar,
    own_key,
    signers_of,
    state_of,
)
from market.attestations.keys import SigningKey
from market.attestations.pin_throttle import throttle_pin
from market.core.db import db
from market.core.errors import Conflict, NotFound, ValidationFailed
from market.core.permissions import requires
from market.core.web import current_actor

bp = Blueprint("signing_keys", __name__)
FORM_ERROR = 422  # a form shown again with its errors; the request boundary writes nothing

signers_only = requires(
    holds_key, message=_l("Signing keys are for a buyer's admins, officers and approvers.")
)


@bp.app_template_filter("fingerprint")
def fingerprint_filter(key_id: str) -> str:
    return fingerprint(key_id)


# -- my signing key ------------------------------------------------------------------------


@bp.route("/me/signing-key", methods=["GET", "POST"])
@signers_only
def my_key() -> Any:
    form = MakeKeyForm()
    if form.is_submitted():
        if form.validate():
            try:
                verbs.create_key(current_actor(), form.pin.data)
            except ValidationFailed as exc:
                db.session.rollback()
                apply_field_errors(form, exc.fields)
            else:
                db.session.commit()
                flash(_("Your signing key is made."), "success")
                return redirect(url_for("signing_keys.my_key"))
        return _my_key_page(form), FORM_ERROR
    return _my_key_page(form)


@bp.post("/me/signing-key/enrol")
@signers_only
def enrol() -> Any:
    if EnrolForm().validate_on_submit():
        key = verbs.live_key(current_user)
        if key is None:
            raise NotFound(_("Make your signing key first."))
        verbs.enroll_registrar(key, current_actor())
        db.session.commit()
        flash(_("Your key is enrolled: you are your organisation's registrar."), "success")
    return redirect(url_for("signing_keys.my_key"))


def _my_key_page(form: MakeKeyForm) -> str:
    key = own_key(current_user)
    state = state_of(key)
    return render_template(
        "attestations/keys.html",
        key=key,
        state=state,
        form=form if state in (KeyState.NONE, KeyState.REVOKED) else None,
        enrol_form=EnrolForm() if state == KeyState.WAITING and may_enrol(current_user) else None,
        organisation=current_user.organisation,
        manages=may_enrol(current_user),
    )


# -- the registrar's page ------------------------------------------------------------------


@bp.get("/organisations/<uuid:org_id>/signing-keys")
@login_required
def registrar_page(org_id: uuid.UUID) -> Any:
    return _registrar_page(managed_organisation(org_id, current_user))


@bp.post("/organisations/<uuid:org_id>/signing-keys/<string(length=64):key_id>/registration")
@login_required
@throttle_pin
def register(org_id: uuid.UUID, key_id: str) -> Any:
    org, key = _org_and_key(org_id, key_id)
    form = RegisterKeyForm(prefix=_prefix("register", key))
    if form.validate_on_submit():
        try:
            verbs.register_key(key, current_actor(), form.pin.data)
        except ValidationFailed as exc:
            db.session.rollback()
            apply_field_errors(form, exc.fields)
        except Conflict as exc:
            db.session.rollback()
            return _refused(org, exc)
        else:
            db.session.commit()
            flash(_("The key of %(name)s is registered.", name=key.user.name), "success")
            return redirect(url_for("signing_keys.registrar_page", org_id=org.id))
    return _registrar_page(org, failed=(key.key_id, form)), FORM_ERROR


@bp.post("/organisations/<uuid:org_id>/signing-keys/<string(length=64):key_id>/revocation")
@login_required
@throttle_pin
def revoke(org_id: uuid.UUID, key_id: str) -> Any:
    org, key = _org_and_key(org_id, key_id)
    form = RevokeKeyForm(prefix=_prefix("revoke", key))
    if form.validate_on_submit():
        try:
            verbs.revoke_key(key, current_actor(), form.reason.data, form.pin.data)
        except ValidationFailed as exc:
            db.session.rollback()
            apply_field_errors(form, exc.fields)
        except Conflict as exc:
            db.session.rollback()
            return _refused(org, exc)
        else:
            db.session.commit()
            flash(_("The key of %(name)s is revoked.", name=key.user.name), "success")
            return redirect(url_for("signing_keys.registrar_page", org_id=org.id))
    return _registrar_page(org, failed=(key.key_id, form)), FORM_ERROR


def _org_and_key(org_id: uuid.UUID, key_id: str) -> tuple[Organisation, SigningKey]:
    org = managed_organisation(org_id, current_user)
    return org, key_in_organisation(key_id, current_user)


def _prefix(action: str, key: SigningKey) -> str:
    # One form per key and action on the page: their fields need ids of their own.
    return f"{action}-{key.key_id[:16]}"


def _refused(org: Organisation, error: Conflict) -> Any:
    """Already registered or revoked (another tab, another admin): say so on the page."""
    flash(error.message, "warning")
    return redirect(url_for("signing_keys.registrar_page", org_id=org.id)), 303


def _registrar_page(
    org: Organisation, failed: tuple[str, RegisterKeyForm | RevokeKeyForm] | None = None
) -> str:
    signers = signers_of(org)
    register_forms: dict[str, RegisterKeyForm] = {}
    revoke_forms: dict[str, RevokeKeyForm] = {}
    for signer in signers:
        key = signer.key
        if key is None or key.revoked_at is not None:
            continue
        if key.registered_seq is None:
            register_forms[key.key_id] = RegisterKeyForm(
                prefix=_prefix("register", key), formdata=None
            )
        revoke_forms[key.key_id] = RevokeKeyForm(prefix=_prefix("revoke", key), formdata=None)
    if failed is not None:
        key_id, form = failed
        (register_forms if isinstance(form, RegisterKeyForm) else revoke_forms)[key_id] = form
    return render_template(
        "attestations/registrar.html",
        org=org,
        signers=signers,
        registrar=is_registrar(current_user),
        register_forms=register_forms,
        revoke_forms=revoke_forms,
        failed_key=failed[0] if failed else None,
    )
