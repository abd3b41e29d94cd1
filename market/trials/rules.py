"""The named guards of the trial's transitions (``market.procurement.case_states``)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import gettext as _

from market.core.states import Guard


def _terms_recorded(case: Any, facts: Mapping[str, Any]) -> dict[str, list[str]]:
    terms = facts.get("terms")
    return {} if terms is not None else {"terms": [_("The officer has not recorded the terms.")]}


def _terms_confirmed(case: Any, facts: Mapping[str, Any]) -> dict[str, list[str]]:
    from market.trials.terms import terms_of

    terms = terms_of(case)
    if terms is None or not terms.confirmed:
        return {"terms": [_("The vendor has not confirmed the current terms.")]}
    return {}


TERMS_RECORDED = Guard("trial terms recorded", _terms_recorded)
TERMS_CONFIRMED = Guard("current trial terms confirmed by the vendor", _terms_confirmed)


def _kpis_met(case: Any, facts: Mapping[str, Any]) -> dict[str, list[str]]:
    if facts["review"].all_met:
        return {}
    return {"kpis": [_("Not every KPI meets its target by its last measurement.")]}


def _signed_off(case: Any, facts: Mapping[str, Any]) -> dict[str, list[str]]:
    review = facts["review"]
    if review.signed_off:
        return {}
    return {
        "signoff": [
            _(
                "%(needed)d of the decision's approvers sign off the acceptance; %(n)d have.",
                needed=review.needed,
                n=len(review.signoffs),
            )
        ]
    }


def _outcome_recorded(case: Any, facts: Mapping[str, Any]) -> dict[str, list[str]]:
    """Closing waits for the outcome's attestation, and a failure for the determination."""
    from market.attestations.filing import standing
    from market.trials.determining import determination_of

    kind = "outcome" if case.state.value == "accepted" else "remediation"
    problems: dict[str, list[str]] = {}
    if standing(case, kind) is None:
        label = _("outcome attestation") if kind == "outcome" else _("remediation attestation")
        problems["attestation"] = [_("File the %(kind)s first.", kind=label)]
    if case.state.value == "failed" and determination_of(case) is None:
        problems["determination"] = [
            _("The buyer's auditor records the enterprise's determination first.")
        ]
    return problems


KPIS_MET = Guard("every KPI met by its last measurement", _kpis_met)
SIGNED_OFF = Guard("acceptance signed off by a majority of the decision's approvers", _signed_off)
OUTCOME_RECORDED = Guard("outcome attested (and a failure determined)", _outcome_recorded)
