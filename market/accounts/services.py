"""The verbs of accounts: registering, approving and creating organisations, inviting members,
setting roles. Each checks its rules, writes audit events and flushes; none commits.
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from market.accounts import permissions
from market.accounts.credit_code import normalise_credit_code
from market.accounts.models import (
    ORGANISATION_STATES,
    ROLES_BY_KIND,
    Invitation,
    Membership,
    Organisation,
    OrgKind,
    OrgStatus,
    Role,
    User,
)
from market.accounts.passwords import hash_password, password_problems
from market.core.audit import Actor, record_event
from market.core.db import db, utcnow
from market.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed

INVITATION_LIFETIME = timedelta(days=7)


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def normalise_email(email: str) -> str:
    return email.strip().lower()


def register_vendor(
    *,
    name_zh: str,
    name_en: str,
    credit_code: str,
    admin_name: str,
    email: str,
    password: str,
    actor: Actor,
) -> User:
    """Create a pending vendor organisation and its first admin.

    Raises ValidationFailed (fields: credit_code, email, password) and writes nothing then.
    """
    email = normalise_email(email)
    errors: dict[str, list[str]] = {}
    code = _check_new_credit_code(credit_code, errors)
    _check_new_email(email, errors)
    if problems := password_problems(password, email):
        errors["password"] = problems
    if errors:
        raise ValidationFailed(_("Please correct the marked fields."), errors)

    org = Organisation(
        kind=OrgKind.VENDOR,
        status=OrgStatus.PENDING,
        name_zh=name_zh.strip(),
        name_en=name_en.strip(),
        credit_code=code,
    )
    user = _add_member(org, email=email, name=admin_name, password=password, roles={Role.ADMIN})
    db.session.flush()
    record_event(
        actor,
        "organisation.registered",
        org,
        after=_org_snapshot(org),
        organisation_id=org.id,
        actor_user=user,
    )
    return user


def create_organisation(
    *,
    kind: OrgKind,
    name_zh: str,
    name_en: str,
    credit_code: str,
    actor: Actor,
    parent: Organisation | None = None,
) -> Organisation:
    """Create an active organisation (operator tooling: the CLI, demo data, buyer creation).

    Raises ValidationFailed (credit_code, parent).
    """
    errors: dict[str, list[str]] = {}
    code = _check_new_credit_code(credit_code, errors)
    _check_parent(kind, parent, errors)
    if errors:
        raise ValidationFailed(_("Please correct the marked fields."), errors)
    org = Organisation(
        kind=kind,
        status=OrgStatus.ACTIVE,
        name_zh=name_zh.strip(),
        name_en=name_en.strip(),
        credit_code=code,
        parent=parent,
    )
    db.session.add(org)
    db.session.flush()
    record_event(
        actor, "organisation.created", org, after=_org_snapshot(org), organisation_id=org.id
    )
    return org


def create_user(
    org: Organisation, *, email: str, name: str, password: str, roles: frozenset[Role], actor: Actor
) -> User:
    """Add a user to ``org`` directly (operator tooling; people normally join by invitation).

    Raises ValidationFailed (email, password, roles).
    """
    email = normalise_email(email)
    errors: dict[str, list[str]] = {}
    _check_new_email(email, errors)
    _check_roles(org, roles, errors)
    if problems := password_problems(password, email):
        errors["password"] = problems
    if errors:
        raise ValidationFailed(_("Please correct the marked fields."), errors)
    user = _add_member(org, email=email, name=name, password=password, roles=set(roles))
    db.session.flush()
    record_event(
        actor, "user.created", user, after={"email": email, "roles": roles}, organisation_id=org.id
    )
    return user


def create_buyer_organisation(
    *,
    name_zh: str,
    name_en: str,
    credit_code: str,
    parent: Organisation | None,
    admin_email: str,
    actor: Actor,
) -> tuple[Organisation, str]:
    """Operator admins create buyer organisations, active at once, with an invitation for their
    first admin. Returns the organisation and the raw invitation token (shown once).

    Raises PermissionDenied, ValidationFailed (credit_code, admin_email, parent).
    """
    if not permissions.can_manage_organisations(actor.user):
        raise PermissionDenied(_("Only operator admins create buyer organisations."))
    email = normalise_email(admin_email)
    errors: dict[str, list[str]] = {}
    _check_new_email(email, errors, field="admin_email")
    try:
        org = create_organisation(
            kind=OrgKind.BUYER,
            name_zh=name_zh,
            name_en=name_en,
            credit_code=credit_code,
            parent=parent,
            actor=actor,
        )
    except ValidationFailed as exc:
        raise ValidationFailed(exc.message, {**exc.fields, **errors}) from None
    if errors:
        raise ValidationFailed(_("Please correct the marked fields."), errors)
    _invitation, raw = _create_invitation(org, email, frozenset({Role.ADMIN}), actor)
    return org, raw


def approve_organisation(org: Organisation, actor: Actor) -> None:
    """Raises PermissionDenied, InvalidTransition (only pending organisations are approved)."""
    _transition_organisation(org, "approve", actor)


def reject_organisation(org: Organisation, reason: str, actor: Actor) -> None:
    """Raises PermissionDenied, ValidationFailed (reason), InvalidTransition."""
    if not reason.strip():
        raise ValidationFailed(_("Say why."), {"reason": [_("A reason is required.")]})
    _transition_organisation(org, "reject", actor, reason=reason.strip())


def _transition_organisation(
    org: Organisation, action: str, actor: Actor, reason: str | None = None
) -> None:
    if not permissions.can_manage_organisations(actor.user):
        raise PermissionDenied(_("Only operator admins review organisations."))
    target = ORGANISATION_STATES.target(action, org.status)
    before = {"status": org.status}
    org.status = target
    org.rejection_reason = reason
    db.session.flush()
    record_event(
        actor,
        f"organisation.{action}",
        org,
        before=before,
        after={"status": target, "reason": reason},
        organisation_id=org.id,
    )


def invite_member(
    org: Organisation, email: str, roles: frozenset[Role], actor: Actor
) -> tuple[Invitation, str]:
    """Invite ``email`` into ``org`` with ``roles``; returns the invitation and its raw token.

    Raises NotFound (the actor may not see the organisation), PermissionDenied (not its admin,
    or the organisation is not active yet), ValidationFailed (email, roles).
    """
    _require_member_admin(org, actor)
    email = normalise_email(email)
    errors: dict[str, list[str]] = {}
    _check_new_email(email, errors)
    _check_roles(org, roles, errors)
    if errors:
        raise ValidationFailed(_("Please correct the marked fields."), errors)
    return _create_invitation(org, email, roles, actor)


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
    if _email_taken(invitation.email):
        raise Conflict(_("An account with this e-mail address exists already."))
    roles = {Role(r) for r in invitation.roles}
    user = _add_member(
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
    _require_member_admin(invitation.organisation, actor)
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
    _require_member_admin(org, actor)
    errors: dict[str, list[str]] = {}
    _check_roles(org, roles, errors)
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


def members_of(org: Organisation) -> list[Membership]:
    return list(
        db.session.scalars(
            sa.select(Membership)
            .join(User)
            .where(Membership.organisation_id == org.id)
            .order_by(User.name)
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


def _require_member_admin(org: Organisation, actor: Actor) -> None:
    if not permissions.can_view_members(actor.user, org):
        raise NotFound(_("No such organisation."))
    if not permissions.can_manage_members(actor.user, org):
        if not org.is_active:
            raise PermissionDenied(_("Members can be invited once the organisation is approved."))
        raise PermissionDenied(_("Only the organisation's admins manage its members."))


def _create_invitation(
    org: Organisation, email: str, roles: frozenset[Role], actor: Actor
) -> tuple[Invitation, str]:
    raw = secrets.token_urlsafe(32)
    invitation = Invitation(
        organisation=org,
        email=email,
        roles=sorted(r.value for r in roles),
        token_hash=hash_token(raw),
        invited_by=actor.user,
        expires_at=utcnow() + INVITATION_LIFETIME,
    )
    db.session.add(invitation)
    db.session.flush()
    record_event(
        actor,
        "invitation.created",
        invitation,
        after={"email": email, "roles": roles},
        organisation_id=org.id,
    )
    return invitation, raw


def _add_member(
    org: Organisation, *, email: str, name: str, password: str, roles: set[Role]
) -> User:
    user = User(email=email, name=name.strip(), password_hash=hash_password(password))
    membership = Membership(user=user, organisation=org)
    membership.set_roles(frozenset(roles))
    db.session.add_all([org, user, membership])
    return user


def _check_new_credit_code(value: str, errors: dict[str, list[str]]) -> str:
    try:
        code = normalise_credit_code(value)
    except ValueError as exc:
        errors["credit_code"] = [str(exc)]
        return value
    taken = db.session.scalar(sa.select(Organisation.id).where(Organisation.credit_code == code))
    if taken is not None:
        errors["credit_code"] = [_("An organisation with this credit code is registered already.")]
    return code


def _check_parent(kind: OrgKind, parent: Organisation | None, errors: dict[str, list[str]]) -> None:
    if parent is None:
        return
    if kind != OrgKind.BUYER or parent.kind != OrgKind.BUYER:
        errors["parent"] = [_("Only a buyer organisation can be part of a buyer group.")]
    elif parent.parent_id is not None:
        errors["parent"] = [_("A subsidiary cannot itself be a group.")]


def _email_taken(email: str) -> bool:
    return db.session.scalar(sa.select(User.id).where(User.email == email)) is not None


def _check_new_email(email: str, errors: dict[str, list[str]], field: str = "email") -> None:
    if _email_taken(email):
        errors[field] = [_("An account with this e-mail address exists already.")]


def _check_roles(org: Organisation, roles: frozenset[Role], errors: dict[str, list[str]]) -> None:
    if not roles:
        errors["roles"] = [_("Choose at least one role.")]
    elif wrong := roles - set(ROLES_BY_KIND[org.kind]):
        errors["roles"] = [
            _(
                "Not a role in a %(kind)s organisation: %(roles)s",
                kind=org.kind.value,
                roles=", ".join(sorted(wrong)),
            )
        ]


def _admin_count(org: Organisation) -> int:
    return sum(1 for m in members_of(org) if Role.ADMIN in m.roles)


def _org_snapshot(org: Organisation) -> dict[str, object]:
    return {
        "kind": org.kind,
        "status": org.status,
        "name_zh": org.name_zh,
        "name_en": org.name_en,
        "credit_code": org.credit_code,
        "parent": org.parent_id,
    }
