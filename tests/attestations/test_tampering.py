"""Someone with the database's superuser rights (and, in one case, the log key) changes the log
after the fact. Every such change is caught twice, by the server's own check (``verify_live``,
``flask ledger verify``) and by the auditor's offline verifier on a bundle exported afterwards,
and the problem names the entry. On PostgreSQL the triggers refuse such changes through the
application's connection, so the tests switch them off as a superuser can."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
import rfc8785
import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from market.attestations import bundles, ledger, merkle, signing_keys
from market.attestations.log_key import log_key
from market.attestations.models import LedgerCheckpoint, LedgerEntry, LedgerHead, LedgerNode
from market.attestations.notes import Checkpoint, raw_public
from market.attestations.verify import LOGGED_AT_FORMAT, Report, verify_bundle
from market.catalog.storage import blob_path
from market.core.db import db
from tests.attestations.log_fixtures import LOG_PIN, AuditedLog, b64


@contextmanager
def as_superuser() -> Iterator[None]:
    """Statements the append-only triggers would refuse: with them off, as an operator with
    superuser rights can (``session_replication_role``), for these statements only."""
    postgresql = db.session.get_bind().dialect.name == "postgresql"
    if postgresql:
        db.session.execute(sa.text("SET LOCAL session_replication_role = replica"))
    yield
    db.session.flush()
    if postgresql:
        db.session.execute(sa.text("SET LOCAL session_replication_role = origin"))
    db.session.commit()
    db.session.expire_all()


def named(report: Report, seq: int | None, *words: str) -> bool:
    return any(p.seq == seq and all(w in p.message for w in words) for p in report.problems)


def auditors_evidence(log: AuditedLog, folder: Path) -> Path:
    """The evidence files as the platform serves them now, named by SHA-256."""
    folder.mkdir()
    for path in log.storage.rglob("*"):
        if path.is_file() and len(path.name) == 64:
            shutil.copy(path, folder / path.name)
    return folder


def caught_everywhere(
    log: AuditedLog, tmp_path: Path, seq: int, *words: str, trusted: tuple[str, ...] = ()
) -> tuple[Report, Report]:
    live = bundles.verify_live(trusted=trusted)
    assert named(live, seq, *words), [str(p) for p in live.problems]
    folder = tmp_path / "bundle"
    bundles.write_bundle(log.org, folder)
    offline = verify_bundle(
        folder,
        log_key().public_key(),
        trusted=trusted,
        evidence_dir=auditors_evidence(log, tmp_path / "evidence"),
    )
    assert named(offline, seq, *words), [str(p) for p in offline.problems]
    return live, offline


def record_of(seq: int) -> dict[str, Any]:
    return json.loads(db.session.get(LedgerEntry, seq).entry)


def rewrite(seq: int, change: Callable[[dict[str, Any]], None]) -> None:
    """Change entry ``seq``'s record and store its new bytes and leaf hash (what a careful
    forger does), leaving the signed checkpoints as they are."""
    record = record_of(seq)
    change(record)
    data = rfc8785.dumps(record)
    with as_superuser():
        db.session.execute(
            sa.update(LedgerEntry)
            .where(LedgerEntry.seq == seq)
            .values(entry=data, leaf_hash=merkle.leaf_hash(data))
        )


def test_an_untouched_log_passes_both_checks(audited_log, tmp_path):
    live = bundles.verify_live()
    assert live.problems == []
    assert (live.entries, live.checkpoints) == (10, 10)
    assert live.seconds > 0
    folder = tmp_path / "bundle"
    bundles.write_bundle(audited_log.org, folder)
    evidence = auditors_evidence(audited_log, tmp_path / "evidence")
    assert verify_bundle(folder, log_key().public_key(), evidence_dir=evidence).problems == []


def test_an_edited_field_of_an_entry(audited_log, tmp_path):
    seq = audited_log.seqs["filed 2"]
    rewrite(seq, lambda record: record["body"].update(rationale="无风险。"))
    live, offline = caught_everywhere(audited_log, tmp_path, seq, "does not match the body")
    for report in (live, offline):
        assert named(report, seq, "checkpoint of size", "does not match the entries")


def test_an_entry_whose_bytes_changed_without_its_leaf_hash(audited_log, tmp_path):
    seq = audited_log.seqs["filed 1"]
    data = db.session.get(LedgerEntry, seq).entry.replace("第1号".encode(), "第9号".encode())
    with as_superuser():
        db.session.execute(sa.update(LedgerEntry).where(LedgerEntry.seq == seq).values(entry=data))
    live, _offline = caught_everywhere(audited_log, tmp_path, seq, "does not match the body")
    assert named(live, seq, "leaf_hash column")


def test_a_deleted_entry(audited_log, tmp_path):
    seq = audited_log.seqs["filed 2"]
    with as_superuser():
        db.session.execute(sa.delete(LedgerEntry).where(LedgerEntry.seq == seq))
    caught_everywhere(
        audited_log, tmp_path, seq, f"missing: the log goes from entry {seq - 1} to entry {seq + 1}"
    )


def test_a_deleted_entry_with_the_rest_renumbered(audited_log, tmp_path):
    seq = audited_log.seqs["filed 2"]
    with as_superuser():
        db.session.execute(sa.delete(LedgerEntry).where(LedgerEntry.seq == seq))
        for later in range(seq + 1, ledger.size()):  # one at a time: the key stays unique
            db.session.execute(
                sa.update(LedgerEntry).where(LedgerEntry.seq == later).values(seq=later - 1)
            )
        db.session.execute(sa.update(LedgerHead).values(size=LedgerHead.size - 1))
    caught_everywhere(audited_log, tmp_path, seq, f"its record says it is entry {seq + 1}")


def test_two_entries_swapped(audited_log, tmp_path):
    first, second = audited_log.seqs["filed 1"], audited_log.seqs["filed 3"]
    with as_superuser():
        for old, new in ((first, 10**9), (second, first), (10**9, second)):
            db.session.execute(sa.update(LedgerEntry).where(LedgerEntry.seq == old).values(seq=new))
    live, offline = caught_everywhere(
        audited_log, tmp_path, first, f"its record says it is entry {second}"
    )
    for report in (live, offline):
        assert named(report, second, f"its record says it is entry {first}")


def test_the_tail_truncated_with_its_checkpoints(audited_log, app, tmp_path):
    kept = tmp_path / "kept-checkpoint.txt"
    runner = app.test_cli_runner()
    result = runner.invoke(args=["ledger", "checkpoint", "--out", str(kept)])
    assert result.exit_code == 0, result.output
    cut = audited_log.seqs["countersigned"]
    leaves = db.session.scalars(
        sa.select(LedgerEntry.leaf_hash).where(LedgerEntry.seq < cut).order_by(LedgerEntry.seq)
    ).all()
    frontier = merkle.Frontier()
    frontier.extend(leaves)
    with as_superuser():
        db.session.execute(sa.delete(LedgerEntry).where(LedgerEntry.seq >= cut))
        db.session.execute(sa.delete(LedgerCheckpoint).where(LedgerCheckpoint.size > cut))
        db.session.execute(
            sa.update(LedgerHead).values(
                size=cut, frontier=[[w, digest.hex()] for w, digest in frontier.stack]
            )
        )
    # What is left is a consistent log: only the checkpoint the auditor kept shows the loss.
    assert bundles.verify_live().ok
    note = kept.read_text()
    caught_everywhere(audited_log, tmp_path, cut, "truncated", trusted=(note,))
    result = runner.invoke(args=["ledger", "verify", "--trusted", str(kept)])
    assert result.exit_code == 1
    assert f"entry {cut}: entries {cut}..{cut + 1} are missing" in result.stdout
    assert "FAILED: 1 problems" in result.stdout


def test_a_changed_logging_time(audited_log, tmp_path):
    seq = audited_log.seqs["filed 3"]
    row = db.session.get(LedgerEntry, seq - 1)
    backdated = row.logged_at - timedelta(hours=1)  # before the entry before it
    rewrite(seq, lambda record: record.update(logged_at=backdated.strftime(LOGGED_AT_FORMAT)))
    with as_superuser():
        db.session.execute(
            sa.update(LedgerEntry).where(LedgerEntry.seq == seq).values(logged_at=backdated)
        )
    live, offline = caught_everywhere(audited_log, tmp_path, seq, "time went backwards")
    for report in (live, offline):
        assert named(report, seq, "checkpoint of size", "does not match the entries")


def test_an_edit_with_every_checkpoint_re_signed_by_the_log_key(audited_log, tmp_path):
    seq = audited_log.seqs["filed 2"]
    origin, key = ledger.origin(), log_key()
    rows = db.session.execute(
        sa.select(LedgerEntry.seq, LedgerEntry.entry).order_by(LedgerEntry.seq)
    ).all()
    frontier = merkle.Frontier()
    with as_superuser():
        db.session.execute(sa.delete(LedgerNode))
        db.session.execute(sa.delete(LedgerCheckpoint).where(LedgerCheckpoint.size > seq))
        for at, data in rows:
            if at >= seq:  # the edited entry, and every later one chained to it anew
                record = json.loads(data)
                if at == seq:
                    record["body"]["rationale"] = "无风险。"
                record["prev_root"] = b64(frontier.root())
                data = rfc8785.dumps(record)
                db.session.execute(
                    sa.update(LedgerEntry)
                    .where(LedgerEntry.seq == at)
                    .values(entry=data, leaf_hash=merkle.leaf_hash(data))
                )
            for width, digest in frontier.append(merkle.leaf_hash(data)):
                start = at + 1 - width
                db.session.add(
                    LedgerNode(level=width.bit_length() - 1, index=start // width, hash=digest)
                )
            if at >= seq:
                checkpoint = Checkpoint(origin, at + 1, frontier.root(), record["logged_at"])
                db.session.add(
                    LedgerCheckpoint(
                        size=at + 1,
                        root=frontier.root(),
                        note=checkpoint.signed(origin, key),
                        created_at=db.session.get(LedgerEntry, at).logged_at,
                    )
                )
        db.session.execute(
            sa.update(LedgerHead).values(frontier=[[w, d.hex()] for w, d in frontier.stack])
        )
    live, offline = caught_everywhere(audited_log, tmp_path, seq, "does not match the body")
    # Everything else is consistent: the officer's signature alone shows the edit.
    assert len(live.problems) == len(offline.problems) == 1


def test_a_replaced_evidence_file(audited_log, tmp_path):
    seq = audited_log.seqs["filed 2"]
    minutes = next(i for i in record_of(seq)["body"]["evidence"] if i["name"] == "minutes.pdf")
    blob_path(audited_log.storage, minutes["sha256"]).write_bytes(b"%PDF-1.4\n% other minutes\n")
    caught_everywhere(audited_log, tmp_path, seq, "evidence 'minutes.pdf' does not match")


def test_a_registration_forged_for_a_key_no_registrar_registered(audited_log, tmp_path):
    org, officer = audited_log.org, audited_log.officer
    forged = Ed25519PrivateKey.generate()
    public = raw_public(forged.public_key())
    body = {
        "organisation": str(org.id),
        "user": str(officer.id),
        "name": officer.name,
        "key_id": signing_keys.key_id_of(public),
        "public_key": b64(public),
        "roles": ["officer"],
        "registered_at": "2026-12-07T06:00:00+00:00",
        "registrar": signing_keys.live_key(officer).key_id,
    }
    # The officer's key is registered, but it is no registrar.
    signer = signing_keys.sign(officer, LOG_PIN, body)
    registered = ledger.append("key.registered", body, signer, organisation_id=org.id).seq
    attestation = {"organisation": str(org.id), "case": "c", "kind": "decision"}
    signature = b64(forged.sign(rfc8785.dumps(attestation)))
    used = ledger.append(
        "attestation.filed",
        attestation,
        {"key_id": body["key_id"], "signature": signature},
        organisation_id=org.id,
    ).seq
    db.session.commit()
    live, offline = caught_everywhere(
        audited_log, tmp_path, registered, "not an enrolled registrar"
    )
    for report in (live, offline):
        assert named(report, used, f"whose registration (entry {registered}) is not valid")


def test_postgresql_refuses_an_update_through_the_applications_connection(audited_log):
    if db.session.get_bind().dialect.name != "postgresql":
        pytest.skip("the append-only triggers are PostgreSQL's")
    seq = audited_log.seqs["filed 1"]
    with pytest.raises(sa.exc.DBAPIError, match="append-only"), db.session.begin_nested():
        db.session.execute(sa.update(LedgerEntry).where(LedgerEntry.seq == seq).values(entry=b"{}"))
    assert bundles.verify_live().ok
