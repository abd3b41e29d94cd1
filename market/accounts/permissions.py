"""Who may do what to which organisation. Every view and API endpoint asks these."""

from __future__ import annotations

from typing import TYPE_CHECKING

from market.accounts.models import OrgKind, Role

if TYPE_CHECKING:
    from market.accounts.models import Organisation, User


def is_operator_admin(user: User | None) -> bool:
    return user is not None and user.has_role(Role.ADMIN, OrgKind.OPERATOR)


def can_manage_organisations(user: User | None) -> bool:
    """Approve vendors, create buyer organisations: the platform operator's admins."""
    return is_operator_admin(user)


def can_view_organisation(user: User | None, org: Organisation) -> bool:
    """Its members, and the operator's admins, who review and list every organisation."""
    return can_view_members(user, org) or is_operator_admin(user)


def can_view_members(user: User | None, org: Organisation) -> bool:
    # Members of a pending organisation may see it, so its admin can follow the review.
    return user is not None and user.is_enabled and user.organisation_id == org.id


def can_manage_members(user: User | None, org: Organisation) -> bool:
    return can_view_members(user, org) and user is not None and user.has_role(Role.ADMIN)


def can_view_platform_audit_log(user: User | None) -> bool:
    return is_operator_admin(user)


def can_view_organisation_audit_log(user: User | None, org: Organisation) -> bool:
    """An organisation's admins, and a buyer's auditors, read the events about it."""
    if user is None or user.organisation_id != org.id:
        return False
    return user.has_role(Role.ADMIN) or user.has_role(Role.AUDITOR, OrgKind.BUYER)
