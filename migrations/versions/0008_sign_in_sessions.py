"""Sign-in sessions kept on the server (after 0007_locks_and_state_checks, 2026-12-06).

The session cookie is signed, not stored, so before this a copy of it taken before sign-out
still opened every page afterwards. Now the cookie carries a random secret and
``sign_in_sessions`` holds its SHA-256 and whether the session has ended (signed out, password
changed or reset, member removed). ``users.session_epoch``, which did the last three by
invalidating all of a user's sessions at once, is dropped: ending the session rows does it, and
one mechanism is easier to trust than two.

Upgrading signs everyone out once (old cookies carry no secret the table knows); downgrading does
too (the epoch returns at 0, and new cookies carry no epoch).
"""

import sqlalchemy as sa
from alembic import op

revision = "0008_sign_in_sessions"
down_revision = "0007_locks_and_state_checks"
branch_labels = None
depends_on = None

# market.core.db.UTCDateTime stores through this type; the decorator adds no DDL of its own.
TIMESTAMP = sa.DateTime(timezone=True)
END_REASONS = ("signed_out", "password_changed", "password_reset", "removed")


def upgrade() -> None:
    op.create_table(
        "sign_in_sessions",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column(
            "user_id", sa.Uuid(), sa.ForeignKey("users.id", ondelete="CASCADE"), nullable=False
        ),
        sa.Column("secret_hash", sa.String(64), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("ended_at", TIMESTAMP, nullable=True),
        sa.Column(
            "end_reason",
            sa.Enum(*END_REASONS, name="end_reason", native_enum=False, create_constraint=True),
            nullable=True,
        ),
        sa.UniqueConstraint("secret_hash"),
        sa.CheckConstraint("(ended_at IS NULL) = (end_reason IS NULL)", name="ended_has_reason"),
    )
    op.create_index("ix_sign_in_sessions_user_id", "sign_in_sessions", ["user_id"])
    with op.batch_alter_table("users") as batch:
        batch.drop_column("session_epoch")


def downgrade() -> None:
    op.add_column(
        "users",
        sa.Column("session_epoch", sa.Integer(), nullable=False, server_default=sa.text("0")),
    )
    with op.batch_alter_table("users") as batch:
        batch.alter_column("session_epoch", server_default=None)
    op.drop_table("sign_in_sessions")  # its index goes with it
