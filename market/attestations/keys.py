"""Signing keys: one Ed25519 key per person who signs (officers, approvers, and the admins who
register the others), its private half sealed under the owner's PIN (``pins``). A key signs
only once the log holds its registration: an admin's own key is enrolled as the
organisation's registrar by the platform (an entry the log key signs), every other key is
registered by a registrar's signed entry; a revocation is an entry too, and the key signs
nothing after it (what it signed before stays valid)."""

from __future__ import annotations

import uuid
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from market.accounts.models import User
from market.core.db import UUIDPrimaryKey, db, utcnow


class SigningKey(UUIDPrimaryKey, db.Model):
    __tablename__ = "signing_keys"
    __table_args__ = (
        # One key in use per person: a new one only after the old one is revoked.
        sa.Index(
            "uq_signing_keys_live",
            "user_id",
            unique=True,
            sqlite_where=sa.text("revoked_at IS NULL"),
            postgresql_where=sa.text("revoked_at IS NULL"),
        ),
        sa.CheckConstraint(
            "revoked_at IS NULL OR revoked_seq IS NOT NULL", name="revocation_is_logged"
        ),
    )

    user_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("users.id", ondelete="RESTRICT"), index=True
    )
    organisation_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    key_id: Mapped[str] = mapped_column(sa.String(64), unique=True)  # SHA-256 of the key, hex
    public_key: Mapped[bytes] = mapped_column(sa.LargeBinary(32))
    sealed_private: Mapped[bytes] = mapped_column(sa.LargeBinary)
    salt: Mapped[bytes] = mapped_column(sa.LargeBinary(16))
    nonce: Mapped[bytes] = mapped_column(sa.LargeBinary(12))
    kdf: Mapped[dict[str, Any]] = mapped_column(sa.JSON)  # pins.Costs.as_json
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    registrar: Mapped[bool] = mapped_column(default=False)  # may register others' keys
    registered_seq: Mapped[int | None] = mapped_column(sa.BigInteger)  # the log entry
    registered_at: Mapped[datetime | None]
    revoked_seq: Mapped[int | None] = mapped_column(sa.BigInteger)
    revoked_at: Mapped[datetime | None]

    user: Mapped[User] = relationship()

    def __repr__(self) -> str:
        return f"<SigningKey {self.key_id[:12]} of {self.user_id}>"

    @property
    def usable(self) -> bool:
        return self.registered_seq is not None and self.revoked_at is None
