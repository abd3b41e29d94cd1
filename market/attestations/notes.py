"""Checkpoints as C2SP ``tlog-checkpoint`` bodies in C2SP ``signed-note`` envelopes, with
Ed25519 note signatures: the format transparency tooling and witnesses read
(https://c2sp.org/tlog-checkpoint, https://c2sp.org/signed-note).

A note is its text (lines ending in a newline), a blank line, and one signature line per
signer: ``— <key name> <base64(key hash ‖ signature)>``. The key hash is the first four bytes
of SHA-256(key name ‖ 0x0A ‖ 0x01 ‖ public key), 0x01 being Ed25519's signature type. A
checkpoint's text is the log's origin, its size in decimal and its root hash in base64, each on
a line, then extension lines (here the time it was made: ``logged_at <RFC 3339 UTC>``).

Only the standard library and ``cryptography``: the offline verifier shares this module.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from dataclasses import dataclass

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

ED25519 = b"\x01"
SIGNATURE_PREFIX = "\u2014 "  # an em dash and a space
TIMESTAMP_EXTENSION = "logged_at "


class BadNote(ValueError):
    """A note that is malformed, or that no signature of the expected key vouches for."""


def raw_public(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(Encoding.Raw, PublicFormat.Raw)


def key_hash(name: str, key: Ed25519PublicKey) -> bytes:
    return hashlib.sha256(name.encode() + b"\n" + ED25519 + raw_public(key)).digest()[:4]


def verifier_key(name: str, key: Ed25519PublicKey) -> str:
    """The vkey string witnesses are configured with: ``name+hash+base64(type ‖ key)``."""
    encoded = base64.b64encode(ED25519 + raw_public(key)).decode()
    return f"{name}+{key_hash(name, key).hex()}+{encoded}"


def _check_name(name: str) -> None:
    if not name or any(c.isspace() for c in name) or "+" in name:
        raise ValueError("a key name is non-empty, without spaces or '+'")


def sign_note(text: str, name: str, key: Ed25519PrivateKey) -> str:
    """The signed note of ``text`` (which must end in a newline) by the key called ``name``."""
    _check_name(name)
    if not text.endswith("\n") or _has_controls(text):
        raise ValueError("a note's text ends in a newline and has no other control characters")
    signature = key.sign(text.encode())
    stamp = base64.b64encode(key_hash(name, key.public_key()) + signature).decode()
    return f"{text}\n{SIGNATURE_PREFIX}{name} {stamp}\n"


def open_note(note: str, name: str, key: Ed25519PublicKey) -> str:
    """The note's text, when a signature by ``name``'s ``key`` vouches for it; BadNote
    otherwise. Signatures by other keys are allowed (witnesses' cosignatures) and ignored."""
    # The text may hold empty lines; the signatures follow the last one.
    text, separator, signatures = note.rpartition("\n\n")
    if not separator or not signatures.endswith("\n") or _has_controls(note):
        raise BadNote("not a signed note: no blank line before the signatures")
    text += "\n"
    wanted = key_hash(name, key)
    for line in signatures[:-1].split("\n"):
        if not line.startswith(SIGNATURE_PREFIX):
            raise BadNote(f"not a signature line: {line[:40]!r}")
        signer, _, stamp = line[len(SIGNATURE_PREFIX) :].partition(" ")
        try:
            raw = base64.b64decode(stamp, validate=True)
        except binascii.Error:
            raise BadNote(f"a signature of {signer} is not base64") from None
        if signer != name or raw[:4] != wanted:
            continue
        try:
            key.verify(raw[4:], text.encode())
        except InvalidSignature:
            raise BadNote(f"the signature of {name} does not match the note") from None
        return text
    raise BadNote(f"no signature of {name} on the note")


_CONTROLS = re.compile("[\x00-\x09\x0b-\x1f]")  # every control character but the newline


def _has_controls(text: str) -> bool:
    # A regex, not a loop in Python: the verifier opens one note per entry of the log.
    return _CONTROLS.search(text) is not None


@dataclass(frozen=True)
class Checkpoint:
    origin: str  # the log's name, e.g. "pioneer-market.example/ledger"
    size: int
    root: bytes
    logged_at: str | None = None  # RFC 3339, UTC

    def text(self) -> str:
        lines = [self.origin, str(self.size), base64.b64encode(self.root).decode()]
        if self.logged_at is not None:
            lines.append(TIMESTAMP_EXTENSION + self.logged_at)
        return "\n".join(lines) + "\n"

    def signed(self, key_name: str, key: Ed25519PrivateKey) -> str:
        return sign_note(self.text(), key_name, key)

    @classmethod
    def parse(cls, text: str) -> Checkpoint:
        lines = text.split("\n")
        if len(lines) < 4 or lines[-1] != "":
            raise BadNote("a checkpoint has an origin, a size and a root hash, each on a line")
        origin, size, root, *extensions = lines[:-1]
        if not size.isdigit() or (size.startswith("0") and size != "0"):
            raise BadNote(f"not a tree size: {size!r}")
        try:
            digest = base64.b64decode(root, validate=True)
        except binascii.Error:
            raise BadNote("the root hash is not base64") from None
        if len(digest) != 32:
            raise BadNote("the root hash is not 32 bytes")
        logged_at = next(
            (
                e[len(TIMESTAMP_EXTENSION) :]
                for e in extensions
                if e.startswith(TIMESTAMP_EXTENSION)
            ),
            None,
        )
        return cls(origin, int(size), digest, logged_at)

    @classmethod
    def open(cls, note: str, key_name: str, key: Ed25519PublicKey, origin: str) -> Checkpoint:
        """The checkpoint of a signed note by the log's key, for the log called ``origin``."""
        checkpoint = cls.parse(open_note(note, key_name, key))
        if checkpoint.origin != origin:
            raise BadNote(f"a checkpoint of {checkpoint.origin!r}, not of {origin!r}")
        return checkpoint
