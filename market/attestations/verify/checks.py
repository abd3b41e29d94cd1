"""What each entry's content must satisfy, given the entries before it: the signature
rules (who may sign what), the signing time, the evidence; and the report's shapes."""

from __future__ import annotations

import base64
import hashlib
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

LOG_SIGNED_KINDS = frozenset({"registrar.enrolled", "key.revoked"})
REGISTRATION_KINDS = frozenset({"registrar.enrolled", "key.registered"})
KEY_KINDS = REGISTRATION_KINDS | {"key.revoked"}
MAX_SIGNING_DELAY = timedelta(minutes=10)
MAX_CLOCK_AHEAD = timedelta(minutes=1)
PROGRESS_EVERY = 10_000
LOGGED_AT_FORMAT = "%Y-%m-%dT%H:%M:%S.%fZ"

# An evidence item of a body -> the file holding its bytes, or None
EvidenceLookup = Callable[[Mapping[str, Any]], Path | None]


@dataclass(frozen=True)
class Problem:
    seq: int | None  # the entry it is about; None for the log as a whole
    message: str

    def __str__(self) -> str:
        return f"log: {self.message}" if self.seq is None else f"entry {self.seq}: {self.message}"


@dataclass
class Report:
    problems: list[Problem]
    entries: int
    checkpoints: int
    seconds: float

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        if self.ok:
            return f"OK: {self.entries} entries, {self.checkpoints} checkpoints verified"
        return f"FAILED: {len(self.problems)} problems"


class Unreadable(Exception):
    """Input the verifier cannot read at all (a missing file, not a bundle): exit status 2."""


@dataclass(slots=True)
class _Key:
    public: Ed25519PublicKey
    organisation: Any
    registrar: bool
    seq: int  # the entry registering it
    valid: bool  # that entry's signature holds
    revoked_seq: int | None = None


def _short(key_id: Any) -> str:
    return f"{str(key_id)[:16]}…"


