"""A small log of two organisations built through the verbs (key enrolment, registration,
signing, ``ledger.append``) with evidence files in the document store: what the verifier's
tests check, tamper with and export."""

from __future__ import annotations

import base64
import hashlib
import io
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import rfc8785

from market.accounts.models import Organisation, OrgKind, Role, User
from market.attestations import ledger, signing_keys
from market.attestations.log_key import log_key, public_pem
from market.catalog.storage import store_upload
from market.core.audit import Actor
from market.core.db import db, utcnow

LOG_PIN, REGISTRAR_PIN = "482915", "735102"


@dataclass
class AuditedLog:
    """``org``'s entries (and ``other``'s between them) in the log: seqs by what they are."""

    org: Organisation
    other: Organisation
    officer: User
    chair: User
    storage: Path
    seqs: dict[str, int] = field(default_factory=dict)
    evidence: dict[str, bytes] = field(default_factory=dict)  # file name -> its bytes

    @property
    def filed(self) -> list[int]:
        return [self.seqs[f"filed {n}"] for n in (1, 2, 3)]

    def evidence_dir(self, folder: Path) -> Path:
        """The evidence as an auditor holds it: each file under its name."""
        folder.mkdir(parents=True, exist_ok=True)
        for name, content in self.evidence.items():
            (folder / name).write_bytes(content)
        return folder

    def log_key_pem(self, folder: Path) -> Path:
        path = folder / "log-key-from-the-platform.pem"
        path.write_bytes(public_pem(log_key().public_key()))
        return path


def _signers(org: Organisation, make_user: Any, *roles: Role) -> list[User]:
    admin = make_user(org, roles=(Role.ADMIN,))
    registrar = signing_keys.create_key(Actor(admin), REGISTRAR_PIN)
    signing_keys.enroll_registrar(registrar, Actor(admin))
    signers = []
    for role in roles:
        person = make_user(org, roles=(role,))
        key = signing_keys.create_key(Actor(person), LOG_PIN)
        signing_keys.register_key(key, Actor(admin), REGISTRAR_PIN)
        signers.append(person)
    return signers


def file_attestation(
    org: Organisation, officer: User, number: int, evidence: list[dict[str, Any]]
) -> tuple[int, dict[str, Any]]:
    """An ``attestation.filed`` entry of the shape the attestation verbs log; (seq, body)."""
    body = {
        "format": "pioneer-market/attestation/1",
        "organisation": str(org.id),
        "case": str(uuid.uuid4()),
        "attestation": str(uuid.uuid4()),
        "kind": "decision",
        "number": number,
        "rationale": f"试用采购第{number}号：风险可控。",
        "signed_at": utcnow().isoformat(),
        "evidence": evidence,
    }
    signer = signing_keys.sign(officer, LOG_PIN, body)
    entry = ledger.append("attestation.filed", body, signer, organisation_id=org.id)
    return entry.seq, body


@pytest.fixture
def audited_log(in_app, make_org, make_user, tmp_path, monkeypatch) -> AuditedLog:
    storage = tmp_path / "documents"
    monkeypatch.setitem(in_app.config, "DOCUMENT_STORAGE", str(storage))
    org, other = make_org(kind=OrgKind.BUYER), make_org(kind=OrgKind.BUYER)
    first = ledger.size()
    officer, chair = _signers(org, make_user, Role.OFFICER, Role.APPROVER)
    (other_officer,) = _signers(other, make_user, Role.OFFICER)
    log = AuditedLog(org, other, officer, chair, storage)

    def evidence(name: str) -> dict[str, Any]:
        content = b"%PDF-1.4\n% evidence " + name.encode() + b"\n%%EOF\n"
        stored, safe_name = store_upload(io.BytesIO(content), name, storage, 1 << 20)
        log.evidence[safe_name] = content
        return {
            "document": str(uuid.uuid4()),
            "name": safe_name,
            "type": stored.media_type,
            "size": stored.size,
            "sha256": stored.sha256,
        }

    log.seqs["filed 1"], _ = file_attestation(org, officer, 1, [evidence("report.pdf")])
    log.seqs["other filed"], _ = file_attestation(other, other_officer, 1, [])
    log.seqs["filed 2"], body = file_attestation(
        org, officer, 2, [evidence("report.pdf"), evidence("minutes.pdf")]
    )
    countersignature = {
        "format": "pioneer-market/countersignature/1",
        "organisation": str(org.id),
        "case": body["case"],
        "attestation": body["attestation"],
        "attestation_seq": log.seqs["filed 2"],
        "attestation_sha256": hashlib.sha256(rfc8785.dumps(body)).hexdigest(),
        "chair": {"user": str(chair.id), "name": chair.name},
        "statement": "I chaired the meeting and the attestation states its decision.",
        "signed_at": utcnow().isoformat(),
    }
    signer = signing_keys.sign(chair, LOG_PIN, countersignature)
    log.seqs["countersigned"] = ledger.append(
        "attestation.countersigned", countersignature, signer, organisation_id=org.id
    ).seq
    log.seqs["filed 3"], _ = file_attestation(org, officer, 3, [evidence("photo.pdf")])
    db.session.commit()
    assert first == 0, "the log of a test starts empty"
    return log


def b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode()
