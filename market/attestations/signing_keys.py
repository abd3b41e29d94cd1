"""The verbs of signing keys: create one under a PIN, enrol an admin's as the organisation's
registrar, register a member's, revoke one, and sign with one. Every registration and
revocation is an entry in the log; none commits (the request or command does).

Whom an auditor trusts, and why: the platform vouches only for who an organisation's admin is
(``registrar.enrolled``, signed by the log key, as it vouches for the organisation itself);
every other key is registered by such a registrar's own signature (``key.registered``), so a
registration the platform made up is caught by the verifier as one no enrolled registrar
signed. A revocation is signed by the registrar, or by the log key when the platform removes
the member (removal cannot wait for a PIN, and a revocation only takes power away).
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Mapping
from typing import Any

import rfc8785
import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, NoEncryption, PrivateFormat
from flask import current_app, g, has_request_context
from flask_babel import gettext as _

from market.accounts.models import OrgKind, Role, User
from market.attestations import ledger
from market.attestations.keys import SigningKey
from market.attestations.log_key import log_key
from market.attestations.notes import raw_public
from market.attestations.pins import Costs, Sealed, WrongPin, pin_problem, seal, unseal
from market.core.audit import Actor, record_event
from market.core.db import db, utcnow
from market.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed

# Auditors sign the enterprise's determinations after a failed trial (market.trials).
SIGNER_ROLES = frozenset({Role.ADMIN, Role.OFFICER, Role.APPROVER, Role.AUDITOR})


def key_id_of(public: bytes) -> str:
    return hashlib.sha256(public).hexdigest()


def canonical(body: Mapping[str, Any]) -> bytes:
    """The bytes a signature covers: the body's RFC 8785 canonical JSON."""
    return rfc8785.dumps(dict(body))


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def live_key(user: User) -> SigningKey | None:
    """The user's key not revoked (registered or waiting for it), if any."""
    return db.session.scalar(
        sa.select(SigningKey).where(SigningKey.user_id == user.id, SigningKey.revoked_at.is_(None))
    )


def _costs() -> Costs:
    config = current_app.config
    return Costs(
        config["ARGON2_TIME_COST"], config["ARGON2_MEMORY_COST"], config["ARGON2_PARALLELISM"]
    )


def _pin_checked(pin: str, field: str = "pin") -> None:
    if pin_problem(pin or "") is not None:
        raise ValidationFailed(
            _("Choose another PIN."),
            {field: [_("A PIN has 6 to 64 characters, at least three of them different.")]},
        )


def create_key(actor: Actor, pin: str) -> SigningKey:
    """A new key for the actor, sealed under ``pin``; it signs once registered."""
    user = actor.user
    org = user.organisation if user is not None else None
    if user is None or org is None or org.kind != OrgKind.BUYER or not org.is_active:
        raise PermissionDenied(_("Signing keys are for the people of a buyer organisation."))
    if not user.roles & SIGNER_ROLES:
        raise PermissionDenied(_("Only admins, officers and approvers sign."))
    if live_key(user) is not None:
        raise Conflict(_("You have a signing key; it must be revoked before you make another."))
    _pin_checked(pin)
    private = Ed25519PrivateKey.generate()
    public = raw_public(private.public_key())
    secret = private.private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    sealed = seal(secret, pin, _costs(), context=public)
    key = SigningKey(
        user_id=user.id,
        organisation_id=org.id,
        key_id=key_id_of(public),
        public_key=public,
        sealed_private=sealed.ciphertext,
        salt=sealed.salt,
        nonce=sealed.nonce,
        kdf=sealed.costs.as_json(),
        registrar=False,
    )
    db.session.add(key)
    db.session.flush()
    record_event(actor, "signing_key.created", key, after={"key_id": key.key_id})
    return key


def _private(key: SigningKey, pin: str) -> Ed25519PrivateKey:
    sealed = Sealed(key.sealed_private, key.salt, key.nonce, Costs.from_json(key.kdf))
    try:
        return Ed25519PrivateKey.from_private_bytes(unseal(sealed, pin or "", key.public_key))
    except WrongPin:
        if has_request_context():
            g.pin_failed = True  # counts against the PIN throttle (pin_throttle)
        raise ValidationFailed(
            _("The PIN is wrong: nothing was signed."), {"pin": [_("The PIN is wrong.")]}
        ) from None


def _body(key: SigningKey, **extra: Any) -> dict[str, Any]:
    return {
        "organisation": str(key.organisation_id),
        "user": str(key.user_id),
        "name": key.user.name,
        "key_id": key.key_id,
        "public_key": b64(key.public_key),
        **extra,
    }


def _log_signed(body: Mapping[str, Any]) -> dict[str, Any]:
    return {"log": ledger.origin(), "signature": b64(log_key().sign(canonical(body)))}


