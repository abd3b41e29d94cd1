"""The offline verifier: what an auditor runs, with nothing but Python, ``cryptography`` and
``rfc8785``, on a bundle or a receipt the platform gave them and the log's public key they
obtained on their own::

    python -m market.attestations.verify bundle DIR --log-key PEM [--trusted NOTE ...]
        [--evidence DIR]
    python -m market.attestations.verify receipt FILE --log-key PEM [--evidence DIR]

Each problem is printed as ``entry N: message`` (or ``log: message``), then ``OK: N entries, M
checkpoints verified`` or ``FAILED: K problems``; the exit status is 0, 1 when there are
problems, 2 when the input cannot be read. ``--log-key`` takes the log's public key PEM (a
private key PEM works too: its public half is used). The server runs the same ``Verifier`` over
its own rows (``bundles.verify_live``).

What is checked, in one pass (a ``merkle.Frontier``, so O(log n) memory for the tree):

- every entry's bytes are RFC 8785 canonical JSON of a record ``{seq, prev_root, logged_at,
  kind, body, signer}``, at its position (no gap, renumbering, swap), chained to the root of
  the entries before it, logged no earlier than the entry before it;
- every checkpoint is a note the log key signed, for this log's origin, whose root is the
  root of the entries it counts; the last one counts them all;
- every trusted checkpoint (a note the auditor kept earlier) is consistent with the log: its
  root is the root of the log's first ``size`` entries, and the log is not shorter;
- signatures: ``registrar.enrolled`` (and ``key.revoked``) by the log key (only the kinds in
  ``LOG_SIGNED_KINDS``); every other signer is ``{"key_id", "signature"}``, a key registered
  or enrolled at an earlier entry, of the body's organisation, not revoked earlier; keys are
  registered and revoked by the organisation's enrolled registrars only; the signature is
  Ed25519 over the body's RFC 8785 canonical JSON;
- a body's ``signed_at`` is at most ``MAX_SIGNING_DELAY`` before its entry was logged (else
  possibly back-dated) and at most ``MAX_CLOCK_AHEAD`` after;
- with an evidence folder, every ``body.evidence`` item's file (``DIR/<sha256>``, else
  ``DIR/<name>``) has the size and SHA-256 the entry states.

Bundle (one organisation's view of the log), a directory or a zip of one:

- ``manifest.json``: ``{"format": "pioneer-market-ledger-bundle/1", "origin", "organisation":
  {"id", "code", "name"}, "tree_size", "exported_at", "log_key": vkey}`` (the note verifier
  key, ``notes.verifier_key``);
- ``entries.jsonl``: one line per entry in seq order: ``{"seq": n, "entry": "<the canonical
  JSON text>"}`` for the organisation's own entries (its keys' registrations and revocations
  among them), ``{"seq": n, "leaf_hash": "<base64>"}`` for other organisations';
- ``checkpoints.jsonl``: ``{"size", "note"}`` per checkpoint, in order of size;
- ``log-key.pem``: the log's public key, for convenience; pass a copy obtained independently.

The bundle proves that the organisation's entries are in the log every checkpoint signs and
chain as logged; it cannot show that an entry shown as a bare leaf hash is not the
organisation's (the log does not say whose a hash is).

Receipt (one entry and what its signature rests on), one JSON file: ``{"format":
"pioneer-market-receipt/1", "origin", "checkpoint": note, "entries": [{"seq", "entry":
"<canonical JSON text>", "inclusion": ["<base64 hash>", ...]}, ...]}``: ``entries[0]`` is the
subject, the others are what the signatures rest on (each signer's ``key.registered`` entry
and its registrar's ``registrar.enrolled`` entry), all proven by inclusion into the one
checkpoint. A receipt shows that the entries are in the log and who signed them; it cannot
show that a key was not revoked before it signed (a revocation would be another entry, which
only the whole log, or a bundle, shows).

The modules: ``canonical`` (the bytes), ``checks`` (who may sign what, ``LOG_SIGNED_KINDS``,
signing times, evidence), ``log`` (the ``Verifier``), ``receipts``, ``bundle``, ``command``.
"""

from market.attestations.verify.bundle import (
    BUNDLE_FORMAT,
    evidence_in,
    load_log_key,
    verify_bundle,
)
from market.attestations.verify.canonical import NotCanonical, parse_entry, record_problem
from market.attestations.verify.checks import (
    KEY_KINDS,
    LOG_SIGNED_KINDS,
    LOGGED_AT_FORMAT,
    MAX_CLOCK_AHEAD,
    MAX_SIGNING_DELAY,
    REGISTRATION_KINDS,
    EvidenceLookup,
    Problem,
    Report,
    Unreadable,
)
from market.attestations.verify.log import PROGRESS_EVERY, CheckpointRow, Verifier
from market.attestations.verify.receipts import RECEIPT_FORMAT, verify_receipt

__all__ = [
    "BUNDLE_FORMAT",
    "KEY_KINDS",
    "LOGGED_AT_FORMAT",
    "LOG_SIGNED_KINDS",
    "MAX_CLOCK_AHEAD",
    "MAX_SIGNING_DELAY",
    "PROGRESS_EVERY",
    "RECEIPT_FORMAT",
    "REGISTRATION_KINDS",
    "CheckpointRow",
    "EvidenceLookup",
    "NotCanonical",
    "Problem",
    "Report",
    "Unreadable",
    "Verifier",
    "evidence_in",
    "load_log_key",
    "parse_entry",
    "record_problem",
    "verify_bundle",
    "verify_receipt",
]
