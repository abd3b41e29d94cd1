"""The trial contract (after 0013_attestations, 2026-12-07): the states ``contracted`` and
``trial_running``, the trial terms with their KPIs and payment milestones, and the trial start
attestation as a kind whose filing takes the case's ``start_trial`` transition (the kinds'
new ``transition`` column).

KPI targets are exact decimals stored as text (SQLite has no decimal type). Downgrading puts
contracted and running cases back to ``decided`` and drops their terms and trial start
attestations; the log keeps the entries those were filed as.
"""

import sqlalchemy as sa
from alembic import op

revision = "0014_trial_terms"
down_revision = "0013_attestations"
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True)
STATES_0010 = (
    "requested",
    "technical_evaluation",
    "risk_assessment",
    "collective_decision",
    "decided",
    "declined",
    "cancelled",
)
STATES = (*STATES_0010, "contracted", "trial_running")
TRIAL_START_SECTIONS = ["procedure", "terms", "declarations", "risks", "mitigations"]


def _states_check(states: tuple[str, ...]) -> str:
    return "state IN (" + ", ".join(f"'{s}'" for s in states) + ")"


def _replace_states(states: tuple[str, ...]) -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_constraint(op.f("ck_cases_state"), type_="check")
        batch.create_check_constraint("state", _states_check(states))


def upgrade() -> None:
    _replace_states(STATES)
    op.create_table(
        "trial_terms",
        sa.Column(
            "case_id",
            sa.Uuid(),
            sa.ForeignKey("cases.id", ondelete="CASCADE"),
            primary_key=True,
        ),
        sa.Column("lock_version", sa.Integer(), nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("terms_sha256", sa.String(64), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("value_fen", sa.BigInteger(), nullable=False),
        sa.Column("acceptance_criteria", sa.Text(), nullable=False),
        sa.Column("insurance_policy", sa.String(100), nullable=True),
        sa.Column("insurer", sa.String(200), nullable=True),
        sa.Column("coverage", sa.String(300), nullable=True),
        sa.Column("insured_value_fen", sa.BigInteger(), nullable=True),
        sa.Column("no_insurance_reason", sa.Text(), nullable=True),
        sa.Column("fallback_plan", sa.Text(), nullable=False),
        sa.Column(
            "recorded_by_id",
            sa.Uuid(),
            sa.ForeignKey("users.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("recorded_at", TIMESTAMP, nullable=False),
        sa.Column("confirmed_revision", sa.Integer(), nullable=True),
        sa.Column("confirmed_sha256", sa.String(64), nullable=True),
        sa.Column(
            "confirmed_by_id",
            sa.Uuid(),
            sa.ForeignKey("users.id", ondelete="SET NULL"),
            nullable=True,
        ),
        sa.Column("confirmed_at", TIMESTAMP, nullable=True),
        sa.CheckConstraint("ends_on > starts_on", name="period_forward"),
        sa.CheckConstraint("value_fen > 0", name="value_positive"),
        sa.CheckConstraint("revision >= 1", name="revision_positive"),
        sa.CheckConstraint(
            "(insurance_policy IS NULL) = (insured_value_fen IS NULL)", name="insured_value_given"
        ),
        sa.CheckConstraint(
            "(confirmed_revision IS NULL) = (confirmed_at IS NULL)", name="confirmation_complete"
        ),
    )
    op.create_table(
        "trial_kpis",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column(
            "case_id",
            sa.Uuid(),
            sa.ForeignKey("trial_terms.case_id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("unit", sa.String(40), nullable=False),
        sa.Column("target", sa.String(40), nullable=False),
        sa.Column(
            "comparator",
            sa.Enum(
                "at_least",
                "at_most",
                "equal",
                name="comparator",
                native_enum=False,
                create_constraint=True,
                length=8,
            ),
            nullable=False,
        ),
        sa.Column("method", sa.Text(), nullable=False),
        sa.UniqueConstraint("case_id", "position", name="uq_trial_kpis_position"),
        sa.UniqueConstraint("case_id", "name", name="uq_trial_kpis_name"),
    )
    op.create_table(
        "trial_milestones",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column(
            "case_id",
            sa.Uuid(),
            sa.ForeignKey("trial_terms.case_id", ondelete="CASCADE"),
            nullable=False,
        ),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("amount_fen", sa.BigInteger(), nullable=False),
        sa.Column("description", sa.String(300), nullable=False),
        sa.UniqueConstraint("case_id", "position", name="uq_trial_milestones_position"),
        sa.CheckConstraint("amount_fen > 0", name="amount_positive"),
    )
    op.add_column("attestation_kinds", sa.Column("transition", sa.String(40), nullable=True))
    kinds = sa.table(
        "attestation_kinds",
        sa.column("code", sa.String),
        sa.column("position", sa.Integer),
        sa.column("filed_in", sa.JSON),
        sa.column("countersigned", sa.Boolean),
        sa.column("sections", sa.JSON),
        sa.column("transition", sa.String),
    )
    op.bulk_insert(
        kinds,
        [
            {
                "code": "trial_start",
                "position": 2,
                # A correction is filed while the trial runs; a first filing only in contracted.
                "filed_in": ["contracted", "trial_running"],
                "countersigned": False,
                "sections": TRIAL_START_SECTIONS,
                "transition": "start_trial",
            }
        ],
    )


def downgrade() -> None:
    op.execute("DELETE FROM attestations WHERE kind = 'trial_start' AND supersedes_id IS NOT NULL")
    op.execute("DELETE FROM attestations WHERE kind = 'trial_start'")
    op.execute("DELETE FROM attestation_kinds WHERE code = 'trial_start'")
    with op.batch_alter_table("attestation_kinds") as batch:
        batch.drop_column("transition")
    op.drop_table("trial_milestones")
    op.drop_table("trial_kpis")
    op.drop_table("trial_terms")
    op.execute("UPDATE cases SET state = 'decided' WHERE state IN ('contracted', 'trial_running')")
    _replace_states(STATES_0010)
