"""Form pieces every feature uses."""

from __future__ import annotations

from typing import Any

from wtforms import HiddenField

# What a version field that carried something other than a number reads as: no object is ever
# at it, so the verb refuses it as stale instead of acting as if no version had been sent.
UNREADABLE_VERSION = -1


def read_version(value: Any) -> int | None:
    """A hidden field's version number; None when the form carried none at all."""
    text = str(value or "").strip()
    if not text:
        return None
    return int(text) if text.isdigit() else UNREADABLE_VERSION


def VersionField() -> HiddenField:
    """The version of the object a form acts on, as the page showed it. The verb refuses an
    older one with 409 (``StaleVersion``), so a decision taken on a stale tab changes nothing."""
    return HiddenField(filters=[read_version])
