"""Optimistic locks and state checks (after 0006_name_change_requests, 2026-12-05).

- ``lock_version`` on organisations and name change requests (market.core.db.Versioned), so two
  operator decisions taken at the same moment cannot both succeed: the second matches no row.
  Added NOT NULL in two steps: with a server default that fills the rows there are, then without
  it, since the application sets the first number and moves it on.
- CHECK constraints where a state implies columns: a declined name change has its reason and a
  decided one its time; an invitation is never both accepted and revoked, a password reset never
  both used and revoked. Rows that break them could only have been written by hand; they are
  repaired first, as 0004 did, so the constraints can be added.
"""

import sqlalchemy as sa
from alembic import op

revision = "0007_locks_and_state_checks"
down_revision = "0006_name_change_requests"
branch_labels = None
depends_on = None

LOCKED_TABLES = ("organisations", "name_change_requests")

# (table, constraint name without the naming convention's prefix, condition)
CHECKS = (
    (
        "name_change_requests",
        "declined_has_reason",
        "(status = 'declined') = (decline_reason IS NOT NULL)",
    ),
    ("name_change_requests", "decided_has_time", "(status = 'pending') = (decided_at IS NULL)"),
    ("invitations", "not_both_accepted_and_revoked", "accepted_at IS NULL OR revoked_at IS NULL"),
    ("password_resets", "not_both_used_and_revoked", "used_at IS NULL OR revoked_at IS NULL"),
)

# Repairs that make any row written by hand meet the checks: a use wins over a revocation (it
# happened: someone joined, a password changed), a declined request without a reason says so.
REPAIRS = (
    "UPDATE name_change_requests SET decline_reason = 'Declined before reasons were required.' "
    "WHERE status = 'declined' AND decline_reason IS NULL",
    "UPDATE name_change_requests SET decline_reason = NULL "
    "WHERE status <> 'declined' AND decline_reason IS NOT NULL",
    "UPDATE name_change_requests SET decided_at = created_at "
    "WHERE status <> 'pending' AND decided_at IS NULL",
    "UPDATE name_change_requests SET decided_at = NULL "
    "WHERE status = 'pending' AND decided_at IS NOT NULL",
    "UPDATE invitations SET revoked_at = NULL WHERE accepted_at IS NOT NULL",
    "UPDATE password_resets SET revoked_at = NULL WHERE used_at IS NOT NULL",
)


def upgrade() -> None:
    for table in LOCKED_TABLES:
        op.add_column(
            table,
            sa.Column("lock_version", sa.Integer(), nullable=False, server_default=sa.text("1")),
        )
        with op.batch_alter_table(table) as batch:
            batch.alter_column("lock_version", server_default=None)
    for statement in REPAIRS:
        op.execute(statement)
    # Batch mode: SQLite adds a constraint by rebuilding the table (it keeps the named ones).
    for table, name, condition in CHECKS:
        with op.batch_alter_table(table) as batch:
            batch.create_check_constraint(name, condition)


def downgrade() -> None:
    for table, name, _condition in reversed(CHECKS):
        with op.batch_alter_table(table) as batch:
            batch.drop_constraint(op.f(f"ck_{table}_{name}"), type_="check")
    for table in reversed(LOCKED_TABLES):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("lock_version")
