"""What a running trial records: milestone reports (by the buyer's officer or the vendor), each
with a measured value per KPI, notes and documents, and incidents. Rows are added, never
changed: a report that was wrong is followed by a better one, and the chart shows both."""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from market.accounts.models import User
from market.catalog.evidence import StoredFile
from market.core.db import UUIDPrimaryKey, db, enum_column, utcnow
from market.core.labels import register
from market.trials.models import DecimalText, Kpi, Milestone


class Side(enum.StrEnum):
    """Which party wrote it: the buyer's officer or the vendor's staff."""

    BUYER = "buyer"
    VENDOR = "vendor"


class Severity(enum.StrEnum):
    MINOR = "minor"  # no effect on the purpose of the trial
    MAJOR = "major"  # a KPI at risk, production affected
    CRITICAL = "critical"  # safety, or the trial's purpose in doubt


register(Side, {Side.BUYER: _l("Buyer"), Side.VENDOR: _l("Vendor")})
SEVERITY_LABELS = {
    Severity.MINOR: _l("Minor: no effect on what the trial is for"),
    Severity.MAJOR: _l("Major: a KPI at risk or production affected"),
    Severity.CRITICAL: _l("Critical: safety, or the trial's purpose in doubt"),
}
register(Severity, SEVERITY_LABELS)


class Report(UUIDPrimaryKey, db.Model):
    __tablename__ = "trial_reports"
    __table_args__ = (sa.UniqueConstraint("case_id", "number", name="uq_trial_reports_number"),)

    case_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]  # 1, 2, … within the case
    # The milestone it reports for (None: an interim report).
    milestone_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("trial_milestones.id", ondelete="RESTRICT"), index=True
    )
    reported_on: Mapped[date]  # the day the measurements were taken
    side: Mapped[Side] = mapped_column(enum_column(Side, "side"))
    notes: Mapped[str] = mapped_column(sa.Text)
    author_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    author: Mapped[User | None] = relationship()
    milestone: Mapped[Milestone | None] = relationship()
    measurements: Mapped[list[Measurement]] = relationship(
        cascade="all, delete-orphan", lazy="selectin"
    )
    files: Mapped[list[ReportFile]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="ReportFile.created_at"
    )

    def __repr__(self) -> str:
        return f"<Report {self.number} of {self.case_id}>"


class Measurement(UUIDPrimaryKey, db.Model):
    __tablename__ = "trial_measurements"
    __table_args__ = (sa.UniqueConstraint("report_id", "kpi_id", name="uq_trial_measurements_kpi"),)

    report_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("trial_reports.id", ondelete="CASCADE")
    )
    kpi_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("trial_kpis.id", ondelete="RESTRICT"), index=True
    )
    value: Mapped[Decimal] = mapped_column(DecimalText())

    kpi: Mapped[Kpi] = relationship()


class ReportFile(UUIDPrimaryKey, db.Model):
    """A document attached to a report: bytes in the shared store (market.catalog.storage)."""

    __tablename__ = "trial_report_files"

    report_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("trial_reports.id", ondelete="CASCADE"), index=True
    )
    sha256: Mapped[str] = mapped_column(sa.ForeignKey("stored_files.sha256", ondelete="RESTRICT"))
    filename: Mapped[str] = mapped_column(sa.String(200))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    file: Mapped[StoredFile] = relationship()


class Incident(UUIDPrimaryKey, db.Model):
    __tablename__ = "trial_incidents"
    __table_args__ = (sa.UniqueConstraint("case_id", "number", name="uq_trial_incidents_number"),)

    case_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("cases.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    occurred_on: Mapped[date]
    severity: Mapped[Severity] = mapped_column(enum_column(Severity, "severity"))
    description: Mapped[str] = mapped_column(sa.Text)
    insurer_notified: Mapped[bool]  # whether the insurance policy's insurer was notified
    side: Mapped[Side] = mapped_column(enum_column(Side, "side"))
    reported_by_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    reported_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<Incident {self.number} of {self.case_id}>"
