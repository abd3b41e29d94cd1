"""Risk assessment: the officer keeps the risk register, states the insurance position (the
selected version's policy, or why none) and the fallback supply, then sends the case to the
collective decision. Each verb writes an audit event on the case; none commits."""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from market.core.audit import Actor, record_event
from market.core.db import db, utcnow
from market.core.errors import NotFound, ValidationFailed
from market.procurement.case_states import OFFICER, move, require
from market.procurement.cases import Case, CaseState
from market.procurement.risks import Risk

ASSESSING = frozenset({CaseState.RISK_ASSESSMENT})
RISK_FIELDS = ("description", "likelihood", "impact", "mitigation", "owner")
TEXT_LIMITS = {"description": 500, "mitigation": 2000, "owner": 200}


def risks_of(case: Case) -> list[Risk]:
    """Highest rating first, then in the order registered."""
    rows = db.session.scalars(
        sa.select(Risk).where(Risk.case_id == case.id).order_by(Risk.created_at, Risk.id)
    )
    return sorted(rows, key=lambda risk: -risk.rating)


def add_risk(case: Case, actor: Actor, fields: Mapping[str, Any]) -> Risk:
    require(case, actor, OFFICER, ASSESSING, _("change the risk register"))
    problems = risk_problems(fields)
    if problems:
        raise ValidationFailed(_("Please correct the marked fields."), problems)
    risk = Risk(
        case_id=case.id,
        description=fields["description"].strip(),
        likelihood=fields["likelihood"],
        impact=fields["impact"],
        mitigation=fields["mitigation"].strip(),
        owner=fields["owner"].strip(),
        created_by_id=actor.user.id if actor.user else None,
    )
    db.session.add(risk)
    db.session.flush()
    record_event(
        actor,
        "case.risk_added",
        case,
        after={"risk_id": str(risk.id), **{name: getattr(risk, name) for name in RISK_FIELDS}},
        organisation_id=case.organisation_id,
    )
    return risk


def risk_problems(fields: Mapping[str, Any]) -> dict[str, list[str]]:
    problems: dict[str, list[str]] = {}
    for name, limit in TEXT_LIMITS.items():
        text = (fields.get(name) or "").strip()
        if not text:
            problems[name] = [_("Required.")]
        elif len(text) > limit:
            problems[name] = [_("At most %(limit)d characters.", limit=limit)]
    for name in ("likelihood", "impact"):
        value = fields.get(name)
        if not isinstance(value, int) or not 1 <= value <= 5:
            problems[name] = [_("From 1 to 5.")]
    return problems


def remove_risk(case: Case, actor: Actor, risk_id: uuid.UUID) -> None:
    require(case, actor, OFFICER, ASSESSING, _("change the risk register"))
    risk = db.session.get(Risk, risk_id)
    if risk is None or risk.case_id != case.id:
        raise NotFound(_("No such risk in this case."))
    before = {"risk_id": str(risk.id), **{name: getattr(risk, name) for name in RISK_FIELDS}}
    db.session.delete(risk)
    db.session.flush()
    record_event(
        actor, "case.risk_removed", case, before=before, organisation_id=case.organisation_id
    )


def set_position(
    case: Case,
    actor: Actor,
    insurance_policy: str | None,
    no_insurance_reason: str,
    fallback_supply: str,
    version: int | None = None,
) -> None:
    """The insurance position (a policy number of the selected version, or why there is none)
    and the fallback supply if the trial fails."""
    require(case, actor, OFFICER, ASSESSING, _("state the insurance position"), version)
    policy = (insurance_policy or "").strip() or None
    reason = (no_insurance_reason or "").strip()
    fallback = (fallback_supply or "").strip()
    problems: dict[str, list[str]] = {}
    entry = case.selected_entry
    policies = {p.policy_number for p in entry.version.insurance_policies} if entry else set()
    if policy is not None and policy not in policies:
        problems["insurance_policy"] = [_("Choose a policy of the selected product version.")]
    if policy is None and not reason:
        problems["no_insurance_reason"] = [_("Without a policy, say why there is none.")]
    if len(reason) > 2000:
        problems["no_insurance_reason"] = [_("At most 2,000 characters.")]
    if not fallback:
        problems["fallback_supply"] = [_("Required.")]
    elif len(fallback) > 2000:
        problems["fallback_supply"] = [_("At most 2,000 characters.")]
    if problems:
        raise ValidationFailed(_("Please correct the marked fields."), problems)
    before = _position(case)
    case.insurance_policy = policy
    case.no_insurance_reason = None if policy else reason
    case.fallback_supply = fallback
    case.updated_at = utcnow()
    db.session.flush()
    record_event(
        actor,
        "case.position_set",
        case,
        before=before,
        after=_position(case),
        organisation_id=case.organisation_id,
    )


def _position(case: Case) -> dict[str, Any]:
    return {
        "insurance_policy": case.insurance_policy,
        "no_insurance_reason": case.no_insurance_reason,
        "fallback_supply": case.fallback_supply,
    }


def submit_risks(case: Case, actor: Actor, version: int | None = None) -> None:
    risks = risks_of(case)
    move(
        case,
        "submit_risks",
        actor,
        version=version,
        facts={"risks": risks},
        after={"risks": len(risks), **_position(case)},
    )
