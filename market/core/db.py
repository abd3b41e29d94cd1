"""Database base class, naming convention and column types shared by every feature."""

from __future__ import annotations

import enum
import uuid
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

import sqlalchemy as sa
from flask import has_request_context, request
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column, registry

# Stable constraint names, so migrations can refer to them on SQLite and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def utcnow() -> datetime:
    return datetime.now(UTC)


class UTCDateTime(sa.types.TypeDecorator[datetime]):
    """A timezone-aware UTC timestamp on every backend.

    PostgreSQL keeps the zone (timestamptz); SQLite has no zone, so values are stored as naive UTC
    and given their zone back on the way out. Naive datetimes are refused: they are always a bug.
    """

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where a UTC timestamp is required")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: sa.Dialect) -> datetime | None:
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        return value


class Base(DeclarativeBase):
    registry = registry(
        metadata=sa.MetaData(naming_convention=NAMING_CONVENTION),
        type_annotation_map={datetime: UTCDateTime(), dict[str, Any]: sa.JSON()},
    )


db = SQLAlchemy(model_class=Base)


class UUIDPrimaryKey:
    """Opaque identifiers: URLs never leak how many rows a table holds."""

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)


class Versioned:
    """Optimistic locking for an object with a state: every UPDATE carries
    ``WHERE lock_version = <as read>`` and moves the number on (SQLAlchemy's ``version_id_col``).

    Two requests that read the same row and both decide (an approve and a decline of one name
    change) cannot both win: on PostgreSQL the second UPDATE waits for the first's row lock, then
    finds the number moved and matches nothing, which SQLAlchemy raises as ``StaleDataError``;
    the request boundary answers 409 and writes nothing (``market.core.web``). SQLite's write
    lock already queues writers, but a decision read before the lock is caught the same way.
    """

    lock_version: Mapped[int] = mapped_column(default=1)

    @declared_attr.directive
    def __mapper_args__(cls) -> dict[str, Any]:
        return {"version_id_col": cls.lock_version}


def enum_column(enum_cls: type[enum.StrEnum], name: str) -> sa.Enum:
    """A portable enum: VARCHAR plus a named CHECK constraint listing the values."""
    return sa.Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(m.value) for m in enum_cls),
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


def configure_engine(engine: Engine) -> None:
    """Make SQLite behave: foreign keys on, real transactions and SAVEPOINTs, waits on locks."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        # pysqlite's own transaction handling breaks SAVEPOINT; SQLAlchemy emits BEGIN itself.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: sa.Connection) -> None:
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _request_may_write() else "BEGIN")


# Requests of these methods only read (the web layer keeps to that); any other may write.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})


def _request_may_write() -> bool:
    """Whether SQLite should take its write lock when this transaction begins.

    A transaction that reads and only later writes cannot wait for another writer: SQLite
    answers "database is locked" at once rather than risk a deadlock between two such readers.
    Taking the lock at BEGIN makes a second writer wait (busy_timeout) and then go ahead. Reads
    keep the deferred BEGIN, so pages and searches never queue behind one another.
    """
    return has_request_context() and request.method not in SAFE_METHODS


# Designations, insurance and trial dates are Chinese calendar days.
BUSINESS_TIMEZONE = ZoneInfo("Asia/Shanghai")


def business_today() -> date:
    return datetime.now(BUSINESS_TIMEZONE).date()
