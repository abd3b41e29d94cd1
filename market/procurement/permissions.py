"""Who may see and change which organisation's green channel.

- A buyer organisation's members read its configuration (requesters need to know the rules
  their cases will meet); its admins change it.
- A group's admins, officers and auditors also read their subsidiaries' (read-only).
- Everyone else: 404.
"""

from __future__ import annotations

from market.accounts.models import Organisation, OrgKind, Role, User
from market.accounts.permissions import can_view_members as is_member
from market.core.permissions import oversees


def can_view_green_channel(user: User | None, org: Organisation) -> bool:
    return org.kind == OrgKind.BUYER and (is_member(user, org) or oversees(user, org))


def can_configure_green_channel(user: User | None, org: Organisation) -> bool:
    return (
        org.kind == OrgKind.BUYER
        and is_member(user, org)
        and user is not None
        and user.has_role(Role.ADMIN, OrgKind.BUYER)
    )
