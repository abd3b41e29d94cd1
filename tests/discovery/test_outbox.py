"""Every catalog change queues its listing for the index, in the change's own transaction."""

from __future__ import annotations

import sqlalchemy as sa

from market.catalog import editing, services
from market.catalog.evidence import ReviewStatus
from market.catalog.models import ListingState
from market.catalog.taxonomy import Category
from market.core.audit import Actor
from market.core.db import db
from market.discovery.models import SearchOutbox
from tests.catalog.conftest import CONTENT, DESIGNATION


def queued(product_id) -> int:
    return db.session.scalar(
        sa.select(sa.func.count()).where(SearchOutbox.product_id == product_id)
    )


def test_each_change_queues_the_listing_and_rolls_back_with_it(vendor, vendor_staff):
    product = editing.create_product(
        vendor, Category.EQUIPMENT, CONTENT[Category.EQUIPMENT](), Actor(user=vendor_staff)
    )
    product_id = product.id
    assert queued(product_id) == 1  # in the same, still open, transaction

    db.session.rollback()

    assert db.session.scalar(sa.select(sa.func.count()).select_from(SearchOutbox)) == 0
    assert queued(product_id) == 0


def test_every_verb_of_the_listing_life_queues_a_row(make_product, vendor_staff, reviewer):
    staff, operator = Actor(user=vendor_staff), Actor(user=reviewer)
    product = make_product()
    rows = queued(product.id)

    designation = editing.add_claim(product, "designations", dict(DESIGNATION), staff)
    assert queued(product.id) == rows + 1
    services.submit(product, staff)
    assert queued(product.id) == rows + 2
    services.review_claim(designation, ReviewStatus.VERIFIED, "", operator)
    assert queued(product.id) == rows + 3
    services.publish(product, operator)
    assert queued(product.id) == rows + 4
    services.suspend(product, "Complaint.", operator)
    assert queued(product.id) == rows + 5
    db.session.commit()
    assert product.state == ListingState.SUSPENDED
    assert queued(product.id) == rows + 5
