"""Fixtures shared by the whole suite.

Every database test runs on SQLite and, when TEST_DATABASE_URL is set, on PostgreSQL too. The
schema is built by running the migrations. Each test runs inside a transaction that is rolled
back at the end (SQLAlchemy 2's "join_transaction_mode=create_savepoint" recipe): a commit only
releases a SAVEPOINT, so nothing leaks between tests. Each request made by the test client gets
its own app context and session, as in production (so a request that rolls back undoes only its
own work); test code outside requests shares one session, and sees what requests wrote after
``reload(obj)``.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from typing import Any

import flask_migrate
import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from flask_sqlalchemy.session import _app_ctx_id
from sqlalchemy import orm

from market import create_app
from market.accounts import services, sessions
from market.accounts.credit_code import with_check_character
from market.accounts.models import Organisation, OrgKind, OrgStatus, Role, User
from market.config import normalise_database_url
from market.core.audit import Actor
from market.core.db import db
from market.core.extensions import limiter

PASSWORD = "Correct-horse-9"
SYSTEM = Actor(user=None, address="test")

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])

TEST_CONFIG: dict[str, Any] = {
    "TESTING": True,
    "SECRET_KEY": "test-secret-key",
    "WTF_CSRF_ENABLED": False,  # tests/core/test_csrf.py switches it on to test it
    # Argon2 stays Argon2, at the lowest cost, so hashing does not dominate the suite.
    "ARGON2_TIME_COST": 1,
    "ARGON2_MEMORY_COST": 8,
    "ARGON2_PARALLELISM": 1,
    "RATELIMIT_STORAGE_URI": "memory://",
    "SERVER_NAME": "market.test",
    # Catalog tests leave the outbox alone; tests/discovery switches the drain on and points
    # SEARCH_INDEX_PATH at a temporary folder.
    "SEARCH_DRAIN_AFTER_REQUEST": False,
}


def fresh_database_url(backend: str, tmp_dir: Any, schema: str = "pm_tests") -> str:
    """An empty database: a new SQLite file, or a new PostgreSQL schema in TEST_DATABASE_URL."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_dir / 'market.db'}"
    base = normalise_database_url(os.environ["TEST_DATABASE_URL"])
    engine = sa.create_engine(base)
    with engine.begin() as connection:
        connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        connection.execute(sa.text(f"CREATE SCHEMA {schema}"))
    engine.dispose()
    separator = "&" if "?" in base else "?"
    return f"{base}{separator}options=-csearch_path%3D{schema}"


@pytest.fixture(scope="session", params=BACKENDS)
def app(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Flask]:
    # A schema per test process, so two runs against one PostgreSQL database do not collide.
    schema = f"pm_tests_{os.getpid()}"
    url = fresh_database_url(request.param, tmp_path_factory.mktemp(request.param), schema)
    application = create_app(
        {
            **TEST_CONFIG,
            "SQLALCHEMY_DATABASE_URI": url,
            "SEARCH_INDEX_PATH": str(tmp_path_factory.mktemp("search")),
            "LEDGER_KEY_PATH": str(tmp_path_factory.mktemp("ledger") / "ledger-key.pem"),
        }
    )
    with application.app_context():
        flask_migrate.upgrade()
    yield application
    with application.app_context():
        db.engine.dispose()
    if request.param == "postgresql":
        drop_schema(schema)


def drop_schema(schema: str) -> None:
    engine = sa.create_engine(normalise_database_url(os.environ["TEST_DATABASE_URL"]))
    with engine.begin() as connection:
        connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
    engine.dispose()


@pytest.fixture
def db_session(app: Flask) -> Iterator[orm.scoped_session[orm.Session]]:
    with app.app_context():
        # The sign-in throttle counts in memory; start every test afresh. (An app made with
        # RATELIMIT_ENABLED off, as benchmarks/cases does, leaves the shared limiter without a
        # storage to reset.)
        if limiter.enabled:
            limiter.reset()
        connection = db.engine.connect()
    transaction = connection.begin()
    factory = orm.sessionmaker(bind=connection, join_transaction_mode="create_savepoint")
    session = orm.scoped_session(factory, scopefunc=_request_or_test_scope)
    original = db.session
    db.session = session
    try:
        yield session
    finally:
        session.remove()
        transaction.rollback()
        connection.close()
        db.session = original


