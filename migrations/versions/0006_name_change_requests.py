"""Name change requests (after 0005_password_resets, 2026-12-02): an organisation's admin asks
the operator to record new registered names; at most one waits per organisation."""

import sqlalchemy as sa
from alembic import op

revision = "0006_name_change_requests"
down_revision = "0005_password_resets"
branch_labels = None
depends_on = None

# market.core.db.UTCDateTime stores through this type; the decorator adds no DDL of its own.
TIMESTAMP = sa.DateTime(timezone=True)
PENDING = sa.text("status = 'pending'")


def upgrade() -> None:
    op.create_table(
        "name_change_requests",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column(
            "organisation_id",
            sa.Uuid(),
            sa.ForeignKey("organisations.id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column(
            "status",
            sa.Enum(
                "pending",
                "approved",
                "declined",
                name="status",
                native_enum=False,
                create_constraint=True,
            ),
            nullable=False,
        ),
        sa.Column("name_zh", sa.String(200), nullable=False),
        sa.Column("name_en", sa.String(200), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column(
            "requested_by_id",
            sa.Uuid(),
            sa.ForeignKey("users.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column(
            "decided_by_id",
            sa.Uuid(),
            sa.ForeignKey("users.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("decided_at", TIMESTAMP, nullable=True),
        sa.Column("decline_reason", sa.Text(), nullable=True),
    )
    op.create_index(
        "ix_name_change_requests_organisation_id", "name_change_requests", ["organisation_id"]
    )
    op.create_index(
        "uq_name_change_requests_one_pending",
        "name_change_requests",
        ["organisation_id"],
        unique=True,
        sqlite_where=PENDING,
        postgresql_where=PENDING,
    )


def downgrade() -> None:
    op.drop_table("name_change_requests")  # its indexes go with it
