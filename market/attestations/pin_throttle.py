"""The throttle on wrong signing PINs: a PIN is short, and a key's owner types it where a
session or a token already vouches for them, so whoever holds a stolen session could guess
it online. After ``PIN_THROTTLE_PER_USER`` wrong PINs by one person, or
``PIN_THROTTLE_PER_ADDRESS`` from one address, every view taking a PIN refuses for the rest of
the window, even the right PIN (429), pages and API alike.

Only failures count (``deduct_when``): ``signing_keys`` marks the request (``g.pin_failed``)
when a PIN does not open a key, so someone who types it right is never slowed. The counts are
shared by every view this decorates (one bucket per person, one per address), so spreading
guesses over pages and endpoints gains nothing.

Usage, innermost, under the route and the sign-in check::

    @bp.post("/…")
    @requires(…)
    @throttle_pin
    def view(…): …
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from flask import current_app, g
from flask_babel import ngettext
from flask_limiter import RateLimitExceeded
from flask_limiter.util import get_remote_address
from flask_login import current_user

from market.core.errors import DomainError
from market.core.extensions import limiter
from market.core.web import HTTP_CODES

F = TypeVar("F", bound=Callable[..., Any])


class PinThrottled(DomainError):
    """Too many wrong PINs: rendered like every domain error, as the error page or the API's
    JSON error, with status 429 and the code the sign-in throttle answers with."""

    status = 429
    code = HTTP_CODES[429]


def _pin_failed(_response: Any) -> bool:
    return bool(g.get("pin_failed"))


def _user_key() -> str:
    # Views taking a PIN are for signed-in people; a visitor is refused before this counts.
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return "visitor:" + (get_remote_address() or "unknown")


def _minutes(error: RateLimitExceeded) -> int:
    return max(1, -(-error.limit.limit.get_expiry() // 60))


def throttle_pin(view: F) -> F:
    """Refuse a view's POSTs after too many wrong PINs by the signed-in person or from their
    address (``PinThrottled``, 429); only wrong PINs count."""
    limited = limiter.shared_limit(
        lambda: current_app.config["PIN_THROTTLE_PER_USER"],
        scope="signing-pin-user",
        key_func=_user_key,
        methods=["POST"],
        deduct_when=_pin_failed,
    )(view)
    limited = limiter.shared_limit(
        lambda: current_app.config["PIN_THROTTLE_PER_ADDRESS"],
        scope="signing-pin-address",
        key_func=get_remote_address,
        methods=["POST"],
        deduct_when=_pin_failed,
    )(limited)

    @functools.wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return limited(*args, **kwargs)
        except RateLimitExceeded as exceeded:
            minutes = _minutes(exceeded)
            raise PinThrottled(
                ngettext(
                    "Too many wrong PINs from your account or from this address: nothing was "
                    "signed. Wait %(num)d minute and try again.",
                    "Too many wrong PINs from your account or from this address: nothing was "
                    "signed. Wait %(num)d minutes and try again.",
                    minutes,
                )
            ) from None

    return wrapper  # type: ignore[return-value]
