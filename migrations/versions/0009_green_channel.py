"""Green channel configuration versions (after 0008_sign_in_sessions, 2026-12-06).

One row per version of a buyer organisation's green channel rules; rows are never updated, so a
case can keep the version it was routed under.
"""

import sqlalchemy as sa
from alembic import op

revision = "0009_green_channel"
down_revision = "0008_sign_in_sessions"
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "green_channel_versions",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column(
            "organisation_id",
            sa.Uuid(),
            sa.ForeignKey("organisations.id", ondelete="RESTRICT"),
            nullable=False,
        ),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column(
            "created_by_id",
            sa.Uuid(),
            sa.ForeignKey("users.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("designation_kinds", sa.JSON(), nullable=False),
        sa.Column("designation_valid_on_routing", sa.Boolean(), nullable=False),
        sa.Column("verified_claims", sa.JSON(), nullable=False),
        sa.Column("insurance_required", sa.Boolean(), nullable=False),
        sa.Column("max_months_since_first_sale", sa.Integer(), nullable=True),
        sa.Column("vendor_must_be_active", sa.Boolean(), nullable=False),
        sa.Column("methods", sa.JSON(), nullable=False),
        sa.Column("thresholds", sa.JSON(), nullable=False),
        sa.Column("reserved_annual_fen", sa.BigInteger(), nullable=False),
        sa.Column("stage_days", sa.JSON(), nullable=False),
        sa.UniqueConstraint("organisation_id", "number", name="uq_green_channel_number"),
        sa.CheckConstraint("number >= 1", name="number_positive"),
        sa.CheckConstraint("reserved_annual_fen >= 0", name="reserved_not_negative"),
        sa.CheckConstraint(
            "max_months_since_first_sale IS NULL OR max_months_since_first_sale >= 1",
            name="months_positive",
        ),
    )
    op.create_index(
        "ix_green_channel_versions_organisation_id", "green_channel_versions", ["organisation_id"]
    )


def downgrade() -> None:
    op.drop_table("green_channel_versions")  # its index goes with it
