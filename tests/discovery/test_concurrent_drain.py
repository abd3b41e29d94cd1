"""Two drains at once, on two PostgreSQL connections, split the outbox between them.

``sync.drain`` takes outbox rows with ``FOR UPDATE SKIP LOCKED`` and then locks their products
the same way. These tests hold drain A inside its push (its transaction open, its locks held),
run drain B on another connection meanwhile, and prove that B:

- does not wait for A (it finishes while A is still held);
- takes none of A's rows, and does not push a product A is pushing, even through an outbox row
  A did not take: that row waits for a later drain;

and that once both are done no row is lost and no product was pushed by two drains.

PostgreSQL only: SQLite has no row locks. The suite's ``db_session`` keeps every test inside one
rolled-back transaction on one connection, which two connections cannot share, so this module
uses tests.concurrency's sessions that really commit (and empty the tables afterwards).
"""

from __future__ import annotations

import threading
import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from flask import Flask

from market.catalog.models import ListingState
from market.core.db import db
from market.discovery import sync
from market.discovery.models import SearchOutbox
from market.discovery.outbox import note_change
from search.model import SearchDocument
from tests.concurrency import committing_db_session  # noqa: F401 (the db_session fixture)

# How long B may take while A is held; B needs milliseconds unless it waits for A's locks.
WAIT = 5.0


# -- a backend that records one drain's push and can hold it there ------------------------------


class Recorder:
    """Records the ids one drain pushed. With ``hold``, the drain stops inside ``index_many``
    (its transaction open, its locks held) until ``release`` is set."""

    def __init__(self, hold: bool = False) -> None:
        self.indexed: list[str] = []
        self.deleted: list[str] = []
        self.backend_pid: int | None = None  # the PostgreSQL connection the drain ran on
        self.pushing = threading.Event()
        self.release = threading.Event()
        if not hold:
            self.release.set()

    def index_many(self, documents: Sequence[SearchDocument]) -> int:
        self.indexed.extend(document.id for document in documents)
        self.backend_pid = db.session.scalar(sa.text("SELECT pg_backend_pid()"))
        self.pushing.set()
        if not self.release.wait(60):
            raise TimeoutError("the test never released this drain")
        return len(documents)

    def delete_many(self, ids: Sequence[str]) -> None:
        self.deleted.extend(ids)


class DrainThread(threading.Thread):
    """``sync.drain`` in an app context of its own, hence a session and connection of its own."""

    def __init__(self, app: Flask, backend: Recorder, batch: int) -> None:
        super().__init__(daemon=True)
        self.app, self.backend, self.batch = app, backend, batch
        self.result: sync.DrainResult | None = None
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            with self.app.app_context():  # its teardown removes this thread's session
                self.result = sync.drain(self.backend, self.batch)
        except BaseException as error:  # reported by the test, not lost in the thread
            self.error = error


def outbox() -> list[tuple[int, str]]:
    """(row id, product id) of every outbox row, oldest first, as committed now."""
    rows = db.session.execute(
        sa.select(SearchOutbox.id, SearchOutbox.product_id).order_by(SearchOutbox.id)
    ).all()
    db.session.commit()  # hold no snapshot or lock while the drains run
    return [(row_id, str(product_id)) for row_id, product_id in rows]


def rows_before(rows: list[tuple[int, str]], products: set[str]) -> int:
    """How many of the oldest rows belong to ``products``: a batch that takes exactly those."""
    count = 0
    while count < len(rows) and rows[count][1] in products:
        count += 1
    assert {product for _, product in rows[count:]}.isdisjoint(products), "rows interleave"
    return count


def race(app: Flask, batch_a: int) -> tuple[DrainThread, DrainThread]:
    """Drain A takes ``batch_a`` rows and is held inside its push while drain B drains the rest.
    Asserts that B finished while A was still held, i.e. B waited for none of A's locks."""
    a = DrainThread(app, Recorder(hold=True), batch_a)
    b = DrainThread(app, Recorder(), sync.DEFAULT_BATCH)
    a.start()
    try:
        assert a.backend.pushing.wait(WAIT), f"drain A never reached its push: {a.error!r}"
        b.start()
        b.join(WAIT)
        b_waited_for_a = b.is_alive()
        a_was_held = a.is_alive()
    finally:
        a.backend.release.set()  # let A commit; a B blocked on A's locks then finishes too
        a.join(WAIT)
    b.join(WAIT)
    assert a.error is None, a.error
    assert b.error is None, b.error
    assert not a.is_alive()
    assert not b.is_alive()
    assert a_was_held
    assert not b_waited_for_a, "drain B blocked on drain A's locks instead of skipping them"
    assert a.backend.backend_pid != b.backend.backend_pid  # two connections, two transactions
    return a, b


def pushed_once(*drains: DrainThread) -> list[str]:
    """Every id these drains indexed or deleted, asserting that no drain pushed one twice."""
    ids: list[str] = []
    for drain in drains:
        pushed = drain.backend.indexed + drain.backend.deleted
        assert len(set(pushed)) == len(pushed)
        ids += pushed
    return ids


# -- the tests -----------------------------------------------------------------------------------


def test_a_second_drain_skips_the_rows_the_first_holds_instead_of_waiting(app, make_product):
    # A listing gone since its change was queued: no product row to lock, so only the outbox
    # row's lock keeps B from deleting its document while A does.
    gone = uuid.uuid4()
    db.session.add(SearchOutbox(product_id=gone))
    db.session.commit()
    products = [str(make_product(ListingState.PUBLISHED).id) for _ in range(6)]
    rows = outbox()
    assert {product for _, product in rows} == {str(gone), *products}
    held = {str(gone), *products[:3]}

    a, b = race(app, batch_a=rows_before(rows, held))

    assert (set(a.backend.indexed), a.backend.deleted) == (set(products[:3]), [str(gone)])
    assert (set(b.backend.indexed), b.backend.deleted) == (set(products[3:]), [])
    assert a.result.rows + b.result.rows == len(rows)  # B took none of A's rows
    everything = pushed_once(a, b)
    assert len(everything) == len(products) + 1  # no product pushed by both drains
    assert set(everything) == {str(gone), *products}  # and none lost
    assert outbox() == []


def test_a_product_being_pushed_is_left_for_a_later_drain_not_pushed_twice(app, make_product):
    listings = [make_product(ListingState.PUBLISHED) for _ in range(4)]
    products = [str(listing.id) for listing in listings]
    rows = outbox()
    held = set(products[:2])
    batch_a = rows_before(rows, held)
    # A newer change to a product A is about to push: a row beyond A's batch, which A does not
    # lock, but B sees. B must not push that product while A's push of it is uncommitted.
    note_change(listings[0])
    db.session.commit()
    late_row = outbox()[-1]
    assert late_row[1] == products[0]

    a, b = race(app, batch_a)

    assert set(a.backend.indexed) == held
    assert set(b.backend.indexed) == set(products[2:])
    assert b.result.rows == len(rows) - batch_a  # the late row was left, not taken
    assert outbox() == [late_row]  # nor lost: it waits for the next drain

    later = Recorder()
    assert sync.drain(later).rows == 1
    assert later.indexed == [products[0]]
    everything = pushed_once(a, b) + later.indexed
    assert sorted(everything) == sorted([*products, products[0]])  # once per drain that took it
    assert outbox() == []
