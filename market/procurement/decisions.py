"""The collective decision: the meeting the officer records, each attending approver's conflict
declaration and vote (one row per attendee), and the tally computed from them when the vote
closes, against the quorum and majority of the configuration's value threshold."""

from __future__ import annotations

import enum
import uuid
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from market.accounts.models import User
from market.core.db import UUIDPrimaryKey, db, enum_column, utcnow
from market.core.labels import register
from market.procurement.configuration import Majority, Threshold


class MeetingKind(enum.StrEnum):
    PARTY_COMMITTEE = "party_committee"  # 党委会
    GENERAL_MANAGERS_OFFICE = "general_managers_office"  # 总经理办公会
    BOARD = "board"  # 董事会
    PROCUREMENT_COMMITTEE = "procurement_committee"  # 采购领导小组


register(
    MeetingKind,
    {
        MeetingKind.PARTY_COMMITTEE: _l("Party committee meeting"),
        MeetingKind.GENERAL_MANAGERS_OFFICE: _l("General manager's office meeting"),
        MeetingKind.BOARD: _l("Board meeting"),
        MeetingKind.PROCUREMENT_COMMITTEE: _l("Procurement committee meeting"),
    },
)


class VoteChoice(enum.StrEnum):
    APPROVE = "approve"
    REJECT = "reject"
    ABSTAIN = "abstain"


register(
    VoteChoice,
    {
        VoteChoice.APPROVE: _l("Approve"),
        VoteChoice.REJECT: _l("Reject"),
        VoteChoice.ABSTAIN: _l("Abstain"),
    },
)


class DecisionMeeting(UUIDPrimaryKey, db.Model):
    __tablename__ = "decision_meetings"

    case_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("cases.id", ondelete="CASCADE"), unique=True
    )
    held_on: Mapped[date]
    kind: Mapped[MeetingKind] = mapped_column(enum_column(MeetingKind, "kind"))
    recorded_by_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    recorded_at: Mapped[datetime] = mapped_column(default=utcnow)

    attendances: Mapped[list[Attendance]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", order_by="Attendance.position"
    )


class Attendance(UUIDPrimaryKey, db.Model):
    """An approver at the meeting: first a conflict declaration, then (without a conflict) a
    vote. The database refuses a vote without a declaration of no conflict."""

    __tablename__ = "attendances"
    __table_args__ = (
        sa.UniqueConstraint("meeting_id", "approver_id", name="uq_attendances_approver"),
        sa.CheckConstraint(
            "vote IS NULL OR (conflict IS NOT NULL AND NOT conflict)", name="vote_needs_no_conflict"
        ),
    )

    meeting_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("decision_meetings.id", ondelete="CASCADE")
    )
    position: Mapped[int]
    approver_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("users.id", ondelete="RESTRICT"), index=True
    )
    conflict: Mapped[bool | None]  # None: not declared yet
    conflict_note: Mapped[str] = mapped_column(sa.Text, default="")
    declared_at: Mapped[datetime | None]
    vote: Mapped[VoteChoice | None] = mapped_column(enum_column(VoteChoice, "vote"))
    vote_comment: Mapped[str] = mapped_column(sa.Text, default="")
    voted_at: Mapped[datetime | None]

    meeting: Mapped[DecisionMeeting] = relationship(back_populates="attendances")
    approver: Mapped[User] = relationship()

    @property
    def declared(self) -> bool:
        return self.conflict is not None

    @property
    def may_vote(self) -> bool:
        return self.conflict is False and self.vote is None


@dataclass(frozen=True)
class Tally:
    """The result of a collective decision, computed from the attendances, never typed in."""

    value_fen: int
    min_present: int
    majority: Majority
    present: int  # attending approvers
    conflicted: int  # barred from voting by their declaration
    approve: int
    reject: int
    abstain: int

    @property
    def eligible(self) -> int:
        return self.present - self.conflicted

    @property
    def cast(self) -> int:
        return self.approve + self.reject + self.abstain

    @property
    def quorate(self) -> bool:
        """Enough approvers were present. One who declared a conflict counts towards the
        quorum (they attended) but not towards the votes cast, as the configuration says:
        "at least N approvers present and a majority of the votes cast"."""
        return self.present >= self.min_present

    @property
    def passed(self) -> bool:
        if not self.quorate or self.cast == 0:
            return False
        if self.majority == Majority.TWO_THIRDS:
            return self.approve * 3 >= self.cast * 2
        return self.approve * 2 > self.cast

    def as_json(self) -> dict[str, Any]:
        return {
            **asdict(self),
            "majority": self.majority.value,
            "eligible": self.eligible,
            "cast": self.cast,
            "quorate": self.quorate,
            "passed": self.passed,
        }


def tally(value_fen: int, threshold: Threshold, attendances: list[Attendance]) -> Tally:
    votes = [a.vote for a in attendances]
    return Tally(
        value_fen=value_fen,
        min_present=threshold.min_present,
        majority=threshold.majority,
        present=len(attendances),
        conflicted=sum(1 for a in attendances if a.conflict),
        approve=votes.count(VoteChoice.APPROVE),
        reject=votes.count(VoteChoice.REJECT),
        abstain=votes.count(VoteChoice.ABSTAIN),
    )
