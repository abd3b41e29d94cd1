"""How accounts' audit events read in the audit log (market.core.audit_display): the verbs, the
fields, and a link to each organisation, member and token where its reader may open one."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from market.accounts import permissions
from market.accounts.display import role_names
from market.accounts.models import (
    ApiToken,
    Invitation,
    Membership,
    NameChangeRequest,
    NameChangeStatus,
    Organisation,
    OrgKind,
    OrgStatus,
    PasswordReset,
    User,
)
from market.core.audit_display import (
    ObjectRef,
    enum_values,
    register_fields,
    register_object,
    register_verbs,
)
from market.core.db import db
from market.core.labels import local_text

VERBS = {
    "organisation.registered": _l("Organisation registered"),
    "organisation.created": _l("Organisation created"),
    "organisation.approve": _l("Organisation approved"),
    "organisation.reject": _l("Organisation rejected"),
    "organisation.suspend": _l("Organisation suspended"),
    "organisation.reinstate": _l("Organisation reinstated"),
    "organisation.renamed": _l("Organisation renamed"),
    "name_change.requested": _l("Name change requested"),
    "name_change.approve": _l("Name change approved"),
    "name_change.decline": _l("Name change declined"),
    "user.created": _l("Member added"),
    "user.login": _l("Signed in"),
    "user.password_changed": _l("Password changed"),
    "user.password_reset": _l("Password set with a reset link"),
    "invitation.created": _l("Invitation sent"),
    "invitation.accepted": _l("Invitation accepted"),
    "invitation.revoked": _l("Invitation revoked"),
    "membership.roles_changed": _l("Roles changed"),
    "membership.removed": _l("Member removed"),
    "membership.restored": _l("Member restored"),
    "password_reset.issued": _l("Password reset link issued"),
    "api_token.created": _l("API token created"),
    "api_token.revoked": _l("API token revoked"),
}
FIELDS = {
    "kind": _l("Kind"),
    "status": _l("Status"),
    "name_zh": _l("Name (Chinese)"),
    "name_en": _l("Name (English)"),
    "credit_code": _l("Credit code"),
    "parent": _l("Group"),
    "reason": _l("Reason"),
    "note": _l("Note"),
    "email": _l("E-mail"),
    "roles": _l("Roles"),
    "user": _l("Member"),
    "expires_at": _l("Valid until"),
    "name": _l("Name"),
    "prefix": _l("Token"),
    "sessions_ended": _l("Other sessions signed out"),
    "tokens_revoked": _l("API tokens revoked"),
}


def _roles(value: Any) -> str | None:
    return role_names([value]) if isinstance(value, str) else None


def _moment(value: Any) -> str | None:
    try:
        return local_text(datetime.fromisoformat(value))
    except (TypeError, ValueError):
        return None


def _ids(ids: Sequence[str]) -> list[uuid.UUID]:
    return [uuid.UUID(object_id) for object_id in ids]


def _organisation_url(org: Organisation, reader: Any) -> str | None:
    if permissions.can_view_members(reader, org):
        return url_for("organisations.members", org_id=org.id)
    if permissions.can_manage_organisations(reader):
        return url_for(
            "organisations.operator_organisations", status=org.status.value, _anchor=f"org-{org.id}"
        )
    return None


def organisations(ids: Sequence[str], reader: Any) -> Mapping[str, ObjectRef]:
    found = db.session.scalars(sa.select(Organisation).where(Organisation.id.in_(_ids(ids))))
    return {
        str(org.id): ObjectRef(org.display_name, _organisation_url(org, reader)) for org in found
    }


def _in_organisation(
    model: Any,
    title: Callable[[Any], str],
    organisation_of: Callable[[Any], Organisation | None],
    *load: Any,
) -> Callable[[Sequence[str], Any], Mapping[str, ObjectRef]]:
    """Objects that belong to one organisation, linked to its page; ``load`` are the loader
    options that bring what ``title`` and ``organisation_of`` read in the same few queries."""

    def resolve(ids: Sequence[str], reader: Any) -> Mapping[str, ObjectRef]:
        found = db.session.scalars(sa.select(model).where(model.id.in_(_ids(ids))).options(*load))
        refs = {}
        for item in found:
            org = organisation_of(item)
            url = _organisation_url(org, reader) if org is not None else None
            refs[str(item.id)] = ObjectRef(title(item), url)
        return refs

    return resolve


def tokens(ids: Sequence[str], reader: Any) -> Mapping[str, ObjectRef]:
    found = db.session.scalars(sa.select(ApiToken).where(ApiToken.id.in_(_ids(ids))))
    return {
        str(token.id): ObjectRef(
            f"{token.name} ({token.prefix}…)",
            url_for("accounts.profile")
            if reader is not None and token.user_id == getattr(reader, "id", None)
            else None,
        )
        for token in found
    }


def _register() -> None:
    """Once, when the module is first imported (the registries are per process)."""
    register_verbs(VERBS)
    register_fields(
        FIELDS,
        {
            "kind": enum_values(OrgKind),
            "status": enum_values(OrgStatus, NameChangeStatus),
            "roles": _roles,
            "expires_at": _moment,
        },
    )
    register_object("Organisation", _l("Organisation"), organisations)
    register_object(
        "User",
        _l("Member"),
        _in_organisation(
            User,
            lambda u: u.email,
            lambda u: u.organisation,
            selectinload(User.membership).selectinload(Membership.organisation),
        ),
    )
    register_object(
        "Membership",
        _l("Membership"),
        _in_organisation(
            Membership,
            lambda m: m.user.email,
            lambda m: m.organisation,
            selectinload(Membership.user),
            selectinload(Membership.organisation),
        ),
    )
    register_object(
        "Invitation",
        _l("Invitation"),
        _in_organisation(
            Invitation,
            lambda i: i.email,
            lambda i: i.organisation,
            selectinload(Invitation.organisation),
        ),
    )
    register_object(
        "PasswordReset",
        _l("Password reset link"),
        _in_organisation(
            PasswordReset,
            lambda r: r.user.email,
            lambda r: r.user.organisation,
            selectinload(PasswordReset.user)
            .selectinload(User.membership)
            .selectinload(Membership.organisation),
        ),
    )
    register_object(
        "NameChangeRequest",
        _l("Name change request"),
        _in_organisation(
            NameChangeRequest,
            lambda r: f"{r.name_zh} ({r.name_en})",
            lambda r: r.organisation,
            selectinload(NameChangeRequest.organisation),
        ),
    )
    register_object("ApiToken", _l("API token"), tokens)


_register()
