"""How trials end (after 0015_trial_reports, 2026-12-07): the states ``accepted``, ``failed``,
``terminated`` and ``closed``; a case's link to the accepted trial it follows on from; the
outcome with its computed acceptance review, the approvers' sign-offs, the enterprise's
determination (a signed log entry by its auditor), the insurance claim and the product's public
trial record; the kinds
``outcome`` and ``remediation`` (which invokes the case's other attestations, marked by their
new ``invoked_at``).

Downgrading puts ended cases back to ``trial_running`` and drops what this adds; the log keeps
the entries those were filed as.
"""

import sqlalchemy as sa
from alembic import op

revision = "0016_trial_outcomes"
down_revision = "0015_trial_reports"
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True)
STATES_0014 = (
    "requested",
    "technical_evaluation",
    "risk_assessment",
    "collective_decision",
    "decided",
    "declined",
    "cancelled",
    "contracted",
    "trial_running",
)
ENDED = ("accepted", "failed", "terminated", "closed")
OUTCOME_SECTIONS = ["procedure", "terms", "results", "declarations", "rationale"]
REMEDIATION_SECTIONS = [
    "procedure",
    "terms",
    "results",
    "declarations",
    "risks",
    "rationale",
    "mitigations",
    "invoked",
]


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


def _replace_states(states: tuple[str, ...]) -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_constraint(op.f("ck_cases_state"), type_="check")
        batch.create_check_constraint(
            "state", "state IN (" + ", ".join(f"'{s}'" for s in states) + ")"
        )


