"""Search outbox: catalog changes waiting to be pushed to the search index.

Revision ID: 0003_search_outbox
Revises: 0002_catalog
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_search_outbox"
down_revision = "0002_catalog"
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "search_outbox",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("product_id", sa.Uuid(), nullable=False),
        sa.Column("enqueued_at", TIMESTAMP, nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.Text(), nullable=True),
        sa.Column("not_before", TIMESTAMP, nullable=True),
    )
    op.create_index("ix_search_outbox_product_id", "search_outbox", ["product_id"])
    op.create_index("ix_search_outbox_not_before", "search_outbox", ["not_before"])


def downgrade() -> None:
    op.drop_table("search_outbox")
