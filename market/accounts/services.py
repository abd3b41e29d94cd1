"""The verbs of organisations: registering, creating, approving, rejecting, suspending,
reinstating and renaming them, and adding users directly (operator tooling). Each checks its
rules, writes audit events and flushes; none commits. Invitations and roles are in
``market.accounts.membership``.
"""

from __future__ import annotations

import secrets
from datetime import timedelta

from blinker import Namespace
from flask_babel import gettext as _

from market.accounts import permissions
from market.accounts.models import (
    Invitation,
    Membership,
    Organisation,
    OrgKind,
    OrgStatus,
    Role,
    User,
)
from market.accounts.passwords import hash_password, password_problems
from market.accounts.rules import (
    check_names,
    check_new_credit_code,
    check_new_email,
    check_parent,
    check_roles,
    hash_token,
    normalise_email,
)
from market.accounts.states import ORGANISATION_STATES
from market.core.audit import Actor, record_event
from market.core.db import db, utcnow
from market.core.errors import Conflict, PermissionDenied, ValidationFailed

INVITATION_LIFETIME = timedelta(days=7)

# Sent (with the organisation) inside the transaction that changed its status or its names, after
# the flush. What outside accounts depends on either subscribes: the catalog queues a vendor's
# listings for the search index, which drops or restores them, and shows the vendor's name.
organisation_changed = Namespace().signal("organisation-changed")


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
    name_zh, name_en = check_names(name_zh, name_en, errors)
    code = check_new_credit_code(credit_code, errors)
    check_new_email(email, errors)
    if problems := password_problems(password, email):
        errors["password"] = problems
    if errors:
        raise ValidationFailed(_("Please correct the marked fields."), errors)

    org = Organisation(
        kind=OrgKind.VENDOR,
        status=OrgStatus.PENDING,
        name_zh=name_zh,
        name_en=name_en,
        credit_code=code,
    )
    user = add_member(org, email=email, name=admin_name, password=password, roles={Role.ADMIN})
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
    name_zh, name_en = check_names(name_zh, name_en, errors)
    code = check_new_credit_code(credit_code, errors)
    check_parent(kind, parent, errors)
    if errors:
        raise ValidationFailed(_("Please correct the marked fields."), errors)
    org = Organisation(
        kind=kind,
        status=OrgStatus.ACTIVE,
        name_zh=name_zh,
        name_en=name_en,
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
    check_new_email(email, errors)
    check_roles(org, roles, errors)
    if problems := password_problems(password, email):
        errors["password"] = problems
    if errors:
        raise ValidationFailed(_("Please correct the marked fields."), errors)
    user = add_member(org, email=email, name=name, password=password, roles=set(roles))
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
    check_new_email(email, errors, field="admin_email")
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
    _invitation, raw = issue_invitation(org, email, frozenset({Role.ADMIN}), actor)
    return org, raw


def approve_organisation(org: Organisation, actor: Actor, read_version: int | None = None) -> None:
    """Raises PermissionDenied, InvalidTransition (only pending organisations are approved)."""
    _transition_organisation(org, "approve", actor, read_version=read_version)


def reject_organisation(
    org: Organisation, reason: str, actor: Actor, read_version: int | None = None
) -> None:
    """Raises PermissionDenied, ValidationFailed (reason), InvalidTransition."""
    if not reason.strip():
        raise ValidationFailed(_("Say why."), {"reason": [_("A reason is required.")]})
    _transition_organisation(org, "reject", actor, reason=reason.strip(), read_version=read_version)


def suspend_organisation(
    org: Organisation, reason: str, actor: Actor, read_version: int | None = None
) -> None:
    """Its members keep their accounts but lose every role, and a vendor's listings leave the
    catalogue and search, until it is reinstated.

    Raises PermissionDenied, ValidationFailed (reason), Conflict (the operator itself),
    InvalidTransition (only active organisations are suspended).
    """
    if not reason.strip():
        raise ValidationFailed(_("Say why."), {"reason": [_("A reason is required.")]})
    if org.kind == OrgKind.OPERATOR:
        # Its admins are the only ones who could reinstate it.
        raise Conflict(_("The platform operator cannot be suspended."))
    _transition_organisation(
        org, "suspend", actor, reason=reason.strip(), read_version=read_version
    )


def reinstate_organisation(
    org: Organisation, actor: Actor, read_version: int | None = None
) -> None:
    """Raises PermissionDenied, InvalidTransition (only suspended organisations are reinstated)."""
    _transition_organisation(org, "reinstate", actor, read_version=read_version)


def _transition_organisation(
    org: Organisation,
    action: str,
    actor: Actor,
    reason: str | None = None,
    read_version: int | None = None,
) -> None:
    def record_reasons() -> None:
        target = ORGANISATION_STATES.transition(action).target
        org.rejection_reason = reason if target == OrgStatus.REJECTED else None
        org.suspension_reason = reason if target == OrgStatus.SUSPENDED else None

    ORGANISATION_STATES.apply(
        org,
        action,
        actor,
        effects=record_reasons,
        version=read_version,
        after={"reason": reason},
    )
    organisation_changed.send(org)


def rename_organisation(
    org: Organisation, *, name_zh: str, name_en: str, reason: str, actor: Actor
) -> bool:
    """Record an organisation's new registered names (a company renamed under the same credit
    code, or a typo at registration). The operator's admins do it, having checked the names
    against the registration, as they did when approving it: a member who could rename their
    own organisation could take another's name after approval. Returns whether anything changed.

    Raises PermissionDenied, ValidationFailed (name_zh, name_en, reason).
    """
    if not permissions.can_manage_organisations(actor.user):
        raise PermissionDenied(_("Only the platform operator changes an organisation's names."))
    errors: dict[str, list[str]] = {}
    name_zh, name_en = check_names(name_zh, name_en, errors)
    if not reason.strip():
        errors["reason"] = [_("A reason is required.")]
    if errors:
        raise ValidationFailed(_("Please correct the marked fields."), errors)
    before = {"name_zh": org.name_zh, "name_en": org.name_en}
    if before == {"name_zh": name_zh, "name_en": name_en}:
        return False
    org.name_zh, org.name_en = name_zh, name_en
    db.session.flush()
    record_event(
        actor,
        "organisation.renamed",
        org,
        before=before,
        after={"name_zh": name_zh, "name_en": name_en, "reason": reason.strip()},
        organisation_id=org.id,
    )
    organisation_changed.send(org)
    return True


# -- shared with market.accounts.membership ------------------------------------------------------


def issue_invitation(
    org: Organisation, email: str, roles: frozenset[Role], actor: Actor
) -> tuple[Invitation, str]:
    """Create an invitation and return it with its raw token. The caller has checked the rules."""
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


def add_member(
    org: Organisation, *, email: str, name: str, password: str, roles: set[Role]
) -> User:
    """Create a user with a membership in ``org``. The caller has checked the rules."""
    user = User(email=email, name=name.strip(), password_hash=hash_password(password))
    membership = Membership(user=user, organisation=org)
    membership.set_roles(frozenset(roles))
    db.session.add_all([org, user, membership])
    return user


def _org_snapshot(org: Organisation) -> dict[str, object]:
    return {
        "kind": org.kind,
        "status": org.status,
        "name_zh": org.name_zh,
        "name_en": org.name_en,
        "credit_code": org.credit_code,
        "parent": org.parent_id,
    }
