"""Incomplete drafts (after 0016_trial_outcomes, 2026-12-07).

A draft imported from a published list holds what the list gives (its names, a technical field,
a line of description) until the vendor completes it, so the checks that a category's fields are
there (0002) now hold from submission on: a draft, a draft sent back for changes and a discarded
draft may lack them. Their ranges still hold for every version, in a check of their own. A new
check says a version under review or published has its English name, summary and province,
which an incomplete draft holds as empty text (the columns stay NOT NULL).

Downgrading restores 0002's checks; it refuses while an incomplete draft exists, since 0002's
schema cannot hold one (complete or delete those drafts first).
"""

import sqlalchemy as sa
from alembic import op

revision = "0017_incomplete_drafts"
down_revision = "0016_trial_outcomes"
branch_labels = None
depends_on = None

TABLE = "product_versions"
INCOMPLETE_ALLOWED = "status IN ('draft', 'changes_requested', 'discarded')"

# (name without the naming convention's prefix, 0002's condition, this revision's condition)
RELAXED = (
    (
        "equipment_has_unit_value_and_ordinal",
        "category <> 'equipment' OR (unit_value_fen IS NOT NULL AND unit_value_fen >= 0"
        " AND unit_ordinal IS NOT NULL AND unit_ordinal BETWEEN 1 AND 3)",
        f"{INCOMPLETE_ALLOWED} OR category <> 'equipment'"
        " OR (unit_value_fen IS NOT NULL AND unit_ordinal IS NOT NULL)",
    ),
    (
        "material_has_variety",
        "category <> 'material' OR variety_spec IS NOT NULL",
        f"{INCOMPLETE_ALLOWED} OR category <> 'material' OR variety_spec IS NOT NULL",
    ),
    (
        "software_has_version_and_deployment",
        "category <> 'software' OR (version_number IS NOT NULL AND deployment_model IS NOT NULL)",
        f"{INCOMPLETE_ALLOWED} OR category <> 'software'"
        " OR (version_number IS NOT NULL AND deployment_model IS NOT NULL)",
    ),
)
ADDED = (
    (
        "unit_value_and_ordinal_in_range",
        "(unit_value_fen IS NULL OR unit_value_fen >= 0)"
        " AND (unit_ordinal IS NULL OR unit_ordinal BETWEEN 1 AND 3)",
    ),
    (
        "submitted_versions_are_complete",
        f"{INCOMPLETE_ALLOWED} OR (name_en <> '' AND summary <> '' AND region <> '')",
    ),
)


def _ck(name: str) -> str:
    return op.f(f"ck_{TABLE}_{name}")


def upgrade() -> None:
    # Batch mode: SQLite changes a constraint by rebuilding the table (it keeps the named ones).
    with op.batch_alter_table(TABLE) as batch:
        for name, _old, _new in RELAXED:
            batch.drop_constraint(_ck(name), type_="check")
    with op.batch_alter_table(TABLE) as batch:
        for name, _old, new in RELAXED:
            batch.create_check_constraint(name, new)
        for name, condition in ADDED:
            batch.create_check_constraint(name, condition)


def downgrade() -> None:
    incomplete = op.get_bind().scalar(
        sa.text(
            "SELECT count(*) FROM product_versions"
            " WHERE name_en = '' OR summary = '' OR region = ''"
            " OR (category = 'equipment' AND (unit_value_fen IS NULL OR unit_ordinal IS NULL))"
            " OR (category = 'material' AND variety_spec IS NULL)"
            " OR (category = 'software' AND (version_number IS NULL OR deployment_model IS NULL))"
        )
    )
    if incomplete:
        raise RuntimeError(
            f"{incomplete} incomplete draft(s) exist; 0016's schema cannot hold them. "
            "Complete or delete them before downgrading."
        )
    with op.batch_alter_table(TABLE) as batch:
        for name, _condition in reversed(ADDED):
            batch.drop_constraint(_ck(name), type_="check")
        for name, _old, _new in reversed(RELAXED):
            batch.drop_constraint(_ck(name), type_="check")
    with op.batch_alter_table(TABLE) as batch:
        for name, old, _new in RELAXED:
            batch.create_check_constraint(name, old)