def upgrade() -> None:
    _replace_states((*STATES_0014, *ENDED))
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("follows_case_id", sa.Uuid(), nullable=True))
        batch.create_foreign_key(
            "fk_cases_follows_case_id_cases",
            "cases",
            ["follows_case_id"],
            ["id"],
            ondelete="RESTRICT",
        )
        batch.create_index("ix_cases_follows_case_id", ["follows_case_id"])
    op.create_table(
        "trial_outcomes",
        sa.Column("case_id", sa.Uuid(), _fk("cases", "CASCADE"), primary_key=True),
        sa.Column("outcome", _enum("outcome", "accepted", "failed", "terminated"), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("review", sa.JSON(), nullable=False),
        sa.Column("incident_numbers", sa.JSON(), nullable=False),
        sa.Column("show_buyer_name", sa.Boolean(), nullable=False),
        sa.Column("recorded_by_id", sa.Uuid(), _fk("users", "SET NULL"), nullable=True),
        sa.Column("recorded_at", TIMESTAMP, nullable=False),
    )
    op.create_table(
        "trial_signoffs",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("case_id", sa.Uuid(), _fk("cases", "CASCADE"), nullable=False),
        sa.Column("approver_id", sa.Uuid(), _fk("users", "RESTRICT"), nullable=False),
        sa.Column("comment", sa.Text(), nullable=False),
        sa.Column("signed_at", TIMESTAMP, nullable=False),
        sa.UniqueConstraint("case_id", "approver_id", name="uq_trial_signoffs_approver"),
    )
    op.create_index("ix_trial_signoffs_case_id", "trial_signoffs", ["case_id"])
    op.create_table(
        "trial_determinations",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("case_id", sa.Uuid(), _fk("cases", "CASCADE"), nullable=False, unique=True),
        sa.Column(
            "exemption",
            _enum("exemption", "exempted", "mitigated", "not_exempted"),
            nullable=False,
        ),
        sa.Column("decided_by", sa.String(200), nullable=False),
        sa.Column("decided_on", sa.Date(), nullable=False),
        sa.Column("reference", sa.String(200), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("recorded_by_id", sa.Uuid(), _fk("users", "RESTRICT"), nullable=False),
        sa.Column("recorded_at", TIMESTAMP, nullable=False),
        sa.Column("seq", sa.BigInteger(), nullable=False, unique=True),
    )
    op.create_table(
        "trial_insurance_claims",
        sa.Column("case_id", sa.Uuid(), _fk("cases", "CASCADE"), primary_key=True),
        sa.Column("lock_version", sa.Integer(), nullable=False),
        sa.Column("policy_number", sa.String(100), nullable=False),
        sa.Column("filed_on", sa.Date(), nullable=False),
        sa.Column("amount_claimed_fen", sa.BigInteger(), nullable=False),
        sa.Column("insurer_reference", sa.String(200), nullable=False),
        sa.Column(
            "status", _enum("status", "filed", "paid", "partly_paid", "refused"), nullable=False
        ),
        sa.Column("amount_paid_fen", sa.BigInteger(), nullable=True),
        sa.Column("settled_on", sa.Date(), nullable=True),
        sa.Column("recorded_by_id", sa.Uuid(), _fk("users", "SET NULL"), nullable=True),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.CheckConstraint("amount_claimed_fen > 0", name="claimed_positive"),
        sa.CheckConstraint(
            "(status IN ('paid', 'partly_paid')) = (amount_paid_fen IS NOT NULL)",
            name="paid_amount_given",
        ),
    )
    op.create_table(
        "product_trial_records",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("product_id", sa.Uuid(), _fk("products", "CASCADE"), nullable=False),
        sa.Column("version_id", sa.Uuid(), _fk("product_versions", "RESTRICT"), nullable=False),
        sa.Column("case_id", sa.Uuid(), _fk("cases", "CASCADE"), nullable=False, unique=True),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(20), nullable=False),
        sa.Column("kpis_met", sa.JSON(), nullable=False),
        sa.Column("buyer_name", sa.String(400), nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
    )
    op.create_index("ix_product_trial_records_product_id", "product_trial_records", ["product_id"])
    op.add_column("attestations", sa.Column("invoked_at", TIMESTAMP, nullable=True))
    op.add_column(
        "attestation_kinds",
        sa.Column("invokes", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    with op.batch_alter_table("attestation_kinds") as batch:
        batch.alter_column("invokes", server_default=None)
    kinds = sa.table(
        "attestation_kinds",
        sa.column("code", sa.String),
        sa.column("position", sa.Integer),
        sa.column("filed_in", sa.JSON),
        sa.column("countersigned", sa.Boolean),
        sa.column("sections", sa.JSON),
        sa.column("transition", sa.String),
        sa.column("invokes", sa.Boolean),
    )
    op.bulk_insert(
        kinds,
        [
            {
                "code": "outcome",
                "position": 3,
                "filed_in": ["accepted"],
                "countersigned": False,
                "sections": OUTCOME_SECTIONS,
                "transition": None,
                "invokes": False,
            },
            {
                "code": "remediation",
                "position": 4,
                "filed_in": ["failed", "terminated"],
                "countersigned": False,
                "sections": REMEDIATION_SECTIONS,
                "transition": None,
                "invokes": True,
            },
        ],
    )


def downgrade() -> None:
    op.execute(
        "DELETE FROM attestations WHERE kind IN ('outcome', 'remediation') "
        "AND supersedes_id IS NOT NULL"
    )
    op.execute("DELETE FROM attestations WHERE kind IN ('outcome', 'remediation')")
    op.execute("DELETE FROM attestation_kinds WHERE code IN ('outcome', 'remediation')")
    with op.batch_alter_table("attestation_kinds") as batch:
        batch.drop_column("invokes")
    with op.batch_alter_table("attestations") as batch:
        batch.drop_column("invoked_at")
    op.drop_table("product_trial_records")
    op.drop_table("trial_insurance_claims")
    op.drop_table("trial_determinations")
    op.drop_table("trial_signoffs")
    op.drop_table("trial_outcomes")
    op.execute("UPDATE cases SET follows_case_id = NULL")
    with op.batch_alter_table("cases") as batch:
        batch.drop_index("ix_cases_follows_case_id")
        batch.drop_constraint("fk_cases_follows_case_id_cases", type_="foreignkey")
        batch.drop_column("follows_case_id")
    op.execute(
        "UPDATE cases SET state = 'trial_running' "
        "WHERE state IN ('accepted', 'failed', 'terminated', 'closed')"
    )
    _replace_states(STATES_0014)
