"""An organisation's pages and the operator's: their links in the navigation bar and their
next steps on the home page."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from market.accounts import permissions
from market.accounts.models import OrgStatus
from market.core.next_steps import ORGANISATION, PERSONAL, NextStep, register
from market.core.permissions import NavLink, register_navigation


def _org(user):  # the URL arguments of a page about the user's own organisation
    return {"org_id": user.organisation_id}


register(
    NextStep(
        _l("Pending registrations"),
        _l("Vendors waiting for your review, and buyer organisations to create."),
        "organisations.operator_organisations",
        permissions.can_manage_organisations,
        lambda user: {"status": OrgStatus.PENDING.value},
    ),
    NextStep(
        _l("Platform audit log"),
        _l("Everything that happened on the platform, by whom and when."),
        "core.platform_audit_log",
        permissions.can_view_platform_audit_log,
    ),
    NextStep(
        _l("Members"),
        _l("Your organisation's members, their roles and invitations."),
        "organisations.members",
        lambda user: (
            user.organisation is not None and permissions.can_view_members(user, user.organisation)
        ),
        _org,
        ORGANISATION,
    ),
    NextStep(
        _l("Audit log"),
        _l("What happened in your organisation, by whom and when."),
        "core.organisation_audit_log",
        lambda user: (
            user.organisation is not None
            and permissions.can_view_organisation_audit_log(user, user.organisation)
        ),
        _org,
        ORGANISATION,
    ),
    NextStep(
        _l("Profile"),
        _l("Your password, sessions and API tokens."),
        "accounts.profile",
        lambda user: True,
        place=PERSONAL,
    ),
)

register_navigation(
    NavLink(
        _l("My organisation"),
        "organisations.members",
        lambda user: user is not None and user.organisation is not None,
        _org,
        place=60,
    ),
    NavLink(
        _l("Organisations"),
        "organisations.operator_organisations",
        permissions.can_manage_organisations,
        lambda user: {"status": OrgStatus.PENDING.value},
        place=70,
    ),
    NavLink(
        _l("Audit log"),
        "core.platform_audit_log",
        permissions.can_view_platform_audit_log,
        place=80,
    ),
)
