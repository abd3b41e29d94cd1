"""Two appends at the same moment on PostgreSQL, each in its own thread and connection: they
go one after the other (the head row's lock), so the sequence has no gap and no repeat and the
second chains to the first's root."""

from __future__ import annotations

import json
import threading

import sqlalchemy as sa

from market.attestations import ledger, merkle
from market.attestations.models import LedgerEntry
from market.core.db import db
from tests.accounts.test_concurrent_decisions import WAIT
from tests.concurrency import committing_db_session  # noqa: F401 (the db_session fixture)


def test_two_appends_at_once_take_the_next_two_numbers(app, db_session):
    barrier = threading.Barrier(4, timeout=WAIT)
    errors: list[BaseException] = []

    def append(n: int) -> None:
        try:
            with app.app_context():
                barrier.wait()
                ledger.append("test", {"n": n})
                db.session.commit()
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=append, args=(n,), daemon=True) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(WAIT * 2)
    assert errors == []
    with app.app_context():
        rows = db.session.scalars(sa.select(LedgerEntry).order_by(LedgerEntry.seq)).all()
        assert [row.seq for row in rows] == [0, 1, 2, 3]
        tree = merkle.MemoryTree(row.leaf_hash for row in rows)
        for row in rows:
            assert json.loads(row.entry)["prev_root"] == ledger.b64(tree.root(row.seq))
        assert ledger.checkpoint().root == tree.root()
