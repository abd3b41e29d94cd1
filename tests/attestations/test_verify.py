"""The verifier as an auditor relies on it: a log as the platform writes it passes, with every
checkpoint; what breaks one of its rules is named by entry; receipts prove an entry and the
signatures it rests on. Most logs here are built in memory (``MemoryLog``, the record format
``ledger.append`` writes), so each rule is tested on its own."""

from __future__ import annotations

import base64
import hashlib
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import rfc8785
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from market.attestations import bundles, merkle
from market.attestations.log_key import log_key
from market.attestations.notes import Checkpoint, raw_public
from market.attestations.verify import (
    NotCanonical,
    Problem,
    Report,
    Unreadable,
    Verifier,
    evidence_in,
    parse_entry,
    verify_bundle,
    verify_receipt,
)
from market.core.errors import NotFound

ORIGIN = "audit.example/ledger"
ORG, OTHER_ORG = "7d0c5a52-0000-4000-8000-000000000001", "7d0c5a52-0000-4000-8000-000000000002"


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()


def key_id(key: Ed25519PrivateKey) -> str:
    return hashlib.sha256(raw_public(key.public_key())).hexdigest()


class MemoryLog:
    """A log as ``ledger.append`` writes one (record, leaf, checkpoint note per append), in
    memory, with a clock that moves a second per entry."""

    def __init__(self) -> None:
        self.key = Ed25519PrivateKey.generate()
        self.tree = merkle.MemoryTree()
        self.entries: list[bytes] = []
        self.checkpoints: list[tuple[int, str, bytes | None]] = []
        self.now = datetime(2026, 12, 7, 6, 0, tzinfo=UTC)

    def append(
        self, kind: str, body: dict[str, Any], signer: dict[str, Any] | None, **record: Any
    ) -> int:
        self.now += timedelta(seconds=1)
        seq = len(self.entries)
        data = rfc8785.dumps(
            {
                "seq": seq,
                "prev_root": b64(self.tree.root()),
                "logged_at": self.now.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
                "kind": kind,
                "body": body,
                "signer": signer,
            }
            | record
        )
        self.entries.append(data)
        self.tree.append(merkle.leaf_hash(data))
        logged_at = json.loads(data)["logged_at"]
        note = Checkpoint(ORIGIN, seq + 1, self.tree.root(), logged_at).signed(ORIGIN, self.key)
        self.checkpoints.append((seq + 1, note, None))
        return seq

    def by_log(self, body: dict[str, Any]) -> dict[str, Any]:
        return {"log": ORIGIN, "signature": b64(self.key.sign(rfc8785.dumps(body)))}

    @staticmethod
    def by_key(key: Ed25519PrivateKey, body: dict[str, Any]) -> dict[str, Any]:
        return {"key_id": key_id(key), "signature": b64(key.sign(rfc8785.dumps(body)))}

    @staticmethod
    def key_body(key: Ed25519PrivateKey, org: str = ORG, **extra: Any) -> dict[str, Any]:
        public = raw_public(key.public_key())
        return {
            "organisation": org,
            "user": "u",
            "name": "Test User",
            "key_id": key_id(key),
            "public_key": b64(public),
            "roles": ["officer"],
            **extra,
        }

    def enrol(self, org: str = ORG) -> Ed25519PrivateKey:
        key = Ed25519PrivateKey.generate()
        body = self.key_body(key, org, enrolled_at=self.now.isoformat())
        self.append("registrar.enrolled", body, self.by_log(body))
        return key

    def register(self, registrar: Ed25519PrivateKey, org: str = ORG) -> Ed25519PrivateKey:
        key = Ed25519PrivateKey.generate()
        body = self.key_body(
            key, org, registered_at=self.now.isoformat(), registrar=key_id(registrar)
        )
        self.append("key.registered", body, self.by_key(registrar, body))
        return key

    def revoke(self, key: Ed25519PrivateKey, registrar: Ed25519PrivateKey) -> int:
        body = self.key_body(key, reason="Left.", revoked_at=self.now.isoformat())
        return self.append("key.revoked", body, self.by_key(registrar, body))

    def attest(
        self, key: Ed25519PrivateKey, org: str = ORG, signed_at: datetime | None = None
    ) -> int:
        when = (signed_at or self.now).isoformat()
        body = {
            "organisation": org,
            "case": "c",
            "attestation": f"a{len(self.entries)}",
            "kind": "decision",
            "signed_at": when,
            "evidence": [],
        }
        return self.append("attestation.filed", body, self.by_key(key, body))

    def verify(self, leaves: frozenset[int] = frozenset(), **options: Any) -> Report:
        verifier = Verifier(self.key.public_key(), ORIGIN, checkpoints=self.checkpoints, **options)
        for seq, data in enumerate(self.entries):
            if seq in leaves:
                verifier.leaf(seq, merkle.leaf_hash(data))
            else:
                verifier.entry(seq, data)
        return verifier.finish()

    def receipt(self, *seqs: int) -> dict[str, Any]:
        size = len(self.entries)
        return {
            "format": "pioneer-market-receipt/1",
            "origin": ORIGIN,
            "checkpoint": self.checkpoints[-1][1],
            "entries": [
                {
                    "seq": seq,
                    "entry": self.entries[seq].decode(),
                    "inclusion": [b64(h) for h in self.tree.inclusion_path(seq, size)],
                }
                for seq in seqs
            ],
        }


