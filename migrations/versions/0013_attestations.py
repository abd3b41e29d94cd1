"""Attestations (after 0012_signing_keys, 2026-12-07): the kinds as rows (this issue seeds
``decision``; the trial issue inserts its own), and each filed attestation with the log
entries of its filing and its countersignature."""

import sqlalchemy as sa
from alembic import op

revision = "0013_attestations"
down_revision = "0012_signing_keys"
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True)
DECISION_SECTIONS = [
    "policy",
    "procedure",
    "decision",
    "declarations",
    "risks",
    "rationale",
    "mitigations",
    "evidence",
]


def upgrade() -> None:
    kinds = op.create_table(
        "attestation_kinds",
        sa.Column("code", sa.String(40), primary_key=True),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("filed_in", sa.JSON(), nullable=False),
        sa.Column("countersigned", sa.Boolean(), nullable=False),
        sa.Column("sections", sa.JSON(), nullable=False),
    )
    op.bulk_insert(
        kinds,
        [
            {
                "code": "decision",
                "position": 1,
                "filed_in": ["decided"],
                "countersigned": True,
                "sections": DECISION_SECTIONS,
            }
        ],
    )
    op.create_table(
        "attestations",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("lock_version", sa.Integer(), nullable=False),
        sa.Column(
            "case_id", sa.Uuid(), sa.ForeignKey("cases.id", ondelete="RESTRICT"), nullable=False
        ),
        sa.Column(
            "organisation_id",
            sa.Uuid(),
            sa.ForeignKey("organisations.id", ondelete="RESTRICT"),
            nullable=False,
        ),
        sa.Column(
            "kind",
            sa.String(40),
            sa.ForeignKey("attestation_kinds.code", ondelete="RESTRICT"),
            nullable=False,
        ),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column(
            "supersedes_id",
            sa.Uuid(),
            sa.ForeignKey("attestations.id", ondelete="RESTRICT"),
            nullable=True,
            unique=True,
        ),
        sa.Column("body", sa.JSON(), nullable=False),
        sa.Column("body_sha256", sa.String(64), nullable=False),
        sa.Column(
            "filed_by_id",
            sa.Uuid(),
            sa.ForeignKey("users.id", ondelete="RESTRICT"),
            nullable=False,
        ),
        sa.Column("filed_at", TIMESTAMP, nullable=False),
        sa.Column("filed_seq", sa.BigInteger(), nullable=False, unique=True),
        sa.Column(
            "chair_id", sa.Uuid(), sa.ForeignKey("users.id", ondelete="RESTRICT"), nullable=True
        ),
        sa.Column("countersigned_at", TIMESTAMP, nullable=True),
        sa.Column("countersigned_seq", sa.BigInteger(), nullable=True, unique=True),
        sa.Column("superseded_at", TIMESTAMP, nullable=True),
        sa.UniqueConstraint("case_id", "number", name="uq_attestations_number"),
        sa.CheckConstraint(
            "(countersigned_at IS NULL) = (countersigned_seq IS NULL)",
            name="countersignature_is_logged",
        ),
    )
    op.create_index("ix_attestations_case_id", "attestations", ["case_id"])
    op.create_index("ix_attestations_organisation_id", "attestations", ["organisation_id"])
    op.create_index(
        "uq_attestations_standing",
        "attestations",
        ["case_id", "kind"],
        unique=True,
        sqlite_where=sa.text("superseded_at IS NULL"),
        postgresql_where=sa.text("superseded_at IS NULL"),
    )


def downgrade() -> None:
    op.drop_table("attestations")
    op.drop_table("attestation_kinds")
