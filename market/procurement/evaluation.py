"""Technical evaluation: the officer's weighted criteria (weights sum to 100) and the scores
officers and requesters give each shortlisted version, 0–10 per criterion."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import datetime
from decimal import ROUND_HALF_UP, Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from market.accounts.models import User
from market.core.db import UUIDPrimaryKey, db, utcnow

MAX_SCORE = 10
TOTAL_WEIGHT = 100


class Criterion(UUIDPrimaryKey, db.Model):
    __tablename__ = "criteria"
    __table_args__ = (
        sa.UniqueConstraint("case_id", "position", name="uq_criteria_position"),
        sa.CheckConstraint("weight BETWEEN 1 AND 100", name="weight_range"),
    )

    case_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int]
    name: Mapped[str] = mapped_column(sa.String(200))
    weight: Mapped[int]  # percent of the weighted total

    def __repr__(self) -> str:
        return f"<Criterion {self.name} {self.weight}>"


class Score(UUIDPrimaryKey, db.Model):
    __tablename__ = "scores"
    __table_args__ = (
        sa.UniqueConstraint("criterion_id", "entry_id", "scorer_id", name="uq_scores_once"),
        sa.CheckConstraint("value BETWEEN 0 AND 10", name="value_range"),
    )

    # The case, so one query reads a case's scores.
    case_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True
    )
    criterion_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("criteria.id", ondelete="CASCADE")
    )
    entry_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("shortlist_entries.id", ondelete="CASCADE")
    )
    scorer_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("users.id", ondelete="RESTRICT"))
    value: Mapped[int]
    comment: Mapped[str] = mapped_column(sa.Text, default="")
    scored_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    scorer: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<Score {self.value}>"


def weighted_totals(
    criteria: list[Criterion], scores: list[Score]
) -> dict[uuid.UUID, Decimal | None]:
    """Each shortlisted entry's weighted total out of 100: per criterion the mean of the
    scorers' values, weighted; None for an entry not yet scored on every criterion. Decimal,
    rounded to one place, so a page and the API show the same figure."""
    by_pair: dict[tuple[uuid.UUID, uuid.UUID], list[int]] = defaultdict(list)
    for score in scores:
        by_pair[(score.entry_id, score.criterion_id)].append(score.value)
    totals: dict[uuid.UUID, Decimal | None] = {}
    for entry_id in {score.entry_id for score in scores}:
        values = [by_pair.get((entry_id, c.id)) for c in criteria]
        if not criteria or any(not v for v in values):
            totals[entry_id] = None
            continue
        total = sum(
            Decimal(c.weight) * Decimal(sum(v)) / Decimal(len(v))  # type: ignore[arg-type]
            for c, v in zip(criteria, values, strict=True)
        ) / Decimal(MAX_SCORE)
        totals[entry_id] = total.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    return totals
