"""Organisations, users, their memberships and roles, invitations, API tokens."""

from __future__ import annotations

import enum
import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from market.core.db import UUIDPrimaryKey, Versioned, db, enum_column, utcnow


class OrgKind(enum.StrEnum):
    BUYER = "buyer"
    VENDOR = "vendor"
    OPERATOR = "operator"


class OrgStatus(enum.StrEnum):
    PENDING = "pending"
    ACTIVE = "active"
    REJECTED = "rejected"
    SUSPENDED = "suspended"


class Role(enum.StrEnum):
    ADMIN = "admin"
    REQUESTER = "requester"
    OFFICER = "officer"
    APPROVER = "approver"
    AUDITOR = "auditor"
    STAFF = "staff"
    REVIEWER = "reviewer"


ROLES_BY_KIND: dict[OrgKind, tuple[Role, ...]] = {
    OrgKind.BUYER: (Role.ADMIN, Role.REQUESTER, Role.OFFICER, Role.APPROVER, Role.AUDITOR),
    OrgKind.VENDOR: (Role.ADMIN, Role.STAFF),
    OrgKind.OPERATOR: (Role.ADMIN, Role.REVIEWER),
}


def organisation_name(name_zh: str, name_en: str) -> str:
    """How an organisation is named on every page: both names."""
    return f"{name_zh} ({name_en})"


class Organisation(UUIDPrimaryKey, Versioned, db.Model):
    """Versioned: two operator decisions on one organisation at once cannot both take effect."""

    __tablename__ = "organisations"

    kind: Mapped[OrgKind] = mapped_column(enum_column(OrgKind, "kind"))
    status: Mapped[OrgStatus] = mapped_column(enum_column(OrgStatus, "status"), index=True)
    name_zh: Mapped[str] = mapped_column(sa.String(200))
    name_en: Mapped[str] = mapped_column(sa.String(200))
    credit_code: Mapped[str] = mapped_column(sa.String(18), unique=True)
    parent_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    rejection_reason: Mapped[str | None] = mapped_column(sa.Text)
    # Shown to its members while the operator keeps it suspended.
    suspension_reason: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    parent: Mapped[Organisation | None] = relationship(remote_side="Organisation.id")
    memberships: Mapped[list[Membership]] = relationship(back_populates="organisation")

    __table_args__ = (
        # Only buyer organisations form groups (a central enterprise and its subsidiaries).
        sa.CheckConstraint("parent_id IS NULL OR kind = 'buyer'", name="parent_only_for_buyers"),
        sa.CheckConstraint(
            "(status = 'rejected') = (rejection_reason IS NOT NULL)", name="rejected_has_reason"
        ),
        sa.CheckConstraint(
            "(status = 'suspended') = (suspension_reason IS NOT NULL)", name="suspended_has_reason"
        ),
    )

    @property
    def display_name(self) -> str:
        return organisation_name(self.name_zh, self.name_en)

    @property
    def is_active(self) -> bool:
        return self.status == OrgStatus.ACTIVE

    def __repr__(self) -> str:
        return f"<Organisation {self.kind} {self.name_en!r}>"


class User(UUIDPrimaryKey, db.Model):
    __tablename__ = "users"

    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    is_enabled: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_login_at: Mapped[datetime | None]

    membership: Mapped[Membership | None] = relationship(back_populates="user", uselist=False)

    # flask-login protocol
    is_authenticated = True
    is_anonymous = False

    @property
    def is_active(self) -> bool:
        return self.is_enabled

    # ``sign_in_secret``, set on the instance by accounts.sessions, is the secret of the sign-in
    # session this request runs in; not a column: the server keeps only its hash (SignInSession).
    sign_in_secret = None

    def get_id(self) -> str:
        """What flask-login puts in the cookie: the sign-in session's secret, not the user's id,
        so that ending the session on the server ends every copy of the cookie."""
        if self.sign_in_secret is None:
            raise RuntimeError("Sign users in through market.accounts.sessions.sign_in.")
        return self.sign_in_secret

    @property
    def organisation(self) -> Organisation | None:
        return self.membership.organisation if self.membership else None

    @property
    def organisation_id(self) -> uuid.UUID | None:
        return self.membership.organisation_id if self.membership else None

    @property
    def roles(self) -> frozenset[Role]:
        return self.membership.roles if self.membership else frozenset()

    def has_role(self, role: Role, kind: OrgKind | None = None) -> bool:
        """True when the user holds ``role`` in an active organisation (of ``kind``, if given)."""
        org = self.organisation
        if org is None or not org.is_active:
            return False
        if kind is not None and org.kind != kind:
            return False
        return role in self.roles

    def __repr__(self) -> str:
        return f"<User {self.email}>"


class Membership(UUIDPrimaryKey, db.Model):
    """A user's place in one organisation, with the roles they hold there."""

    __tablename__ = "memberships"

    user_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), unique=True
    )
    organisation_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    user: Mapped[User] = relationship(back_populates="membership")
    organisation: Mapped[Organisation] = relationship(back_populates="memberships")
    role_rows: Mapped[list[MembershipRole]] = relationship(
        cascade="all, delete-orphan", order_by="MembershipRole.role"
    )

    @property
    def roles(self) -> frozenset[Role]:
        return frozenset(r.role for r in self.role_rows)

    def set_roles(self, roles: frozenset[Role]) -> None:
        keep = [r for r in self.role_rows if r.role in roles]
        existing = {r.role for r in keep}
        self.role_rows = keep + [MembershipRole(role=r) for r in sorted(roles - existing)]


