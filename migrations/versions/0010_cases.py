"""Green channel cases (after 0009_green_channel, 2026-12-07): the case, its locked shortlist,
the technical evaluation's criteria and scores, the risk register, and the collective decision's
meeting with one attendance row per approver.

Enums are VARCHAR with a named CHECK, as everywhere else; the shortlist's "one selected product"
is a partial unique index on both backends.
"""

import sqlalchemy as sa
from alembic import op

revision = "0010_cases"
down_revision = "0009_green_channel"
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True)

CASE_STATES = (
    "requested",
    "technical_evaluation",
    "risk_assessment",
    "collective_decision",
    "decided",
    "declined",
    "cancelled",
)
METHODS = ("negotiated", "direct", "single_source", "cooperative_innovation", "tender")
MEETING_KINDS = ("party_committee", "general_managers_office", "board", "procurement_committee")


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(
        *values,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(value) for value in values),
    )


def _fk(table: str, ondelete: str) -> sa.ForeignKey:
    return sa.ForeignKey(f"{table}.id", ondelete=ondelete)


def _id() -> sa.Column:
    return sa.Column("id", sa.Uuid(), primary_key=True)


def upgrade() -> None:
    op.create_table(
        "cases",
        _id(),
        sa.Column("organisation_id", sa.Uuid(), _fk("organisations", "RESTRICT"), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("budget_fen", sa.BigInteger(), nullable=False),
        sa.Column("delivery_site", sa.String(200), nullable=False),
        sa.Column("wanted_by", sa.Date(), nullable=False),
        sa.Column("state", _enum("state", *CASE_STATES), nullable=False),
        sa.Column("stage_started_at", TIMESTAMP, nullable=False),
        sa.Column("stage_due_on", sa.Date(), nullable=True),
        sa.Column("raised_by_id", sa.Uuid(), _fk("users", "SET NULL"), nullable=True),
        sa.Column("officer_id", sa.Uuid(), _fk("users", "SET NULL"), nullable=True),
        sa.Column(
            "config_version_id", sa.Uuid(), _fk("green_channel_versions", "RESTRICT"), nullable=True
        ),
        sa.Column("search_query", sa.String(200), nullable=False),
        sa.Column("search_filters", sa.JSON(), nullable=False),
        sa.Column("route", _enum("route", "green_channel", "standard"), nullable=True),
        sa.Column("routing", sa.JSON(), nullable=True),
        sa.Column("method", _enum("method", *METHODS), nullable=True),
        sa.Column("selection_reason", sa.Text(), nullable=True),
        sa.Column("insurance_policy", sa.String(100), nullable=True),
        sa.Column("no_insurance_reason", sa.Text(), nullable=True),
        sa.Column("fallback_supply", sa.Text(), nullable=True),
        sa.Column("result", sa.JSON(), nullable=True),
        sa.Column("decided_at", TIMESTAMP, nullable=True),
        sa.Column("cancel_reason", sa.Text(), nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.Column("lock_version", sa.Integer(), nullable=False),
        sa.UniqueConstraint("organisation_id", "number", name="uq_cases_number"),
        sa.CheckConstraint("quantity >= 1", name="quantity_positive"),
        sa.CheckConstraint("budget_fen > 0", name="budget_positive"),
    )
    op.create_index(
        "ix_cases_organisation_created", "cases", ["organisation_id", "created_at", "id"]
    )
    op.create_index(
        "ix_cases_organisation_state", "cases", ["organisation_id", "state", "created_at"]
    )
    op.create_index("ix_cases_state", "cases", ["state"])
    op.create_index("ix_cases_organisation_due", "cases", ["organisation_id", "stage_due_on"])
    op.create_index("ix_cases_raised_by_id", "cases", ["raised_by_id"])
    op.create_index("ix_cases_officer_id", "cases", ["officer_id"])

    op.create_table(
        "shortlist_entries",
        _id(),
        sa.Column("case_id", sa.Uuid(), _fk("cases", "CASCADE"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("product_id", sa.Uuid(), _fk("products", "RESTRICT"), nullable=False),
        sa.Column("version_id", sa.Uuid(), _fk("product_versions", "RESTRICT"), nullable=False),
        sa.Column("vendor_id", sa.Uuid(), _fk("organisations", "RESTRICT"), nullable=False),
        sa.Column("snapshot", sa.JSON(), nullable=False),
        sa.Column("snapshot_sha256", sa.String(64), nullable=False),
        sa.Column("selected", sa.Boolean(), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.UniqueConstraint("case_id", "position", name="uq_shortlist_entries_position"),
        sa.UniqueConstraint("case_id", "version_id", name="uq_shortlist_entries_version"),
    )
    op.create_index("ix_shortlist_entries_vendor_id", "shortlist_entries", ["vendor_id"])
    op.create_index(
        "uq_shortlist_entries_selected",
        "shortlist_entries",
        ["case_id"],
        unique=True,
        sqlite_where=sa.text("selected"),
        postgresql_where=sa.text("selected"),
    )

    op.create_table(
        "criteria",
        _id(),
        sa.Column("case_id", sa.Uuid(), _fk("cases", "CASCADE"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("weight", sa.Integer(), nullable=False),
        sa.UniqueConstraint("case_id", "position", name="uq_criteria_position"),
        sa.CheckConstraint("weight BETWEEN 1 AND 100", name="weight_range"),
    )
    op.create_index("ix_criteria_case_id", "criteria", ["case_id"])

    op.create_table(
        "scores",
        _id(),
        sa.Column("case_id", sa.Uuid(), _fk("cases", "CASCADE"), nullable=False),
        sa.Column("criterion_id", sa.Uuid(), _fk("criteria", "CASCADE"), nullable=False),
        sa.Column("entry_id", sa.Uuid(), _fk("shortlist_entries", "CASCADE"), nullable=False),
        sa.Column("scorer_id", sa.Uuid(), _fk("users", "RESTRICT"), nullable=False),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("scored_at", TIMESTAMP, nullable=False),
        sa.UniqueConstraint("criterion_id", "entry_id", "scorer_id", name="uq_scores_once"),
        sa.CheckConstraint("value BETWEEN 0 AND 10", name="value_range"),
    )
    op.create_index("ix_scores_case_id", "scores", ["case_id"])

    op.create_table(
        "risks",
        _id(),
        sa.Column("case_id", sa.Uuid(), _fk("cases", "CASCADE"), nullable=False),
        sa.Column("description", sa.String(500), nullable=False),
        sa.Column("likelihood", sa.Integer(), nullable=False),
        sa.Column("impact", sa.Integer(), nullable=False),
        sa.Column("mitigation", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(200), nullable=False),
        sa.Column("created_by_id", sa.Uuid(), _fk("users", "SET NULL"), nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.CheckConstraint("likelihood BETWEEN 1 AND 5", name="likelihood_range"),
        sa.CheckConstraint("impact BETWEEN 1 AND 5", name="impact_range"),
    )
    op.create_index("ix_risks_case_id", "risks", ["case_id"])

    op.create_table(
        "decision_meetings",
        _id(),
        sa.Column("case_id", sa.Uuid(), _fk("cases", "CASCADE"), nullable=False, unique=True),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("kind", _enum("kind", *MEETING_KINDS), nullable=False),
        sa.Column("recorded_by_id", sa.Uuid(), _fk("users", "SET NULL"), nullable=True),
        sa.Column("recorded_at", TIMESTAMP, nullable=False),
    )

    op.create_table(
        "attendances",
        _id(),
        sa.Column("meeting_id", sa.Uuid(), _fk("decision_meetings", "CASCADE"), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("approver_id", sa.Uuid(), _fk("users", "RESTRICT"), nullable=False),
        sa.Column("conflict", sa.Boolean(), nullable=True),
        sa.Column("conflict_note", sa.Text(), nullable=False),
        sa.Column("declared_at", TIMESTAMP, nullable=True),
        sa.Column("vote", _enum("vote", "approve", "reject", "abstain"), nullable=True),
        sa.Column("vote_comment", sa.Text(), nullable=False),
        sa.Column("voted_at", TIMESTAMP, nullable=True),
        sa.UniqueConstraint("meeting_id", "approver_id", name="uq_attendances_approver"),
        sa.CheckConstraint(
            "vote IS NULL OR (conflict IS NOT NULL AND NOT conflict)", name="vote_needs_no_conflict"
        ),
    )
    op.create_index("ix_attendances_approver_id", "attendances", ["approver_id"])


def downgrade() -> None:
    # Dependants first; each table's indexes go with it.
    for table in (
        "attendances",
        "decision_meetings",
        "risks",
        "scores",
        "criteria",
        "shortlist_entries",
        "cases",
    ):
        op.drop_table(table)
