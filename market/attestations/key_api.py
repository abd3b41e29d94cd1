"""/api/v1 signing keys: your own (read, make, enrol as registrar), your organisation's
signers (its admins), and a registrar's registration and revocation of a key, with their PIN.
Another organisation's keys are 404; a wrong PIN is 422 on ``pin`` and writes nothing; too many
wrong PINs are 429 (``throttle_pin``), as on the pages."""

from __future__ import annotations

import uuid
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_smorest import Blueprint

from market.attestations import signing_keys as verbs
from market.attestations.key_permissions import holds_key, key_in_organisation, managed_organisation
from market.attestations.key_queries import is_registrar, own_key, signers_of
from market.attestations.key_schemas import (
    NewKeySchema,
    RegistrationSchema,
    RevocationSchema,
    SignersSchema,
    SigningKeySchema,
)
from market.attestations.pin_throttle import throttle_pin
from market.core.errors import NotFound
from market.core.permissions import requires
from market.core.web import current_actor, login_required_json

blp = Blueprint(
    "signing_keys_api",
    __name__,
    url_prefix="",
    description="Signing keys: made under a PIN, registered by the organisation's registrar",
)

signers_only = requires(
    holds_key, message=_l("Signing keys are for a buyer's admins, officers and approvers.")
)


@blp.route("/me/signing-key", methods=["GET"])
@login_required_json
@signers_only
@blp.response(200, SigningKeySchema)
def get_my_key() -> Any:
    """Your key in use (waiting for registration, or registered); else the one revoked last.
    404 when you never made one. A buyer's admins, officers and approvers."""
    key = own_key(current_user)
    if key is None:
        raise NotFound(_("You have no signing key."))
    return key


@blp.route("/me/signing-key", methods=["POST"])
@login_required_json
@signers_only
@blp.arguments(NewKeySchema)
@blp.response(201, SigningKeySchema)
def make_my_key(body: dict[str, Any]) -> Any:
    """Make your key, sealed under ``pin``; it signs once a registrar has registered it. 409
    while you have one not revoked; 422 on ``pin`` for a PIN too short or too plain."""
    return verbs.create_key(current_actor(), body["pin"])


@blp.route("/me/signing-key/enrol", methods=["POST"])
@login_required_json
@signers_only
@blp.response(200, SigningKeySchema)
def enrol_my_key() -> Any:
    """Enrol your waiting key as your organisation's registrar (its admins only): the platform
    records in the log that you are its admin, and your key then registers others."""
    key = verbs.live_key(current_user)
    if key is None:
        raise NotFound(_("Make your signing key first."))
    return verbs.enroll_registrar(key, current_actor())


@blp.route("/organisations/<uuid:org_id>/signing-keys", methods=["GET"])
@login_required_json
@blp.response(200, SignersSchema)
def list_signers(org_id: uuid.UUID) -> Any:
    """The organisation's signers (admins, officers, approvers) and their keys. Its admins;
    its other members 403; anyone else 404."""
    org = managed_organisation(org_id, current_user)
    return {
        "organisation_id": org.id,
        "you_are_registrar": is_registrar(current_user),
        "items": signers_of(org),
    }


@blp.route("/signing-keys/<string(length=64):key_id>/registration", methods=["POST"])
@login_required_json
@throttle_pin
@blp.arguments(RegistrationSchema)
@blp.response(200, SigningKeySchema)
def register_key(body: dict[str, Any], key_id: str) -> Any:
    """Register a colleague's waiting key with your registrar PIN: a log entry your key signs.
    403 unless you are an enrolled registrar; 409 when it is registered or revoked already."""
    key = key_in_organisation(key_id, current_user)
    return verbs.register_key(key, current_actor(), body["pin"])


@blp.route("/signing-keys/<string(length=64):key_id>/revocation", methods=["POST"])
@login_required_json
@throttle_pin
@blp.arguments(RevocationSchema)
@blp.response(200, SigningKeySchema)
def revoke_key(body: dict[str, Any], key_id: str) -> Any:
    """Revoke a key of your organisation with your registrar PIN: it signs nothing more (what
    it signed stays valid). 403 unless you are an enrolled registrar; 409 when revoked already."""
    key = key_in_organisation(key_id, current_user)
    return verbs.revoke_key(key, current_actor(), body["reason"], body["pin"])
