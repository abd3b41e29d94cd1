"""What a buyer saw stays on record: published versions and their evidence never change.

A ``before_flush`` guard refuses any change to a frozen version's columns (except the single
step published → superseded) and any added, changed or removed claim or document on it. The
guard sits below the services, so no code path, present or future, can slip past it.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy import event, orm

from market.catalog.evidence import Claim, Document
from market.catalog.models import FROZEN_VERSION_STATUSES, ProductVersion, VersionStatus
from market.core.errors import Conflict


class FrozenVersion(Conflict):
    code = "version_frozen"


def install() -> None:
    if not event.contains(orm.Session, "before_flush", _guard):
        event.listen(orm.Session, "before_flush", _guard)


def _guard(session: orm.Session, _context: Any, _instances: Any) -> None:
    for obj in session.dirty:
        if isinstance(obj, ProductVersion) and session.is_modified(obj):
            _check_version_change(obj)
    for obj in (*session.new, *session.dirty, *session.deleted):
        if isinstance(obj, (Claim, Document)) and _belongs_to_frozen_version(obj):
            if obj in session.dirty and not session.is_modified(obj):
                continue
            raise FrozenVersion(
                "Evidence of a published version cannot change; edit the listing to start a "
                "new draft."
            )


def _check_version_change(version: ProductVersion) -> None:
    state = sa.inspect(version)
    status_history = state.attrs.status.history
    was = status_history.deleted[0] if status_history.deleted else version.status
    if was not in FROZEN_VERSION_STATUSES:
        return
    changed = {
        attr.key
        for attr in state.mapper.column_attrs
        if state.attrs[attr.key].history.has_changes()
    }
    allowed = (
        {"status"}
        if (was, version.status)
        == (
            VersionStatus.PUBLISHED,
            VersionStatus.SUPERSEDED,
        )
        else set()
    )
    if changed - allowed:
        raise FrozenVersion(
            f"Version {version.number} is published and cannot change "
            f"({', '.join(sorted(changed - allowed))}); edit the listing to start a new draft."
        )


def _belongs_to_frozen_version(obj: Claim | Document) -> bool:
    version = obj.version
    if version is None:
        return False
    history = sa.inspect(version).attrs.status.history
    was = history.deleted[0] if history.deleted else version.status
    return was in FROZEN_VERSION_STATUSES
