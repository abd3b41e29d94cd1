"""The log as stored: every append chains to the root before it, its checkpoint is signed by
the log key (a PEM file of mode 0600), proofs come from the stored subtrees in O(log n) reads
and verify, and on PostgreSQL the tables refuse change."""

from __future__ import annotations

import json
import stat
from pathlib import Path

import pytest
import sqlalchemy as sa
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from market.attestations import ledger, merkle
from market.attestations.log_key import load_or_create, log_key
from market.attestations.models import LedgerCheckpoint, LedgerEntry
from market.attestations.notes import Checkpoint
from market.core.db import db


def fill(count: int) -> list[ledger.Appended]:
    first = ledger.size()
    entries = [ledger.append("test", {"n": first + n, "amount": f"{n}.00"}) for n in range(count)]
    db.session.commit()
    return entries


def test_each_append_chains_to_the_root_before_it_and_is_checkpointed(in_app):
    entries = fill(37)
    start = entries[0].seq
    leaves = [
        e.leaf_hash for e in db.session.scalars(sa.select(LedgerEntry).order_by(LedgerEntry.seq))
    ]
    tree = merkle.MemoryTree(leaves)
    for entry in entries:
        record = json.loads(entry.entry)
        assert record["seq"] == entry.seq
        assert entry.leaf_hash == merkle.leaf_hash(entry.entry)
        assert ledger.b64(tree.root(entry.seq)) == record["prev_root"]
        assert record["body"]["amount"].endswith(".00")  # money as strings, never floats
    latest = ledger.checkpoint()
    assert latest.size == start + 37
    opened = Checkpoint.open(latest.note, ledger.origin(), log_key().public_key(), ledger.origin())
    assert opened.size == latest.size
    assert opened.root == tree.root() == latest.root
    checkpoints = db.session.scalar(sa.select(sa.func.count()).select_from(LedgerCheckpoint))
    assert checkpoints == latest.size


def test_proofs_from_the_store_verify_in_logarithmic_reads(in_app):
    fill(300)
    latest = ledger.checkpoint()
    stored = ledger.StoredTree()
    for seq in range(0, latest.size, 7):
        stored.reads = 0
        path = stored.inclusion_path(seq, latest.size)
        leaf = db.session.get(LedgerEntry, seq).leaf_hash
        assert merkle.verify_inclusion(leaf, seq, latest.size, path, latest.root)
        assert stored.reads <= 2 * latest.size.bit_length()
    for first in (1, 2, 64, 100, latest.size - 1):
        earlier = ledger.checkpoint(first)
        proof = stored.consistency_proof(first, latest.size)
        assert merkle.verify_consistency(first, latest.size, earlier.root, latest.root, proof)


def test_the_log_key_is_a_file_of_its_own_made_once(tmp_path: Path):
    path = tmp_path / "keys" / "ledger-key.pem"
    key = load_or_create(path)
    assert isinstance(key, Ed25519PrivateKey)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    again = load_or_create(path)
    assert again.public_key() == key.public_key()


def test_postgresql_refuses_changes_to_the_log(in_app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("the append-only triggers are PostgreSQL's")
    entry = fill(1)[0]
    for statement in (
        sa.update(LedgerEntry).where(LedgerEntry.seq == entry.seq).values(kind="forged"),
        sa.delete(LedgerEntry).where(LedgerEntry.seq == entry.seq),
        sa.update(LedgerCheckpoint).values(note="forged"),
    ):
        with pytest.raises(sa.exc.DBAPIError, match="append-only"), db.session.begin_nested():
            db.session.execute(statement)
    with pytest.raises(sa.exc.DBAPIError, match="append-only"), db.session.begin_nested():
        db.session.execute(sa.text("TRUNCATE ledger_entries CASCADE"))
