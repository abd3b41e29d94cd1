"""Organisation suspension (after 0003_search_outbox, 2026-12-02): the reason the operator gave,
set exactly while an organisation is suspended."""

import sqlalchemy as sa
from alembic import op

# A state implies its column: suspended exactly when a reason is recorded.
CHECK = "(status = 'suspended') = (suspension_reason IS NOT NULL)"

revision = "0004_organisation_suspension"
down_revision = "0003_search_outbox"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Until now no verb suspended an organisation; one left suspended by hand gets a reason, so
    # that the constraint holds.
    op.add_column("organisations", sa.Column("suspension_reason", sa.Text(), nullable=True))
    op.execute(
        "UPDATE organisations SET suspension_reason = 'Suspended before reasons were recorded.' "
        "WHERE status = 'suspended'"
    )
    # Batch mode: SQLite adds a constraint by rebuilding the table (it keeps the named ones).
    with op.batch_alter_table("organisations") as batch:
        batch.create_check_constraint("suspended_has_reason", CHECK)


def downgrade() -> None:
    with op.batch_alter_table("organisations") as batch:
        batch.drop_constraint(op.f("ck_organisations_suspended_has_reason"), type_="check")
        batch.drop_column("suspension_reason")
