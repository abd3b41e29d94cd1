"""The verbs of membership: inviting people, accepting and revoking invitations, setting roles,
removing members who left and restoring them. Each checks its rules, writes audit events and
flushes; none commits.
"""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from blinker import Namespace
from flask_babel import gettext as _

from market.accounts import permissions
from market.accounts.credentials import revoke_tokens_of
from market.accounts.models import (
    Invitation,
    Membership,
    Organisation,
    OrgStatus,
    PasswordReset,
    Role,
    SessionEnd,
    User,
)
from market.accounts.passwords import password_problems
from market.accounts.rules import (
    check_new_email,
    check_roles,
    email_taken,
    hash_token,
    normalise_email,
)
from market.accounts.services import add_member, issue_invitation
from market.accounts.sessions import end_sessions_of
from market.core.audit import Actor, record_event
from market.core.db import db, utcnow
from market.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed

# Sent inside the removal's transaction, with ``user``: what else a member held ends with it
# (their signing key, in market.attestations).
member_removed = Namespace().signal("member-removed")


def invite_member(
    org: Organisation, email: str, roles: frozenset[Role], actor: Actor
) -> tuple[Invitation, str]:
    """Invite ``email`` into ``org`` with ``roles``; returns the invitation and its raw token.

    Raises NotFound (the actor may not see the organisation), PermissionDenied (not its admin,
    or the organisation is not active yet), ValidationFailed (email, roles).
    """
    require_member_admin(org, actor)
    email = normalise_email(email)
    errors: dict[str, list[str]] = {}
    check_new_email(email, errors)
    check_roles(org, roles, errors)
    if errors:
        raise ValidationFailed(_("Please correct the marked fields."), errors)
    return issue_invitation(org, email, roles, actor)


def find_open_invitation(raw_token: str, now: datetime | None = None) -> Invitation:
    """Raises NotFound for unknown, used, revoked and expired links alike."""
    invitation = db.session.scalar(
        sa.select(Invitation).where(Invitation.token_hash == hash_token(raw_token))
    )
    if invitation is None or not invitation.is_open(now or utcnow()):
        raise NotFound(_("This invitation link is not valid any more. Ask for a new one."))
    return invitation


def accept_invitation(invitation: Invitation, *, name: str, password: str, actor: Actor) -> User:
    """Create the invited user's account. Raises ValidationFailed (password), Conflict (e-mail
    taken since the invitation was sent), NotFound (the invitation is closed)."""
    if not invitation.is_open(utcnow()):
        raise NotFound(_("This invitation link is not valid any more. Ask for a new one."))
    if problems := password_problems(password, invitation.email):
        raise ValidationFailed(_("Please choose a stronger password."), {"password": problems})
    if email_taken(invitation.email):
        raise Conflict(_("An account with this e-mail address exists already."))
    roles = {Role(r) for r in invitation.roles}
    user = add_member(
        invitation.organisation,
        email=invitation.email,
        name=name,
        password=password,
        roles=roles,
    )
    invitation.accepted_at = utcnow()
    db.session.flush()
    record_event(
        actor,
        "invitation.accepted",
        invitation,
        after={"user": user.id, "roles": roles},
        organisation_id=invitation.organisation_id,
        actor_user=user,
    )
    return user


def revoke_invitation(invitation: Invitation, actor: Actor) -> None:
    """Raises NotFound, PermissionDenied, Conflict (already accepted)."""
    require_member_admin(invitation.organisation, actor)
    if invitation.accepted_at is not None:
        raise Conflict(_("This invitation was accepted already."))
    if invitation.revoked_at is None:
        invitation.revoked_at = utcnow()
        db.session.flush()
        record_event(
            actor, "invitation.revoked", invitation, organisation_id=invitation.organisation_id
        )


def set_member_roles(membership: Membership, roles: frozenset[Role], actor: Actor) -> None:
    """Raises NotFound, PermissionDenied, ValidationFailed (roles; an organisation keeps at least
    one admin)."""
    org = membership.organisation
    require_member_admin(org, actor)
    if not membership.user.is_enabled:
        raise Conflict(_("%(name)s was removed from the organisation.", name=membership.user.name))
    errors: dict[str, list[str]] = {}
    check_roles(org, roles, errors)
    if Role.ADMIN in membership.roles and Role.ADMIN not in roles and _admin_count(org) <= 1:
        errors.setdefault("roles", []).append(_("An organisation needs at least one admin."))
    if errors:
        raise ValidationFailed(_("Please correct the marked fields."), errors)
    before = {"roles": membership.roles}
    membership.set_roles(roles)
    db.session.flush()
    record_event(
        actor,
        "membership.roles_changed",
        membership,
        before=before,
        after={"roles": roles, "user": membership.user_id},
        organisation_id=org.id,
    )


