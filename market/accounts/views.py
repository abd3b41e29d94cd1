"""Pages for signing in and out, vendor registration, invitations, password reset links and the
user's profile."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from market.accounts import credentials, membership, password_resets, services, sessions
from market.accounts.auth import mark_sign_in_failed, throttle_sign_in
from market.accounts.forms import (
    AcceptInvitationForm,
    ConfirmForm,
    LoginForm,
    PasswordChangeForm,
    PasswordResetForm,
    RegistrationForm,
    TokenForm,
    apply_field_errors,
)
from market.accounts.models import ApiToken
from market.core.db import db
from market.core.errors import AuthenticationFailed, Conflict, NotFound, ValidationFailed
from market.core.web import current_actor, safe_next

bp = Blueprint("accounts", __name__)

FORM_ERROR = 422  # a form shown again with its errors; the request boundary writes nothing


@bp.route("/login", methods=["GET", "POST"])
@throttle_sign_in
def login() -> Any:
    if current_user.is_authenticated:
        return redirect(url_for("core.home"))
    form = LoginForm()
    if form.validate_on_submit():
        try:
            user = credentials.authenticate(form.email.data, form.password.data)
        except AuthenticationFailed as exc:
            mark_sign_in_failed()
            form.password.errors = [exc.message]
        else:
            credentials.record_login(user, current_actor())
            sessions.sign_in(user, remember=form.remember.data)
            return redirect(safe_next(request.args.get("next")))
    status = FORM_ERROR if form.is_submitted() else 200
    return render_template("accounts/login.html", form=form), status


@bp.post("/logout")
@login_required
def logout() -> Any:
    if ConfirmForm().validate_on_submit():
        sessions.sign_out()
        flash(_("You are signed out."), "info")
    return redirect(url_for("core.home"))


@bp.route("/register", methods=["GET", "POST"])
def register() -> Any:
    form = RegistrationForm()
    if form.validate_on_submit():
        try:
            services.register_vendor(
                name_zh=form.name_zh.data,
                name_en=form.name_en.data,
                credit_code=form.credit_code.data,
                admin_name=form.admin_name.data,
                email=form.email.data,
                password=form.password.data,
                actor=current_actor(),
            )
        except ValidationFailed as exc:
            apply_field_errors(form, exc.fields)
        else:
            flash(
                _(
                    "Your company is registered. A platform admin reviews it; you can sign in "
                    "now and follow the review."
                ),
                "success",
            )
            return redirect(url_for("accounts.login"))
    status = FORM_ERROR if form.is_submitted() else 200
    return render_template("accounts/register.html", form=form), status


@bp.route("/invitations/<token>", methods=["GET", "POST"])
def accept_invitation(token: str) -> Any:
    invitation = membership.find_open_invitation(token)
    if current_user.is_authenticated:
        flash(_("Sign out first to accept an invitation for another account."), "warning")
        return redirect(url_for("core.home"))
    form = AcceptInvitationForm()
    if form.validate_on_submit():
        try:
            user = membership.accept_invitation(
                invitation, name=form.name.data, password=form.password.data, actor=current_actor()
            )
        except ValidationFailed as exc:
            apply_field_errors(form, exc.fields)
        except Conflict as exc:
            form.form_errors.append(exc.message)
        else:
            sessions.sign_in(user)
            flash(_("Welcome to %(org)s.", org=invitation.organisation.display_name), "success")
            return redirect(url_for("core.home"))
    status = FORM_ERROR if form.is_submitted() else 200
    return render_template(
        "accounts/accept_invitation.html", form=form, invitation=invitation
    ), status


@bp.route("/password-reset/<token>", methods=["GET", "POST"])
def reset_password(token: str) -> Any:
    reset = password_resets.find_open_password_reset(token)
    if current_user.is_authenticated:
        flash(_("Sign out first to use a password reset link."), "warning")
        return redirect(url_for("core.home"))
    form = PasswordResetForm()
    if form.validate_on_submit():
        try:
            password_resets.reset_password(reset, form.password.data, current_actor())
        except ValidationFailed as exc:
            apply_field_errors(form, exc.fields)
        else:
            flash(_("Your new password is set. Sign in with it."), "success")
            return redirect(url_for("accounts.login"))
    status = FORM_ERROR if form.is_submitted() else 200
    return render_template("accounts/reset_password.html", form=form, reset=reset), status


@bp.route("/profile", methods=["GET", "POST"])
@login_required
def profile() -> Any:
    password_form = PasswordChangeForm(prefix="pw")
    token_form = TokenForm(prefix="token")
    new_token: str | None = None
    status = 200
    if password_form.submit.data and password_form.validate_on_submit():
        try:
            credentials.change_password(
                current_user,
                password_form.current_password.data,
                password_form.new_password.data,
                current_actor(),
                keep_session=current_user.sign_in_secret,
                revoke_tokens=password_form.revoke_tokens.data,
            )
        except ValidationFailed as exc:
            apply_field_errors(password_form, exc.fields)
        else:
            if password_form.revoke_tokens.data:
                flash(
                    _(
                        "Your password is changed. Other sessions are signed out and your API "
                        "tokens are revoked."
                    ),
                    "success",
                )
            else:
                flash(_("Your password is changed. Other sessions are signed out."), "success")
            return redirect(url_for("accounts.profile"))
    elif token_form.submit.data and token_form.validate_on_submit():
        _token, new_token = credentials.create_api_token(
            current_user, token_form.name.data, current_actor()
        )
        token_form = TokenForm(prefix="token", formdata=None)
    if (password_form.errors or token_form.errors) and request.method == "POST":
        status = FORM_ERROR
    return render_template(
        "accounts/profile.html",
        password_form=password_form,
        token_form=token_form,
        new_token=new_token,
        tokens=credentials.tokens_of(current_user),
        revoke_form=ConfirmForm(),
    ), status


@bp.post("/profile/tokens/<uuid:token_id>/revoke")
@login_required
def revoke_token(token_id: Any) -> Any:
    token = db.session.scalar(sa.select(ApiToken).where(ApiToken.id == token_id))
    if token is None:
        raise NotFound(_("No such token."))
    if ConfirmForm().validate_on_submit():
        credentials.revoke_api_token(token, current_actor())
        flash(_("Token %(prefix)s… is revoked.", prefix=token.prefix), "success")
    return redirect(url_for("accounts.profile"))
