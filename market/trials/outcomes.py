"""How a trial ends: the recorded outcome (accepted with the approvers' sign-offs, failed or
terminated with a reason), the enterprise's own fault-tolerance determination for a failed
trial (recorded by its auditor as a signed log entry: the platform never decides one), and the
insurance claim under the trial's policy."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from market.accounts.models import User
from market.core.db import UUIDPrimaryKey, Versioned, db, enum_column, utcnow
from market.core.labels import register


class Outcome(enum.StrEnum):
    ACCEPTED = "accepted"
    FAILED = "failed"
    TERMINATED = "terminated"  # ended early by agreement


class Exemption(enum.StrEnum):
    """The enterprise's determination on fault tolerance (容错免责) for a failed trial."""

    EXEMPTED = "exempted"
    MITIGATED = "mitigated"
    NOT_EXEMPTED = "not_exempted"


class ClaimStatus(enum.StrEnum):
    FILED = "filed"
    PAID = "paid"
    PARTLY_PAID = "partly_paid"
    REFUSED = "refused"


register(
    Outcome,
    {
        Outcome.ACCEPTED: _l("Accepted"),
        Outcome.FAILED: _l("Failed"),
        Outcome.TERMINATED: _l("Terminated by agreement"),
    },
)
register(
    Exemption,
    {
        Exemption.EXEMPTED: _l("Exempted from liability"),
        Exemption.MITIGATED: _l("Liability mitigated"),
        Exemption.NOT_EXEMPTED: _l("Not exempted"),
    },
)
register(
    ClaimStatus,
    {
        ClaimStatus.FILED: _l("Filed, waiting for the insurer"),
        ClaimStatus.PAID: _l("Paid"),
        ClaimStatus.PARTLY_PAID: _l("Partly paid"),
        ClaimStatus.REFUSED: _l("Refused"),
    },
)


class TrialOutcome(db.Model):
    __tablename__ = "trial_outcomes"

    case_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
    )
    outcome: Mapped[Outcome] = mapped_column(enum_column(Outcome, "outcome"))
    reason: Mapped[str] = mapped_column(sa.Text)  # why it failed or ended; accepted: a summary
    # The acceptance review as computed when it was recorded: each KPI's last measurement.
    review: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON)
    incident_numbers: Mapped[list[int]] = mapped_column(sa.JSON)  # a failure's linked incidents
    show_buyer_name: Mapped[bool] = mapped_column(default=False)  # on the public trial record
    recorded_by_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    recorded_by: Mapped[User | None] = relationship()


class SignOff(UUIDPrimaryKey, db.Model):
    """An approver's sign-off of the acceptance review."""

    __tablename__ = "trial_signoffs"
    __table_args__ = (
        sa.UniqueConstraint("case_id", "approver_id", name="uq_trial_signoffs_approver"),
    )

    case_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True
    )
    approver_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("users.id", ondelete="RESTRICT"))
    comment: Mapped[str] = mapped_column(sa.Text)
    signed_at: Mapped[datetime] = mapped_column(default=utcnow)

    approver: Mapped[User] = relationship()


class Determination(UUIDPrimaryKey, db.Model):
    """The enterprise's determination, as its auditor recorded and signed it (``seq``: the
    log entry). One per case."""

    __tablename__ = "trial_determinations"

    case_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("cases.id", ondelete="CASCADE"), unique=True
    )
    exemption: Mapped[Exemption] = mapped_column(enum_column(Exemption, "exemption"))
    decided_by: Mapped[str] = mapped_column(sa.String(200))  # the body that determined it
    decided_on: Mapped[date]
    reference: Mapped[str] = mapped_column(sa.String(200))  # its document number
    notes: Mapped[str] = mapped_column(sa.Text)
    recorded_by_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("users.id", ondelete="RESTRICT")
    )
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)
    seq: Mapped[int] = mapped_column(sa.BigInteger, unique=True)

    recorded_by: Mapped[User] = relationship()


class InsuranceClaim(Versioned, db.Model):
    __tablename__ = "trial_insurance_claims"
    __table_args__ = (
        sa.CheckConstraint("amount_claimed_fen > 0", name="claimed_positive"),
        sa.CheckConstraint(
            "(status IN ('paid', 'partly_paid')) = (amount_paid_fen IS NOT NULL)",
            name="paid_amount_given",
        ),
    )

    case_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("cases.id", ondelete="CASCADE"), primary_key=True
    )
    policy_number: Mapped[str] = mapped_column(sa.String(100))
    filed_on: Mapped[date]
    amount_claimed_fen: Mapped[int] = mapped_column(sa.BigInteger)
    insurer_reference: Mapped[str] = mapped_column(sa.String(200))
    status: Mapped[ClaimStatus] = mapped_column(
        enum_column(ClaimStatus, "status"), default=ClaimStatus.FILED
    )
    amount_paid_fen: Mapped[int | None] = mapped_column(sa.BigInteger)
    settled_on: Mapped[date | None]
    recorded_by_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
