"""The trial contract of a decided case: its terms (period, value, acceptance criteria, the
insurance clause and the fallback plan), the KPIs the trial is measured by and the payment
milestones, each of which a report is due for.

The terms carry a revision. The officer's every change that alters them moves it on; the vendor
confirms one revision, so "confirmed" is ``confirmed_revision == revision`` and a change after
the confirmation needs the vendor to confirm again. ``terms_sha256`` is the SHA-256 of the
terms' RFC 8785 canonical JSON (``market.trials.terms.canonical``): what the vendor confirmed
and the trial start attestation signs.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from decimal import Decimal
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from market.accounts.models import User
from market.core.db import UUIDPrimaryKey, Versioned, db, enum_column, utcnow
from market.core.labels import register


class DecimalText(sa.TypeDecorator[Decimal]):
    """An exact decimal stored as its text: the same on SQLite (which has no decimal type)
    and PostgreSQL, and what an attestation's body holds (no floats)."""

    impl = sa.String(40)
    cache_ok = True

    def process_bind_param(self, value: Decimal | None, dialect: Any) -> str | None:
        return None if value is None else format(Decimal(value).normalize(), "f")

    def process_result_value(self, value: str | None, dialect: Any) -> Decimal | None:
        return None if value is None else Decimal(value)


class Comparator(enum.StrEnum):
    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    EQUAL = "equal"

    @property
    def sign(self) -> str:
        return {"at_least": "≥", "at_most": "≤", "equal": "="}[self.value]

    def met(self, measured: Decimal, target: Decimal) -> bool:
        if self is Comparator.AT_LEAST:
            return measured >= target
        if self is Comparator.AT_MOST:
            return measured <= target
        return measured == target


register(
    Comparator,
    {
        Comparator.AT_LEAST: _l("at least (≥)"),
        Comparator.AT_MOST: _l("at most (≤)"),
        Comparator.EQUAL: _l("exactly (=)"),
    },
)


class TrialTerms(Versioned, db.Model):
    __tablename__ = "trial_terms"
    __table_args__ = (
        sa.CheckConstraint("ends_on > starts_on", name="period_forward"),
        sa.CheckConstraint("value_fen > 0", name="value_positive"),
        sa.CheckConstraint("revision >= 1", name="revision_positive"),
        sa.CheckConstraint(
            "(insurance_policy IS NULL) = (insured_value_fen IS NULL)", name="insured_value_given"
        ),
        sa.CheckConstraint(
            "(confirmed_revision IS NULL) = (confirmed_at IS NULL)", name="confirmation_complete"
        ),
    )

    case_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
    )
    revision: Mapped[int] = mapped_column(default=1)
    terms_sha256: Mapped[str] = mapped_column(sa.String(64))
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    value_fen: Mapped[int] = mapped_column(sa.BigInteger)  # not above the decided value
    acceptance_criteria: Mapped[str] = mapped_column(sa.Text)
    # The insurance clause: a policy of the selected version (copied as it stood), or why none.
    insurance_policy: Mapped[str | None] = mapped_column(sa.String(100))
    insurer: Mapped[str | None] = mapped_column(sa.String(200))
    coverage: Mapped[str | None] = mapped_column(sa.String(300))
    insured_value_fen: Mapped[int | None] = mapped_column(sa.BigInteger)
    no_insurance_reason: Mapped[str | None] = mapped_column(sa.Text)
    fallback_plan: Mapped[str] = mapped_column(sa.Text)

    recorded_by_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The vendor's confirmation, of one revision (its hash kept as confirmed).
    confirmed_revision: Mapped[int | None]
    confirmed_sha256: Mapped[str | None] = mapped_column(sa.String(64))
    confirmed_by_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    confirmed_at: Mapped[datetime | None]

    recorded_by: Mapped[User | None] = relationship(foreign_keys=[recorded_by_id])
    confirmed_by: Mapped[User | None] = relationship(foreign_keys=[confirmed_by_id])
    kpis: Mapped[list[Kpi]] = relationship(
        order_by="Kpi.position", cascade="all, delete-orphan", lazy="selectin"
    )
    milestones: Mapped[list[Milestone]] = relationship(
        order_by="Milestone.position", cascade="all, delete-orphan", lazy="selectin"
    )

    def __repr__(self) -> str:
        return f"<TrialTerms {self.case_id} r{self.revision}>"

    @property
    def confirmed(self) -> bool:
        return self.confirmed_revision == self.revision

    @property
    def awaits_confirmation(self) -> bool:
        return not self.confirmed


class Kpi(UUIDPrimaryKey, db.Model):
    __tablename__ = "trial_kpis"
    __table_args__ = (
        sa.UniqueConstraint("case_id", "position", name="uq_trial_kpis_position"),
        sa.UniqueConstraint("case_id", "name", name="uq_trial_kpis_name"),
    )

    case_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("trial_terms.case_id", ondelete="CASCADE")
    )
    position: Mapped[int]
    name: Mapped[str] = mapped_column(sa.String(200))
    unit: Mapped[str] = mapped_column(sa.String(40))
    target: Mapped[Decimal] = mapped_column(DecimalText())
    comparator: Mapped[Comparator] = mapped_column(enum_column(Comparator, "comparator"))
    method: Mapped[str] = mapped_column(sa.Text)  # how it is measured

    def __repr__(self) -> str:
        return f"<Kpi {self.name} {self.comparator.sign} {self.target}>"


class Milestone(UUIDPrimaryKey, db.Model):
    """A payment milestone: an amount due on a day, and the trial report due by then."""

    __tablename__ = "trial_milestones"
    __table_args__ = (
        sa.UniqueConstraint("case_id", "position", name="uq_trial_milestones_position"),
        sa.CheckConstraint("amount_fen > 0", name="amount_positive"),
    )

    case_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("trial_terms.case_id", ondelete="CASCADE")
    )
    position: Mapped[int]
    due_on: Mapped[date]
    amount_fen: Mapped[int] = mapped_column(sa.BigInteger)
    description: Mapped[str] = mapped_column(sa.String(300))

    def __repr__(self) -> str:
        return f"<Milestone {self.position} {self.due_on}>"
