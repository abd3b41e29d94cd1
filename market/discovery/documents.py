"""Listings as the search engine sees them: the live version of each published listing."""

from __future__ import annotations

import re
import uuid
from collections.abc import Iterable, Iterator
from datetime import date

import sqlalchemy as sa
from flask_babel import force_locale
from sqlalchemy.orm import selectinload

from market.catalog import queries
from market.catalog.models import ListingState, PriceVisibility, Product, ProductVersion
from market.catalog.rules import designations_lapsed
from market.catalog.taxonomy import FIELD_LABELS
from market.catalog.trial_records import successes_by_product
from market.core.db import business_today, db
from market.discovery.cards import card_payload
from search.model import SearchDocument

# Markdown punctuation carries no meaning for search and would show in snippets.
_MARKDOWN_MARKS = re.compile(r"[#*_`>|\[\]]+")


def is_searchable(product: Product | None, today: date) -> bool:
    """Only published listings of active vendors with a designation still valid are found (the
    same rule as the public catalogue, ``queries.public_listings``)."""
    return (
        product is not None
        and product.state == ListingState.PUBLISHED
        and product.vendor.is_active
        and product.live_version is not None
        and not designations_lapsed(product.live_version, today)
    )


def build_document(
    product: Product, today: date | None = None, trial_successes: int = 0
) -> SearchDocument:
    """The search document of a searchable listing, from its live version, and how many
    accepted trials it has on record (``trial_records.successes_by_product``)."""
    today = today or business_today()
    version = product.live_version
    assert version is not None, "only live listings have a document"
    assert version.published_at is not None, "a live version has its publication date"
    codes = {badge.code for badge in queries.badges(version, today)}
    zh_label, en_label = FIELD_LABELS[version.technical_field]
    # The index holds the English label whatever language the request speaks.
    with force_locale("en"):
        field_label = f"{zh_label} {en_label}"
    public_price = version.price_visibility == PriceVisibility.PUBLIC
    vendor = product.vendor
    return SearchDocument(
        id=str(product.id),
        name_zh=version.name_zh,
        name_en=version.name_en,
        tags=list(version.tags or ()),
        summary=version.summary,
        vendor_id=str(product.vendor_id),
        vendor_name=f"{vendor.name_zh} {vendor.name_en}",
        technical_field=version.technical_field.value,
        technical_field_label=field_label,
        description=_MARKDOWN_MARKS.sub(" ", version.description_md or ""),
        category=product.category.value,
        region=version.region,
        designation_kinds=sorted(
            {d.kind.value for d in version.designations if d.is_verified and d.is_valid_on(today)}
        ),
        verified_designation="designation_verified" in codes,
        verified_test_report="test_report_verified" in codes,
        insured="insured" in codes,
        # Buyer-only prices stay out of the index: a price filter would reveal them.
        price_min_fen=version.price_min_fen if public_price else None,
        price_max_fen=version.price_max_fen if public_price else None,
        published_at=version.published_at,
        trial_successes=trial_successes,
        payload=card_payload(product),
    )


def with_everything_indexed() -> list:
    """Loader options for the relations a document reads."""
    live = selectinload(Product.live_version)
    return [
        selectinload(Product.vendor),
        live.selectinload(ProductVersion.designations),
        live.selectinload(ProductVersion.test_reports),
        live.selectinload(ProductVersion.insurance_policies),
    ]


def load_products(ids: Iterable[uuid.UUID | str]) -> dict[str, Product]:
    """Products by id (keyed as strings), with what their documents need."""
    wanted = [value if isinstance(value, uuid.UUID) else uuid.UUID(value) for value in ids]
    if not wanted:
        return {}
    products = db.session.scalars(
        sa.select(Product).where(Product.id.in_(wanted)).options(*with_everything_indexed())
    )
    return {str(p.id): p for p in products}


def all_documents(batch_size: int = 500) -> Iterator[SearchDocument]:
    """Every searchable listing's document, read in batches by id (for a rebuild)."""
    today = business_today()
    last_id = None
    while True:
        query = (
            sa.select(Product.id)
            .where(Product.state == ListingState.PUBLISHED)
            .order_by(Product.id)
            .limit(batch_size)
        )
        if last_id is not None:
            query = query.where(Product.id > last_id)
        ids = list(db.session.scalars(query))
        if not ids:
            return
        products = load_products(ids)
        trials = successes_by_product(ids)
        for product_id in ids:
            product = products.get(str(product_id))
            if is_searchable(product, today):
                yield build_document(product, today, trials.get(str(product_id), 0))  # type: ignore[arg-type]
        last_id = ids[-1]
