"""Search in the navigation bar, and the home page's next step for the buyers who look for
suppliers."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from market.accounts.models import OrgKind, Role
from market.core.next_steps import NextStep, register
from market.core.permissions import NavLink, register_navigation

# The buyer roles whose work starts from a product: the requester with a need, the officer who
# runs the case, the approvers who decide on it.
SEARCHING_ROLES = (Role.REQUESTER, Role.OFFICER, Role.APPROVER)

register(
    NextStep(
        _l("Find a supplier"),
        _l("Search verified innovative products by need, field and evidence."),
        "discovery.search_page",
        lambda user: any(user.has_role(role, OrgKind.BUYER) for role in SEARCHING_ROLES),
    ),
)

register_navigation(NavLink(_l("Search"), "discovery.search_page", lambda user: True, place=10))