def _request_or_test_scope() -> int:
    try:
        return _app_ctx_id()
    except RuntimeError:  # test code, outside any request
        return 0


@pytest.fixture
def client(app: Flask, db_session: Any) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def make_org(db_session: Any) -> Callable[..., Organisation]:
    """make_org(kind=OrgKind.BUYER, status=OrgStatus.ACTIVE, parent=None, name="…")."""

    def make(
        kind: OrgKind = OrgKind.BUYER,
        status: OrgStatus = OrgStatus.ACTIVE,
        parent: Organisation | None = None,
        name: str | None = None,
    ) -> Organisation:
        name = name or f"Test {kind.value} {uuid.uuid4().hex[:6]}"
        org = services.create_organisation(
            kind=kind,
            name_zh=f"测试{name}",
            name_en=name,
            credit_code=random_credit_code(),
            parent=parent,
            actor=SYSTEM,
        )
        org.status = status
        org.rejection_reason = "test" if status == OrgStatus.REJECTED else None
        org.suspension_reason = "test" if status == OrgStatus.SUSPENDED else None
        db.session.commit()
        return org

    return make


@pytest.fixture
def make_user(db_session: Any, make_org: Callable[..., Organisation]) -> Callable[..., User]:
    """make_user(org=None, roles=(Role.ADMIN,), email=None): a user with PASSWORD."""

    def make(
        org: Organisation | None = None,
        roles: tuple[Role, ...] = (Role.ADMIN,),
        email: str | None = None,
    ) -> User:
        org = org or make_org()
        user = services.create_user(
            org,
            email=email or f"user-{uuid.uuid4().hex[:8]}@example.com",
            name="Test User",
            password=PASSWORD,
            roles=frozenset(roles),
            actor=SYSTEM,
        )
        db.session.commit()
        return user

    return make


@pytest.fixture
def operator_admin(make_org: Callable[..., Organisation], make_user: Callable[..., User]) -> User:
    """An admin of the platform operator."""
    return make_user(make_org(kind=OrgKind.OPERATOR), roles=(Role.ADMIN,))


@pytest.fixture
def as_user(app: Flask, db_session: Any) -> Callable[[User | None], FlaskClient]:
    """as_user(user): a test client signed in as ``user`` (anonymous for None)."""

    def client_for(user: User | None) -> FlaskClient:
        client = app.test_client()
        if user is not None:
            # What signing in does, without the form: a server-side session and its cookie.
            secret = sessions.begin_session(user)
            db.session.commit()
            with client.session_transaction() as cookie:
                cookie["_user_id"] = secret
                cookie["_fresh"] = True
        return client

    return client_for


@pytest.fixture
def api_client(app: Flask, db_session: Any) -> Callable[[User | None], Any]:
    """api_client(user): a test client sending a fresh bearer token of ``user`` on each call."""
    from market.accounts.credentials import create_api_token

    def client_for(user: User | None) -> Any:
        headers = {}
        if user is not None:
            _token, raw = create_api_token(user, "tests", SYSTEM)
            db.session.commit()
            headers["Authorization"] = f"Bearer {raw}"
        return BearerClient(app.test_client(), headers)

    return client_for


class BearerClient:
    """Adds an Authorization header to every request of a Flask test client."""

    def __init__(self, client: FlaskClient, headers: dict[str, str]) -> None:
        self.client = client
        self.headers = headers

    def __getattr__(self, method: str) -> Callable[..., Any]:
        call = getattr(self.client, method)

        def send(*args: Any, **kwargs: Any) -> Any:
            kwargs["headers"] = {**self.headers, **kwargs.get("headers", {})}
            return call(*args, **kwargs)

        return send


def random_credit_code() -> str:
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = "".join(alphabet[b % len(alphabet)] for b in uuid.uuid4().bytes[:9])
    return with_check_character("91110000" + body)


def reload(obj: Any) -> Any:
    """Re-read ``obj`` from the database: requests run in sessions of their own."""
    db.session.expire_all()
    return db.session.get(type(obj), obj.id)