class EntryChecks:
    """What one entry's content must satisfy given the entries before it: its signature, its
    signing time, its evidence. Shared by the log's ``Verifier`` and ``verify_receipt``."""

    def __init__(
        self,
        log_key: Ed25519PublicKey,
        origin: str,
        *,
        evidence: EvidenceLookup | None = None,
        whole_log: bool = True,
    ) -> None:
        # A receipt holds a few entries, not the log: a key it does not register may be
        # registered elsewhere, and a revocation of one is no problem of the receipt's.
        self.log_key = log_key
        self.origin = origin
        self.problems: list[Problem] = []
        self._evidence = evidence
        self._digests: dict[Path, tuple[int, str] | None] = {}
        self._keys: dict[str, _Key] = {}
        self._whole_log = whole_log
        self._unregistered = (
            "which no earlier entry registers"
            if whole_log
            else "whose registration is not in the receipt"
        )
        self.started = time.perf_counter()

    def report(self, seq: int | None, message: str) -> None:
        self.problems.append(Problem(seq, message))

    def content(self, seq: int, record: dict[str, Any], signed: bytes) -> None:
        kind, body = record["kind"], record["body"]
        holds = self._signature_holds(seq, kind, body, record["signer"], signed)
        if kind in REGISTRATION_KINDS:
            self._register(seq, kind, body, holds)
        elif kind == "key.revoked":
            self._revoke(seq, body)
        signed_at = body.get("signed_at")
        if signed_at is not None:
            self._signing_time(seq, signed_at, record["logged_at"])
        if self._evidence is not None and "evidence" in body:
            self._check_evidence(seq, body["evidence"])

    def _signature_holds(
        self, seq: int, kind: str, body: dict[str, Any], signer: Any, signed: bytes
    ) -> bool:
        if signer is None:
            self.report(seq, "no one signed it: every entry is signed by a key or by the log")
            return False
        try:
            signature = base64.b64decode(signer.get("signature"), validate=True)
        except (TypeError, ValueError):
            signature = b""
        if len(signature) != 64:
            self.report(seq, "its signature is not the base64 of an Ed25519 signature")
            return False
        if signer.keys() == {"log", "signature"}:
            if kind not in LOG_SIGNED_KINDS:
                allowed = " and ".join(sorted(LOG_SIGNED_KINDS))
                self.report(seq, f"the log key signed a {kind} entry: it signs only {allowed}")
                return False
            if signer["log"] != self.origin:
                self.report(seq, f"signed by the log {signer['log']!r}, not {self.origin!r}")
                return False
            return self._verify(seq, self.log_key, signature, signed, "the log key")
        key_id = signer.get("key_id")
        if signer.keys() != {"key_id", "signature"} or type(key_id) is not str:
            self.report(seq, "its signer is neither {log, signature} nor {key_id, signature}")
            return False
        key = self._keys.get(key_id)
        if key is None:
            self.report(seq, f"signed by key {_short(key_id)}, {self._unregistered}")
        elif not key.valid:
            self.report(
                seq,
                f"signed by key {_short(key_id)}, whose registration (entry {key.seq}) "
                "is not valid",
            )
        elif key.revoked_seq is not None:
            self.report(seq, f"signed by key {_short(key_id)}, revoked at entry {key.revoked_seq}")
        elif key.organisation != body.get("organisation"):
            self.report(seq, f"signed by key {_short(key_id)} of another organisation")
        elif kind in KEY_KINDS and not key.registrar:
            self.report(
                seq,
                f"a {kind} entry signed by key {_short(key_id)}, which is not an "
                "enrolled registrar of the organisation",
            )
        elif kind == "key.registered" and body.get("registrar") != key_id:
            self.report(seq, "its body names another registrar than the key that signed it")
        else:
            return self._verify(seq, key.public, signature, signed, f"key {_short(key_id)}")
        return False

    def _verify(
        self, seq: int, key: Ed25519PublicKey, signature: bytes, signed: bytes, whose: str
    ) -> bool:
        try:
            key.verify(signature, signed)
        except InvalidSignature:
            self.report(
                seq,
                f"the signature of {whose} does not match the body: the body is not what "
                "was signed",
            )
            return False
        return True

    def _register(self, seq: int, kind: str, body: dict[str, Any], valid: bool) -> None:
        key_id = body.get("key_id")
        try:
            raw = base64.b64decode(body.get("public_key"), validate=True)
            public = Ed25519PublicKey.from_public_bytes(raw)
        except (TypeError, ValueError):
            self.report(seq, "it registers no key: its public_key is not a base64 Ed25519 key")
            return
        if type(key_id) is not str or hashlib.sha256(raw).hexdigest() != key_id:
            self.report(seq, "its key_id is not the SHA-256 of its public key")
            return
        earlier = self._keys.get(key_id)
        if earlier is not None:
            self.report(seq, f"key {_short(key_id)} is registered already (entry {earlier.seq})")
            return
        registrar = kind == "registrar.enrolled"
        self._keys[key_id] = _Key(public, body.get("organisation"), registrar, seq, valid)

    def _revoke(self, seq: int, body: dict[str, Any]) -> None:
        key = self._keys.get(body.get("key_id"))  # type: ignore[arg-type]
        if key is None:
            if self._whole_log:
                self.report(seq, f"it revokes key {_short(body.get('key_id'))}, never registered")
            return
        if key.organisation != body.get("organisation"):
            self.report(seq, "it revokes a key of another organisation")
        elif key.revoked_seq is None:
            key.revoked_seq = seq

    def _signing_time(self, seq: int, signed_at: Any, logged_at: str) -> None:
        try:
            signed = datetime.fromisoformat(signed_at)
            if signed.tzinfo is None:
                raise ValueError
        except (TypeError, ValueError):
            self.report(seq, f"its signed_at {signed_at!r} is not an ISO 8601 time with a zone")
            return
        logged = datetime.fromisoformat(logged_at)
        if signed < logged - MAX_SIGNING_DELAY:
            minutes = int(MAX_SIGNING_DELAY.total_seconds() // 60)
            self.report(
                seq,
                f"signed at {signed_at}, more than {minutes} minutes before it was logged "
                f"at {logged_at}: possible back-dating",
            )
        elif signed > logged + MAX_CLOCK_AHEAD:
            self.report(seq, f"signed at {signed_at}, after it was logged at {logged_at}")

    def _check_evidence(self, seq: int, items: Any) -> None:
        if type(items) is not list:
            self.report(seq, "its evidence is not a list")
            return
        for item in items:
            if type(item) is not dict or type(item.get("sha256")) is not str:
                self.report(seq, "an evidence item has no sha256")
                continue
            name = item.get("name") or item["sha256"]
            path = self._evidence(item)  # type: ignore[misc]
            found = None if path is None else self._digest(path)
            if found is None:
                self.report(seq, f"evidence {name!r} (SHA-256 {item['sha256'][:16]}…) is missing")
            elif found != (item.get("size"), item["sha256"]):
                self.report(
                    seq,
                    f"evidence {name!r} does not match the entry: the file has "
                    f"{found[0]} bytes, SHA-256 {found[1][:16]}…; the entry says "
                    f"{item.get('size')} bytes, SHA-256 {item['sha256'][:16]}…",
                )

    def _digest(self, path: Path) -> tuple[int, str] | None:
        if path not in self._digests:  # a file several entries name is hashed once
            try:
                with path.open("rb") as file:
                    digest = hashlib.file_digest(file, "sha256").hexdigest()
                    self._digests[path] = (file.tell(), digest)
            except OSError:
                self._digests[path] = None
        return self._digests[path]
