"""How accounts' values read on the pages: organisation kinds and statuses, roles, name change
requests and the ends of sign-in sessions (registered with ``market.core.labels``)."""

from __future__ import annotations

from collections.abc import Iterable

from flask import Flask
from flask_babel import lazy_gettext as _l

from market.accounts.models import NameChangeStatus, OrgKind, OrgStatus, Role, SessionEnd
from market.core.labels import register

ORG_KIND_LABELS = register(
    OrgKind,
    {
        OrgKind.BUYER: _l("Buyer"),
        OrgKind.VENDOR: _l("Vendor"),
        OrgKind.OPERATOR: _l("Platform operator"),
    },
)
ORG_STATUS_LABELS = register(
    OrgStatus,
    {
        OrgStatus.PENDING: _l("Pending review"),
        OrgStatus.ACTIVE: _l("Active"),
        OrgStatus.REJECTED: _l("Rejected"),
        OrgStatus.SUSPENDED: _l("Suspended"),
    },
)
# The short names; the forms that assign roles say what each one may do (forms.ROLE_LABELS).
ROLE_NAMES = register(
    Role,
    {
        Role.ADMIN: _l("Admin"),
        Role.REQUESTER: _l("Requester"),
        Role.OFFICER: _l("Procurement officer"),
        Role.APPROVER: _l("Approver"),
        Role.AUDITOR: _l("Auditor"),
        Role.STAFF: _l("Staff"),
        Role.REVIEWER: _l("Reviewer"),
    },
)
NAME_CHANGE_STATUS_LABELS = register(
    NameChangeStatus,
    {
        NameChangeStatus.PENDING: _l("Waiting for the operator"),
        NameChangeStatus.APPROVED: _l("Approved"),
        NameChangeStatus.DECLINED: _l("Declined"),
    },
)
SESSION_END_LABELS = register(
    SessionEnd,
    {
        SessionEnd.SIGNED_OUT: _l("Signed out"),
        SessionEnd.PASSWORD_CHANGED: _l("Password changed in another session"),
        SessionEnd.PASSWORD_RESET: _l("Password reset"),
        SessionEnd.REMOVED: _l("Removed from the organisation"),
    },
)


def role_names(roles: Iterable[str]) -> str:
    """Roles (members or values, as an invitation keeps them) as words in the order of ``Role``:
    'Admin, Staff'."""
    held = {Role(role) for role in roles}
    return ", ".join(str(ROLE_NAMES[role]) for role in Role if role in held)


def init_app(app: Flask) -> None:
    from market.accounts import (
        audit_views,  # noqa: F401 (how its events read in the audit log)
        next_steps,  # noqa: F401 (its pages on the home page)
    )

    app.add_template_filter(role_names, "role_names")