class MembershipRole(db.Model):
    __tablename__ = "membership_roles"

    membership_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("memberships.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[Role] = mapped_column(enum_column(Role, "role"), primary_key=True)


class Invitation(UUIDPrimaryKey, db.Model):
    """A link an admin hands to a colleague; only the SHA-256 of its token is stored."""

    __tablename__ = "invitations"

    organisation_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    email: Mapped[str] = mapped_column(sa.String(254))
    roles: Mapped[list[str]] = mapped_column(sa.JSON)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    invited_by_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    accepted_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    organisation: Mapped[Organisation] = relationship()
    invited_by: Mapped[User | None] = relationship()

    __table_args__ = (
        # Used or revoked, never both: a revoked link cannot be accepted, an accepted one is
        # no longer revoked.
        sa.CheckConstraint(
            "accepted_at IS NULL OR revoked_at IS NULL", name="not_both_accepted_and_revoked"
        ),
    )

    def is_open(self, now: datetime) -> bool:
        return self.accepted_at is None and self.revoked_at is None and now < self.expires_at


class SessionEnd(enum.StrEnum):
    SIGNED_OUT = "signed_out"
    PASSWORD_CHANGED = "password_changed"  # noqa: S105 (a reason, not a password)
    PASSWORD_RESET = "password_reset"  # noqa: S105
    REMOVED = "removed"  # the member was removed from the organisation


class SignInSession(UUIDPrimaryKey, db.Model):
    """One signed-in browser. The session cookie carries a random secret; the server keeps its
    SHA-256 and whether the session has ended, so signing out (or a password change, a reset, a
    removal) ends it here and a copy of the cookie taken before opens nothing afterwards."""

    __tablename__ = "sign_in_sessions"
    __table_args__ = (
        sa.CheckConstraint("(ended_at IS NULL) = (end_reason IS NULL)", name="ended_has_reason"),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    secret_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    ended_at: Mapped[datetime | None]
    end_reason: Mapped[SessionEnd | None] = mapped_column(enum_column(SessionEnd, "end_reason"))

    user: Mapped[User] = relationship()


class ApiToken(UUIDPrimaryKey, db.Model):
    """A bearer token for /api/v1; shown once, stored as its SHA-256."""

    __tablename__ = "api_tokens"

    user_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(80))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    prefix: Mapped[str] = mapped_column(sa.String(12))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()

    @property
    def is_revoked(self) -> bool:
        return self.revoked_at is not None


class PasswordReset(UUIDPrimaryKey, db.Model):
    """A link an organisation's admin (or an operator, from the CLI) hands to a member who forgot
    their password: usable once, for a day, and only the newest one; stored as its SHA-256."""

    __tablename__ = "password_resets"

    user_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    issued_by_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]
    used_at: Mapped[datetime | None]
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship(foreign_keys=[user_id])

    __table_args__ = (
        sa.CheckConstraint(
            "used_at IS NULL OR revoked_at IS NULL", name="not_both_used_and_revoked"
        ),
    )

    def is_open(self, now: datetime) -> bool:
        return self.used_at is None and self.revoked_at is None and now < self.expires_at


class NameChangeStatus(enum.StrEnum):
    PENDING = "pending"
    APPROVED = "approved"
    DECLINED = "declined"


class NameChangeRequest(UUIDPrimaryKey, Versioned, db.Model):
    """An organisation's admin asks the operator to record new registered names; the operator
    checks them against the registration and approves (the names change) or declines.
    Versioned: an approve and a decline at the same moment cannot both succeed."""

    __tablename__ = "name_change_requests"
    __table_args__ = (
        # One request waits at a time per organisation.
        sa.Index(
            "uq_name_change_requests_one_pending",
            "organisation_id",
            unique=True,
            sqlite_where=sa.text("status = 'pending'"),
            postgresql_where=sa.text("status = 'pending'"),
        ),
        # A state implies its columns: a declined request says why, a decided one when.
        sa.CheckConstraint(
            "(status = 'declined') = (decline_reason IS NOT NULL)", name="declined_has_reason"
        ),
        sa.CheckConstraint("(status = 'pending') = (decided_at IS NULL)", name="decided_has_time"),
    )

    organisation_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="CASCADE"), index=True
    )
    status: Mapped[NameChangeStatus] = mapped_column(enum_column(NameChangeStatus, "status"))
    name_zh: Mapped[str] = mapped_column(sa.String(200))
    name_en: Mapped[str] = mapped_column(sa.String(200))
    # What the registration says and where the operator can check it.
    note: Mapped[str] = mapped_column(sa.Text)
    requested_by_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    decided_by_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    decided_at: Mapped[datetime | None]
    decline_reason: Mapped[str | None] = mapped_column(sa.Text)

    organisation: Mapped[Organisation] = relationship()
    requested_by: Mapped[User | None] = relationship(foreign_keys=[requested_by_id])