def remove_member(membership: Membership, actor: Actor) -> None:
    """Someone who left: they lose every role, are signed out everywhere, their API tokens and
    password reset links stop working, and they cannot sign in again. The account stays,
    disabled, because the audit log and the records they made name it.

    Raises NotFound, PermissionDenied, Conflict (yourself, or someone removed already).
    """
    org = membership.organisation
    require_member_admin(org, actor)
    user = membership.user
    if actor.user is not None and user.id == actor.user.id:
        # Another admin can; this way an organisation never removes its last admin.
        raise Conflict(_("You cannot remove yourself; ask another admin."))
    if not user.is_enabled:
        raise Conflict(_("%(name)s was removed from the organisation.", name=user.name))
    before = {"roles": membership.roles, "user": user.id, "email": user.email}
    membership.set_roles(frozenset())
    user.is_enabled = False
    end_sessions_of(user, SessionEnd.REMOVED)
    revoke_tokens_of(user)
    now = utcnow()
    # A reset link handed over before must not work again if they are restored.
    for reset in db.session.scalars(
        sa.select(PasswordReset).where(
            PasswordReset.user_id == user.id,
            PasswordReset.used_at.is_(None),
            PasswordReset.revoked_at.is_(None),
        )
    ):
        reset.revoked_at = now
    db.session.flush()
    member_removed.send(membership, user=user)
    record_event(
        actor,
        "membership.removed",
        membership,
        before=before,
        after={"roles": frozenset(), "user": user.id},
        organisation_id=org.id,
    )


def restore_member(membership: Membership, roles: frozenset[Role], actor: Actor) -> None:
    """Undo a removal (a mistake, or someone who came back): the account signs in again, with
    its own password, holding ``roles``. Its old API tokens stay revoked.

    Raises NotFound, PermissionDenied, Conflict (not removed), ValidationFailed (roles).
    """
    org = membership.organisation
    require_member_admin(org, actor)
    user = membership.user
    if user.is_enabled:
        raise Conflict(_("%(name)s is a member already.", name=user.name))
    errors: dict[str, list[str]] = {}
    check_roles(org, roles, errors)
    if errors:
        raise ValidationFailed(_("Please correct the marked fields."), errors)
    membership.set_roles(roles)
    user.is_enabled = True
    db.session.flush()
    record_event(
        actor,
        "membership.restored",
        membership,
        before={"roles": frozenset()},
        after={"roles": roles, "user": user.id},
        organisation_id=org.id,
    )


def member_of(org: Organisation, membership_id: uuid.UUID) -> Membership:
    """Raises NotFound unless the membership is in ``org`` (whose visibility the caller checked)."""
    member = db.session.get(Membership, membership_id)
    if member is None or member.organisation_id != org.id:
        raise NotFound(_("No such member."))
    return member


def members_of(org: Organisation) -> list[Membership]:
    return list(
        db.session.scalars(
            sa.select(Membership)
            .join(User)
            .where(Membership.organisation_id == org.id)
            .order_by(User.is_enabled.desc(), User.name)  # those who left, last
        )
    )


def open_invitations_of(org: Organisation) -> list[Invitation]:
    return list(
        db.session.scalars(
            sa.select(Invitation)
            .where(
                Invitation.organisation_id == org.id,
                Invitation.accepted_at.is_(None),
                Invitation.revoked_at.is_(None),
                Invitation.expires_at > utcnow(),
            )
            .order_by(Invitation.created_at.desc())
        )
    )


# -- helpers -------------------------------------------------------------------------------------


def require_member_admin(org: Organisation, actor: Actor) -> None:
    if not permissions.can_view_members(actor.user, org):
        raise NotFound(_("No such organisation."))
    if not permissions.can_manage_members(actor.user, org):
        if org.status == OrgStatus.PENDING:
            raise PermissionDenied(_("Members can be invited once the organisation is approved."))
        if org.status == OrgStatus.SUSPENDED:
            raise PermissionDenied(
                _("The organisation is suspended: its members are managed again once reinstated.")
            )
        if org.status == OrgStatus.REJECTED:
            raise PermissionDenied(_("The organisation's registration was rejected."))
        raise PermissionDenied(_("Only the organisation's admins manage its members."))


def _admin_count(org: Organisation) -> int:
    return sum(1 for m in members_of(org) if Role.ADMIN in m.roles)
