"""A product's public trial record: one row per accepted green channel trial of one of its
versions (made by ``market.trials.track_record`` when the acceptance is recorded). It names the
year, the category, the KPIs met and, only if the buyer chose to show it, the buyer
organisation. A failed or ended trial is never shown publicly. Search counts these rows
(``trial_successes``)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from market.catalog.taxonomy import Category
from market.core.db import UUIDPrimaryKey, db, utcnow


class TrialRecord(UUIDPrimaryKey, db.Model):
    __tablename__ = "product_trial_records"

    product_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    version_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("product_versions.id", ondelete="RESTRICT")
    )
    case_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("cases.id", ondelete="CASCADE"), unique=True
    )
    year: Mapped[int]
    category: Mapped[str] = mapped_column(sa.String(20))
    kpis_met: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON)
    buyer_name: Mapped[str | None] = mapped_column(sa.String(400))  # None: not shown
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @property
    def category_code(self) -> Category:
        return Category(self.category)


def records_of(product_id: uuid.UUID) -> list[TrialRecord]:
    return list(
        db.session.scalars(
            sa.select(TrialRecord)
            .where(TrialRecord.product_id == product_id)
            .order_by(TrialRecord.year.desc(), TrialRecord.created_at.desc())
        )
    )


def successes_by_product(product_ids: list[Any]) -> dict[str, int]:
    """How many accepted trials each product has on record, by id as a string: one
    statement for a batch."""
    wanted = [p if isinstance(p, uuid.UUID) else uuid.UUID(str(p)) for p in product_ids]
    if not wanted:
        return {}
    rows = db.session.execute(
        sa.select(TrialRecord.product_id, sa.func.count())
        .where(TrialRecord.product_id.in_(wanted))
        .group_by(TrialRecord.product_id)
    )
    return {str(product_id): count for product_id, count in rows}
