"""The verbs of name change requests: an organisation's admin asks for its new registered names
(a company renamed under the same credit code), and the operator's admins, who check names
against the registration, approve them (``services.rename_organisation`` records them) or
decline with a reason the admin sees. Each checks its rules, writes audit events and flushes;
none commits."""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import gettext as _

from market.accounts import services
from market.accounts.membership import require_member_admin
from market.accounts.models import (
    NameChangeRequest,
    NameChangeStatus,
    Organisation,
)
from market.accounts.rules import check_names
from market.accounts.states import NAME_CHANGE_STATES
from market.core.audit import Actor, record_event
from market.core.db import db, utcnow
from market.core.errors import Conflict, ValidationFailed


def request_name_change(
    org: Organisation, *, name_zh: str, name_en: str, note: str, actor: Actor
) -> NameChangeRequest:
    """Raises NotFound, PermissionDenied (not its admin; not active), ValidationFailed (name_zh,
    name_en, note), Conflict (one is waiting already)."""
    require_member_admin(org, actor)
    errors: dict[str, list[str]] = {}
    name_zh, name_en = check_names(name_zh, name_en, errors)
    if not note.strip():
        errors["note"] = [_("Say where the new names are registered.")]
    if not errors and (name_zh, name_en) == (org.name_zh, org.name_en):
        errors["name_en"] = [_("These are the organisation's names already.")]
    if errors:
        raise ValidationFailed(_("Please correct the marked fields."), errors)
    if pending_name_change(org) is not None:
        raise Conflict(_("A name change is waiting for the operator already."))
    request = NameChangeRequest(
        organisation=org,
        status=NameChangeStatus.PENDING,
        name_zh=name_zh,
        name_en=name_en,
        note=note.strip(),
        requested_by_id=actor.user.id if actor.user is not None else None,
    )
    try:
        # The index of one pending request per organisation settles two admins asking at once.
        with db.session.begin_nested():
            db.session.add(request)
    except sa.exc.IntegrityError:
        raise Conflict(_("A name change is waiting for the operator already.")) from None
    record_event(
        actor,
        "name_change.requested",
        request,
        after={"name_zh": name_zh, "name_en": name_en, "note": request.note},
        organisation_id=org.id,
    )
    return request


def approve_name_change(
    request: NameChangeRequest, actor: Actor, read_version: int | None = None
) -> None:
    """The organisation takes the requested names. Raises PermissionDenied, InvalidTransition."""
    _decide(request, "approve", actor, read_version=read_version)
    who = request.requested_by.name if request.requested_by else _("its admin")
    services.rename_organisation(
        request.organisation,
        name_zh=request.name_zh,
        name_en=request.name_en,
        reason=_("Requested by %(who)s: %(note)s", who=who, note=request.note),
        actor=actor,
    )


def decline_name_change(
    request: NameChangeRequest, reason: str, actor: Actor, read_version: int | None = None
) -> None:
    """Raises PermissionDenied, ValidationFailed (reason), InvalidTransition."""
    if not reason.strip():
        raise ValidationFailed(_("Say why."), {"reason": [_("A reason is required.")]})
    _decide(request, "decline", actor, reason.strip(), read_version)


def pending_name_change(org: Organisation) -> NameChangeRequest | None:
    return db.session.scalar(
        sa.select(NameChangeRequest).where(
            NameChangeRequest.organisation_id == org.id,
            NameChangeRequest.status == NameChangeStatus.PENDING,
        )
    )


def name_changes_of(org: Organisation) -> list[NameChangeRequest]:
    """Newest first."""
    return list(db.session.scalars(_newest_first(org)))


def latest_name_change(org: Organisation) -> NameChangeRequest | None:
    return db.session.scalar(_newest_first(org).limit(1))


def _newest_first(org: Organisation) -> sa.Select[tuple[NameChangeRequest]]:
    return (
        sa.select(NameChangeRequest)
        .where(NameChangeRequest.organisation_id == org.id)
        .order_by(NameChangeRequest.created_at.desc())
    )


def waiting_name_changes() -> list[NameChangeRequest]:
    """For the operator's queue, oldest first."""
    return list(
        db.session.scalars(
            sa.select(NameChangeRequest)
            .where(NameChangeRequest.status == NameChangeStatus.PENDING)
            .order_by(NameChangeRequest.created_at)
        )
    )


def _decide(
    request: NameChangeRequest,
    action: str,
    actor: Actor,
    reason: str | None = None,
    read_version: int | None = None,
) -> None:
    def record_decision() -> None:
        request.decided_by_id = actor.user.id if actor.user is not None else None
        request.decided_at = utcnow()
        request.decline_reason = reason

    NAME_CHANGE_STATES.apply(
        request,
        action,
        actor,
        effects=record_decision,
        version=read_version,
        after={"reason": reason},
    )
