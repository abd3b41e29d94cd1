"""The shared pieces of "who may see what": refusing the way the product refuses (404 for what
a user may not see, 403 for what they see but may not do), the decorator pages and the API put
on views, a buyer group's scope over its subsidiaries, and the navigation bar, which features
fill beside the permissions that guard their pages, so a link shows exactly when its page
answers. Each feature's ``permissions.py`` keeps its own rules; these are the verbs they share.
"""

from __future__ import annotations

import functools
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user

from market.accounts.models import Organisation, OrgKind, Role, User
from market.core.db import db
from market.core.errors import AuthenticationFailed, NotFound, PermissionDenied
from market.core.extensions import login_manager
from market.core.web import wants_json

T = TypeVar("T")
F = TypeVar("F", bound=Callable[..., Any])

# The roles of a buyer group that look after its subsidiaries (read-only there).
GROUP_ROLES = (Role.ADMIN, Role.OFFICER, Role.AUDITOR)


def reader(user: Any) -> User | None:
    """The signed-in user, or None for a visitor (flask-login's anonymous user has no roles)."""
    return user if user is not None and getattr(user, "is_authenticated", False) else None


def visible_or_404(obj: T | None, may_see: Callable[[T], bool], message: str | None = None) -> T:
    """``obj`` when the reader may see it; otherwise the same 404 as for one that is not there,
    so its existence does not leak."""
    if obj is None or not may_see(obj):
        raise NotFound(message or _("Not found."))
    return obj


def requires(check: Callable[[User], bool], *, hidden: bool = False, message: Any = None):
    """A view decorator for pages and the API: a visitor is asked to sign in (401 in the API,
    the sign-in page elsewhere), a user failing ``check`` gets 403, or 404 when ``hidden`` (a
    page whose existence is nobody else's business)."""

    def decorate(view: F) -> F:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            user = reader(current_user)
            if user is None:
                if wants_json():
                    raise AuthenticationFailed(
                        _("Send a valid API token: Authorization: Bearer <token>.")
                    )
                return login_manager.unauthorized()
            if not check(user):
                if hidden:
                    raise NotFound(_("No such page."))
                raise PermissionDenied(str(message or _("You may not do this.")))
            return view(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorate


def group_reader(user: User | None) -> bool:
    """Holds a role that reads the subsidiaries of the user's buyer group."""
    return user is not None and any(user.has_role(role, OrgKind.BUYER) for role in GROUP_ROLES)


def oversees(user: User | None, organisation: Any) -> bool:
    """A group's admin, officer or auditor, looking at one of the group's subsidiaries."""
    return (
        user is not None
        and user.is_enabled
        and organisation.parent_id is not None
        and organisation.parent_id == user.organisation_id
        and group_reader(user)
    )


def organisation_scope(user: User | None) -> frozenset[uuid.UUID]:
    """The organisations whose buyer records ``user`` may read: their own, and for a group's
    admins, officers and auditors its subsidiaries too."""
    if user is None or not user.is_enabled or user.organisation is None:
        return frozenset()
    own = user.organisation
    if not group_reader(user):
        return frozenset({own.id})
    subsidiaries = db.session.scalars(
        sa.select(Organisation.id).where(Organisation.parent_id == own.id)
    )
    return frozenset({own.id, *subsidiaries})


# -- the navigation bar ----------------------------------------------------------------------


@dataclass(frozen=True)
class NavLink:
    label: Any  # a lazy gettext string
    endpoint: str
    offered: Callable[[User | None], bool]  # None: a visitor
    arguments: Callable[[User], Mapping[str, Any]] = lambda user: {}
    place: int = 50


@dataclass(frozen=True)
class Link:
    label: str
    url: str


_NAVIGATION: dict[str, NavLink] = {}  # by endpoint: an app factory run twice registers once


def register_navigation(*links: NavLink) -> None:
    for link in links:
        _NAVIGATION[link.endpoint] = link


def navigation(user: Any) -> list[Link]:
    """The links of the navigation bar for ``user`` (anyone), in place order."""
    who = reader(user)
    offered = sorted(
        (link for link in _NAVIGATION.values() if link.offered(who)), key=lambda offer: offer.place
    )
    return [
        Link(str(link.label), url_for(link.endpoint, **(link.arguments(who) if who else {})))
        for link in offered
    ]
