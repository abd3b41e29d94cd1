"""/api/v1: attestations of a case (file with the PIN, countersign, read, the receipt) and the
log's public face as RFC 9162 clients expect it: the latest checkpoint (a C2SP signed note),
inclusion proofs by sequence number and consistency proofs between two sizes. A case of
another organisation is 404, a verb of another role 403, bad input 422 by field, a wrong PIN
422 on ``pin`` and, after too many, 429."""

from __future__ import annotations

import uuid
from typing import Any

from flask import Response
from flask_babel import gettext as _
from flask_smorest import Blueprint

from market.attestations import filing, ledger
from market.attestations.ledger import StoredTree, b64
from market.attestations.pin_throttle import throttle_pin
from market.attestations.schemas import (
    AttestationInSchema,
    AttestationListSchema,
    AttestationSchema,
    ConsistencyArgsSchema,
    ConsistencyProofSchema,
    CountersignInSchema,
    InclusionArgsSchema,
    InclusionProofSchema,
)
from market.core.errors import NotFound, ValidationFailed
from market.core.web import current_actor, login_required_json
from market.procurement import case_queries

blp = Blueprint("attestations_api", __name__, url_prefix="", description="Attestations and the log")


@blp.route("/cases/<uuid:case_id>/attestations", methods=["POST"])
@login_required_json
@throttle_pin
@blp.arguments(AttestationInSchema)
@blp.response(201, AttestationSchema)
def file_attestation(body: dict[str, Any], case_id: uuid.UUID) -> Any:
    """File an attestation for the case (its procurement officers), signed with your key: the
    record supplies the procedure, the decision, the risks and the evidence; you give the
    policy basis, rationale, mitigations, the chair and both declarations."""
    case = case_queries.visible_case(case_id, current_actor())
    pin, kind = body.pop("pin"), body.pop("kind")
    version, supersedes = body.pop("version"), body.pop("supersedes")
    return filing.file_attestation(
        case, current_actor(), kind, body, pin, version=version, supersedes_id=supersedes
    )


@blp.route("/cases/<uuid:case_id>/attestations", methods=["GET"])
@login_required_json
@blp.response(200, AttestationListSchema)
def list_attestations(case_id: uuid.UUID) -> Any:
    """The case's attestations, newest first (superseded ones too: they stay in the record)."""
    case = case_queries.visible_case(case_id, current_actor())
    return {"items": filing.attestations_of(case)}


@blp.route("/attestations/<uuid:attestation_id>", methods=["GET"])
@login_required_json
@blp.response(200, AttestationSchema)
def get_attestation(attestation_id: uuid.UUID) -> Any:
    return filing.visible_attestation(attestation_id, current_actor())


@blp.route("/attestations/<uuid:attestation_id>/countersignature", methods=["POST"])
@login_required_json
@throttle_pin
@blp.arguments(CountersignInSchema)
@blp.response(200, AttestationSchema)
def countersign(body: dict[str, Any], attestation_id: uuid.UUID) -> Any:
    """Countersign as the chair the attestation names."""
    attestation = filing.visible_attestation(attestation_id, current_actor())
    return filing.countersign(attestation, current_actor(), body["pin"], version=body["version"])


@blp.route("/attestations/<uuid:attestation_id>/receipt", methods=["GET"])
@login_required_json
@blp.response(200, description="The receipt: entries, inclusion proofs, the checkpoint")
def receipt(attestation_id: uuid.UUID) -> Any:
    """The receipt to keep: the filing's entry (and the countersignature's), each with its
    inclusion proof into one signed checkpoint, and the key registrations they rest on.
    ``python -m market.attestations.verify receipt FILE --log-key PEM`` checks it offline."""
    attestation = filing.visible_attestation(attestation_id, current_actor())
    seqs = [attestation.filed_seq]
    if attestation.countersigned_seq is not None:
        seqs.append(attestation.countersigned_seq)
    from market.attestations import bundles

    return bundles.receipt(seqs)


@blp.route("/ledger/checkpoint", methods=["GET"])
@login_required_json
@blp.response(200, description="The latest checkpoint as a C2SP signed note (text/plain)")
def latest_checkpoint() -> Any:
    """The latest checkpoint: origin, tree size and root hash, signed by the log key."""
    checkpoint = ledger.checkpoint()
    if checkpoint is None:
        raise NotFound(_("The log is empty."))
    return Response(checkpoint.note, mimetype="text/plain; charset=utf-8")


def _tree_size(requested: int | None, field: str = "tree_size") -> int:
    size = ledger.size()
    if requested is None:
        return size
    if requested > size:
        raise ValidationFailed(
            _("The log is smaller than that."),
            {field: [_("The log holds %(n)d entries.", n=size)]},
        )
    return requested


def _root(size: int) -> bytes:
    checkpoint = ledger.checkpoint(size)
    assert checkpoint is not None  # one is written with every append
    return checkpoint.root


@blp.route("/ledger/proofs/inclusion", methods=["GET"])
@login_required_json
@blp.arguments(InclusionArgsSchema, location="query")
@blp.response(200, InclusionProofSchema)
def inclusion_proof(args: dict[str, Any]) -> Any:
    """The audit path of entry ``seq`` into the tree of ``tree_size`` entries (RFC 9162)."""
    size = _tree_size(args["tree_size"])
    seq = args["seq"]
    if seq >= size:
        raise ValidationFailed(
            _("No such entry in that tree."), {"seq": [_("The tree holds %(n)d entries.", n=size)]}
        )
    tree = StoredTree()
    return {
        "leaf_index": seq,
        "tree_size": size,
        "leaf_hash": b64(tree.subtree(seq, seq + 1)),
        "root_hash": b64(_root(size)),
        "audit_path": [b64(h) for h in tree.inclusion_path(seq, size)],
    }


@blp.route("/ledger/proofs/consistency", methods=["GET"])
@login_required_json
@blp.arguments(ConsistencyArgsSchema, location="query")
@blp.response(200, ConsistencyProofSchema)
def consistency_proof(args: dict[str, Any]) -> Any:
    """That the tree of ``to`` entries extends the tree of ``from`` entries (RFC 9162)."""
    first, second = args["first"], _tree_size(args["second"], "to")
    if first > second:
        raise ValidationFailed(
            _("The first size is larger than the second."),
            {"from": [_("At most %(n)d.", n=second)]},
        )
    return {
        "first": first,
        "second": second,
        "first_root": b64(_root(first)),
        "second_root": b64(_root(second)),
        "consistency": [b64(h) for h in StoredTree().consistency_proof(first, second)],
    }