@pytest.fixture
def log() -> MemoryLog:
    return MemoryLog()


def named(report: Report, seq: int | None, *words: str) -> bool:
    return any(p.seq == seq and all(w in p.message for w in words) for p in report.problems)


def test_a_log_as_the_platform_writes_it_passes_with_every_checkpoint(log):
    registrar = log.enrol()
    officer = log.register(registrar)
    other_registrar = log.enrol(OTHER_ORG)
    log.attest(log.register(other_registrar, OTHER_ORG), OTHER_ORG)
    for _ in range(5):
        log.attest(officer)
    log.revoke(officer, registrar)
    # Another organisation's entries may be known by their leaf hash alone.
    report = log.verify(leaves=frozenset({2, 3, 4}))
    assert report.problems == []
    assert report.ok
    assert (report.entries, report.checkpoints) == (11, 11)
    assert report.summary() == "OK: 11 entries, 11 checkpoints verified"
    assert str(Problem(3, "x")) == "entry 3: x"
    assert str(Problem(None, "x")) == "log: x"


CANONICAL = [
    {"body": {"b": [1, -2, True, None], "a": 'é\n\u2028\x7f\x01"\\'}, "seq": 0},
    {"\ue000": 1, "\U0001f600": 2},  # ordered by UTF-16: the emoji's surrogates come first
    {"amount": 1.5, "big": 1e21, "n": -(2**53) + 1},
    ["x", {"z": {}}],
    {"a": "before the body", "body": {"k": 1}},
    {"body": {}},
]
NOT_CANONICAL = [
    b'{"b":1,"a":2}',  # keys out of order
    b'{"a": 1}',  # whitespace
    b'{"a":1.0}',
    b'{"a":1,"a":1}',
    b'{"a":"\\u00e9"}',  # escaped where RFC 8785 writes the character
    b'{"a":9007199254740993}',  # past 2**53
    b'{"a":-0}',
    b'{"a":NaN}',
    b'{"a":"\\ud800"}',  # a lone surrogate
    b"\xff",
    b'{"\xef\x80\x80":1,"\xf0\x9f\x98\x80":2}',  # code point order, not UTF-16's
]


@pytest.mark.parametrize("value", CANONICAL)
def test_rfc8785_bytes_are_canonical_and_a_body_is_its_own_canonical_bytes(value):
    data = rfc8785.dumps(value)
    parsed, body = parse_entry(data)
    assert rfc8785.dumps(parsed) == data
    if isinstance(value, dict) and "body" in value:
        assert body == rfc8785.dumps(value["body"])


@pytest.mark.parametrize("data", NOT_CANONICAL)
def test_anything_else_is_not_canonical(data):
    with pytest.raises(NotCanonical):
        parse_entry(data)


def test_bytes_not_canonical_are_named(log):
    log.attest(log.register(log.enrol()))
    log.entries[2] = log.entries[2].replace(b'"kind":"decision"', b'"kind": "decision"')
    report = log.verify()
    assert named(report, 2, "not canonical")


def test_signing_times_far_before_or_after_logging_are_named(log):
    officer = log.register(log.enrol())
    early = log.attest(officer, signed_at=log.now - timedelta(minutes=11))
    late = log.attest(officer, signed_at=log.now + timedelta(minutes=5))
    log.attest(officer, signed_at=log.now - timedelta(minutes=9))  # slow, but within the delay
    report = log.verify()
    assert named(report, early, "back-dating")
    assert named(report, late, "after it was logged")
    assert len(report.problems) == 2


def test_a_revoked_key_signs_nothing_more_and_what_it_signed_before_stands(log):
    registrar = log.enrol()
    officer = log.register(registrar)
    before = log.attest(officer)
    revoked = log.revoke(officer, registrar)
    after = log.attest(officer)
    report = log.verify()
    assert [p.seq for p in report.problems] == [after]
    assert named(report, after, f"revoked at entry {revoked}")
    assert before < revoked


