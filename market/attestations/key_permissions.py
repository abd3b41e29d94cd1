"""Who may see and act on which signing keys, for the pages and the API alike.

- A buyer organisation's admins, officers and approvers hold a key of their own; everyone
  else is refused the "my signing key" page (403: nothing about anyone else is shown there).
- An organisation's admins see its signers and their keys (its registrars register and revoke
  them); its other members are refused (403), everyone else gets 404, as for an organisation
  or a key that is not there.
"""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from flask_babel import gettext as _

from market.accounts.models import Organisation, OrgKind, Role, User
from market.accounts.permissions import can_view_members as is_member
from market.attestations.keys import SigningKey
from market.attestations.signing_keys import SIGNER_ROLES
from market.core.db import db
from market.core.errors import NotFound, PermissionDenied


def holds_key(user: User | None) -> bool:
    """Signs with a key of their own: an admin, officer or approver of an active buyer."""
    return (
        user is not None
        and user.is_enabled
        and any(user.has_role(role, OrgKind.BUYER) for role in SIGNER_ROLES)
    )


def may_enrol(user: User | None) -> bool:
    """May enrol their own key as the organisation's registrar: a buyer's admins."""
    return user is not None and user.is_enabled and user.has_role(Role.ADMIN, OrgKind.BUYER)


def manages_keys(user: User | None, org: Organisation) -> bool:
    """Sees the organisation's signers and their keys: its admins."""
    return org.kind == OrgKind.BUYER and is_member(user, org) and may_enrol(user)


def managed_organisation(org_id: uuid.UUID, user: User) -> Organisation:
    """The organisation whose keys ``user`` looks after: 404 unless they are its member, 403
    for a member who is not its admin."""
    org = db.session.get(Organisation, org_id)
    if org is None or org.kind != OrgKind.BUYER or not is_member(user, org):
        raise NotFound(_("No such organisation."))
    if not manages_keys(user, org):
        raise PermissionDenied(_("Only the organisation's admins look after its signing keys."))
    return org


def key_in_organisation(key_id: str, user: User) -> SigningKey:
    """A key of ``user``'s own organisation by its id (the hex fingerprint); any other is 404,
    so a key's existence does not leak to other organisations."""
    key = db.session.scalar(sa.select(SigningKey).where(SigningKey.key_id == key_id.lower()))
    if key is None or user.organisation_id is None or key.organisation_id != user.organisation_id:
        raise NotFound(_("No such signing key."))
    if not may_enrol(user):
        raise PermissionDenied(_("Only the organisation's registrars register and revoke keys."))
    return key
