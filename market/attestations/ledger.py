"""Appending to the log and proving what it holds.

An append, inside the caller's transaction: take the head row's lock (an UPDATE first, so
SQLite's write lock is taken before anything is read and PostgreSQL's row lock queues the next
appender), build the record — ``seq``, ``prev_root`` (the root before it), ``logged_at``,
``kind``, ``body`` and ``signer`` — as RFC 8785 canonical JSON, hash it as a leaf, store the
subtrees it completes, move the head, and write the checkpoint the log key signs. One at a
time, so sequence numbers have no gaps and every checkpoint extends the one before.
"""

from __future__ import annotations

import base64
import uuid
from collections.abc import Mapping
from typing import Any

import rfc8785
import sqlalchemy as sa
from flask import current_app

from market.attestations import merkle
from market.attestations.log_key import log_key
from market.attestations.models import LedgerCheckpoint, LedgerEntry, LedgerHead, LedgerNode
from market.attestations.notes import Checkpoint
from market.core.db import db, utcnow


def b64(digest: bytes) -> str:
    return base64.b64encode(digest).decode()


def _locked_head() -> LedgerHead:
    db.session.execute(sa.update(LedgerHead).where(LedgerHead.id == 1).values(size=LedgerHead.size))
    return db.session.execute(
        sa.select(LedgerHead).where(LedgerHead.id == 1).execution_options(populate_existing=True)
    ).scalar_one()


def append(
    kind: str,
    body: Mapping[str, Any],
    signer: Mapping[str, Any] | None = None,
    organisation_id: uuid.UUID | None = None,
) -> LedgerEntry:
    """Add one record; returns its row (flushed, committed with the caller's transaction).
    ``body`` and ``signer`` are JSON without floats (money as strings)."""
    head = _locked_head()
    frontier = merkle.Frontier(head.size, [(w, bytes.fromhex(h)) for w, h in head.frontier])
    now = utcnow()
    seq = head.size
    record = {
        "seq": seq,
        "prev_root": b64(frontier.root()),
        "logged_at": now.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        "kind": kind,
        "body": dict(body),
        "signer": dict(signer) if signer is not None else None,
    }
    data = rfc8785.dumps(record)
    leaf = merkle.leaf_hash(data)
    for width, digest in frontier.append(leaf):
        start = seq + 1 - width
        db.session.add(LedgerNode(level=width.bit_length() - 1, index=start // width, hash=digest))
    entry = LedgerEntry(
        seq=seq,
        entry=data,
        leaf_hash=leaf,
        kind=kind,
        organisation_id=organisation_id,
        logged_at=now,
    )
    db.session.add(entry)
    head.size = frontier.size
    head.frontier = [[width, digest.hex()] for width, digest in frontier.stack]
    root = frontier.root()
    checkpoint = Checkpoint(origin(), frontier.size, root, record["logged_at"])
    db.session.add(
        LedgerCheckpoint(
            size=frontier.size,
            root=root,
            note=checkpoint.signed(origin(), log_key()),
            created_at=now,
        )
    )
    db.session.flush()
    return entry


def origin() -> str:
    return str(current_app.config["LEDGER_ORIGIN"])


def size() -> int:
    return db.session.scalar(sa.select(LedgerHead.size).where(LedgerHead.id == 1)) or 0


def checkpoint(tree_size: int | None = None) -> LedgerCheckpoint | None:
    """The checkpoint of ``tree_size`` entries, or the latest."""
    query = sa.select(LedgerCheckpoint)
    if tree_size is None:
        query = query.order_by(LedgerCheckpoint.size.desc()).limit(1)
    else:
        query = query.where(LedgerCheckpoint.size == tree_size)
    return db.session.scalar(query)


class StoredTree:
    """Range hashes read from the store: a complete subtree is one row (a leaf hash or a
    node), any other range the RFC visits splits into such rows, so a proof reads O(log n).
    ``reads`` counts them."""

    def __init__(self) -> None:
        self.reads = 0

    def subtree(self, start: int, end: int) -> bytes:
        width = end - start
        if width == 1:
            self.reads += 1
            digest = db.session.scalar(
                sa.select(LedgerEntry.leaf_hash).where(LedgerEntry.seq == start)
            )
        elif width & (width - 1) == 0 and start % width == 0:
            self.reads += 1
            digest = db.session.scalar(
                sa.select(LedgerNode.hash).where(
                    LedgerNode.level == width.bit_length() - 1,
                    LedgerNode.index == start // width,
                )
            )
        else:
            k = merkle.split(width)
            return merkle.node_hash(self.subtree(start, start + k), self.subtree(start + k, end))
        if digest is None:
            raise LookupError(f"the log holds no subtree {start}..{end}")
        return digest

    def inclusion_path(self, seq: int, tree_size: int) -> list[bytes]:
        return merkle.inclusion_path(seq, tree_size, self.subtree)

    def consistency_proof(self, first: int, second: int) -> list[bytes]:
        return merkle.consistency_proof(first, second, self.subtree)
