"""How a running trial ends, as verbs: the approvers sign off the acceptance review (every
KPI met by its last measurement, computed), the officer records the acceptance (with the
buyer's choice whether its name shows on the product's public trial record), or the failure
(with a reason and the incidents behind it), or an ending by agreement; the officer closes the
case once the outcome's attestation stands (and, for a failure, the enterprise's determination
is recorded); and raises a follow-on case from an accepted one. None of these commits.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from market.attestations import filing
from market.core.audit import Actor, record_event
from market.core.db import db
from market.core.errors import Conflict, ValidationFailed
from market.procurement import case_queries
from market.procurement.case_states import APPROVER, move, require
from market.procurement.cases import Case, CaseState
from market.trials import progress, track_record
from market.trials import terms as trial_terms
from market.trials.outcomes import Outcome, SignOff, TrialOutcome
from market.trials.reporting import RUNNING

_S = CaseState


@dataclass(frozen=True)
class Review:
    """The acceptance review: each KPI by its last measurement, and who signed it off."""

    rows: list[dict[str, Any]]
    signoffs: list[SignOff]
    attendees: list[Any]  # the decision meeting's approvers: a majority of them signs off

    @property
    def all_met(self) -> bool:
        return bool(self.rows) and all(row["met"] for row in self.rows)

    @property
    def needed(self) -> int:
        return len(self.attendees) // 2 + 1

    @property
    def signed_off(self) -> bool:
        return len(self.signoffs) >= self.needed


def outcome_of(case: Case) -> TrialOutcome | None:
    return db.session.get(TrialOutcome, case.id, populate_existing=True)


def signoffs_of(case: Case) -> list[SignOff]:
    return list(
        db.session.scalars(
            sa.select(SignOff).where(SignOff.case_id == case.id).order_by(SignOff.signed_at)
        )
    )


def review_of(case: Case) -> Review:
    terms = trial_terms.terms_of(case)
    reports = progress.reports_of(case)
    rows = []
    for series in progress.kpi_series(terms, reports) if terms else []:
        last = series.last
        rows.append(
            {
                "kpi": series.kpi.name,
                "comparator": series.kpi.comparator.value,
                "target": trial_terms.decimal_text(series.kpi.target),
                "unit": series.kpi.unit,
                "last_value": trial_terms.decimal_text(last.value) if last else None,
                "measured_on": last.day.isoformat() if last else None,
                "report": last.report if last else None,
                "met": bool(series.met),
            }
        )
    view = case_queries.case_view(case)
    return Review(rows, signoffs_of(case), filing.attending_approvers(view))


def sign_off(case: Case, actor: Actor, comment: str = "") -> SignOff:
    """An approver who attended the decision signs off the acceptance review, once."""
    require(case, actor, APPROVER, RUNNING, _("sign off the acceptance"))
    filing.lock(case)
    review = review_of(case)
    user = actor.user
    assert user is not None
    if all(a.id != user.id for a in review.attendees):
        raise ValidationFailed(
            _("The approvers who attended the decision sign off its acceptance."),
            {"signoff": [_("The approvers who attended the decision sign off its acceptance.")]},
        )
    if not review.all_met:
        message = _("Not every KPI meets its target by its last measurement.")
        raise ValidationFailed(message, {"kpis": [message]})
    if any(s.approver_id == user.id for s in review.signoffs):
        raise Conflict(_("You have signed off this acceptance already."))
    signoff = SignOff(case_id=case.id, approver_id=user.id, comment=comment.strip())
    db.session.add(signoff)
    db.session.flush()
    record_event(actor, "case.acceptance_signed_off", case, organisation_id=case.organisation_id)
    return signoff


def accept(
    case: Case,
    actor: Actor,
    summary: str,
    show_buyer_name: bool,
    version: int | None = None,
) -> TrialOutcome:
    """Record the acceptance: the review as computed now, signed off by a majority of the
    decision's attendees."""
    filing.lock(case)
    review = review_of(case)
    made: list[TrialOutcome] = []

    def effects() -> None:
        outcome = TrialOutcome(
            case_id=case.id,
            outcome=Outcome.ACCEPTED,
            reason=summary.strip(),
            review=review.rows,
            incident_numbers=[],
            show_buyer_name=show_buyer_name,
            recorded_by_id=actor.user.id if actor.user else None,
        )
        db.session.add(outcome)
        made.append(outcome)
        track_record.record_success(case, review.rows, show_buyer_name)

    move(case, "accept", actor, version=version, facts={"review": review}, effects=effects)
    db.session.flush()
    return made[0]


def _end(
    case: Case,
    actor: Actor,
    action: str,
    outcome: Outcome,
    reason: str,
    incident_numbers: Sequence[int],
    version: int | None,
) -> TrialOutcome:
    filing.lock(case)
    numbers = sorted(set(int(n) for n in incident_numbers))
    known = {i.number for i in progress.incidents_of(case)}
    made: list[TrialOutcome] = []

    def effects() -> None:
        if not set(numbers) <= known:
            message = _("Link incidents this trial recorded.")
            raise ValidationFailed(message, {"incidents": [message]})
        row = TrialOutcome(
            case_id=case.id,
            outcome=outcome,
            reason=reason.strip(),
            review=review_of(case).rows,
            incident_numbers=numbers,
            recorded_by_id=actor.user.id if actor.user else None,
        )
        db.session.add(row)
        made.append(row)

    move(case, action, actor, version=version, facts={"reason": reason}, effects=effects)
    db.session.flush()
    return made[0]


def fail(
    case: Case,
    actor: Actor,
    reason: str,
    incident_numbers: Sequence[int] = (),
    version: int | None = None,
) -> TrialOutcome:
    return _end(case, actor, "fail", Outcome.FAILED, reason, incident_numbers, version)


def terminate(case: Case, actor: Actor, reason: str, version: int | None = None) -> TrialOutcome:
    return _end(case, actor, "terminate", Outcome.TERMINATED, reason, (), version)


def close(case: Case, actor: Actor, version: int | None = None) -> CaseState:
    filing.lock(case)
    return move(case, "close", actor, version=version)
