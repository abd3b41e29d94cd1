"""The accepted trial on its product's public record (``market.catalog.trial_records``), and
the product queued for the search index in the same transaction, so its ranking and the
"tried successfully" filter follow."""

from __future__ import annotations

from typing import Any

from market.catalog.trial_records import TrialRecord
from market.core.db import business_today, db
from market.discovery.outbox import note_change
from market.procurement.cases import Case


def record_success(case: Case, review_rows: list[dict[str, Any]], show_buyer_name: bool) -> None:
    entry = case.selected_entry
    assert entry is not None
    db.session.add(
        TrialRecord(
            product_id=entry.product_id,
            version_id=entry.version_id,
            case_id=case.id,
            year=business_today().year,
            category=entry.product.category.value,
            kpis_met=[
                {
                    "kpi": row["kpi"],
                    "comparator": row["comparator"],
                    "target": row["target"],
                    "unit": row["unit"],
                    "measured": row["last_value"],
                }
                for row in review_rows
            ],
            buyer_name=case.organisation.display_name if show_buyer_name else None,
        )
    )
    db.session.flush()
    note_change(entry.product)
