"""Who may see and change which organisation's green channel.

- A buyer organisation's members read its configuration (requesters need to know the rules
  their cases will meet); its admins change it.
- A group's admins, officers and auditors also read their subsidiaries' (read-only).
- Everyone else: 404.
"""

from __future__ import annotations

from typing import Any

from market.accounts.models import Organisation, OrgKind, Role, User
from market.accounts.permissions import can_view_members as is_member
from market.core.permissions import oversees, reader


def can_view_green_channel(user: User | None, org: Organisation) -> bool:
    return org.kind == OrgKind.BUYER and (is_member(user, org) or oversees(user, org))


def can_configure_green_channel(user: User | None, org: Organisation) -> bool:
    return (
        org.kind == OrgKind.BUYER
        and is_member(user, org)
        and user is not None
        and user.has_role(Role.ADMIN, OrgKind.BUYER)
    )


# -- cases ---------------------------------------------------------------------------------
# A buyer organisation's members see its cases, and a group's admins, officers and auditors
# its subsidiaries' (read-only: every verb below asks for membership). Auditors read and change
# nothing. A vendor never opens a case: it sees its shortlistings (``vendor_shortlistings``).
# Everyone else: 404.


def is_case_member(user: User | None, case: Any) -> bool:
    return (
        user is not None
        and user.is_enabled
        and user.organisation_id == case.organisation_id
        and user.organisation is not None
        and user.organisation.is_active
        and user.organisation.kind == OrgKind.BUYER
    )


def _holds(user: User | None, case: Any, *roles: Role) -> bool:
    return is_case_member(user, case) and any(
        user is not None and user.has_role(role, OrgKind.BUYER) for role in roles
    )


def can_view_case(user: User | None, case: Any) -> bool:
    return is_case_member(user, case) or oversees(user, case.organisation)


def can_raise_case(user: User | None) -> bool:
    """Requesters state needs; officers may raise one for them."""
    return user is not None and (
        user.has_role(Role.REQUESTER, OrgKind.BUYER) or user.has_role(Role.OFFICER, OrgKind.BUYER)
    )


def may_raise_case(user: Any) -> bool:
    """For templates, where the reader may be flask-login's anonymous visitor."""
    return can_raise_case(reader(user))


def is_case_officer(user: User | None, case: Any) -> bool:
    """Any procurement officer of the organisation runs its cases (the one who started the
    evaluation is recorded, not the only one allowed: officers stand in for each other)."""
    return _holds(user, case, Role.OFFICER)


def can_score(user: User | None, case: Any) -> bool:
    return _holds(user, case, Role.OFFICER, Role.REQUESTER)


def is_case_approver(user: User | None, case: Any) -> bool:
    return _holds(user, case, Role.APPROVER)


def can_cancel_case(user: User | None, case: Any) -> bool:
    """An officer, or the requester who raised it (while still a requester there)."""
    return is_case_officer(user, case) or (
        user is not None and case.raised_by_id == user.id and _holds(user, case, Role.REQUESTER)
    )


def is_vendor_member(user: User | None) -> bool:
    """A member of an active vendor: only a live listing can have been shortlisted."""
    return (
        user is not None
        and user.is_enabled
        and user.organisation is not None
        and user.organisation.kind == OrgKind.VENDOR
        and user.organisation.is_active
    )


def reads_cases(user: User | None) -> bool:
    """A member of an active buyer organisation: the case list is theirs."""
    return (
        user is not None
        and user.is_enabled
        and user.organisation is not None
        and user.organisation.kind == OrgKind.BUYER
        and user.organisation.is_active
    )


# -- trials ----------------------------------------------------------------------------------
# The vendor of the selected product sees the vendor-facing part of a case from the decision
# on (the trial's terms, reports, incidents and outcome; never votes, scores, risks or
# determinations) and takes the vendor's verbs on it.


def is_case_vendor(user: User | None, case: Any) -> bool:
    entry = case.selected_entry
    return (
        entry is not None
        and is_vendor_member(user)
        and user is not None
        and user.organisation_id == entry.vendor_id
    )
