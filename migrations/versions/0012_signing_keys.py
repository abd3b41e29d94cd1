"""Signing keys (after 0011_ledger, 2026-12-07): each signer's Ed25519 key, its private half
sealed under their PIN, and the log entries that registered and revoked it."""

import sqlalchemy as sa
from alembic import op

revision = "0012_signing_keys"
down_revision = "0011_ledger"
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "signing_keys",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column(
            "user_id", sa.Uuid(), sa.ForeignKey("users.id", ondelete="RESTRICT"), nullable=False
        ),
        sa.Column(
            "organisation_id",
            sa.Uuid(),
            sa.ForeignKey("organisations.id", ondelete="RESTRICT"),
            nullable=False,
        ),
        sa.Column("key_id", sa.String(64), nullable=False, unique=True),
        sa.Column("public_key", sa.LargeBinary(32), nullable=False),
        sa.Column("sealed_private", sa.LargeBinary(), nullable=False),
        sa.Column("salt", sa.LargeBinary(16), nullable=False),
        sa.Column("nonce", sa.LargeBinary(12), nullable=False),
        sa.Column("kdf", sa.JSON(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("registrar", sa.Boolean(), nullable=False),
        sa.Column("registered_seq", sa.BigInteger(), nullable=True),
        sa.Column("registered_at", TIMESTAMP, nullable=True),
        sa.Column("revoked_seq", sa.BigInteger(), nullable=True),
        sa.Column("revoked_at", TIMESTAMP, nullable=True),
        sa.CheckConstraint(
            "revoked_at IS NULL OR revoked_seq IS NOT NULL", name="revocation_is_logged"
        ),
    )
    op.create_index("ix_signing_keys_user_id", "signing_keys", ["user_id"])
    op.create_index("ix_signing_keys_organisation_id", "signing_keys", ["organisation_id"])
    op.create_index(
        "uq_signing_keys_live",
        "signing_keys",
        ["user_id"],
        unique=True,
        sqlite_where=sa.text("revoked_at IS NULL"),
        postgresql_where=sa.text("revoked_at IS NULL"),
    )


def downgrade() -> None:
    op.drop_table("signing_keys")
