"""Who may see and change which organisation's green channel.

- A buyer organisation's members read its configuration (requesters need to know the rules
  their cases will meet); its admins change it.
- A group's admins, officers and auditors also read their subsidiaries' (read-only).
- Everyone else: 404.
"""

from __future__ import annotations

from market.accounts.models import Organisation, OrgKind, Role, User

# The group roles that look after subsidiaries' procurement (DESIGN.md, "Who sees what").
GROUP_READERS = (Role.ADMIN, Role.OFFICER, Role.AUDITOR)


def is_member(user: User | None, org: Organisation) -> bool:
    return user is not None and user.is_enabled and user.organisation_id == org.id


def oversees(user: User | None, org: Organisation) -> bool:
    """A group's admin, officer or auditor, looking at one of its subsidiaries."""
    return (
        user is not None
        and user.is_enabled
        and org.parent_id is not None
        and user.organisation_id == org.parent_id
        and any(user.has_role(role, OrgKind.BUYER) for role in GROUP_READERS)
    )


def can_view_green_channel(user: User | None, org: Organisation) -> bool:
    return org.kind == OrgKind.BUYER and (is_member(user, org) or oversees(user, org))


def can_configure_green_channel(user: User | None, org: Organisation) -> bool:
    return (
        org.kind == OrgKind.BUYER
        and is_member(user, org)
        and user is not None
        and user.has_role(Role.ADMIN, OrgKind.BUYER)
    )
