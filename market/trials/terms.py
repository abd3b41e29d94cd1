"""The trial terms as a record: read for a case, checked as the officer gives them, and their
canonical form (what the vendor confirms and the trial start attestation signs)."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

import rfc8785
import sqlalchemy as sa
from flask_babel import gettext as _

from market.catalog.evidence import InsurancePolicy
from market.core.db import db
from market.core.money import fen_to_yuan
from market.procurement.cases import Case
from market.trials.models import Comparator, Kpi, Milestone, TrialTerms

MAX_KPIS, MAX_MILESTONES = 12, 24


def terms_of(case: Case) -> TrialTerms | None:
    return db.session.get(TrialTerms, case.id, populate_existing=True)


def policies_of(case: Case) -> list[InsurancePolicy]:
    """The selected version's policies: those an insurance clause may name."""
    entry = case.selected_entry
    if entry is None:
        return []
    return list(
        db.session.scalars(
            sa.select(InsurancePolicy)
            .where(InsurancePolicy.version_id == entry.version_id)
            .order_by(InsurancePolicy.policy_number)
        )
    )


def _yuan(fen: int | None) -> str | None:
    return None if fen is None else f"{fen_to_yuan(fen):.2f}"


def decimal_text(value: Decimal) -> str:
    return format(value.normalize(), "f")


def canonical(terms: TrialTerms) -> dict[str, Any]:
    """The terms as JSON without floats: dates ISO 8601, amounts in yuan, decimals as text."""
    return {
        "revision": terms.revision,
        "period": {"starts_on": terms.starts_on.isoformat(), "ends_on": terms.ends_on.isoformat()},
        "value": _yuan(terms.value_fen),
        "acceptance_criteria": terms.acceptance_criteria,
        "kpis": [
            {
                "name": k.name,
                "unit": k.unit,
                "comparator": k.comparator.value,
                "target": decimal_text(k.target),
                "method": k.method,
            }
            for k in terms.kpis
        ],
        "milestones": [
            {
                "due_on": m.due_on.isoformat(),
                "amount": _yuan(m.amount_fen),
                "description": m.description,
            }
            for m in terms.milestones
        ],
        "insurance": {
            "policy": terms.insurance_policy,
            "insurer": terms.insurer,
            "coverage": terms.coverage,
            "insured_value": _yuan(terms.insured_value_fen),
            "no_insurance_reason": terms.no_insurance_reason,
        },
        "fallback_plan": terms.fallback_plan,
    }


def sha256_of(terms: TrialTerms) -> str:
    """Of the terms without their revision number: re-saving the same terms changes nothing."""
    body = {k: v for k, v in canonical(terms).items() if k != "revision"}
    return hashlib.sha256(rfc8785.dumps(body)).hexdigest()


def _text(given: Mapping[str, Any], name: str) -> str:
    return str(given.get(name) or "").strip()


def _target(raw: Any) -> Decimal | None:
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() and abs(value) < Decimal(10) ** 15 else None


def check_kpis(rows: Sequence[Mapping[str, Any]], problems: dict[str, list[str]]) -> list[Kpi]:
    kpis: list[Kpi] = []
    names: set[str] = set()
    for position, row in enumerate(rows, start=1):
        name, raw_target = _text(row, "name"), row.get("target")
        comparator, unit, method = row.get("comparator"), _text(row, "unit"), _text(row, "method")
        target = None if raw_target in (None, "") else _target(raw_target)
        if not name:
            problems.setdefault("kpis", []).append(_("KPI %(n)d: name it.", n=position))
        elif name in names:
            problems.setdefault("kpis", []).append(_("KPI %(n)d: named twice.", n=position))
        if raw_target in (None, ""):
            problems.setdefault("kpis", []).append(_("KPI %(n)d: give its target.", n=position))
        elif target is None:
            problems.setdefault("kpis", []).append(
                _("KPI %(n)d: the target is a number.", n=position)
            )
        if comparator not in set(Comparator):
            problems.setdefault("kpis", []).append(
                _("KPI %(n)d: choose at least, at most or exactly.", n=position)
            )
        if not unit or not method:
            problems.setdefault("kpis", []).append(
                _("KPI %(n)d: give its unit and how it is measured.", n=position)
            )
        names.add(name)
        if target is not None and comparator in set(Comparator) and name and unit and method:
            kpis.append(
                Kpi(
                    position=position,
                    name=name[:200],
                    unit=unit[:40],
                    target=target,
                    comparator=Comparator(comparator),
                    method=method,
                )
            )
    if not rows:
        problems["kpis"] = [_("Give at least one KPI the trial is measured by.")]
    elif len(rows) > MAX_KPIS:
        problems["kpis"] = [_("At most %(n)d KPIs.", n=MAX_KPIS)]
    return kpis


def check_milestones(
    rows: Sequence[Mapping[str, Any]],
    starts_on: date | None,
    ends_on: date | None,
    value_fen: int | None,
    problems: dict[str, list[str]],
) -> list[Milestone]:
    milestones: list[Milestone] = []
    for position, row in enumerate(rows, start=1):
        due_on, amount, description = (
            row.get("due_on"),
            row.get("amount_fen"),
            row.get("description"),
        )
        description = str(description or "").strip()
        if not isinstance(due_on, date):
            problems.setdefault("milestones", []).append(
                _("Milestone %(n)d: give the day it is due.", n=position)
            )
        elif starts_on and ends_on and not starts_on <= due_on <= ends_on:
            problems.setdefault("milestones", []).append(
                _("Milestone %(n)d: due within the trial period.", n=position)
            )
        if not isinstance(amount, int) or amount <= 0:
            problems.setdefault("milestones", []).append(
                _("Milestone %(n)d: the payment is more than zero.", n=position)
            )
        if not description:
            problems.setdefault("milestones", []).append(
                _("Milestone %(n)d: say what is delivered or shown.", n=position)
            )
        if isinstance(due_on, date) and isinstance(amount, int) and amount > 0 and description:
            milestones.append(
                Milestone(
                    position=position,
                    due_on=due_on,
                    amount_fen=amount,
                    description=description[:300],
                )
            )
    if not rows:
        problems["milestones"] = [_("Give at least one payment milestone.")]
    elif len(rows) > MAX_MILESTONES:
        problems["milestones"] = [_("At most %(n)d milestones.", n=MAX_MILESTONES)]
    elif (
        value_fen is not None
        and len(milestones) == len(rows)
        and sum(m.amount_fen for m in milestones) > value_fen
    ):
        problems.setdefault("milestones", []).append(
            _("The milestones' payments add up to more than the contract value.")
        )
    days = [m.due_on for m in milestones]
    if days != sorted(days):
        problems.setdefault("milestones", []).append(_("List the milestones in date order."))
    return milestones
