"""Rules shared by the account verbs: normalising input and checking it against what exists.

They only read; each reports problems into an ``errors`` dict keyed by input field, so a verb can
collect every problem before it writes anything.
"""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from flask_babel import gettext as _

from market.accounts.credit_code import normalise_credit_code
from market.accounts.models import ROLES_BY_KIND, Organisation, OrgKind, Role, User
from market.core.db import db

Errors = dict[str, list[str]]


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def normalise_email(email: str) -> str:
    return email.strip().lower()


def check_new_credit_code(value: str, errors: Errors) -> str:
    try:
        code = normalise_credit_code(value)
    except ValueError as exc:
        errors["credit_code"] = [str(exc)]
        return value
    taken = db.session.scalar(sa.select(Organisation.id).where(Organisation.credit_code == code))
    if taken is not None:
        errors["credit_code"] = [_("An organisation with this credit code is registered already.")]
    return code


NAME_MAX = 200  # organisations.name_zh and name_en


def check_names(name_zh: str, name_en: str, errors: Errors) -> tuple[str, str]:
    """Both names, stripped: each is required and fits its column."""
    names = {"name_zh": name_zh.strip(), "name_en": name_en.strip()}
    for field, name in names.items():
        if not name:
            errors[field] = [_("This field is required.")]
        elif len(name) > NAME_MAX:
            errors[field] = [_("At most %(count)d characters.", count=NAME_MAX)]
    return names["name_zh"], names["name_en"]


def check_parent(kind: OrgKind, parent: Organisation | None, errors: Errors) -> None:
    if parent is None:
        return
    if kind != OrgKind.BUYER or parent.kind != OrgKind.BUYER:
        errors["parent"] = [_("Only a buyer organisation can be part of a buyer group.")]
    elif parent.parent_id is not None:
        errors["parent"] = [_("A subsidiary cannot itself be a group.")]


def email_taken(email: str) -> bool:
    return db.session.scalar(sa.select(User.id).where(User.email == email)) is not None


def check_new_email(email: str, errors: Errors, field: str = "email") -> None:
    if email_taken(email):
        errors[field] = [_("An account with this e-mail address exists already.")]


def check_roles(org: Organisation, roles: frozenset[Role], errors: Errors) -> None:
    if not roles:
        errors["roles"] = [_("Choose at least one role.")]
    elif wrong := roles - set(ROLES_BY_KIND[org.kind]):
        errors["roles"] = [
            _(
                "Not a role in a %(kind)s organisation: %(roles)s",
                kind=org.kind.value,
                roles=", ".join(sorted(wrong)),
            )
        ]
