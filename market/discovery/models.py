"""The search outbox: one row per catalog change still to be pushed to the index."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from market.core.db import db, utcnow


class SearchOutbox(db.Model):
    """A product whose index entry may be stale. Written in the transaction of the change, so
    the index can lag the database but never miss a change; several rows for one product are
    drained together."""

    __tablename__ = "search_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    # No foreign key: the row only says "look at this product again"; if the product is gone
    # the drain deletes its document.
    product_id: Mapped[uuid.UUID] = mapped_column(index=True)
    enqueued_at: Mapped[datetime] = mapped_column(default=utcnow)
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(sa.Text)
    # After a failed push, the row waits until then (exponential backoff).
    not_before: Mapped[datetime | None] = mapped_column(index=True)

    def __repr__(self) -> str:
        return f"<SearchOutbox {self.id} {self.product_id} attempts={self.attempts}>"
