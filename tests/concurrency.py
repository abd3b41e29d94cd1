"""Sessions that really commit, for tests of two PostgreSQL connections at once.

The suite's ``db_session`` keeps every test inside one rolled-back transaction on one connection,
which two connections cannot share. A module that imports ``committing_db_session`` gets, as its
``db_session``, a session per app context (so per thread and per request) that commits for real;
the tables are emptied afterwards. SQLite has no row locks, so these tests skip there.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from flask import Flask
from sqlalchemy import orm

from market.core.db import db
from market.core.extensions import limiter
from tests.conftest import _request_or_test_scope


@pytest.fixture(name="db_session")
def committing_db_session(app: Flask) -> Iterator[orm.scoped_session[orm.Session]]:
    """Overrides the suite's savepoint fixture in a module that imports it: every app context
    (so every thread) gets its own session on its own pooled connection, and commits are real.
    The per-process schema is emptied afterwards, so the tests that follow see nothing."""
    if sa.make_url(app.config["SQLALCHEMY_DATABASE_URI"]).get_backend_name() != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL row locks")
    with app.app_context():
        limiter.reset()
        engine = db.engine
    tables = user_tables(engine)
    assert not non_empty(engine, tables), "the schema should be empty before a committing test"
    session = orm.scoped_session(orm.sessionmaker(bind=engine), scopefunc=_request_or_test_scope)
    original = db.session
    db.session = session
    try:
        yield session
    finally:
        session.remove()
        db.session = original
        truncate(engine, tables)


# Rows the migrations write: the attestation log's head (reset, not emptied, afterwards).
SEEDED = {"alembic_version", "ledger_head", "attestation_kinds"}


def user_tables(engine: sa.Engine) -> list[str]:
    return [name for name in sa.inspect(engine).get_table_names() if name not in SEEDED]


def non_empty(engine: sa.Engine, tables: list[str]) -> list[str]:
    with engine.connect() as connection:
        return [
            name
            for name in tables
            if connection.scalar(sa.select(sa.func.count()).select_from(sa.table(name)))
        ]


def truncate(engine: sa.Engine, tables: list[str]) -> None:
    quote = engine.dialect.identifier_preparer.quote
    with engine.begin() as connection:
        connection.execute(sa.text("SET LOCAL lock_timeout = '10s'"))  # fail, never hang
        # The log's tables refuse TRUNCATE by trigger (migration 0011); a test's cleanup is
        # the one place it is wanted, so triggers are off for this transaction only.
        connection.execute(sa.text("SET LOCAL session_replication_role = replica"))
        connection.execute(sa.text(f"TRUNCATE {', '.join(map(quote, tables))} CASCADE"))
        connection.execute(sa.text("UPDATE ledger_head SET size = 0, frontier = '[]'"))
