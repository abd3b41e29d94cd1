"""What the attestation and log endpoints take and show (marshmallow; the OpenAPI document is
generated from these)."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields, validate

from market.api.fields import read_version

PIN = fields.String(
    required=True,
    load_only=True,
    metadata={"description": "Your signing PIN, for this one signature; never stored or logged"},
)


class AttestationInSchema(ma.Schema):
    kind = fields.String(load_default="decision", validate=validate.Length(max=40))
    version = read_version()
    policy_basis = fields.String(load_default="", validate=validate.Length(max=5000))
    rationale = fields.String(load_default="", validate=validate.Length(max=10000))
    mitigations = fields.String(load_default="", validate=validate.Length(max=10000))
    chair = fields.String(
        load_default="",
        metadata={"description": "The user id of the meeting's chair: an approver who attended"},
    )
    no_conflict_of_interest = fields.Boolean(load_default=False)
    no_personal_gain = fields.Boolean(load_default=False)
    supersedes = fields.UUID(
        load_default=None, metadata={"description": "A correction: the attestation it supersedes"}
    )
    correction = fields.String(load_default="", validate=validate.Length(max=5000))
    pin = PIN


class CountersignInSchema(ma.Schema):
    version = read_version()
    pin = PIN


class AttestationSchema(ma.Schema):
    id = fields.UUID()
    case = fields.UUID(attribute="case_id")
    kind = fields.String()
    number = fields.Integer()
    version = fields.Integer(attribute="lock_version")
    state = fields.Method(
        "state_of",
        metadata={"description": "awaiting_countersignature, countersigned, filed or superseded"},
    )
    body = fields.Dict(metadata={"description": "Exactly what the officer signed"})
    body_sha256 = fields.String()
    filed_by = fields.UUID(attribute="filed_by_id")
    filed_at = fields.DateTime()
    filed_seq = fields.Integer(metadata={"description": "The log entry of the filing"})
    chair = fields.UUID(attribute="chair_id", allow_none=True)
    countersigned_at = fields.DateTime(allow_none=True)
    countersigned_seq = fields.Integer(allow_none=True)
    supersedes = fields.UUID(attribute="supersedes_id", allow_none=True)
    superseded_at = fields.DateTime(allow_none=True)

    def state_of(self, attestation: object) -> str:
        if attestation.superseded_at is not None:  # type: ignore[attr-defined]
            return "superseded"
        if attestation.countersigned_at is not None:  # type: ignore[attr-defined]
            return "countersigned"
        if attestation.awaits_countersignature:  # type: ignore[attr-defined]
            return "awaiting_countersignature"
        return "filed"


class AttestationListSchema(ma.Schema):
    items = fields.List(fields.Nested(AttestationSchema))


class InclusionArgsSchema(ma.Schema):
    seq = fields.Integer(required=True, validate=validate.Range(min=0))
    tree_size = fields.Integer(
        load_default=None,
        validate=validate.Range(min=1),
        metadata={"description": "Prove into this tree size (default: the latest)"},
    )


class InclusionProofSchema(ma.Schema):
    leaf_index = fields.Integer()
    tree_size = fields.Integer()
    leaf_hash = fields.String(metadata={"description": "base64"})
    root_hash = fields.String(metadata={"description": "base64"})
    audit_path = fields.List(fields.String(), metadata={"description": "base64, RFC 9162 2.1.3"})


class ConsistencyArgsSchema(ma.Schema):
    first = fields.Integer(required=True, data_key="from", validate=validate.Range(min=1))
    second = fields.Integer(required=True, data_key="to", validate=validate.Range(min=1))


class ConsistencyProofSchema(ma.Schema):
    first = fields.Integer(data_key="from")
    second = fields.Integer(data_key="to")
    first_root = fields.String(metadata={"description": "base64"})
    second_root = fields.String(metadata={"description": "base64"})
    consistency = fields.List(fields.String(), metadata={"description": "base64, RFC 9162 2.1.4"})
