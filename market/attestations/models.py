"""The log's tables. Rows are written once and never changed (on PostgreSQL, triggers refuse
UPDATE, DELETE and TRUNCATE on them; detection never depends on that): the entries, the
complete subtrees of two or more leaves (so a proof reads O(log n) rows), and a signed
checkpoint after every append. ``LedgerHead`` is the one row that moves: the size and the
right edge of the tree, and the row appends lock to go one at a time."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from market.core.db import db


class LedgerEntry(db.Model):
    __tablename__ = "ledger_entries"
    __table_args__ = (sa.CheckConstraint("seq >= 0", name="seq_not_negative"),)

    seq: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, autoincrement=False)
    # The RFC 8785 canonical JSON that was hashed: the record, byte for byte.
    entry: Mapped[bytes] = mapped_column(sa.LargeBinary)
    leaf_hash: Mapped[bytes] = mapped_column(sa.LargeBinary(32))
    kind: Mapped[str] = mapped_column(sa.String(40), index=True)
    # Whose record it is (a bundle for one organisation's auditors carries these in full).
    organisation_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    logged_at: Mapped[datetime]

    def __repr__(self) -> str:
        return f"<LedgerEntry {self.seq} {self.kind}>"


class LedgerNode(db.Model):
    """The root of a complete subtree of 2**level leaves, the index-th of its width."""

    __tablename__ = "ledger_nodes"

    level: Mapped[int] = mapped_column(sa.SmallInteger, primary_key=True, autoincrement=False)
    index: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, autoincrement=False)
    hash: Mapped[bytes] = mapped_column(sa.LargeBinary(32))


class LedgerCheckpoint(db.Model):
    __tablename__ = "ledger_checkpoints"

    size: Mapped[int] = mapped_column(sa.BigInteger, primary_key=True, autoincrement=False)
    root: Mapped[bytes] = mapped_column(sa.LargeBinary(32))
    note: Mapped[str] = mapped_column(sa.Text)  # the C2SP signed note, as served
    created_at: Mapped[datetime]


class LedgerHead(db.Model):
    __tablename__ = "ledger_head"
    __table_args__ = (sa.CheckConstraint("id = 1", name="one_row"),)

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    size: Mapped[int] = mapped_column(sa.BigInteger)
    # The tree's right edge: [[width, hex root], ...], largest first (merkle.Frontier).
    frontier: Mapped[list[Any]] = mapped_column(sa.JSON)
