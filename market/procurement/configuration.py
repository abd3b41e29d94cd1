"""A buyer organisation's green channel: which innovative products may be bought by the quick
route, by which methods, and who must decide at which value.

Every change is a new ``GreenChannelVersion`` (number 1, 2, …); nothing is edited in place, so a
case keeps the exact rules it was routed under and its page can show them. A subsidiary uses its
group's newest version unless it has versions of its own; an organisation with neither routes
every case ``standard``.
"""

from __future__ import annotations

import enum
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from market.accounts.models import Organisation, User
from market.core.db import UUIDPrimaryKey, db, utcnow
from market.core.labels import register


class ProcurementMethod(enum.StrEnum):
    NEGOTIATED = "negotiated"
    DIRECT = "direct"
    SINGLE_SOURCE = "single_source"
    COOPERATIVE_INNOVATION = "cooperative_innovation"  # the green channel's own method
    TENDER = "tender"  # the standard route; the tender runs in the buyer's own system


register(
    ProcurementMethod,
    {
        ProcurementMethod.NEGOTIATED: _l("Negotiated procurement"),
        ProcurementMethod.DIRECT: _l("Direct procurement"),
        ProcurementMethod.SINGLE_SOURCE: _l("Single-source procurement"),
        ProcurementMethod.COOPERATIVE_INNOVATION: _l("Cooperative innovation procurement"),
        ProcurementMethod.TENDER: _l("Tender"),
    },
)

# Only a case routed green_channel may use these.
GREEN_CHANNEL_ONLY_METHODS = frozenset({ProcurementMethod.COOPERATIVE_INNOVATION})


class Majority(enum.StrEnum):
    SIMPLE = "simple"  # more approvals than half the votes cast
    TWO_THIRDS = "two_thirds"  # at least two thirds of the votes cast


register(
    Majority,
    {Majority.SIMPLE: _l("Simple majority"), Majority.TWO_THIRDS: _l("Two thirds")},
)


class ClaimType(enum.StrEnum):
    """The kinds of evidence a green channel may require the platform to have verified."""

    DESIGNATION = "designation"
    TEST_REPORT = "test_report"
    INSURANCE = "insurance"
    IP_RIGHT = "ip_right"
    REFERENCE = "reference"


register(
    ClaimType,
    {
        ClaimType.DESIGNATION: _l("Designation"),
        ClaimType.TEST_REPORT: _l("Test report"),
        ClaimType.INSURANCE: _l("Insurance policy"),
        ClaimType.IP_RIGHT: _l("Intellectual property"),
        ClaimType.REFERENCE: _l("Reference deployment"),
    },
)


class Stage(enum.StrEnum):
    """The stages of a case that have a time limit."""

    REQUESTED = "requested"
    TECHNICAL_EVALUATION = "technical_evaluation"
    RISK_ASSESSMENT = "risk_assessment"
    COLLECTIVE_DECISION = "collective_decision"


register(
    Stage,
    {
        Stage.REQUESTED: _l("Requested"),
        Stage.TECHNICAL_EVALUATION: _l("Technical evaluation"),
        Stage.RISK_ASSESSMENT: _l("Risk assessment"),
        Stage.COLLECTIVE_DECISION: _l("Collective decision"),
    },
)


@dataclass(frozen=True)
class Threshold:
    """From this value (fen) up to the next threshold, the decision body needs at least
    ``min_present`` approvers present and ``majority`` of the votes cast."""

    from_fen: int
    min_present: int
    majority: Majority


class GreenChannelVersion(UUIDPrimaryKey, db.Model):
    __tablename__ = "green_channel_versions"
    __table_args__ = (
        sa.UniqueConstraint("organisation_id", "number", name="uq_green_channel_number"),
        sa.CheckConstraint("number >= 1", name="number_positive"),
        sa.CheckConstraint("reserved_annual_fen >= 0", name="reserved_not_negative"),
        sa.CheckConstraint(
            "max_months_since_first_sale IS NULL OR max_months_since_first_sale >= 1",
            name="months_positive",
        ),
    )

    organisation_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    number: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    created_by_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    note: Mapped[str] = mapped_column(sa.Text, default="")  # why it changed

    # Eligibility: what the shortlisted product version must show on the day of routing.
    designation_kinds: Mapped[list[str]] = mapped_column(sa.JSON)  # DesignationKind values
    designation_valid_on_routing: Mapped[bool] = mapped_column(default=True)
    verified_claims: Mapped[list[str]] = mapped_column(sa.JSON)  # ClaimType values
    insurance_required: Mapped[bool] = mapped_column(default=False)
    max_months_since_first_sale: Mapped[int | None]
    vendor_must_be_active: Mapped[bool] = mapped_column(default=True)

    methods: Mapped[list[str]] = mapped_column(sa.JSON)  # ProcurementMethod values
    # [{"from_fen", "min_present", "majority"}], ascending, the first from 0.
    thresholds: Mapped[list[dict[str, Any]]] = mapped_column(sa.JSON)
    reserved_annual_fen: Mapped[int] = mapped_column(sa.BigInteger)
    stage_days: Mapped[dict[str, int]] = mapped_column(sa.JSON)  # Stage value -> days

    organisation: Mapped[Organisation] = relationship()
    created_by: Mapped[User | None] = relationship()

    def __repr__(self) -> str:
        return f"<GreenChannelVersion {self.organisation_id} v{self.number}>"

    @property
    def threshold_rows(self) -> list[Threshold]:
        return [
            Threshold(row["from_fen"], row["min_present"], Majority(row["majority"]))
            for row in self.thresholds
        ]

    def threshold_for(self, value_fen: int) -> Threshold:
        """The decision body for a purchase of ``value_fen``: the last threshold it reaches."""
        chosen = self.threshold_rows[0]
        for row in self.threshold_rows:
            if value_fen >= row.from_fen:
                chosen = row
        return chosen
