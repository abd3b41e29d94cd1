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
