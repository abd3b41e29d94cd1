"""Pages for an organisation's own members: the list, invitations, roles, removing someone who
left and password reset links. The operator's pages join this blueprint from operator_views."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from market.accounts import membership, name_changes, password_resets, permissions
from market.accounts.forms import (
    ConfirmForm,
    InviteForm,
    NameChangeForm,
    RolesForm,
    apply_field_errors,
    role_choices,
)
from market.accounts.models import (
    ROLES_BY_KIND,
    Invitation,
    Membership,
    Organisation,
    Role,
)
from market.core.audit import Actor
from market.core.db import db
from market.core.errors import Conflict, NotFound, ValidationFailed
from market.core.web import current_actor

bp = Blueprint("organisations", __name__)

FORM_ERROR = 422


def get_organisation_or_404(org_id: uuid.UUID) -> Organisation:
    """The organisation, if the current user may see its members; 404 otherwise."""
    org = db.session.get(Organisation, org_id)
    if org is None or not permissions.can_view_members(current_user, org):
        raise NotFound(_("No such organisation."))
    return org


@bp.route("/organisations/<uuid:org_id>/members", methods=["GET", "POST"])
@login_required
def members(org_id: uuid.UUID) -> Any:
    org = get_organisation_or_404(org_id)
    invite_form = InviteForm(prefix="invite")
    invite_form.roles.choices = role_choices(ROLES_BY_KIND[org.kind])
    new_link: str | None = None
    status = 200
    if request.method == "POST":
        if not permissions.can_manage_members(current_user, org):
            abort(403)
        if invite_form.validate_on_submit():
            try:
                invitation, raw = membership.invite_member(
                    org, invite_form.email.data, _roles(invite_form.roles.data), current_actor()
                )
            except ValidationFailed as exc:
                apply_field_errors(invite_form, exc.fields)
            else:
                new_link = url_for("accounts.accept_invitation", token=raw, _external=True)
                flash(_("Invitation created for %(email)s.", email=invitation.email), "success")
                invite_form = InviteForm(prefix="invite", formdata=None)
                invite_form.roles.choices = role_choices(ROLES_BY_KIND[org.kind])
        if invite_form.errors:
            status = FORM_ERROR
    return render_template(
        "organisations/members.html",
        org=org,
        memberships=membership.members_of(org),
        invitations=membership.open_invitations_of(org),
        invite_form=invite_form,
        new_link=new_link,
        can_manage=permissions.can_manage_members(current_user, org),
        can_read_audit=permissions.can_view_organisation_audit_log(current_user, org),
        role_forms={m.id: _roles_form(org, m) for m in membership.members_of(org)},
        name_change=name_changes.latest_name_change(org),
        confirm_form=ConfirmForm(),
    ), status


@bp.route("/organisations/<uuid:org_id>/name-change", methods=["GET", "POST"])
@login_required
def request_name_change(org_id: uuid.UUID) -> Any:
    org = get_organisation_or_404(org_id)
    if not permissions.can_manage_members(current_user, org):
        abort(403)
    form = NameChangeForm(data={"name_zh": org.name_zh, "name_en": org.name_en})
    if form.validate_on_submit():
        try:
            name_changes.request_name_change(
                org,
                name_zh=form.name_zh.data,
                name_en=form.name_en.data,
                note=form.note.data,
                actor=current_actor(),
            )
        except ValidationFailed as exc:
            apply_field_errors(form, exc.fields)
        except Conflict as exc:
            flash(exc.message, "warning")
            return redirect(url_for("organisations.members", org_id=org.id)), 303
        else:
            flash(_("Your request is with the platform operator."), "success")
            return redirect(url_for("organisations.members", org_id=org.id))
    status = FORM_ERROR if form.is_submitted() else 200
    return render_template("organisations/name_change.html", org=org, form=form), status


@bp.post("/organisations/<uuid:org_id>/members/<uuid:membership_id>/roles")
@login_required
def set_roles(org_id: uuid.UUID, membership_id: uuid.UUID) -> Any:
    return _apply_roles(
        org_id,
        membership_id,
        membership.set_member_roles,
        lambda name: _("Roles of %(name)s saved.", name=name),
    )


@bp.post("/organisations/<uuid:org_id>/members/<uuid:membership_id>/remove")
@login_required
def remove_member(org_id: uuid.UUID, membership_id: uuid.UUID) -> Any:
    org = get_organisation_or_404(org_id)
    member = membership.member_of(org, membership_id)
    if ConfirmForm().validate_on_submit():
        try:
            membership.remove_member(member, current_actor())
        except Conflict as exc:
            flash(exc.message, "danger")
            return redirect(url_for("organisations.members", org_id=org.id)), 303
        flash(_("%(name)s is removed and signed out.", name=member.user.name), "success")
    return redirect(url_for("organisations.members", org_id=org.id))


@bp.post("/organisations/<uuid:org_id>/members/<uuid:membership_id>/restore")
@login_required
def restore_member(org_id: uuid.UUID, membership_id: uuid.UUID) -> Any:
    return _apply_roles(
        org_id,
        membership_id,
        membership.restore_member,
        lambda name: _("%(name)s is a member again and can sign in.", name=name),
    )


@bp.post("/organisations/<uuid:org_id>/members/<uuid:membership_id>/password-reset")
@login_required
def issue_password_reset(org_id: uuid.UUID, membership_id: uuid.UUID) -> Any:
    org = get_organisation_or_404(org_id)
    member = membership.member_of(org, membership_id)
    if not ConfirmForm().validate_on_submit():
        return redirect(url_for("organisations.members", org_id=org.id))
    try:
        reset, raw = password_resets.issue_password_reset(member, current_actor())
    except Conflict as exc:
        flash(exc.message, "danger")
        return redirect(url_for("organisations.members", org_id=org.id)), 303
    link = url_for("accounts.reset_password", token=raw, _external=True)
    return render_template(
        "organisations/password_reset_link.html", member=member, reset=reset, link=link
    )


@bp.post("/organisations/<uuid:org_id>/invitations/<uuid:invitation_id>/revoke")
@login_required
def revoke_invitation(org_id: uuid.UUID, invitation_id: uuid.UUID) -> Any:
    org = get_organisation_or_404(org_id)
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.organisation_id != org.id:
        raise NotFound(_("No such invitation."))
    if ConfirmForm().validate_on_submit():
        membership.revoke_invitation(invitation, current_actor())
        flash(_("Invitation for %(email)s revoked.", email=invitation.email), "success")
    return redirect(url_for("organisations.members", org_id=org.id))


def _apply_roles(
    org_id: uuid.UUID,
    membership_id: uuid.UUID,
    verb: Callable[[Membership, frozenset[Role], Actor], None],
    done: Callable[[str], str],
) -> Any:
    """Setting a member's roles and restoring a removed one with roles: the same form (the
    member's row on the members page), the same answers."""
    org = get_organisation_or_404(org_id)
    member = membership.member_of(org, membership_id)
    form = RolesForm(prefix=str(member.id))
    form.roles.choices = role_choices(ROLES_BY_KIND[org.kind])
    if form.validate_on_submit():
        try:
            verb(member, _roles(form.roles.data), current_actor())
        except (ValidationFailed, Conflict) as exc:
            for message in exc.fields.get("roles", [exc.message]):
                flash(message, "danger")
            return redirect(url_for("organisations.members", org_id=org.id)), 303
        flash(done(member.user.name), "success")
    return redirect(url_for("organisations.members", org_id=org.id))


def _roles(values: list[str] | None) -> frozenset[Role]:
    return frozenset(Role(v) for v in values or [] if v in Role.__members__.values())


def _roles_form(org: Organisation, member: Membership) -> RolesForm:
    form = RolesForm(prefix=str(member.id), formdata=None, data={"roles": sorted(member.roles)})
    form.roles.choices = role_choices(ROLES_BY_KIND[org.kind])
    return form
