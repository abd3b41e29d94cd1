"""Checkpoints in the C2SP tlog-checkpoint format inside C2SP signed notes (Ed25519): what
witnesses and transparency tooling read, and what the offline verifier checks."""

from __future__ import annotations

import base64
import hashlib

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from market.attestations import merkle
from market.attestations.notes import (
    BadNote,
    Checkpoint,
    key_hash,
    open_note,
    raw_public,
    sign_note,
    verifier_key,
)

ORIGIN = "pioneer-market.example/ledger"
KEY = Ed25519PrivateKey.generate()
ROOT = merkle.root([merkle.leaf_hash(b"a"), merkle.leaf_hash(b"b")])


def test_a_checkpoint_is_the_c2sp_text_signed_as_a_note():
    checkpoint = Checkpoint(ORIGIN, 2, ROOT, "2026-12-07T02:00:00Z")
    note = checkpoint.signed(ORIGIN, KEY)
    text, signature_line = note.split("\n\n")
    assert text.split("\n") == [
        ORIGIN,
        "2",
        base64.b64encode(ROOT).decode(),
        "logged_at 2026-12-07T02:00:00Z",
    ]
    assert signature_line.startswith(f"\u2014 {ORIGIN} ")
    assert note.endswith("\n")
    stamp = base64.b64decode(signature_line.split(" ")[2])
    public = raw_public(KEY.public_key())
    # key ID = SHA-256(key name || 0x0A || 0x01 || public key)[:4], then the 64-byte signature
    assert stamp[:4] == hashlib.sha256(ORIGIN.encode() + b"\n\x01" + public).digest()[:4]
    assert len(stamp) == 4 + 64
    KEY.public_key().verify(stamp[4:], (text + "\n").encode())
    assert Checkpoint.open(note, ORIGIN, KEY.public_key(), ORIGIN) == checkpoint
    name, key_id, encoded = verifier_key(ORIGIN, KEY.public_key()).split("+", 2)
    assert (name, bytes.fromhex(key_id)) == (ORIGIN, key_hash(ORIGIN, KEY.public_key()))
    assert base64.b64decode(encoded) == b"\x01" + public


def test_a_changed_checkpoint_or_another_key_is_refused():
    note = Checkpoint(ORIGIN, 2, ROOT).signed(ORIGIN, KEY)
    with pytest.raises(BadNote, match="does not match"):
        open_note(note.replace("\n2\n", "\n3\n"), ORIGIN, KEY.public_key())
    other = Ed25519PrivateKey.generate()
    with pytest.raises(BadNote, match="no signature"):
        open_note(note, ORIGIN, other.public_key())
    with pytest.raises(BadNote, match="not of"):
        Checkpoint.open(note, ORIGIN, KEY.public_key(), "another.example/log")
    with pytest.raises(BadNote):
        open_note("no signatures here\n", ORIGIN, KEY.public_key())


def test_a_witness_cosignature_beside_the_logs_is_ignored():
    witness = Ed25519PrivateKey.generate()
    note = Checkpoint(ORIGIN, 2, ROOT).signed(ORIGIN, KEY)
    cosigned = (
        note
        + sign_note(Checkpoint(ORIGIN, 2, ROOT).text(), "witness.example/w1", witness).split(
            "\n\n"
        )[1]
    )
    assert Checkpoint.open(cosigned, ORIGIN, KEY.public_key(), ORIGIN).size == 2
    assert open_note(cosigned, "witness.example/w1", witness.public_key())


def test_malformed_checkpoints_are_refused():
    for text in (
        f"{ORIGIN}\n2\n",  # no root
        f"{ORIGIN}\n02\n{base64.b64encode(ROOT).decode()}\n",  # a leading zero
        f"{ORIGIN}\n2\nnot base64!\n",
        f"{ORIGIN}\n2\n{base64.b64encode(b'short').decode()}\n",
    ):
        with pytest.raises(BadNote):
            Checkpoint.parse(text)
    with pytest.raises(ValueError, match="key name"):
        sign_note("x\n", "has space", KEY)
