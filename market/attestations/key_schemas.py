"""The signing keys' API shapes. A key goes out as its id, public half, state and log entries,
never its sealed private half, salt or nonce; a PIN only comes in (load_only)."""

from __future__ import annotations

import base64
from typing import Any

import marshmallow as ma
from marshmallow import fields, validate

from market.attestations.key_forms import REASON_MAX
from market.attestations.key_queries import KeyState, fingerprint, state_of
from market.attestations.pins import MAX_PIN


class NewKeySchema(ma.Schema):
    pin = fields.String(
        required=True,
        load_only=True,
        validate=validate.Length(min=1, max=MAX_PIN),
        metadata={
            "description": "The PIN the key is sealed under: 6 to 64 characters, at least three "
            "of them different. Asked for each signature; never stored."
        },
    )


class RegistrationSchema(ma.Schema):
    pin = fields.String(
        required=True,
        load_only=True,
        validate=validate.Length(min=1, max=MAX_PIN),
        metadata={"description": "Your PIN, as the organisation's enrolled registrar"},
    )


class RevocationSchema(RegistrationSchema):
    reason = fields.String(
        required=True,
        validate=validate.Length(min=1, max=REASON_MAX),
        metadata={"description": "Why the key signs nothing more (it goes into the log)"},
    )


class SigningKeySchema(ma.Schema):
    key_id = fields.String(metadata={"description": "SHA-256 of the public key, hex"})
    fingerprint = fields.Method(
        "_fingerprint",
        metadata={"type": "string", "description": "The key id in groups of four, for reading"},
    )
    public_key = fields.Method(
        "_public_key", metadata={"type": "string", "description": "Ed25519, base64"}
    )
    state = fields.Method(
        "_state",
        metadata={
            "type": "string",
            "description": "waiting (for a registrar), registered (signs), revoked",
            "enum": [s.value for s in KeyState if s != KeyState.NONE],
        },
    )
    registrar = fields.Boolean(metadata={"description": "Enrolled as the organisation's registrar"})
    user_id = fields.UUID()
    organisation_id = fields.UUID()
    created_at = fields.DateTime()
    registered_at = fields.DateTime(allow_none=True)
    registered_seq = fields.Integer(
        allow_none=True, metadata={"description": "The log entry of its registration"}
    )
    revoked_at = fields.DateTime(allow_none=True)
    revoked_seq = fields.Integer(
        allow_none=True, metadata={"description": "The log entry of its revocation"}
    )

    def _fingerprint(self, key: Any) -> str:
        return fingerprint(key.key_id)

    def _public_key(self, key: Any) -> str:
        return base64.b64encode(key.public_key).decode()

    def _state(self, key: Any) -> str:
        return state_of(key).value


class SignerSchema(ma.Schema):
    user_id = fields.UUID(attribute="member.user_id")
    name = fields.String(attribute="member.user.name")
    email = fields.String(attribute="member.user.email")
    roles = fields.Method("_roles", metadata={"type": "array", "items": {"type": "string"}})
    state = fields.Method(
        "_state", metadata={"type": "string", "enum": [s.value for s in KeyState]}
    )
    key = fields.Nested(SigningKeySchema, allow_none=True)

    def _roles(self, signer: Any) -> list[str]:
        return sorted(signer.member.roles)

    def _state(self, signer: Any) -> str:
        return signer.state.value


class SignersSchema(ma.Schema):
    organisation_id = fields.UUID()
    you_are_registrar = fields.Boolean(
        metadata={"description": "Whether your key may register and revoke these keys"}
    )
    items = fields.List(fields.Nested(SignerSchema))
