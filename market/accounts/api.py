"""/api/v1 endpoints of accounts: tokens, the current user, organisations and their members."""

from __future__ import annotations

import uuid
from typing import Any

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import Blueprint

from market.accounts import (
    credentials,
    membership,
    name_changes,
    password_resets,
    permissions,
    services,
)
from market.accounts.auth import mark_sign_in_failed, throttle_sign_in
from market.accounts.models import ApiToken, Invitation, NameChangeRequest, Organisation
from market.accounts.schemas import (
    ApiTokenSchema,
    InvitationRequestSchema,
    InvitationSchema,
    MemberSchema,
    MeSchema,
    NameChangeDecisionSchema,
    NameChangeRequestBodySchema,
    NameChangeRequestSchema,
    NewApiTokenSchema,
    OpenInvitationSchema,
    OrganisationListArgsSchema,
    OrganisationNamesSchema,
    OrganisationSchema,
    OrganisationTransitionSchema,
    PasswordResetLinkSchema,
    RolesSchema,
    TokenRequestSchema,
)
from market.core.audit import Actor
from market.core.db import db
from market.core.errors import AuthenticationFailed, NotFound
from market.core.web import current_actor, login_required_json

blp = Blueprint("accounts_api", __name__, url_prefix="", description="Sign-in tokens and you")
organisations_blp = Blueprint(
    "organisations_api", __name__, url_prefix="/organisations", description="Organisations"
)


@blp.route("/auth/token", methods=["POST"])
@throttle_sign_in
@blp.arguments(TokenRequestSchema)
@blp.response(201, NewApiTokenSchema)
@blp.doc(security=[])
def create_token(body: dict[str, Any]) -> Any:
    """Exchange an e-mail and password for a bearer token (throttled like the sign-in page)."""
    try:
        user = credentials.authenticate(body["email"], body["password"])
    except AuthenticationFailed:
        mark_sign_in_failed()
        raise
    token, raw = credentials.create_api_token(
        user, body["name"], Actor(user=user, address=current_actor().address)
    )
    return {**{name: getattr(token, name) for name in ApiTokenSchema().fields}, "token": raw}


@blp.route("/auth/tokens", methods=["GET"])
@login_required_json
@blp.response(200, ApiTokenSchema(many=True))
def list_tokens() -> Any:
    """Your tokens, live ones first."""
    return credentials.tokens_of(current_user)


@blp.route("/auth/tokens/<uuid:token_id>", methods=["DELETE"])
@login_required_json
@blp.response(204)
def revoke_token(token_id: uuid.UUID) -> Any:
    """Revoke one of your tokens; it stops working at once."""
    token = db.session.get(ApiToken, token_id)
    if token is None:
        raise NotFound(_("No such token."))
    credentials.revoke_api_token(token, current_actor())


@blp.route("/me", methods=["GET"])
@login_required_json
@blp.response(200, MeSchema)
def me() -> Any:
    """The user the token belongs to, with organisation and roles."""
    return current_user


@organisations_blp.route("", methods=["GET"])
@login_required_json
@organisations_blp.arguments(OrganisationListArgsSchema, location="query")
@organisations_blp.response(200, OrganisationSchema(many=True))
def list_organisations(args: dict[str, Any]) -> Any:
    """Every organisation (operator admins), or just your own."""
    query = sa.select(Organisation).order_by(Organisation.created_at.desc())
    if not permissions.can_manage_organisations(current_user):
        query = query.where(Organisation.id == current_user.organisation_id)
    if "status" in args:
        query = query.where(Organisation.status == args["status"])
    if "kind" in args:
        query = query.where(Organisation.kind == args["kind"])
    return db.session.scalars(query).all()


@organisations_blp.route("/<uuid:org_id>", methods=["GET"])
@login_required_json
@organisations_blp.response(200, OrganisationSchema)
def get_organisation(org_id: uuid.UUID) -> Any:
    """An organisation, for its members and for operator admins."""
    org = db.session.get(Organisation, org_id)
    if org is None or not permissions.can_view_organisation(current_user, org):
        raise NotFound(_("No such organisation."))
    return org