def test_a_key_signs_only_once_registered_and_for_its_own_organisation(log):
    registrar = log.enrol()
    early = log.attest(Ed25519PrivateKey.generate())
    officer = log.register(registrar)
    foreign = log.attest(officer, OTHER_ORG)
    report = log.verify()
    assert named(report, early, "which no earlier entry registers")
    assert named(report, foreign, "of another organisation")


def test_the_log_key_signs_only_enrolments_and_revocations(log):
    body = {"organisation": ORG, "kind": "decision"}
    seq = log.append("attestation.filed", body, log.by_log(body))
    unsigned = log.append("attestation.filed", body, None)
    report = log.verify()
    assert named(report, seq, "the log key signed a attestation.filed entry")
    assert named(report, unsigned, "no one signed it")


def test_keys_are_registered_only_by_an_enrolled_registrar_of_their_organisation(log):
    registrar = log.enrol()
    officer = log.register(registrar)
    forged = log.register(officer)  # an officer is no registrar
    used = log.attest(forged)
    stranger = log.enrol(OTHER_ORG)  # the other organisation's registrar registers for ORG
    body = log.key_body(Ed25519PrivateKey.generate(), registrar=key_id(stranger))
    across = log.append("key.registered", body, log.by_key(stranger, body))
    report = log.verify()
    assert named(report, 2, "not an enrolled registrar")
    assert named(report, used, "whose registration (entry 2) is not valid")
    assert named(report, across, "of another organisation")


def test_a_changed_body_fails_its_signature(log):
    seq = log.attest(log.register(log.enrol()))
    data = log.entries[seq].replace(b'"case":"c"', b'"case":"d"')
    log.entries[seq] = data
    report = log.verify()
    assert named(report, seq, "does not match the body")


def test_checkpoints_signed_by_another_key_or_for_another_log_are_named(log):
    log.enrol()
    log.enrol()
    log.enrol()
    stranger = Ed25519PrivateKey.generate()
    size, _note, _ = log.checkpoints[1]
    forged = Checkpoint(ORIGIN, size, log.tree.root(size)).signed(ORIGIN, stranger)
    elsewhere = Checkpoint("other.example/log", 3, log.tree.root(3)).signed(ORIGIN, log.key)
    log.checkpoints[1] = (size, forged, None)
    log.checkpoints[2] = (3, elsewhere, None)
    report = log.verify()
    assert named(report, 1, "not the log key's", "no signature")
    assert named(report, 2, "not the log key's", "other.example")


def test_a_trusted_checkpoint_catches_a_rewritten_or_truncated_log(log):
    for _ in range(4):
        log.enrol()
    kept = log.checkpoints[2][1]  # the auditor kept the note of 3 entries
    assert log.verify(trusted=[kept]).ok
    rewritten = MemoryLog()
    rewritten.key = log.key  # the same log key: everything re-signed
    for _ in range(4):
        rewritten.enrol()
    report = rewritten.verify(trusted=[kept])
    assert named(report, 2, "the auditor kept", "rewritten")
    log.entries, log.checkpoints = log.entries[:2], log.checkpoints[:2]
    report = log.verify(trusted=[kept])
    assert named(report, 2, "truncated")
    assert report.problems == [p for p in report.problems if p.seq == 2]


def test_entries_past_the_last_checkpoint_are_named(log):
    for _ in range(3):
        log.enrol()
    del log.checkpoints[-1]
    report = log.verify()
    assert named(report, 2, "in no checkpoint")


def test_evidence_must_be_the_bytes_the_entry_states(log, tmp_path: Path):
    officer = log.register(log.enrol())
    content = b"%PDF-1.4 the report"
    item = {
        "name": "report.pdf",
        "size": len(content),
        "sha256": hashlib.sha256(content).hexdigest(),
    }
    body = {
        "organisation": ORG,
        "evidence": [item, {**item, "name": "annex.pdf", "sha256": "0" * 64}],
    }
    seq = log.append("attestation.filed", body, log.by_key(officer, body))
    (tmp_path / "report.pdf").write_bytes(content)
    report = log.verify(evidence=evidence_in(tmp_path))
    assert [str(p) for p in report.problems] == [
        f"entry {seq}: evidence 'annex.pdf' (SHA-256 0000000000000000…) is missing"
    ]
    (tmp_path / item["sha256"]).write_bytes(b"%PDF-1.4 another")  # by SHA-256 before by name
    report = log.verify(evidence=evidence_in(tmp_path))
    assert named(report, seq, "'report.pdf' does not match")


