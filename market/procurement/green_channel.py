"""The verbs of a green channel configuration: configure (a new version) and read the one in
force. Each checks its rules, writes an audit event and flushes; none commits."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from market.accounts.models import Organisation
from market.catalog.taxonomy import DesignationKind
from market.core.audit import Actor, record_event
from market.core.db import db
from market.core.errors import PermissionDenied, StaleVersion, ValidationFailed
from market.core.permissions import visible_or_404
from market.procurement import permissions
from market.procurement.configuration import (
    ClaimType,
    GreenChannelVersion,
    Majority,
    ProcurementMethod,
    Stage,
)

SETTINGS = (
    "designation_kinds",
    "designation_valid_on_routing",
    "verified_claims",
    "insurance_required",
    "max_months_since_first_sale",
    "vendor_must_be_active",
    "methods",
    "thresholds",
    "reserved_annual_fen",
    "stage_days",
)
MAX_STAGE_DAYS = 365


@dataclass(frozen=True)
class InForce:
    """The configuration an organisation's cases are routed under, and whose it is."""

    version: GreenChannelVersion | None
    inherited: bool  # the group's, because the subsidiary has none of its own


def in_force(org: Organisation) -> InForce:
    own = newest(org)
    if own is not None or org.parent is None:
        return InForce(own, inherited=False)
    group = newest(org.parent)
    return InForce(group, inherited=group is not None)


def newest(org: Organisation) -> GreenChannelVersion | None:
    return db.session.scalar(
        sa.select(GreenChannelVersion)
        .where(GreenChannelVersion.organisation_id == org.id)
        .order_by(GreenChannelVersion.number.desc())
        .limit(1)
    )


def history(org: Organisation) -> list[GreenChannelVersion]:
    """Newest first."""
    return list(
        db.session.scalars(
            sa.select(GreenChannelVersion)
            .where(GreenChannelVersion.organisation_id == org.id)
            .order_by(GreenChannelVersion.number.desc())
        )
    )


def visible_organisation(org: Organisation | None, actor: Actor) -> Organisation:
    return visible_or_404(
        org,
        lambda org: actor.is_system or permissions.can_view_green_channel(actor.user, org),
        _("No such organisation."),
    )


def configure(
    org: Organisation,
    settings: Mapping[str, Any],
    actor: Actor,
    note: str = "",
    based_on: int | None = None,
) -> GreenChannelVersion:
    """Record a new configuration version for ``org``; the previous ones stay as they were.
    ``based_on`` is the number of the version the admin edited (0: none yet), when known.

    Raises NotFound (not the reader's), PermissionDenied (not its admin), StaleVersion (another
    admin saved a version since), ValidationFailed (by field).
    """
    visible_organisation(org, actor)
    if not actor.is_system and not permissions.can_configure_green_channel(actor.user, org):
        raise PermissionDenied(_("Only the organisation's admins configure its green channel."))
    previous = newest(org)
    if based_on is not None and based_on != (previous.number if previous else 0):
        raise StaleVersion(
            _("Another admin saved a new version after you opened this one. Reload and check.")
        )
    problems = settings_problems(settings)
    if len(note) > 2000:
        problems["note"] = [_("At most 2,000 characters.")]
    if problems:
        raise ValidationFailed(_("Please correct the marked fields."), problems)
    version = GreenChannelVersion(
        organisation_id=org.id,
        number=(previous.number + 1) if previous else 1,
        created_by_id=actor.user.id if actor.user is not None else None,
        note=note.strip(),
        **{name: settings[name] for name in SETTINGS},
    )
    db.session.add(version)
    db.session.flush()
    record_event(
        actor,
        "green_channel.configured",
        version,
        before=_settings_of(previous) if previous else None,
        after={"number": version.number, **_settings_of(version), "note": version.note},
        organisation_id=org.id,
    )
    return version


def _settings_of(version: GreenChannelVersion) -> dict[str, Any]:
    return {name: getattr(version, name) for name in SETTINGS}


def settings_problems(settings: Mapping[str, Any]) -> dict[str, list[str]]:
    """What is wrong with ``settings``, by field (empty when they can be saved)."""
    problems: dict[str, list[str]] = {}

    def refuse(name: str, message: str) -> None:
        problems.setdefault(name, []).append(message)

    missing = [name for name in SETTINGS if name not in settings]
    for name in missing:
        refuse(name, _("Required."))
    if missing:
        return problems
    kinds = settings["designation_kinds"]
    if not kinds:
        refuse("designation_kinds", _("Accept at least one kind of designation."))
    elif not set(kinds) <= set(DesignationKind):
        refuse("designation_kinds", _("Unknown designation kind."))
    if not set(settings["verified_claims"]) <= set(ClaimType):
        refuse("verified_claims", _("Unknown kind of evidence."))
    months = settings["max_months_since_first_sale"]
    if months is not None and not (1 <= months <= 600):
        refuse("max_months_since_first_sale", _("Between 1 and 600 months, or none."))
    methods = settings["methods"]
    if not methods:
        refuse("methods", _("Allow at least one procurement method."))
    elif not set(methods) <= set(ProcurementMethod):
        refuse("methods", _("Unknown procurement method."))
    _threshold_problems(settings["thresholds"], refuse)
    if settings["reserved_annual_fen"] < 0:
        refuse("reserved_annual_fen", _("The reserved share cannot be negative."))
    days = settings["stage_days"]
    if set(days) != set(Stage):
        refuse("stage_days", _("Give a time limit for every stage."))
    elif not all(1 <= value <= MAX_STAGE_DAYS for value in days.values()):
        refuse("stage_days", _("Each stage takes between 1 and 365 days."))
    return problems


def _threshold_problems(rows: list[dict[str, Any]], refuse: Any) -> None:
    if not rows:
        refuse("thresholds", _("Give at least one value threshold."))
        return
    if rows[0]["from_fen"] != 0:
        refuse("thresholds", _("The first threshold starts at ¥0."))
    starts = [row["from_fen"] for row in rows]
    if starts != sorted(set(starts)):
        refuse("thresholds", _("Thresholds go up in value, each once."))
    if any(row["min_present"] < 1 for row in rows):
        refuse("thresholds", _("At least one approver must be present."))
    if any(row["majority"] not in set(Majority) for row in rows):
        refuse("thresholds", _("Unknown majority."))
