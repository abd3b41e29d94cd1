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
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import rfc8785
import sqlalchemy as sa
from flask import current_app
from sqlalchemy.dialects import postgresql

from market.attestations import merkle
from market.attestations.log_key import log_key
from market.attestations.models import LedgerCheckpoint, LedgerEntry, LedgerHead, LedgerNode
from market.attestations.notes import Checkpoint
from market.core.db import db, utcnow


def b64(digest: bytes) -> str:
    return base64.b64encode(digest).decode()


_HEAD, _ENTRIES = LedgerHead.__table__, LedgerEntry.__table__
_NODES, _CHECKPOINTS = LedgerNode.__table__, LedgerCheckpoint.__table__
# SQLite has no row locks: an UPDATE takes the database's write lock before anything is read.
_LOCK_HEAD = (
    sa.update(_HEAD)
    .where(_HEAD.c.id == 1)
    .values(size=_HEAD.c.size)
    .returning(_HEAD.c.size, _HEAD.c.frontier)
)
# PostgreSQL locks the row alone, without writing a version of it that the append replaces.
_LOCK_HEAD_ROW = sa.select(_HEAD.c.size, _HEAD.c.frontier).where(_HEAD.c.id == 1).with_for_update()
_ENTRY_COLUMNS = ("seq", "entry", "leaf_hash", "kind", "organisation_id", "logged_at")
_INSERT_ENTRY = sa.insert(_ENTRIES).values({c: sa.bindparam(c) for c in _ENTRY_COLUMNS})
_INSERT_CHECKPOINT = sa.insert(_CHECKPOINTS).values(
    size=sa.bindparam("checkpoint_size"),
    root=sa.bindparam("root"),
    note=sa.bindparam("note"),
    created_at=sa.bindparam("logged_at"),
)
_MOVE_HEAD = (
    sa.update(_HEAD)
    .where(_HEAD.c.id == 1)
    .values(size=sa.bindparam("size"), frontier=sa.bindparam("stack", type_=_HEAD.c.frontier.type))
)


def _write(connection: sa.Connection, values: dict[str, Any]) -> None:
    """The entry, the subtrees it completed, its checkpoint and the head: four statements."""
    connection.execute(_INSERT_ENTRY, values)
    if values["nodes"]:
        connection.execute(sa.insert(_NODES), values["nodes"])
    connection.execute(_INSERT_CHECKPOINT, values)
    connection.execute(_MOVE_HEAD, values)


def _one_statement() -> sa.Update:
    """The same four writes as one PostgreSQL statement (data-modifying CTEs), so an append
    waits for the server twice, not five times: the lock, then this."""
    nodes = (
        sa.func.unnest(
            sa.bindparam("levels", type_=postgresql.ARRAY(sa.SmallInteger)),
            sa.bindparam("indexes", type_=postgresql.ARRAY(sa.BigInteger)),
            sa.bindparam("hashes", type_=postgresql.ARRAY(sa.LargeBinary)),
        )
        .table_valued("level", "index", "hash")
        .render_derived()
    )
    insert_nodes = sa.insert(_NODES).from_select(
        ["level", "index", "hash"], sa.select(nodes.c.level, nodes.c.index, nodes.c.hash)
    )
    return (
        _MOVE_HEAD.add_cte(_INSERT_ENTRY.cte("appended_entry"))
        .add_cte(insert_nodes.cte("appended_nodes"))
        .add_cte(_INSERT_CHECKPOINT.cte("appended_checkpoint"))
    )


_APPEND_IN_ONE = _one_statement()


def _write_in_one_statement(connection: sa.Connection, values: dict[str, Any]) -> None:
    nodes = values["nodes"]
    connection.execute(
        _APPEND_IN_ONE,
        {
            **values,
            "levels": [n["level"] for n in nodes],
            "indexes": [n["index"] for n in nodes],
            "hashes": [n["hash"] for n in nodes],
        },
    )


@dataclass(frozen=True)
class Appended:
    """An entry just appended: its number, its bytes and their leaf hash."""

    seq: int
    entry: bytes
    leaf_hash: bytes
    logged_at: datetime


def append(
    kind: str,
    body: Mapping[str, Any],
    signer: Mapping[str, Any] | None = None,
    organisation_id: uuid.UUID | None = None,
) -> Appended:
    """Add one record inside the caller's transaction (committed with it). ``body`` and
    ``signer`` are JSON without floats (money as strings).

    Core statements built once, not the ORM's unit of work: an append is five rows' worth of
    SQL, and the ORM's flush and reloads cost more than the commit itself (make bench-ledger)."""
    # The head's lock comes first, read in the same statement: the next appender waits here.
    connection = db.session.connection()
    on_postgresql = connection.dialect.name == "postgresql"
    size, stack = connection.execute(_LOCK_HEAD_ROW if on_postgresql else _LOCK_HEAD).one()
    frontier = merkle.Frontier(size, [(w, bytes.fromhex(h)) for w, h in stack])
    now = utcnow()
    seq = size
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
    nodes = [
        {"level": width.bit_length() - 1, "index": (seq + 1 - width) // width, "hash": digest}
        for width, digest in frontier.append(leaf)
    ]
    root = frontier.root()
    name = origin()
    values = {
        "seq": seq,
        "entry": data,
        "leaf_hash": leaf,
        "kind": kind,
        "organisation_id": organisation_id,
        "logged_at": now,
        "nodes": nodes,
        "checkpoint_size": frontier.size,
        "root": root,
        "note": Checkpoint(name, frontier.size, root, record["logged_at"]).signed(name, log_key()),
        "size": frontier.size,
        "stack": [[width, digest.hex()] for width, digest in frontier.stack],
    }
    if on_postgresql:
        _write_in_one_statement(connection, values)
    else:
        _write(connection, values)
    return Appended(seq, data, leaf, now)


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
