"""The verbs of sign-in sessions: begin one, find the user a cookie belongs to, end one or all.

flask-login keeps ``user.get_id()`` in the signed session cookie (and the remember-me cookie). A
signed cookie cannot be taken back, so what it carries is a random secret and the server decides
whether that secret still opens anything: a session ended here is ended for every copy of the
cookie, whoever holds it.
"""

from __future__ import annotations

import secrets

import sqlalchemy as sa
from flask_login import current_user, login_user, logout_user
from sqlalchemy.orm import joinedload

from market.accounts.models import SessionEnd, SignInSession, User
from market.accounts.rules import hash_token
from market.core.db import db, utcnow


def sign_in(user: User, *, remember: bool = False) -> None:
    """Begin a session for ``user`` in this browser (the request's transaction writes it)."""
    begin_session(user)
    login_user(user, remember=remember)


def begin_session(user: User) -> str:
    """A new live session of ``user``; returns its secret, which only the cookie keeps."""
    secret = secrets.token_urlsafe(32)
    db.session.add(SignInSession(user=user, secret_hash=hash_token(secret)))
    db.session.flush()
    user.sign_in_secret = secret
    return secret


def sign_out() -> None:
    """End this browser's session on the server, then forget it here."""
    if current_user.is_authenticated and current_user.sign_in_secret:
        _end(_live(current_user.sign_in_secret), SessionEnd.SIGNED_OUT)
    logout_user()


def user_for(secret: str) -> User | None:
    """The enabled user whose live session this is, with the secret set for get_id(); one query."""
    session = db.session.scalar(
        sa.select(SignInSession)
        .options(joinedload(SignInSession.user))
        .where(SignInSession.secret_hash == hash_token(secret), SignInSession.ended_at.is_(None))
    )
    if session is None or not session.user.is_enabled:
        return None
    session.user.sign_in_secret = secret
    return session.user


def end_sessions_of(user: User, reason: SessionEnd, *, keep: str | None = None) -> int:
    """End every live session of ``user`` but the one whose secret is ``keep``; how many ended."""
    query = sa.select(SignInSession).where(
        SignInSession.user_id == user.id, SignInSession.ended_at.is_(None)
    )
    if keep is not None:
        query = query.where(SignInSession.secret_hash != hash_token(keep))
    ended = list(db.session.scalars(query))
    for session in ended:
        _end(session, reason)
    return len(ended)


def _live(secret: str) -> SignInSession | None:
    return db.session.scalar(
        sa.select(SignInSession).where(
            SignInSession.secret_hash == hash_token(secret), SignInSession.ended_at.is_(None)
        )
    )


def _end(session: SignInSession | None, reason: SessionEnd) -> None:
    if session is not None:
        session.ended_at = utcnow()
        session.end_reason = reason
        db.session.flush()
