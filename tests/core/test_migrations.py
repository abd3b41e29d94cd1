"""The migrations are the schema: they run both ways on every backend and match the models."""

from __future__ import annotations

import os

import flask_migrate
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from market import create_app
from market.core.db import db
from tests.conftest import BACKENDS, TEST_CONFIG, drop_schema, fresh_database_url


@pytest.fixture(params=BACKENDS)
def empty_app(request, tmp_path):
    schema = f"pm_migrations_{os.getpid()}"
    url = fresh_database_url(request.param, tmp_path, schema=schema)
    application = create_app({**TEST_CONFIG, "SQLALCHEMY_DATABASE_URI": url})
    with application.app_context():
        yield application
        db.session.remove()
        db.engine.dispose()
    if request.param == "postgresql":
        drop_schema(schema)


def _tables() -> set[str]:
    return set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}


def test_upgrade_downgrade_upgrade(empty_app):
    flask_migrate.upgrade()
    created = _tables()
    assert {"organisations", "users", "memberships", "audit_events", "api_tokens"} <= created

    flask_migrate.downgrade(revision="base")
    assert _tables() == set()

    flask_migrate.upgrade()
    assert _tables() == created


def test_models_match_the_migrations(empty_app):
    flask_migrate.upgrade()
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        differences = compare_metadata(context, db.metadata)
    assert differences == []
