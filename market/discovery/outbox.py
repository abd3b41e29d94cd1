"""Writing to the outbox: the catalog calls ``note_change`` wherever it records a change."""

from __future__ import annotations

from typing import TYPE_CHECKING

from market.core.db import db
from market.discovery.models import SearchOutbox

if TYPE_CHECKING:
    from market.catalog.models import Product

# Set in ``session.info`` when the transaction wrote an outbox row; the drain after a request
# looks at it (market.discovery.sync).
PENDING_KEY = "search_outbox_pending"


def note_change(product: Product) -> None:
    """Queue ``product`` for re-indexing in the current transaction: if the change rolls back,
    so does the row. Call it after the change is flushed (the product has its id)."""
    db.session.add(SearchOutbox(product_id=product.id))
    db.session.info[PENDING_KEY] = True
