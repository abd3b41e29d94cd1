"""Catalog: products, immutable product versions, evidence claims, documents.

Revision ID: 0002_catalog
Revises: 0001_accounts
Create Date: 2026-11-25
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_catalog"
down_revision = "0001_accounts"
branch_labels = None
depends_on = None

TIMESTAMP = sa.DateTime(timezone=True)
CLAIM_TABLES = (
    "designations",
    "test_reports",
    "ip_rights",
    "reference_deployments",
    "insurance_policies",
)
TECHNICAL_FIELDS = (
    "cnc_machine_tools", "industrial_robots", "rail_transit", "power_equipment",
    "marine_engineering", "aerospace", "agricultural_machinery", "medical_devices", "new_energy",
    "advanced_steel", "nonferrous_alloys", "advanced_polymers", "industrial_software",
    "basic_software", "integrated_circuits",
)  # fmt: skip


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True)


def _fk(table: str, ondelete: str) -> sa.ForeignKey:
    return sa.ForeignKey(f"{table}.id", ondelete=ondelete)


def _claim_table(
    name: str, *columns: sa.Column, checks: tuple[sa.CheckConstraint, ...] = ()
) -> None:
    """A reviewable claim: its own columns plus the review columns every claim shares."""
    op.create_table(
        name,
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("version_id", sa.Uuid(), _fk("product_versions", "CASCADE"), nullable=False),
        *columns,
        sa.Column(
            "review_status",
            _enum("review_status", "unverified", "verified", "rejected"),
            nullable=False,
        ),
        sa.Column("review_note", sa.Text(), nullable=True),
        sa.Column("reviewed_by_id", sa.Uuid(), _fk("users", "SET NULL"), nullable=True),
        sa.Column("reviewed_at", TIMESTAMP, nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.CheckConstraint(
            "review_status <> 'rejected' OR review_note IS NOT NULL", name="rejection_has_a_reason"
        ),
        *checks,
    )
    op.create_index(f"ix_{name}_version_id", name, ["version_id"])


def upgrade() -> None:
    # products <-> product_versions reference each other: the two version pointers of
    # products get their foreign keys once both tables exist.
    op.create_table(
        "products",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("vendor_id", sa.Uuid(), _fk("organisations", "RESTRICT"), nullable=False),
        sa.Column(
            "category", _enum("category", "equipment", "material", "software"), nullable=False
        ),
        sa.Column(
            "state",
            _enum(
                "state",
                "draft",
                "submitted",
                "changes_requested",
                "published",
                "suspended",
                "expired",
                "withdrawn",
                "delisted",
            ),
            nullable=False,
        ),
        sa.Column("live_version_id", sa.Uuid(), nullable=True),
        sa.Column("working_version_id", sa.Uuid(), nullable=True),
        sa.Column("state_reason", sa.Text(), nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("updated_at", TIMESTAMP, nullable=False),
        sa.Column("lock_version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "state NOT IN ('published', 'suspended', 'expired') OR live_version_id IS NOT NULL",
            name="live_states_have_a_live_version",
        ),
        sa.CheckConstraint(
            "state NOT IN ('suspended', 'delisted') OR state_reason IS NOT NULL",
            name="operator_actions_have_a_reason",
        ),
    )
    op.create_index("ix_products_state", "products", ["state"])
    op.create_index("ix_products_vendor_id", "products", ["vendor_id"])

    op.create_table(
        "product_versions",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("product_id", sa.Uuid(), _fk("products", "CASCADE"), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            _enum(
                "status",
                "draft",
                "submitted",
                "changes_requested",
                "published",
                "superseded",
                "discarded",
            ),
            nullable=False,
        ),
        sa.Column(
            "category", _enum("category", "equipment", "material", "software"), nullable=False
        ),
        sa.Column("name_zh", sa.String(200), nullable=False),
        sa.Column("name_en", sa.String(200), nullable=False),
        sa.Column("summary", sa.String(500), nullable=False),
        sa.Column("description_md", sa.Text(), nullable=False),
        sa.Column("technical_field", _enum("technical_field", *TECHNICAL_FIELDS), nullable=False),
        sa.Column("tags", sa.JSON(), nullable=False),
        sa.Column("region", sa.String(6), nullable=False),
        sa.Column("price_min_fen", sa.BigInteger(), nullable=True),
        sa.Column("price_max_fen", sa.BigInteger(), nullable=True),
        sa.Column(
            "price_visibility", _enum("price_visibility", "public", "buyers"), nullable=False
        ),
        sa.Column("first_sale_date", sa.Date(), nullable=True),
        sa.Column("trial_months", sa.Integer(), nullable=True),
        sa.Column("performance_guarantee", sa.Text(), nullable=True),
        sa.Column("support_terms", sa.Text(), nullable=True),
        sa.Column("unit_value_fen", sa.BigInteger(), nullable=True),
        sa.Column("unit_ordinal", sa.Integer(), nullable=True),
        sa.Column("variety_spec", sa.String(300), nullable=True),
        sa.Column("minimum_batch", sa.String(100), nullable=True),
        sa.Column("version_number", sa.String(40), nullable=True),
        sa.Column("first_release_date", sa.Date(), nullable=True),
        sa.Column(
            "deployment_model",
            _enum(
                "deployment_model",
                "on_premises",
                "private_cloud",
                "public_cloud",
                "hybrid",
                "embedded",
            ),
            nullable=True,
        ),
        sa.Column("created_by_id", sa.Uuid(), _fk("users", "SET NULL"), nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
        sa.Column("submitted_at", TIMESTAMP, nullable=True),
        sa.Column("published_at", TIMESTAMP, nullable=True),
        sa.Column("review_feedback", sa.Text(), nullable=True),
        sa.UniqueConstraint("product_id", "number"),
        sa.CheckConstraint(
            "(price_min_fen IS NULL OR price_min_fen >= 0)"
            " AND (price_max_fen IS NULL OR price_max_fen >= 0)",
            name="prices_not_negative",
        ),
        sa.CheckConstraint(
            "price_min_fen IS NULL OR price_max_fen IS NULL OR price_min_fen <= price_max_fen",
            name="price_range_in_order",
        ),
        sa.CheckConstraint(
            "category <> 'equipment' OR (unit_value_fen IS NOT NULL AND unit_value_fen >= 0"
            " AND unit_ordinal IS NOT NULL AND unit_ordinal BETWEEN 1 AND 3)",
            name="equipment_has_unit_value_and_ordinal",
        ),
        sa.CheckConstraint(
            "category <> 'material' OR variety_spec IS NOT NULL", name="material_has_variety"
        ),
        sa.CheckConstraint(
            "category <> 'software'"
            " OR (version_number IS NOT NULL AND deployment_model IS NOT NULL)",
            name="software_has_version_and_deployment",
        ),
        sa.CheckConstraint(
            "(status IN ('published', 'superseded')) = (published_at IS NOT NULL)",
            name="published_versions_have_a_date",
        ),
        sa.CheckConstraint(
            "trial_months IS NULL OR trial_months > 0", name="trial_months_positive"
        ),
    )
    op.create_index("ix_product_versions_product_id", "product_versions", ["product_id"])
    with op.batch_alter_table("products") as batch:
        batch.create_foreign_key(
            "fk_products_live_version_id_product_versions",
            "product_versions",
            ["live_version_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch.create_foreign_key(
            "fk_products_working_version_id_product_versions",
            "product_versions",
            ["working_version_id"],
            ["id"],
            ondelete="SET NULL",
        )

    _claim_table(
        "designations",
        sa.Column(
            "kind",
            _enum(
                "kind",
                "miit_catalogue",
                "samr_first_set",
                "provincial",
                "first_version_software",
                "first_batch_material",
            ),
            nullable=False,
        ),
        sa.Column("authority", sa.String(200), nullable=False),
        sa.Column("document_number", sa.String(100), nullable=False),
        sa.Column("catalogue_edition", sa.String(100), nullable=True),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=True),
        checks=(
            sa.CheckConstraint(
                "valid_until IS NULL OR valid_until >= valid_from", name="validity_in_order"
            ),
        ),
    )
    _claim_table(
        "test_reports",
        sa.Column("institution", sa.String(200), nullable=False),
        sa.Column("standard", sa.String(200), nullable=False),
        sa.Column("report_number", sa.String(100), nullable=False),
        sa.Column("issued_on", sa.Date(), nullable=False),
        sa.Column("conclusion", sa.Text(), nullable=False),
    )
    _claim_table(
        "ip_rights",
        sa.Column(
            "kind",
            _enum("kind", "invention_patent", "utility_model", "software_copyright"),
            nullable=False,
        ),
        sa.Column("number", sa.String(60), nullable=False),
        sa.Column("title", sa.String(300), nullable=False),
    )
    _claim_table(
        "reference_deployments",
        sa.Column("customer", sa.String(200), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("outcome", sa.Text(), nullable=False),
        checks=(sa.CheckConstraint("year BETWEEN 1949 AND 2100", name="year_plausible"),),
    )
    _claim_table(
        "insurance_policies",
        sa.Column("insurer", sa.String(200), nullable=False),
        sa.Column("policy_number", sa.String(100), nullable=False),
        sa.Column("coverage", sa.String(300), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=False),
        sa.Column("valid_until", sa.Date(), nullable=False),
        checks=(sa.CheckConstraint("valid_until >= valid_from", name="cover_in_order"),),
    )

    op.create_table(
        "stored_files",
        sa.Column("sha256", sa.String(64), primary_key=True),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("media_type", sa.String(100), nullable=False),
        sa.Column("created_at", TIMESTAMP, nullable=False),
    )
    op.create_table(
        "documents",
        sa.Column("id", sa.Uuid(), primary_key=True),
        sa.Column("version_id", sa.Uuid(), _fk("product_versions", "CASCADE"), nullable=False),
        sa.Column(
            "sha256",
            sa.String(64),
            sa.ForeignKey("stored_files.sha256", ondelete="RESTRICT"),
            nullable=False,
        ),
        sa.Column("filename", sa.String(200), nullable=False),
        sa.Column("title", sa.String(200), nullable=False),
        sa.Column("visibility", _enum("visibility", "public", "buyers"), nullable=False),
        sa.Column("uploaded_by_id", sa.Uuid(), _fk("users", "SET NULL"), nullable=True),
        sa.Column("created_at", TIMESTAMP, nullable=False),
    )
    op.create_index("ix_documents_version_id", "documents", ["version_id"])


def downgrade() -> None:
    op.drop_table("documents")
    op.drop_table("stored_files")
    for table in CLAIM_TABLES:
        op.drop_table(table)
    with op.batch_alter_table("products") as batch:
        batch.drop_constraint("fk_products_working_version_id_product_versions", type_="foreignkey")
        batch.drop_constraint("fk_products_live_version_id_product_versions", type_="foreignkey")
    op.drop_table("product_versions")
    op.drop_table("products")
