"""What trials add to the home page: the officer's trial tasks in "My tasks", and for vendors
their trials with the terms waiting for their confirmation."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from market.accounts.models import User
from market.core.next_steps import WORK, HomePanel, NextStep, register, register_panel
from market.procurement import case_queries, permissions
from market.procurement.next_steps import TASK_LABELS
from market.trials import queries

TASK_LABELS.update(
    {
        "terms": _l("Record the trial terms"),
        "start_trial": _l("File the trial start attestation"),
        "report_overdue": _l("Trial report overdue"),
        "determine": _l("Record the enterprise's determination"),
    }
)
case_queries.TASK_SOURCES.append(queries.trial_tasks)

register(
    NextStep(
        _l("Trials"),
        _l("Trial contracts of your selected products: confirm terms, follow the trial."),
        "trials.vendor_trials",
        permissions.is_vendor_member,
        place=WORK,
    ),
)


def _vendor_tasks(user: User) -> dict[str, Any] | None:
    if not permissions.is_vendor_member(user):
        return None
    return {
        "to_confirm": queries.terms_to_confirm(user),
        "overdue": queries.reports_overdue(user),
    }


register_panel(HomePanel("trials/_vendor_tasks.html", _vendor_tasks))
