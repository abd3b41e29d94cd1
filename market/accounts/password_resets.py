"""The verbs of password reset links. No mail server is needed: an organisation's admin (or an
operator, from the command line) issues a link for a member who forgot their password and hands
it over, as with invitations. A link works once, for a day, and only the newest one for a user.
Each verb checks its rules, writes audit events and flushes; none commits."""

from __future__ import annotations

import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask_babel import gettext as _

from market.accounts.membership import require_member_admin
from market.accounts.models import Membership, PasswordReset, SessionEnd, User
from market.accounts.passwords import hash_password, password_problems
from market.accounts.rules import hash_token
from market.accounts.sessions import end_sessions_of
from market.core.audit import Actor, record_event
from market.core.db import db, utcnow
from market.core.errors import Conflict, NotFound, ValidationFailed

RESET_LIFETIME = timedelta(days=1)


def issue_password_reset(member: Membership, actor: Actor) -> tuple[PasswordReset, str]:
    """A new link for ``member`` (earlier open ones stop working); returns it and its raw token.

    Raises NotFound, PermissionDenied (not the organisation's admin), Conflict (yourself: use
    your profile; or a removed member).
    """
    if not actor.is_system:
        require_member_admin(member.organisation, actor)
    user = member.user
    if actor.user is not None and actor.user.id == user.id:
        raise Conflict(_("Change your own password on your profile page."))
    if not user.is_enabled:
        raise Conflict(_("%(name)s was removed from the organisation.", name=user.name))
    now = utcnow()
    for earlier in _open_resets_of(user, now):
        earlier.revoked_at = now
    raw = secrets.token_urlsafe(32)
    reset = PasswordReset(
        user=user,
        token_hash=hash_token(raw),
        issued_by_id=actor.user.id if actor.user is not None else None,
        created_at=now,
        expires_at=now + RESET_LIFETIME,
    )
    db.session.add(reset)
    db.session.flush()
    record_event(
        actor,
        "password_reset.issued",
        reset,
        after={"user": user.id, "expires_at": reset.expires_at},
        organisation_id=member.organisation_id,
    )
    return reset, raw


def find_open_password_reset(raw_token: str) -> PasswordReset:
    """Raises NotFound for unknown, used, replaced and expired links alike."""
    reset = db.session.scalar(
        sa.select(PasswordReset).where(PasswordReset.token_hash == hash_token(raw_token))
    )
    if reset is None or not reset.is_open(utcnow()) or not reset.user.is_enabled:
        raise NotFound(_("This password reset link is not valid any more. Ask for a new one."))
    return reset


def reset_password(reset: PasswordReset, new_password: str, actor: Actor) -> User:
    """Set the new password and end every session of the user. Raises NotFound (the link is
    closed), ValidationFailed (password)."""
    user = reset.user
    if not reset.is_open(utcnow()) or not user.is_enabled:
        raise NotFound(_("This password reset link is not valid any more. Ask for a new one."))
    if problems := password_problems(new_password, user.email):
        raise ValidationFailed(_("Please correct the marked fields."), {"password": problems})
    user.password_hash = hash_password(new_password)
    end_sessions_of(user, SessionEnd.PASSWORD_RESET)
    reset.used_at = utcnow()
    db.session.flush()
    record_event(
        actor, "user.password_reset", user, organisation_id=user.organisation_id, actor_user=user
    )
    return user


def _open_resets_of(user: User, now: datetime) -> list[PasswordReset]:
    return list(
        db.session.scalars(
            sa.select(PasswordReset).where(
                PasswordReset.user_id == user.id,
                PasswordReset.used_at.is_(None),
                PasswordReset.revoked_at.is_(None),
                PasswordReset.expires_at > now,
            )
        )
    )
