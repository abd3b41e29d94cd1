"""What the trial contributes to attestations' bodies (``market.attestations.contents``)."""

from __future__ import annotations

from typing import Any

from market.procurement.cases import Case
from market.trials.terms import canonical, terms_of


def terms_section(case: Case) -> dict[str, Any] | None:
    """The terms as they stand, with the vendor's confirmation of them (None if it has not
    confirmed this revision: the trial start refuses before it is signed)."""
    terms = terms_of(case)
    if terms is None:
        return None
    confirmed = terms.confirmed and terms.confirmed_at is not None
    return {
        **canonical(terms),
        "terms_sha256": terms.terms_sha256,
        "confirmed": None
        if not confirmed
        else {
            "by": terms.confirmed_by.name if terms.confirmed_by else None,
            "vendor": case.selected_entry.vendor.display_name if case.selected_entry else None,
            "at": terms.confirmed_at.isoformat() if terms.confirmed_at else None,
            "sha256": terms.confirmed_sha256,
        },
    }


def results_section(case: Case) -> dict[str, Any] | None:
    """The trial's results as recorded: the outcome and its reason, each KPI by its last
    measurement (as computed when the outcome was recorded), the reports and incidents, and
    the approvers' sign-offs."""
    from market.trials import concluding, progress

    outcome = concluding.outcome_of(case)
    if outcome is None:
        return None
    return {
        "outcome": outcome.outcome.value,
        "reason": outcome.reason,
        "recorded_at": outcome.recorded_at.isoformat(),
        "review": outcome.review,
        "reports": [
            {
                "number": r.number,
                "reported_on": r.reported_on.isoformat(),
                "side": r.side.value,
                "files": [{"name": f.filename, "sha256": f.sha256} for f in r.files],
            }
            for r in progress.reports_of(case)
        ],
        "incidents": [
            {
                "number": i.number,
                "occurred_on": i.occurred_on.isoformat(),
                "severity": i.severity.value,
                "description": i.description,
                "insurer_notified": i.insurer_notified,
                "linked": i.number in outcome.incident_numbers,
            }
            for i in progress.incidents_of(case)
        ],
        "signoffs": [
            {"user": str(s.approver_id), "name": s.approver.name, "at": s.signed_at.isoformat()}
            for s in concluding.signoffs_of(case)
        ],
    }
