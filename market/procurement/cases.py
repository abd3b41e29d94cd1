"""A green channel case: one purchase a buyer organisation considers, from the need to the
collective decision, and the locked shortlist of product versions it was raised with.

The shortlist keeps what the buyer saw: each entry points at the product version shown and holds
a snapshot of its evidence standing at that moment with the snapshot's SHA-256 (of its RFC 8785
canonical JSON), so the record stands even when the listing changes or is withdrawn later. The
decision (``result``, ``decided_at``) is what the attestation log will sign.
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from market.accounts.models import Organisation, User
from market.catalog.models import Product, ProductVersion
from market.core.db import UUIDPrimaryKey, Versioned, db, enum_column, utcnow
from market.core.labels import register
from market.procurement.configuration import GreenChannelVersion, ProcurementMethod
from market.procurement.routing import Route


class CaseState(enum.StrEnum):
    REQUESTED = "requested"
    TECHNICAL_EVALUATION = "technical_evaluation"
    RISK_ASSESSMENT = "risk_assessment"
    COLLECTIVE_DECISION = "collective_decision"
    DECIDED = "decided"  # the trial contract's terms are recorded and confirmed here
    CONTRACTED = "contracted"  # confirmed by the vendor; the trial start attestation follows
    TRIAL_RUNNING = "trial_running"
    ACCEPTED = "accepted"  # the outcome attestation follows, then closed
    FAILED = "failed"  # remediation attestation, the enterprise's determination, a claim
    TERMINATED = "terminated"  # ended early by agreement
    CLOSED = "closed"
    DECLINED = "declined"
    CANCELLED = "cancelled"


register(
    CaseState,
    {
        CaseState.REQUESTED: _l("Requested"),
        CaseState.TECHNICAL_EVALUATION: _l("Technical evaluation"),
        CaseState.RISK_ASSESSMENT: _l("Risk assessment"),
        CaseState.COLLECTIVE_DECISION: _l("Collective decision"),
        CaseState.DECIDED: _l("Decided"),
        CaseState.CONTRACTED: _l("Contracted"),
        CaseState.TRIAL_RUNNING: _l("Trial running"),
        CaseState.ACCEPTED: _l("Accepted"),
        CaseState.FAILED: _l("Failed"),
        CaseState.TERMINATED: _l("Terminated"),
        CaseState.CLOSED: _l("Closed"),
        CaseState.DECLINED: _l("Declined"),
        CaseState.CANCELLED: _l("Cancelled"),
    },
)

# The states with a time limit (configuration.Stage has the same values) and those that end.
OPEN_STATES = frozenset(
    {
        CaseState.REQUESTED,
        CaseState.TECHNICAL_EVALUATION,
        CaseState.RISK_ASSESSMENT,
        CaseState.COLLECTIVE_DECISION,
    }
)
CLOSED_STATES = frozenset(CaseState) - OPEN_STATES


class Case(UUIDPrimaryKey, Versioned, db.Model):
    __tablename__ = "cases"
    __table_args__ = (
        sa.UniqueConstraint("organisation_id", "number", name="uq_cases_number"),
        sa.CheckConstraint("quantity >= 1", name="quantity_positive"),
        sa.CheckConstraint("budget_fen > 0", name="budget_positive"),
        # The list (newest first) and the inbox (oldest first, by state) read these in order,
        # so a page of 20 never sorts an organisation's every case.
        sa.Index("ix_cases_organisation_created", "organisation_id", "created_at", "id"),
        sa.Index("ix_cases_organisation_state", "organisation_id", "state", "created_at"),
        # Overdue stages: an organisation's cases by due day, a range read from its start.
        sa.Index("ix_cases_organisation_due", "organisation_id", "stage_due_on"),
    )

    organisation_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="RESTRICT")
    )
    number: Mapped[int]  # 1, 2, … within the organisation: "Case 12"
    # The need, as the requester stated it.
    title: Mapped[str] = mapped_column(sa.String(200))
    description: Mapped[str] = mapped_column(sa.Text)
    quantity: Mapped[int]
    budget_fen: Mapped[int] = mapped_column(sa.BigInteger)  # the purchase value decided on
    delivery_site: Mapped[str] = mapped_column(sa.String(200))
    wanted_by: Mapped[date]

    state: Mapped[CaseState] = mapped_column(enum_column(CaseState, "state"), index=True)
    stage_started_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The last business day of the current stage under the configuration (None: no limit, or
    # closed); a date column so "overdue" is one comparison in SQL.
    stage_due_on: Mapped[date | None]

    raised_by_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    officer_id: Mapped[uuid.UUID | None] = mapped_column(  # who took it up
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    # The rules in force when the case was raised: it is routed and decided under them.
    config_version_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("green_channel_versions.id", ondelete="RESTRICT")
    )
    # What the requester searched for when the shortlist was taken.
    search_query: Mapped[str] = mapped_column(sa.String(200), default="")
    search_filters: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)

    # Technical evaluation's outcome: the route of the selected version, and how to buy it.
    route: Mapped[Route | None] = mapped_column(enum_column(Route, "route"))
    routing: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)  # routing.Routing.as_json
    method: Mapped[ProcurementMethod | None] = mapped_column(
        enum_column(ProcurementMethod, "method")
    )
    selection_reason: Mapped[str | None] = mapped_column(sa.Text)

    # Risk assessment's position: the selected version's policy, or why there is none.
    insurance_policy: Mapped[str | None] = mapped_column(sa.String(100))
    no_insurance_reason: Mapped[str | None] = mapped_column(sa.Text)
    fallback_supply: Mapped[str | None] = mapped_column(sa.Text)

    # The collective decision, computed when the vote closed (decisions.Tally.as_json).
    result: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    decided_at: Mapped[datetime | None]
    cancel_reason: Mapped[str | None] = mapped_column(sa.Text)
    # A follow-on (scale-up) case names the accepted trial's case it follows.
    follows_case_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("cases.id", ondelete="RESTRICT"), index=True
    )

    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    organisation: Mapped[Organisation] = relationship()
    raised_by: Mapped[User | None] = relationship(foreign_keys=[raised_by_id])
    officer: Mapped[User | None] = relationship(foreign_keys=[officer_id])
    follows: Mapped[Case | None] = relationship(remote_side="Case.id")
    config_version: Mapped[GreenChannelVersion | None] = relationship()
    shortlist: Mapped[list[ShortlistEntry]] = relationship(
        back_populates="case", order_by="ShortlistEntry.position", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Case {self.organisation_id} #{self.number} {self.state}>"

    @property
    def selected_entry(self) -> ShortlistEntry | None:
        return next((entry for entry in self.shortlist if entry.selected), None)

    def is_overdue(self, today: date) -> bool:
        return self.stage_due_on is not None and self.stage_due_on < today


class ShortlistEntry(UUIDPrimaryKey, db.Model):
    __tablename__ = "shortlist_entries"
    __table_args__ = (
        sa.UniqueConstraint("case_id", "position", name="uq_shortlist_entries_position"),
        sa.UniqueConstraint("case_id", "version_id", name="uq_shortlist_entries_version"),
        # One selected product per case.
        sa.Index(
            "uq_shortlist_entries_selected",
            "case_id",
            unique=True,
            sqlite_where=sa.text("selected"),
            postgresql_where=sa.text("selected"),
        ),
    )

    case_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("cases.id", ondelete="CASCADE"))
    position: Mapped[int]  # the order the search showed them in
    product_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("products.id", ondelete="RESTRICT"))
    version_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("product_versions.id", ondelete="RESTRICT")
    )
    vendor_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    snapshot: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    snapshot_sha256: Mapped[str] = mapped_column(sa.String(64))
    selected: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    case: Mapped[Case] = relationship(back_populates="shortlist")
    product: Mapped[Product] = relationship()
    version: Mapped[ProductVersion] = relationship()
    vendor: Mapped[Organisation] = relationship()

    def __repr__(self) -> str:
        return f"<ShortlistEntry {self.case_id} {self.position}>"

    @property
    def name(self) -> str:
        return self.snapshot["name_zh"]
