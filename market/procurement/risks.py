"""Risk assessment: the register of what could go wrong with the trial and who looks after it."""

from __future__ import annotations

import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from market.core.db import UUIDPrimaryKey, db, utcnow


class Risk(UUIDPrimaryKey, db.Model):
    __tablename__ = "risks"
    __table_args__ = (
        sa.CheckConstraint("likelihood BETWEEN 1 AND 5", name="likelihood_range"),
        sa.CheckConstraint("impact BETWEEN 1 AND 5", name="impact_range"),
    )

    case_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True
    )
    description: Mapped[str] = mapped_column(sa.String(500))
    likelihood: Mapped[int]  # 1 rare … 5 almost certain
    impact: Mapped[int]  # 1 negligible … 5 severe
    mitigation: Mapped[str] = mapped_column(sa.Text)
    owner: Mapped[str] = mapped_column(sa.String(200))  # who watches it: a name or a department
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    def __repr__(self) -> str:
        return f"<Risk {self.description[:20]}>"

    @property
    def rating(self) -> int:
        """Likelihood × impact, 1–25: the register is read highest first."""
        return self.likelihood * self.impact