def enroll_registrar(key: SigningKey, actor: Actor) -> SigningKey:
    """An admin's own key becomes the organisation's registrar (and signs as theirs): the
    platform vouches that the key's owner is an admin of the organisation."""
    user = actor.user
    if user is None or key.user_id != user.id:
        raise NotFound(_("No such signing key."))
    if not user.has_role(Role.ADMIN, OrgKind.BUYER):
        raise PermissionDenied(_("Only an organisation's admins are its registrars."))
    if key.revoked_at is not None or key.registered_seq is not None:
        raise Conflict(_("This key is already registered, or revoked."))
    now = utcnow()
    body = _body(key, roles=sorted(user.roles), enrolled_at=now.isoformat())
    entry = ledger.append(
        "registrar.enrolled", body, _log_signed(body), organisation_id=key.organisation_id
    )
    key.registrar, key.registered_seq, key.registered_at = True, entry.seq, now
    db.session.flush()
    record_event(actor, "signing_key.enrolled", key, after={"seq": entry.seq})
    return key


def registrar_of(actor: Actor, organisation_id: Any) -> SigningKey:
    user = actor.user
    key = live_key(user) if user is not None else None
    if (
        user is None
        or not user.has_role(Role.ADMIN, OrgKind.BUYER)
        or key is None
        or not key.usable
        or not key.registrar
        or key.organisation_id != organisation_id
    ):
        raise PermissionDenied(_("Enrol your own key as registrar before registering others."))
    return key


def register_key(key: SigningKey, actor: Actor, registrar_pin: str) -> SigningKey:
    """A member's key registered by the organisation's registrar, with the registrar's PIN."""
    if actor.user is None or actor.user.organisation_id != key.organisation_id:
        raise NotFound(_("No such signing key."))
    registrar = registrar_of(actor, key.organisation_id)
    if key.user_id == registrar.user_id:
        raise Conflict(_("Your own key is enrolled, not registered."))
    if key.revoked_at is not None or key.registered_seq is not None:
        raise Conflict(_("This key is already registered, or revoked."))
    roles = sorted(key.user.roles)
    now = utcnow()
    body = _body(key, roles=roles, registered_at=now.isoformat(), registrar=registrar.key_id)
    signature = b64(_private(registrar, registrar_pin).sign(canonical(body)))
    entry = ledger.append(
        "key.registered",
        body,
        {"key_id": registrar.key_id, "signature": signature},
        organisation_id=key.organisation_id,
    )
    key.registered_seq, key.registered_at = entry.seq, now
    db.session.flush()
    record_event(actor, "signing_key.registered", key, after={"seq": entry.seq})
    return key


def revoke_key(
    key: SigningKey, actor: Actor, reason: str, registrar_pin: str | None = None
) -> SigningKey:
    """The key signs nothing more. By the registrar with their PIN, or by the platform (a
    removed member: ``actor.is_system``), signed then by the log key."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(_("Say why."), {"reason": [_("Say why the key is revoked.")]})
    if key.revoked_at is not None:
        raise Conflict(_("This key is already revoked."))
    now = utcnow()
    body = _body(key, reason=reason, revoked_at=now.isoformat())
    if actor.is_system:
        signer = _log_signed(body)
    else:
        if actor.user is None or actor.user.organisation_id != key.organisation_id:
            raise NotFound(_("No such signing key."))
        registrar = registrar_of(actor, key.organisation_id)
        signer = {
            "key_id": registrar.key_id,
            "signature": b64(_private(registrar, registrar_pin or "").sign(canonical(body))),
        }
    entry = ledger.append("key.revoked", body, signer, organisation_id=key.organisation_id)
    key.revoked_seq, key.revoked_at = entry.seq, now
    db.session.flush()
    record_event(actor, "signing_key.revoked", key, after={"seq": entry.seq, "reason": reason})
    return key


def sign(user: User, pin: str, body: Mapping[str, Any]) -> dict[str, Any]:
    """The signer block for ``body`` by ``user``'s registered key: ``{"key_id", "signature"}``.
    A wrong PIN signs nothing (ValidationFailed on ``pin``); no usable key is 409."""
    key = live_key(user)
    if key is None or not key.usable:
        raise Conflict(_("You have no registered signing key."))
    return {"key_id": key.key_id, "signature": b64(_private(key, pin).sign(canonical(body)))}


def public_key_of(key: SigningKey) -> Ed25519PublicKey:
    return Ed25519PublicKey.from_public_bytes(key.public_key)


def _on_member_removed(sender: Any, user: User, **_extra: Any) -> None:
    key = live_key(user)
    if key is not None:
        revoke_key(key, Actor(user=None, is_system=True), "The member was removed.")


def connect() -> None:
    """Revoke a removed member's key in the removal's own transaction."""
    from market.accounts.membership import member_removed

    member_removed.connect(_on_member_removed, weak=False)
