"""Receipts: one entry and the entries its signature rests on, each proven into one checkpoint."""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Mapping
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from market.attestations import merkle
from market.attestations.notes import (
    BadNote,
    Checkpoint,
)
from market.attestations.verify.canonical import NotCanonical, parse_entry, record_problem
from market.attestations.verify.checks import EntryChecks, EvidenceLookup, Report, Unreadable

RECEIPT_FORMAT = "pioneer-market-receipt/1"


def verify_receipt(
    receipt: Mapping[str, Any] | str | bytes,
    log_key: Ed25519PublicKey,
    *,
    evidence: EvidenceLookup | None = None,
) -> Report:
    """Check a receipt (the package's docstring): canonical bytes, each inclusion proof into the
    checkpoint, the checkpoint's signature, and the chain of signatures. Unreadable when it is
    not a receipt at all."""
    if isinstance(receipt, (str, bytes)):
        try:
            receipt = json.loads(receipt)
        except ValueError:
            raise Unreadable("the receipt is not JSON") from None
    if not isinstance(receipt, Mapping) or receipt.get("format") != RECEIPT_FORMAT:
        raise Unreadable(f"not a receipt ({RECEIPT_FORMAT})")
    origin, note, items = receipt.get("origin"), receipt.get("checkpoint"), receipt.get("entries")
    if type(origin) is not str or type(note) is not str or type(items) is not list:
        raise Unreadable("a receipt has an origin, a checkpoint and its entries")
    checks = EntryChecks(log_key, origin, evidence=evidence, whole_log=False)
    try:
        checkpoint = Checkpoint.open(note, origin, log_key, origin)
    except BadNote as exc:
        checks.report(None, f"the receipt's checkpoint is not the log key's: {exc}")
        return Report(checks.problems, 0, 0, time.perf_counter() - checks.started)
    if not items:
        checks.report(None, "the receipt holds no entry")
    records: dict[int, tuple[dict[str, Any], bytes]] = {}
    for number, item in enumerate(items):
        seq, text, path = _receipt_item(item)
        if seq is None:
            checks.report(None, f"item {number} of the receipt is not an entry with its proof")
            continue
        data = text.encode("utf-8", "surrogateescape")
        if not merkle.verify_inclusion(
            merkle.leaf_hash(data), seq, checkpoint.size, path, checkpoint.root
        ):
            checks.report(
                seq,
                f"its inclusion proof does not lead to the checkpoint of size "
                f"{checkpoint.size}: the log does not hold these bytes at {seq}",
            )
        try:
            record, signed = parse_entry(data)
        except NotCanonical as exc:
            checks.report(seq, f"its bytes are not canonical JSON (RFC 8785): {exc}")
            continue
        problem = record_problem(record)
        if problem is None and record["seq"] != seq:
            problem = f"its record says it is entry {record['seq']}"
        if problem is not None:
            checks.report(seq, problem)
        elif seq in records:
            checks.report(seq, "it is in the receipt twice")
        else:
            records[seq] = (record, signed)  # type: ignore[assignment]
    for seq in sorted(records):  # a signature rests on entries before it
        record, signed = records[seq]
        checks.content(seq, record, signed)
    elapsed = time.perf_counter() - checks.started
    return Report(checks.problems, len(records), 1, elapsed)


def _receipt_item(item: Any) -> tuple[int | None, str, list[bytes]]:
    try:
        seq, text, path = item["seq"], item["entry"], item["inclusion"]
        if type(seq) is not int or type(text) is not str or type(path) is not list:
            raise TypeError
        return seq, text, [base64.b64decode(h, validate=True) for h in path]
    except (KeyError, TypeError, ValueError):
        return None, "", []
