"""How signing key events read in the audit log (market.core.audit_display)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from market.core.audit_display import register_fields, register_object, register_verbs

register_verbs(
    {
        "signing_key.created": _l("Signing key made"),
        "signing_key.enrolled": _l("Signing key enrolled as registrar"),
        "signing_key.registered": _l("Signing key registered"),
        "signing_key.revoked": _l("Signing key revoked"),
    }
)
register_fields({"key_id": _l("Key"), "seq": _l("Log entry")})
register_object("SigningKey", _l("Signing key"))

register_verbs(
    {
        "case.attestation_filed": _l("Attestation filed"),
        "case.attestation_countersigned": _l("Attestation countersigned by the chair"),
    }
)
register_fields(
    {
        "attestation_kind": _l("Kind"),
        "attestation_number": _l("Attestation number"),
        "corrects": _l("Corrects attestation number"),
    }
)
