"""Two requests writing at once on SQLite, the embedded default: the second waits, neither fails.

SQLite lets one connection write at a time. A transaction that read first and writes later
cannot wait for another writer (SQLite answers "database is locked" at once, rather than risk
two readers deadlocking), so the database takes a request's write lock when its transaction
begins, for every method but GET/HEAD/OPTIONS (``market.core.db``), and a read-only request that
has something to note (when its API token was used) notes it after its own transaction is over.
The suite's ``db_session``
keeps each test on one connection inside one transaction, which real concurrency cannot share,
so this module builds its own app on its own SQLite file, where commits are real.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import flask_migrate
import pytest
from flask import Flask

from market import create_app
from market.accounts import services as accounts
from market.accounts.credentials import create_api_token
from market.accounts.models import OrgKind, OrgStatus, Role
from market.catalog import editing, queries
from market.catalog.models import Product
from market.catalog.taxonomy import Category
from market.core.audit import Actor
from market.core.db import db
from tests.catalog.conftest import CONTENT
from tests.conftest import PASSWORD, SYSTEM, TEST_CONFIG, fresh_database_url, random_credit_code

# Long enough that both requests have read before either writes, were nothing to stop them.
DAWDLE_S = 0.3


@pytest.fixture
def committing_app(tmp_path: Path) -> Iterator[Flask]:
    app = create_app(
        {
            **TEST_CONFIG,
            "SQLALCHEMY_DATABASE_URI": fresh_database_url("sqlite", tmp_path),
            "SEARCH_INDEX_PATH": str(tmp_path / "search"),
        }
    )
    with app.app_context():
        flask_migrate.upgrade()
    yield app
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def two_drafts_and_a_token(app: Flask) -> tuple[list[uuid.UUID], str, str]:
    with app.app_context():
        vendor = accounts.create_organisation(
            kind=OrgKind.VENDOR,
            name_zh="测试并发供应商",
            name_en="Concurrent Vendor",
            credit_code=random_credit_code(),
            parent=None,
            actor=SYSTEM,
        )
        vendor.status = OrgStatus.ACTIVE
        staff = accounts.create_user(
            vendor,
            email=f"staff-{uuid.uuid4().hex[:8]}@example.com",
            name="Staff",
            password=PASSWORD,
            roles=frozenset({Role.STAFF}),
            actor=SYSTEM,
        )
        drafts = [
            editing.create_product(
                vendor, Category.EQUIPMENT, CONTENT[Category.EQUIPMENT](), Actor(user=staff)
            )
            for _ in range(2)
        ]
        _token, raw = create_api_token(staff, "tests", SYSTEM)
        _reader, raw_reader = create_api_token(staff, "a read-only script", SYSTEM)
        db.session.commit()
        return [draft.id for draft in drafts], raw, raw_reader


def dawdling_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    read = queries.product_for

    def read_then_dawdle(user: Any, product_id: uuid.UUID) -> Product:
        found = read(user, product_id)
        time.sleep(DAWDLE_S)
        return found

    monkeypatch.setattr(queries, "product_for", read_then_dawdle)


def test_two_edits_at_once_both_succeed(
    committing_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    ids, token, _reader = two_drafts_and_a_token(committing_app)
    dawdling_reads(monkeypatch)
    statuses: dict[uuid.UUID, int] = {}

    def edit(product_id: uuid.UUID) -> None:
        response = committing_app.test_client().patch(
            f"/api/v1/products/{product_id}",
            json={"summary": f"Edited at once: {product_id}"},
            headers={"Authorization": f"Bearer {token}"},
        )
        statuses[product_id] = response.status_code

    editors = [threading.Thread(target=edit, args=(product_id,)) for product_id in ids]
    for editor in editors:
        editor.start()
    for editor in editors:
        editor.join(timeout=30)

    assert statuses == {product_id: 200 for product_id in ids}
    with committing_app.app_context():
        for product_id in ids:
            product = db.session.get(Product, product_id)
            assert product is not None
            assert product.working_version is not None
            assert product.working_version.summary == f"Edited at once: {product_id}"


def test_a_read_with_a_token_due_its_last_use_note_succeeds_while_another_request_writes(
    committing_app: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    [draft, _], token, reader = two_drafts_and_a_token(committing_app)
    dawdling_reads(monkeypatch)
    done: dict[str, int] = {}

    def write() -> None:
        response = committing_app.test_client().patch(
            f"/api/v1/products/{draft}",
            json={"summary": "Edited while a script reads"},
            headers={"Authorization": f"Bearer {token}"},
        )
        done["write"] = response.status_code

    writer = threading.Thread(target=write)
    writer.start()
    time.sleep(DAWDLE_S / 3)  # the writer holds the write lock now, dawdling
    read = committing_app.test_client().get(
        "/api/v1/me", headers={"Authorization": f"Bearer {reader}"}
    )
    writer.join(timeout=30)

    assert (read.status_code, done) == (200, {"write": 200})
    tokens = committing_app.test_client().get(
        "/api/v1/auth/tokens", headers={"Authorization": f"Bearer {reader}"}
    )
    [script] = [t for t in tokens.json if t["name"] == "a read-only script"]
    assert script["last_used_at"] is not None
