"""The verbs of credentials: logging in, changing passwords, API tokens."""

from __future__ import annotations

import secrets
from datetime import timedelta

import sqlalchemy as sa
from flask import current_app, g
from flask_babel import gettext as _

from market.accounts.models import ApiToken, SessionEnd, User
from market.accounts.passwords import (
    hash_password,
    needs_rehash,
    password_problems,
    verify_password,
)
from market.accounts.rules import hash_token, normalise_email
from market.accounts.sessions import end_sessions_of
from market.core.audit import Actor, record_event
from market.core.db import db, utcnow
from market.core.errors import AuthenticationFailed, NotFound, ValidationFailed

TOKEN_PREFIX = "pm_"  # noqa: S105 (a label that makes leaked tokens easy to spot, not a secret)
# last_used_at is a hint for the owner, not an access log: refresh it at most this often.
LAST_USED_RESOLUTION = timedelta(minutes=5)
# Compared against when the e-mail is unknown, so both failures take the same time.
_DUMMY_HASH = None


def authenticate(email: str, password: str) -> User:
    """Return the enabled user with these credentials; raises AuthenticationFailed otherwise."""
    global _DUMMY_HASH
    user = db.session.scalar(sa.select(User).where(User.email == normalise_email(email)))
    if user is None:
        _DUMMY_HASH = _DUMMY_HASH or hash_password(secrets.token_hex(8))
        verify_password(_DUMMY_HASH, password)
        raise AuthenticationFailed(_("Wrong e-mail address or password."))
    if not verify_password(user.password_hash, password) or not user.is_enabled:
        raise AuthenticationFailed(_("Wrong e-mail address or password."))
    if needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    return user


def record_login(user: User, actor: Actor) -> None:
    user.last_login_at = utcnow()
    db.session.flush()
    record_event(actor, "user.login", user, actor_user=user)


def change_password(
    user: User,
    current: str,
    new: str,
    actor: Actor,
    *,
    keep_session: str | None = None,
    revoke_tokens: bool = False,
) -> None:
    """Ends every session of the user but ``keep_session`` (the secret of the one asking), and
    with ``revoke_tokens`` every API token too: a token is a credential of its own, which the old
    password's holder may have minted. Raises ValidationFailed (current_password, new_password)."""
    errors: dict[str, list[str]] = {}
    if not verify_password(user.password_hash, current):
        errors["current_password"] = [_("This is not your current password.")]
    if problems := password_problems(new, user.email):
        errors["new_password"] = problems
    if errors:
        raise ValidationFailed(_("Please correct the marked fields."), errors)
    user.password_hash = hash_password(new)
    ended = end_sessions_of(user, SessionEnd.PASSWORD_CHANGED, keep=keep_session)
    revoked = revoke_tokens_of(user) if revoke_tokens else 0
    db.session.flush()
    record_event(
        actor,
        "user.password_changed",
        user,
        after={"sessions_ended": ended, "tokens_revoked": revoked},
    )


def create_api_token(user: User, name: str, actor: Actor) -> tuple[ApiToken, str]:
    """Returns the token row and the raw token, which is shown once and never stored.

    Raises ValidationFailed (name)."""
    name = name.strip()
    if not name or len(name) > 80:
        raise ValidationFailed(
            _("Please correct the marked fields."),
            {"name": [_("Give the token a name of 1 to 80 characters.")]},
        )
    raw = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user=user, name=name, token_hash=hash_token(raw), prefix=raw[:10])
    db.session.add(token)
    db.session.flush()
    record_event(actor, "api_token.created", token, after={"name": name, "prefix": token.prefix})
    return token, raw


def revoke_api_token(token: ApiToken, actor: Actor) -> None:
    """Raises NotFound when the token is not the actor's own."""
    if actor.user is None or token.user_id != actor.user.id:
        raise NotFound(_("No such token."))
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        db.session.flush()
        record_event(actor, "api_token.revoked", token, after={"prefix": token.prefix})


def revoke_tokens_of(user: User) -> int:
    """Revoke every live API token of ``user`` (part of a verb that records its own event)."""
    now = utcnow()
    live = list(
        db.session.scalars(
            sa.select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None))
        )
    )
    for token in live:
        token.revoked_at = now
    return len(live)


def tokens_of(user: User) -> list[ApiToken]:
    return list(
        db.session.scalars(
            sa.select(ApiToken)
            .where(ApiToken.user_id == user.id)
            .order_by(ApiToken.revoked_at.is_not(None), ApiToken.created_at.desc())
        )
    )


def user_for_api_token(raw: str) -> User | None:
    """The enabled owner of a live token, or None."""
    token = db.session.scalar(sa.select(ApiToken).where(ApiToken.token_hash == hash_token(raw)))
    if token is None or token.is_revoked or not token.user.is_enabled:
        return None
    now = utcnow()
    if token.last_used_at is None or now - token.last_used_at > LAST_USED_RESOLUTION:
        g.api_token_used = (token.id, now)
    return token.user


def record_token_use() -> None:
    """Note when the request's token was used (``user_for_api_token`` decided it was due), in a
    transaction of its own once the request's is over.

    Not inside the request's transaction: on SQLite a read-only request that then writes cannot
    wait for another writer and would fail with "database is locked", and a hint for the owner
    must never fail a request. If the database is busy past its wait, the hint is skipped.
    """
    used = g.pop("api_token_used", None)
    if used is None:
        return
    token_id, when = used
    try:
        db.session.execute(
            sa.update(ApiToken).where(ApiToken.id == token_id).values(last_used_at=when)
        )
        db.session.commit()
    except sa.exc.OperationalError:
        db.session.rollback()
        current_app.logger.warning("API token %s: when it was last used went unrecorded", token_id)