def test_a_receipt_proves_the_entry_and_the_signatures_it_rests_on(log):
    registrar = log.enrol()
    officer = log.register(registrar)
    seq = log.attest(officer)
    log.enrol(OTHER_ORG)
    receipt = log.receipt(seq, 1, 0)
    report = verify_receipt(receipt, log.key.public_key())
    assert report.problems == []
    assert (report.entries, report.checkpoints) == (3, 1)
    assert verify_receipt(json.dumps(receipt), log.key.public_key()).ok

    without_registrar = verify_receipt(log.receipt(seq, 1), log.key.public_key())
    assert named(without_registrar, 1, "whose registration is not in the receipt")
    assert named(verify_receipt(log.receipt(seq), log.key.public_key()), seq, "not in the receipt")

    changed = log.receipt(seq, 1, 0)
    changed["entries"][0]["entry"] = changed["entries"][0]["entry"].replace('"c"', '"d"')
    report = verify_receipt(changed, log.key.public_key())
    assert named(report, seq, "inclusion proof does not lead")
    assert named(report, seq, "does not match the body")

    stranger = Ed25519PrivateKey.generate()
    report = verify_receipt(receipt, stranger.public_key())
    assert named(report, None, "not the log key's")
    with pytest.raises(Unreadable):
        verify_receipt({"format": "something else"}, log.key.public_key())


def test_the_platforms_receipt_of_a_filing_and_its_countersignature_verifies(audited_log):
    filed, countersigned = audited_log.seqs["filed 2"], audited_log.seqs["countersigned"]
    receipt = bundles.receipt([filed, countersigned])
    seqs = [item["seq"] for item in receipt["entries"]]
    assert seqs[:2] == [filed, countersigned]
    kinds = [json.loads(item["entry"])["kind"] for item in receipt["entries"][2:]]
    # The officer's and the chair's registrations, and their registrar's enrolment.
    assert sorted(kinds) == ["key.registered", "key.registered", "registrar.enrolled"]
    report = verify_receipt(receipt, log_key().public_key())
    assert report.problems == []
    assert report.entries == 5
    with pytest.raises(NotFound):
        bundles.receipt([10_000])


def test_the_bundle_as_a_zip_verifies_as_its_folder_does(audited_log, tmp_path):
    archive = tmp_path / "bundle.zip"
    archive.write_bytes(bundles.bundle_zip(audited_log.org))
    evidence = audited_log.evidence_dir(tmp_path / "evidence")
    report = verify_bundle(archive, log_key().public_key(), evidence_dir=evidence)
    assert report.problems == []
    assert report.entries == report.checkpoints == 10
    folder = tmp_path / "bundle"
    manifest = bundles.write_bundle(audited_log.org, folder)
    assert manifest["organisation"]["code"] == audited_log.org.credit_code
    lines = [json.loads(line) for line in (folder / "entries.jsonl").read_text().splitlines()]
    other = audited_log.seqs["other filed"]
    assert set(lines[other]) == {"seq", "leaf_hash"}
    assert all("entry" in lines[seq] for seq in audited_log.filed)
    assert verify_bundle(folder, log_key().public_key()).ok
    with pytest.raises(Unreadable):
        verify_bundle(tmp_path / "nothing-here", log_key().public_key())


def test_a_checkpoint_opens_only_when_the_log_key_signed_it(log):
    """The Verifier opens every checkpoint with ``Checkpoint.open``: a witness's cosignature is
    ignored, anything else that is not the log key's signature on this log's note refused."""
    from market.attestations.notes import BadNote

    log.enrol()
    note = log.checkpoints[0][1]
    witness = Ed25519PrivateKey.generate()
    cosigned = (
        note
        + Checkpoint.parse(note.split("\n\n")[0] + "\n")
        .signed("witness.example", witness)
        .split("\n\n")[1]
    )
    stranger = Checkpoint(ORIGIN, 1, log.tree.root()).signed(ORIGIN, witness)
    refused = [
        note.replace("\n1\n", "\n2\n"),  # the size changed
        note.replace("\n\n", "\n\x01\n"),  # a control character
        note.rstrip("\n"),
        note.replace("\u2014 ", "- "),
        note[:-5] + "!!!!\n",  # not base64
        stranger,  # the log's name, another key
        Checkpoint("other.example", 1, log.tree.root()).signed(ORIGIN, log.key),
        "no note at all",
    ]
    key = log.key.public_key()
    for text in refused:
        with pytest.raises(BadNote):
            Checkpoint.open(text, ORIGIN, key, ORIGIN)
    expected = Checkpoint.parse(note.split("\n\n")[0] + "\n")
    assert Checkpoint.open(note, ORIGIN, key, ORIGIN) == expected
    assert Checkpoint.open(cosigned, ORIGIN, key, ORIGIN) == expected
