"""Reading signing keys for people: a key's state in words the pages and the API share, a
person's own key (the one in use, else the last revoked), and an organisation's signers."""

from __future__ import annotations

import enum
from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from market.accounts import membership
from market.accounts.models import Membership, Organisation, User
from market.attestations.keys import SigningKey
from market.attestations.signing_keys import SIGNER_ROLES, live_key
from market.core.db import db
from market.core.labels import register


class KeyState(enum.StrEnum):
    NONE = "none"
    WAITING = "waiting"  # made, not yet in the log: it signs nothing
    REGISTERED = "registered"  # registered by a registrar, or enrolled as one
    REVOKED = "revoked"


register(
    KeyState,
    {
        KeyState.NONE: _l("No key"),
        KeyState.WAITING: _l("Waiting for registration"),
        KeyState.REGISTERED: _l("Registered"),
        KeyState.REVOKED: _l("Revoked"),
    },
)


def state_of(key: SigningKey | None) -> KeyState:
    if key is None:
        return KeyState.NONE
    if key.revoked_at is not None:
        return KeyState.REVOKED
    if key.registered_seq is not None:
        return KeyState.REGISTERED
    return KeyState.WAITING


def fingerprint(key_id: str) -> str:
    """The key's id (SHA-256 of the public key, hex) in groups of four, for reading aloud."""
    return " ".join(key_id[i : i + 4] for i in range(0, len(key_id), 4))


def own_key(user: User) -> SigningKey | None:
    """The user's key in use; else the one revoked last (so they see why they need a new one)."""
    return live_key(user) or db.session.scalar(
        sa.select(SigningKey)
        .where(SigningKey.user_id == user.id)
        .order_by(SigningKey.revoked_at.desc())
        .limit(1)
    )


@dataclass(frozen=True)
class Signer:
    member: Membership
    key: SigningKey | None  # own_key's choice

    @property
    def state(self) -> KeyState:
        return state_of(self.key)


def signers_of(org: Organisation) -> list[Signer]:
    """The organisation's members who sign (admins, officers, approvers), and anyone else
    holding a key still in use, each with their own key; removed members are left out."""
    keys: dict[object, SigningKey] = {}
    for key in db.session.scalars(
        sa.select(SigningKey)
        .where(SigningKey.organisation_id == org.id)
        .order_by(SigningKey.created_at)
    ):
        shown = keys.get(key.user_id)
        # The live key wins; among revoked ones, the newest.
        if shown is None or shown.revoked_at is not None:
            keys[key.user_id] = key
    return [
        Signer(member, keys.get(member.user_id))
        for member in membership.members_of(org)
        if member.user.is_enabled
        and (
            member.roles & SIGNER_ROLES
            or (member.user_id in keys and keys[member.user_id].revoked_at is None)
        )
    ]


def is_registrar(user: User) -> bool:
    """Holds a usable key enrolled as their organisation's registrar."""
    key = live_key(user)
    return key is not None and key.usable and key.registrar
