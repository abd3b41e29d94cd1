"""Audit events: who changed what, from where, written by services in the same transaction."""

from __future__ import annotations

import enum
import json
import uuid
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from market.core.db import UUIDPrimaryKey, db, utcnow

if TYPE_CHECKING:
    from market.accounts.models import User


@dataclass(frozen=True)
class Actor:
    """Who is acting and from which address; views and CLI commands build one for services."""

    user: User | None
    address: str | None = None
    # Operator tooling (CLI commands, demo data) acts as the platform itself, past role checks.
    is_system: bool = False

    @property
    def organisation_id(self) -> uuid.UUID | None:
        return self.user.organisation_id if self.user is not None else None


class AuditEvent(UUIDPrimaryKey, db.Model):
    __tablename__ = "audit_events"

    occurred_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor_user_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    organisation_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    verb: Mapped[str] = mapped_column(sa.String(64), index=True)
    object_type: Mapped[str] = mapped_column(sa.String(64))
    object_id: Mapped[str] = mapped_column(sa.String(64))
    before: Mapped[dict[str, Any] | None]
    after: Mapped[dict[str, Any] | None]
    address: Mapped[str | None] = mapped_column(sa.String(64))

    __table_args__ = (sa.Index("ix_audit_events_object", "object_type", "object_id"),)


def record_event(
    actor: Actor,
    verb: str,
    obj: Any,
    *,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    organisation_id: uuid.UUID | None = None,
    actor_user: User | None = None,
) -> AuditEvent:
    """Add an audit event for ``obj`` to the current transaction, and flush.

    ``organisation_id`` is the organisation the event belongs to (defaults to the actor's), so an
    organisation's admins can read the events about it. ``actor_user`` overrides the actor for
    events where the acting user is created by the action itself (registration, invitations).
    """
    user = actor_user or actor.user
    event = AuditEvent(
        actor_user_id=user.id if user is not None else None,
        organisation_id=organisation_id or (user.organisation_id if user is not None else None),
        verb=verb,
        object_type=type(obj).__name__,
        object_id=str(obj.id),
        before=_jsonable(before),
        after=_jsonable(after),
        address=actor.address,
    )
    db.session.add(event)
    db.session.flush()
    return event


def _jsonable(values: dict[str, Any] | None) -> dict[str, Any] | None:
    if values is None:
        return None
    return {str(k): _plain(v) for k, v in values.items()}


def _plain(value: Any) -> Any:
    """``value`` as JSON holds it, at any depth: lists and tuples keep their order (votes,
    scores and risk rows are read in the order they were given); a set has no order of its own,
    so it is sorted by its members' plain form, which keeps a role set's record the same from one
    run to the next. Identifiers, times and amounts become strings here, not when the row is
    saved, so what the event holds is what it says before and after the flush."""
    if isinstance(value, enum.Enum):
        return _plain(value.value)
    if isinstance(value, (uuid.UUID, datetime, date, Decimal)):
        return str(value)
    if isinstance(value, dict):
        return {str(_plain(k)): _plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, (set, frozenset)):
        members = [_plain(v) for v in value]
        return sorted(members, key=lambda m: json.dumps(m, sort_keys=True, ensure_ascii=False))
    return value
