"""Who is making the request: session users for pages, bearer tokens for the API, and the
throttle on failed sign-ins."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Flask, Request, current_app, g, redirect, request, url_for
from flask_babel import lazy_gettext as _l
from flask_limiter.util import get_remote_address

from market.accounts import sessions
from market.accounts.credentials import record_token_use, user_for_api_token
from market.accounts.models import User
from market.accounts.rules import normalise_email
from market.core.errors import AuthenticationFailed
from market.core.extensions import limiter, login_manager
from market.core.web import wants_json


def init_app(app: Flask) -> None:
    login_manager.login_view = "accounts.login"
    login_manager.login_message = _l("Please sign in to see this page.")
    login_manager.login_message_category = "info"
    login_manager.user_loader(_load_session_user)
    login_manager.request_loader(_load_token_user)
    login_manager.unauthorized_handler(_unauthorized)
    app.teardown_request(lambda _error: record_token_use())


def _load_session_user(session_id: str) -> User | None:
    # The API ignores the session cookie: it is exempt from CSRF, so only a bearer token may
    # authenticate it, or any site could make a signed-in browser call it.
    if wants_json():
        return None
    return sessions.user_for(session_id)


def _load_token_user(req: Request) -> User | None:
    if not wants_json():
        return None
    scheme, _, raw = req.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not raw.strip():
        return None
    return user_for_api_token(raw.strip())


def _unauthorized() -> Any:
    if wants_json():
        raise AuthenticationFailed(
            str(_l("Send a valid API token: Authorization: Bearer <token>."))
        )
    return redirect(url_for(login_manager.login_view, next=request.full_path.rstrip("?")))


def mark_sign_in_failed() -> None:
    """Count this request against the sign-in throttle."""
    g.sign_in_failed = True


def _sign_in_failed(_response: Any) -> bool:
    return bool(g.get("sign_in_failed"))


def _account_key() -> str:
    email = request.form.get("email")
    if email is None:
        body = request.get_json(silent=True)
        email = body.get("email") if isinstance(body, dict) else None
    return "account:" + normalise_email(str(email or ""))


def throttle_sign_in(view: Callable[..., Any]) -> Callable[..., Any]:
    """Refuse sign-in attempts after too many failures for one account or from one address.

    Only failures count (deduct_when), so a user who types the password right is never slowed.
    """
    view = limiter.limit(
        lambda: current_app.config["LOGIN_THROTTLE_PER_ACCOUNT"],
        key_func=_account_key,
        methods=["POST"],
        deduct_when=_sign_in_failed,
        scope="sign-in-account",
    )(view)
    return limiter.limit(
        lambda: current_app.config["LOGIN_THROTTLE_PER_ADDRESS"],
        key_func=get_remote_address,
        methods=["POST"],
        deduct_when=_sign_in_failed,
        scope="sign-in-address",
    )(view)
