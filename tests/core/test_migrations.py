"""The migrations are the schema: they run both ways on every backend and match the models."""

from __future__ import annotations

import os
import uuid
from datetime import UTC, datetime

import flask_migrate
import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from market import create_app
from market.accounts.models import Invitation, Membership, NameChangeRequest, Organisation, User
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


def test_a_migration_that_rebuilds_a_referenced_table_keeps_every_row(empty_app):
    """0004 rebuilds ``organisations`` on SQLite (batch mode) while memberships refer to it (on
    delete cascade): no row is lost, and foreign keys are enforced again afterwards."""
    flask_migrate.upgrade(revision="0003_search_outbox")
    org_id, user_id, at = uuid.uuid4(), uuid.uuid4(), datetime(2026, 1, 1, tzinfo=UTC)
    organisations = Organisation.__table__
    # Only the columns 0003 has: the model's own table would add later ones' defaults.
    columns_0003 = ("id", "kind", "status", "name_zh", "name_en", "credit_code", "created_at")
    organisations_0003 = sa.table(
        "organisations", *(sa.column(name, organisations.c[name].type) for name in columns_0003)
    )
    # users had session_epoch until 0008.
    users = User.__table__
    users_0003 = sa.table(
        "users",
        *(sa.column(name, users.c[name].type) for name in ("id", "email", "name", "created_at")),
        *(sa.column(name) for name in ("password_hash", "is_enabled", "session_epoch")),
    )
    with db.engine.begin() as connection:
        connection.execute(
            organisations_0003.insert().values(
                id=org_id,
                kind="vendor",
                status="suspended",
                name_zh="供应商",
                name_en="Vendor",
                credit_code="91110000100000000A",
                created_at=at,
            )
        )
        connection.execute(
            users_0003.insert().values(
                id=user_id,
                email="a@example.com",
                name="A",
                password_hash="x",
                is_enabled=True,
                session_epoch=0,
                created_at=at,
            )
        )
        connection.execute(
            Membership.__table__.insert().values(
                id=uuid.uuid4(), user_id=user_id, organisation_id=org_id, created_at=at
            )
        )

    flask_migrate.upgrade()

    with db.engine.connect() as connection:
        assert connection.scalar(sa.select(organisations.c.suspension_reason)) == (
            "Suspended before reasons were recorded."
        )
        assert connection.scalar(sa.select(sa.func.count()).select_from(Membership)) == 1
        with pytest.raises(sa.exc.IntegrityError):
            connection.execute(
                Membership.__table__.insert().values(
                    id=uuid.uuid4(),
                    user_id=user_id,
                    organisation_id=uuid.uuid4(),
                    created_at=at,
                )
            )


def test_0007_repairs_rows_written_by_hand_before_it_adds_its_checks(empty_app):
    """A declined request without a reason, a decided one without a time, an invitation both
    accepted and revoked: 0007 mends them (a use wins over a revocation) instead of failing,
    and every organisation starts at lock version 1."""
    flask_migrate.upgrade(revision="0006_name_change_requests")
    org_id, at = uuid.uuid4(), datetime(2026, 1, 1, tzinfo=UTC)
    declined, approved, invitation = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    with db.engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO organisations (id, kind, status, name_zh, name_en, credit_code,"
                " created_at)"
                " VALUES (:id, 'vendor', 'active', '甲', 'A', '91110000100000000A', :at)"
            ),
            {"id": _uuid(org_id), "at": at},
        )
        for request_id, status in ((declined, "declined"), (approved, "approved")):
            connection.execute(
                sa.text(
                    "INSERT INTO name_change_requests (id, organisation_id, status, name_zh,"
                    " name_en, note, created_at) VALUES (:id, :org, :status, '乙', 'B', 'n', :at)"
                ),
                {"id": _uuid(request_id), "org": _uuid(org_id), "status": status, "at": at},
            )
        connection.execute(
            sa.text(
                "INSERT INTO invitations (id, organisation_id, email, roles, token_hash,"
                " created_at, expires_at, accepted_at, revoked_at)"
                " VALUES (:id, :org, 'x@example.com', '[]', 'h', :at, :at, :at, :at)"
            ),
            {"id": _uuid(invitation), "org": _uuid(org_id), "at": at},
        )

    flask_migrate.upgrade()

    requests = NameChangeRequest.__table__
    with db.engine.connect() as connection:
        rows = {
            row.id: row
            for row in connection.execute(
                sa.select(requests.c.id, requests.c.decline_reason, requests.c.decided_at)
            )
        }
        assert rows[declined].decline_reason == "Declined before reasons were required."
        assert rows[approved].decided_at is not None
        invitations = Invitation.__table__
        assert connection.scalar(sa.select(invitations.c.revoked_at)) is None
        assert connection.scalar(sa.select(invitations.c.accepted_at)) is not None
        assert connection.scalar(sa.select(Organisation.__table__.c.lock_version)) == 1


def _uuid(value: uuid.UUID) -> object:
    """How a UUID is bound in raw SQL: SQLAlchemy stores it as 32 hex digits on SQLite."""
    return value.hex if db.engine.dialect.name == "sqlite" else value


def test_0017_downgrade_refuses_while_an_incomplete_draft_exists(empty_app, capfd):
    """0016's checks cannot hold a draft imported from a published list: the downgrade says so
    and changes nothing; once the draft is complete it goes through."""
    from market.accounts.models import OrgKind, OrgStatus
    from market.catalog import editing
    from market.catalog.importing import CLI_ACTOR
    from market.catalog.models import Product, ProductVersion
    from market.catalog.taxonomy import Category, TechnicalField

    flask_migrate.upgrade()
    vendor = Organisation(
        kind=OrgKind.VENDOR,
        status=OrgStatus.ACTIVE,
        name_zh="供应商",
        name_en="Vendor",
        credit_code="91110000100000000A",
    )
    db.session.add(vendor)
    entry = {"name_zh": "镍基高温合金", "technical_field": TechnicalField.NONFERROUS_ALLOYS}
    product = editing.create_product(vendor, Category.MATERIAL, entry, CLI_ACTOR, complete=False)
    product_id = product.id
    db.session.commit()
    db.session.remove()

    with pytest.raises(SystemExit):
        flask_migrate.downgrade(revision="0016_trial_outcomes")

    assert "1 incomplete draft(s) exist" in capfd.readouterr().err
    with db.engine.connect() as connection:
        assert connection.scalar(sa.text("SELECT version_num FROM alembic_version")) == (
            "0017_incomplete_drafts"
        )

    version = db.session.get_one(Product, product_id).working_version
    version.name_en, version.summary, version.region = "Superalloy", "GH4169 bar.", "330000"
    version.variety_spec = "GH4169"
    db.session.commit()
    db.session.remove()
    flask_migrate.downgrade(revision="0016_trial_outcomes")
    with db.engine.connect() as connection:
        assert connection.scalar(sa.select(sa.func.count()).select_from(ProductVersion)) == 1
