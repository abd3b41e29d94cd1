"""The drain keeps the index in step: published listings in, everything else out, and no
change lost to a crash or a rebuild."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from market.catalog import editing, services
from market.catalog.models import ListingState
from market.core.audit import Actor
from market.core.db import db, utcnow
from market.discovery import sync
from market.discovery.documents import all_documents
from market.discovery.models import SearchOutbox
from tests.discovery.conftest import ROBOT, found_ids


def backlog() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(SearchOutbox))


def test_drain_indexes_published_listings_and_never_drafts(index, make_product):
    published = make_product(ListingState.PUBLISHED, **ROBOT)
    draft = make_product(ListingState.DRAFT, **ROBOT)
    submitted = make_product(ListingState.SUBMITTED, **ROBOT)

    result = sync.drain(index)

    assert found_ids(index, "机器人") == {str(published.id)}
    assert str(draft.id) not in found_ids(index)
    assert str(submitted.id) not in found_ids(index)
    assert result.failed == 0
    assert backlog() == 0
    assert sync.drain(index).rows == 0  # running it again finds nothing to do


@pytest.mark.parametrize("leave", ["withdraw", "suspend", "delist", "expire"])
def test_a_listing_that_leaves_published_leaves_the_index_within_one_drain(
    index, make_product, vendor_staff, reviewer, leave
):
    product = make_product(ListingState.PUBLISHED, **ROBOT)
    sync.drain(index)
    assert found_ids(index, "机器人") == {str(product.id)}

    operator = Actor(user=reviewer)
    if leave == "withdraw":
        services.withdraw(product, Actor(user=vendor_staff))
    elif leave == "expire":
        # The daily job (flask catalog expire) acts as the platform.
        services.expire(product, Actor(user=None, is_system=True), today=date(2100, 1, 1))
    else:
        getattr(services, leave)(product, "Complaint under investigation.", operator)
    db.session.commit()
    sync.drain(index)

    assert found_ids(index, "机器人") == set()
    assert backlog() == 0


def test_an_edit_of_a_published_listing_stays_unindexed_until_it_is_published(
    index, make_product, vendor_staff
):
    product = make_product(ListingState.PUBLISHED, **ROBOT)
    editing.update_draft(product, {"name_en": "Secret new name"}, Actor(user=vendor_staff))
    db.session.commit()
    sync.drain(index)

    assert found_ids(index, "robot") == {str(product.id)}
    assert found_ids(index, "secret") == set()


class CrashAfterIndexing:
    """A backend that indexes and then dies before the rows are deleted."""

    def __init__(self, backend):
        self.backend = backend

    def index_many(self, docs):
        return self.backend.index_many(docs)

    def delete_many(self, ids):
        raise OSError("disk full")


def test_a_crash_between_indexing_and_deleting_the_rows_is_drained_again(
    index, make_product, vendor_staff
):
    product = make_product(ListingState.PUBLISHED, **ROBOT)
    rows = backlog()

    result = sync.drain(CrashAfterIndexing(index))

    assert result.failed == rows
    assert "disk full" in result.error
    assert backlog() == rows  # nothing was lost
    row = db.session.scalars(sa.select(SearchOutbox)).first()
    assert row.attempts == 1
    assert "disk full" in row.last_error
    assert row.not_before > utcnow()
    assert sync.drain(index).rows == 0  # backing off
    assert sync.status(index)["last_error"] == row.last_error

    # Meanwhile the listing is withdrawn; the retry pushes the listing as it is now.
    services.withdraw(product, Actor(user=vendor_staff))
    db.session.commit()
    later = utcnow() + timedelta(hours=2)
    while sync.drain(index, now=later).rows:
        pass

    assert found_ids(index, "机器人") == set()
    assert backlog() == 0


def test_backoff_grows_and_is_capped():
    assert sync.backoff(1) < sync.backoff(2) < sync.backoff(3)
    assert sync.backoff(50) == sync.BACKOFF_MAX


def test_reindex_under_concurrent_edits_loses_nothing(index, make_product, vendor_staff, reviewer):
    kept = make_product(ListingState.PUBLISHED, **ROBOT)
    withdrawn = make_product(ListingState.PUBLISHED, **ROBOT)
    sync.drain(index)
    added = []

    def read_then_edit():
        # The rebuild has read the catalog; then, before it swaps in the new index, a vendor
        # withdraws one listing and a reviewer publishes another, and a drain pushes both
        # changes into the index about to be replaced.
        documents = list(all_documents())
        services.withdraw(withdrawn, Actor(user=vendor_staff))
        added.append(make_product(ListingState.PUBLISHED, **ROBOT))
        db.session.commit()
        while sync.drain(index).rows:
            pass
        yield from documents

    count = sync.reindex(index, documents=read_then_edit())

    assert count == 2
    assert found_ids(index, "机器人") == {str(kept.id), str(added[0].id)}
    assert backlog() == 0


def test_status_counts_documents_and_backlog(index, make_product):
    make_product(ListingState.PUBLISHED, **ROBOT)
    before = sync.status(index)
    assert before["outbox_backlog"] > 0
    assert before["documents"] == 0
    sync.drain(index)
    after = sync.status(index)
    assert after == {**after, "documents": 1, "outbox_backlog": 0, "last_error": None}