@organisations_blp.route("/<uuid:org_id>", methods=["PATCH"])
@login_required_json
@organisations_blp.arguments(OrganisationNamesSchema)
@organisations_blp.response(200, OrganisationSchema)
def rename_organisation(body: dict[str, Any], org_id: uuid.UUID) -> Any:
    """Change an organisation's registered names (operator admins, having checked them against
    the registration of its credit code). A vendor's listings show the new names in search."""
    org = db.session.get(Organisation, org_id)
    if org is None or not permissions.can_view_organisation(current_user, org):
        raise NotFound(_("No such organisation."))
    services.rename_organisation(
        org,
        name_zh=body.get("name_zh", org.name_zh),
        name_en=body.get("name_en", org.name_en),
        reason=body["reason"],
        actor=current_actor(),
    )
    return org


@organisations_blp.route("/<uuid:org_id>/name-change-requests", methods=["POST"])
@login_required_json
@organisations_blp.arguments(NameChangeRequestBodySchema)
@organisations_blp.response(201, NameChangeRequestSchema)
def request_name_change(body: dict[str, Any], org_id: uuid.UUID) -> Any:
    """Ask the operator to record new registered names (the organisation's admins); one request
    waits at a time, and the names change when the operator approves."""
    org = _visible_organisation(org_id)
    return name_changes.request_name_change(
        org,
        name_zh=body.get("name_zh", org.name_zh),
        name_en=body.get("name_en", org.name_en),
        note=body["note"],
        actor=current_actor(),
    )


@organisations_blp.route("/<uuid:org_id>/name-change-requests", methods=["GET"])
@login_required_json
@organisations_blp.response(200, NameChangeRequestSchema(many=True))
def list_name_changes(org_id: uuid.UUID) -> Any:
    """The organisation's name change requests, newest first (its admins, operator admins)."""
    org = db.session.get(Organisation, org_id)
    if org is None or not permissions.can_view_organisation(current_user, org):
        raise NotFound(_("No such organisation."))
    if not permissions.is_operator_admin(current_user):
        membership.require_member_admin(org, current_actor())
    return name_changes.name_changes_of(org)


@organisations_blp.route("/name-change-requests/<uuid:request_id>/decision", methods=["POST"])
@login_required_json
@organisations_blp.arguments(NameChangeDecisionSchema)
@organisations_blp.response(200, NameChangeRequestSchema)
def decide_name_change(body: dict[str, Any], request_id: uuid.UUID) -> Any:
    """Approve (the organisation takes the names) or decline with a reason (operator admins)."""
    change = db.session.get(NameChangeRequest, request_id)
    if change is None or not permissions.is_operator_admin(current_user):
        raise NotFound(_("No such request."))
    if body["action"] == "approve":
        name_changes.approve_name_change(change, current_actor())
    else:
        name_changes.decline_name_change(change, body["reason"], current_actor())
    return change


@organisations_blp.route("/<uuid:org_id>/transitions", methods=["POST"])
@login_required_json
@organisations_blp.arguments(OrganisationTransitionSchema)
@organisations_blp.response(200, OrganisationSchema)
def transition_organisation(body: dict[str, Any], org_id: uuid.UUID) -> Any:
    """Approve or reject a pending organisation, suspend an active one, reinstate a suspended
    one (operator admins). A suspended organisation's members lose their roles and a suspended
    vendor's listings leave the catalogue and search until it is reinstated."""
    if not permissions.can_manage_organisations(current_user):
        raise NotFound(_("No such organisation."))
    org = db.session.get(Organisation, org_id)
    if org is None:
        raise NotFound(_("No such organisation."))
    actor, reason, read = current_actor(), body["reason"], body["version"]
    match body["action"]:
        case "approve":
            services.approve_organisation(org, actor, read_version=read)
        case "reject":
            services.reject_organisation(org, reason, actor, read_version=read)
        case "suspend":
            services.suspend_organisation(org, reason, actor, read_version=read)
        case "reinstate":
            services.reinstate_organisation(org, actor, read_version=read)
    return org


@organisations_blp.route("/<uuid:org_id>/members", methods=["GET"])
@login_required_json
@organisations_blp.response(200, MemberSchema(many=True))
def list_members(org_id: uuid.UUID) -> Any:
    return membership.members_of(_visible_organisation(org_id))


