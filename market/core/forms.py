"""Form pieces every feature uses."""

from __future__ import annotations

from typing import Any

from wtforms import HiddenField


def read_version(value: Any) -> int | None:
    """A hidden field's version number, or None when the form carried none (or nonsense, which
    cannot match a version either: acting on it would be acting blind)."""
    text = str(value or "").strip()
    return int(text) if text.isdigit() else None


def VersionField() -> HiddenField:
    """The version of the object a form acts on, as the page showed it. The verb refuses an
    older one with 409 (``StaleVersion``), so a decision taken on a stale tab changes nothing."""
    return HiddenField(filters=[read_version])
