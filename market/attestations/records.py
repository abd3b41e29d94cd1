"""Attestations: what the responsible officer signed for a case at a step of it, and the
chair's countersignature.

The kinds are rows, not code paths: ``attestation_kinds`` says in which case states a kind is
filed, whether the decision's chair countersigns it and which sections its body holds. 0013
seeds ``decision``; the trial adds ``trial_start`` (0014), then ``outcome`` and
``remediation``, by migrations inserting their rows (and their labels below).

A filed attestation is locked: ``body`` is the exact body signed and logged, and nothing in
the row changes afterwards but its countersignature and, when a correction is filed, the time
it was superseded. A correction is a new attestation naming the one it supersedes.
"""

from __future__ import annotations

import enum
import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from market.accounts.models import User
from market.core.db import UUIDPrimaryKey, Versioned, db, utcnow
from market.core.labels import register


class Section(enum.StrEnum):
    """The parts an attestation's body can hold (a kind lists those it needs)."""

    POLICY = "policy"  # the basis: free text and the green channel version
    PROCEDURE = "procedure"  # the steps followed, from the timeline, and the case's hash
    DECISION = "decision"  # meeting, attendees, declarations, votes, computed result
    DECLARATIONS = "declarations"  # no conflict of interest, no personal gain
    RISKS = "risks"  # disclosed, from the register
    RATIONALE = "rationale"
    MITIGATIONS = "mitigations"
    EVIDENCE = "evidence"  # each document's SHA-256, size, name, type
    TERMS = "terms"  # the trial terms as the vendor confirmed them (market.trials)
    RESULTS = "results"  # the trial's outcome, KPIs by last measurement, sign-offs, incidents
    INVOKED = "invoked"  # the case's attestations this one invokes (a failure's remediation)


register(
    Section,
    {
        Section.POLICY: _l("Policy basis"),
        Section.PROCEDURE: _l("Procedure followed"),
        Section.DECISION: _l("Collective decision relied on"),
        Section.DECLARATIONS: _l("Declarations"),
        Section.RISKS: _l("Known risks disclosed"),
        Section.RATIONALE: _l("Rationale"),
        Section.MITIGATIONS: _l("Mitigations"),
        Section.EVIDENCE: _l("Evidence manifest"),
        Section.TERMS: _l("Trial terms as confirmed"),
        Section.RESULTS: _l("Trial results"),
        Section.INVOKED: _l("Attestations invoked"),
    },
)

# How each kind reads; a kind's row without a label here reads as its code.
KIND_LABELS = {
    "decision": _l("Decision attestation"),
    "trial_start": _l("Trial start attestation"),
    "outcome": _l("Outcome attestation"),
    "remediation": _l("Remediation attestation"),
}


class AttestationKind(db.Model):
    __tablename__ = "attestation_kinds"

    code: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    position: Mapped[int]  # the order a case page lists them in
    filed_in: Mapped[list[str]] = mapped_column(sa.JSON)  # case states it may be filed in
    countersigned: Mapped[bool]  # the decision's chair countersigns it
    sections: Mapped[list[str]] = mapped_column(sa.JSON)  # Section values its body holds
    # The case transition filing it takes (trial_start: start_trial), checked before it is
    # signed and taken in the same transaction; None: the case stays where it is.
    transition: Mapped[str | None] = mapped_column(sa.String(40))
    # Filing it invokes the case's standing attestations of other kinds (a failure's
    # remediation: the fault-tolerance protection they document is now relied on).
    invokes: Mapped[bool] = mapped_column(default=False)

    @property
    def label(self) -> str:
        return str(KIND_LABELS.get(self.code, self.code))

    def holds(self, section: Section) -> bool:
        return section.value in self.sections


class Attestation(UUIDPrimaryKey, Versioned, db.Model):
    __tablename__ = "attestations"
    __table_args__ = (
        sa.UniqueConstraint("case_id", "number", name="uq_attestations_number"),
        # One attestation of a kind stands for a case; a correction supersedes it.
        sa.Index(
            "uq_attestations_standing",
            "case_id",
            "kind",
            unique=True,
            sqlite_where=sa.text("superseded_at IS NULL"),
            postgresql_where=sa.text("superseded_at IS NULL"),
        ),
        sa.CheckConstraint(
            "(countersigned_at IS NULL) = (countersigned_seq IS NULL)",
            name="countersignature_is_logged",
        ),
    )

    case_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("cases.id", ondelete="RESTRICT"), index=True
    )
    organisation_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    kind: Mapped[str] = mapped_column(sa.ForeignKey("attestation_kinds.code", ondelete="RESTRICT"))
    number: Mapped[int]  # 1, 2, … within the case
    supersedes_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("attestations.id", ondelete="RESTRICT"), unique=True
    )
    # The body as signed and logged (RFC 8785 canonical JSON of it is what the key signed).
    body: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    body_sha256: Mapped[str] = mapped_column(sa.String(64))
    filed_by_id: Mapped[uuid.UUID] = mapped_column(sa.ForeignKey("users.id", ondelete="RESTRICT"))
    filed_at: Mapped[datetime] = mapped_column(default=utcnow)
    filed_seq: Mapped[int] = mapped_column(sa.BigInteger, unique=True)
    chair_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="RESTRICT")
    )
    countersigned_at: Mapped[datetime | None]
    countersigned_seq: Mapped[int | None] = mapped_column(sa.BigInteger, unique=True)
    superseded_at: Mapped[datetime | None]
    # When a remediation invoked it (the remediation's body names it, and is in the log).
    invoked_at: Mapped[datetime | None]

    kind_row: Mapped[AttestationKind] = relationship()
    filed_by: Mapped[User] = relationship(foreign_keys=[filed_by_id])
    chair: Mapped[User | None] = relationship(foreign_keys=[chair_id])
    supersedes: Mapped[Attestation | None] = relationship(remote_side="Attestation.id")

    def __repr__(self) -> str:
        return f"<Attestation {self.kind} #{self.number} of {self.case_id}>"

    @property
    def is_standing(self) -> bool:
        return self.superseded_at is None

    @property
    def awaits_countersignature(self) -> bool:
        return self.kind_row.countersigned and self.countersigned_at is None and self.is_standing

    @property
    def complete(self) -> bool:
        """Filed and, where its kind asks for it, countersigned."""
        return not self.kind_row.countersigned or self.countersigned_at is not None