@organisations_blp.route("/<uuid:org_id>/members/<uuid:membership_id>/roles", methods=["PUT"])
@login_required_json
@organisations_blp.arguments(RolesSchema)
@organisations_blp.response(200, MemberSchema)
def set_member_roles(body: dict[str, Any], org_id: uuid.UUID, membership_id: uuid.UUID) -> Any:
    member = membership.member_of(_visible_organisation(org_id), membership_id)
    membership.set_member_roles(member, frozenset(body["roles"]), current_actor())
    return member


@organisations_blp.route("/<uuid:org_id>/members/<uuid:membership_id>", methods=["DELETE"])
@login_required_json
@organisations_blp.response(204)
def remove_member(org_id: uuid.UUID, membership_id: uuid.UUID) -> Any:
    """Remove someone who left (organisation admins): they lose their roles, are signed out,
    their API tokens stop working and they cannot sign in again; the audit log keeps their name."""
    member = membership.member_of(_visible_organisation(org_id), membership_id)
    membership.remove_member(member, current_actor())
    return None


@organisations_blp.route("/<uuid:org_id>/members/<uuid:membership_id>/restore", methods=["POST"])
@login_required_json
@organisations_blp.arguments(RolesSchema)
@organisations_blp.response(200, MemberSchema)
def restore_member(body: dict[str, Any], org_id: uuid.UUID, membership_id: uuid.UUID) -> Any:
    """Undo a removal (organisation admins): the account signs in again with the given roles."""
    member = membership.member_of(_visible_organisation(org_id), membership_id)
    membership.restore_member(member, frozenset(body["roles"]), current_actor())
    return member


@organisations_blp.route(
    "/<uuid:org_id>/members/<uuid:membership_id>/password-reset", methods=["POST"]
)
@login_required_json
@organisations_blp.response(201, PasswordResetLinkSchema)
def issue_password_reset(org_id: uuid.UUID, membership_id: uuid.UUID) -> Any:
    """A link for a member who forgot their password (organisation admins), to hand over: it
    works once, for a day, and replaces any earlier one. Shown once."""
    member = membership.member_of(_visible_organisation(org_id), membership_id)
    reset, raw = password_resets.issue_password_reset(member, current_actor())
    return {
        "expires_at": reset.expires_at,
        "link": url_for("accounts.reset_password", token=raw, _external=True),
    }


@organisations_blp.route("/<uuid:org_id>/invitations", methods=["POST"])
@login_required_json
@organisations_blp.arguments(InvitationRequestSchema)
@organisations_blp.response(201, InvitationSchema)
def create_invitation(body: dict[str, Any], org_id: uuid.UUID) -> Any:
    """Invite a colleague; the answer holds the link to hand them (shown once)."""
    org = _visible_organisation(org_id)
    invitation, raw = membership.invite_member(
        org, body["email"], frozenset(body["roles"]), current_actor()
    )
    return {
        "id": invitation.id,
        "email": invitation.email,
        "roles": invitation.roles,
        "expires_at": invitation.expires_at,
        "link": url_for("accounts.accept_invitation", token=raw, _external=True),
    }


@organisations_blp.route("/<uuid:org_id>/invitations", methods=["GET"])
@login_required_json
@organisations_blp.response(200, OpenInvitationSchema(many=True))
def list_invitations(org_id: uuid.UUID) -> Any:
    """The open invitations (organisation admins), newest first."""
    org = _visible_organisation(org_id)
    membership.require_member_admin(org, current_actor())
    return membership.open_invitations_of(org)


@organisations_blp.route("/<uuid:org_id>/invitations/<uuid:invitation_id>", methods=["DELETE"])
@login_required_json
@organisations_blp.response(204)
def revoke_invitation(org_id: uuid.UUID, invitation_id: uuid.UUID) -> Any:
    """Revoke an invitation (organisation admins): its link stops working. One accepted already
    is a 409."""
    org = _visible_organisation(org_id)
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.organisation_id != org.id:
        raise NotFound(_("No such invitation."))
    membership.revoke_invitation(invitation, current_actor())
    return None


def _visible_organisation(org_id: uuid.UUID) -> Organisation:
    org = db.session.get(Organisation, org_id)
    if org is None or not permissions.can_view_members(current_user, org):
        raise NotFound(_("No such organisation."))
    return org
