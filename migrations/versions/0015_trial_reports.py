"""A running trial's records (after 0014_trial_terms, 2026-12-07): milestone reports with a
measured value per KPI and their documents (bytes in the shared ``stored_files``), and
incidents. Values are exact decimals stored as text, as the KPIs' targets are."""

import sqlalchemy as sa
from alembic import op

revision = "0015_trial_reports"
down_revision = "0014_trial_terms"
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True)


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(
        *values,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(value) for value in values),
    )


def _fk(table: str, ondelete: str, column: str = "id") -> sa.ForeignKey:
    return sa.ForeignKey(f"{table}.{column}", ondelete=ondelete)


def upgrade() -> None:
    op.create_table(
        "trial_reports",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("case_id", sa.Uuid(), _fk("cases", "CASCADE"), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("milestone_id", sa.Uuid(), _fk("trial_milestones", "RESTRICT"), nullable=True),
        sa.Column("reported_on", sa.Date(), nullable=False),
        sa.Column("side", _enum("side", "buyer", "vendor"), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("author_id", sa.Uuid(), _fk("users", "SET NULL"), nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.UniqueConstraint("case_id", "number", name="uq_trial_reports_number"),
    )
    op.create_index("ix_trial_reports_case_id", "trial_reports", ["case_id"])
    op.create_index("ix_trial_reports_milestone_id", "trial_reports", ["milestone_id"])
    op.create_table(
        "trial_measurements",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("report_id", sa.Uuid(), _fk("trial_reports", "CASCADE"), nullable=False),
        sa.Column("kpi_id", sa.Uuid(), _fk("trial_kpis", "RESTRICT"), nullable=False),
        sa.Column("value", sa.String(40), nullable=False),
        sa.UniqueConstraint("report_id", "kpi_id", name="uq_trial_measurements_kpi"),
    )
    op.create_index("ix_trial_measurements_kpi_id", "trial_measurements", ["kpi_id"])
    op.create_table(
        "trial_report_files",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("report_id", sa.Uuid(), _fk("trial_reports", "CASCADE"), nullable=False),
        sa.Column(
            "sha256",
            sa.String(64),
            _fk("stored_files", "RESTRICT", "sha256"),
            nullable=False,
        ),
        sa.Column("filename", sa.String(200), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
    )
    op.create_index("ix_trial_report_files_report_id", "trial_report_files", ["report_id"])
    op.create_table(
        "trial_incidents",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("case_id", sa.Uuid(), _fk("cases", "CASCADE"), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("occurred_on", sa.Date(), nullable=False),
        sa.Column("severity", _enum("severity", "minor", "major", "critical"), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("insurer_notified", sa.Boolean(), nullable=False),
        sa.Column("side", _enum("side", "buyer", "vendor"), nullable=False),
        sa.Column("reported_by_id", sa.Uuid(), _fk("users", "SET NULL"), nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.UniqueConstraint("case_id", "number", name="uq_trial_incidents_number"),
    )
    op.create_index("ix_trial_incidents_case_id", "trial_incidents", ["case_id"])


def downgrade() -> None:
    op.drop_table("trial_incidents")
    op.drop_table("trial_report_files")
    op.drop_table("trial_measurements")
    op.drop_table("trial_reports")
