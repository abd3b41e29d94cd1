"""The home page's next steps, panels and navigation links of green channel procurement."""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l

from market.accounts.models import User
from market.core.next_steps import ORGANISATION, WORK, HomePanel, NextStep, register, register_panel
from market.core.permissions import NavLink, register_navigation
from market.procurement import permissions

register(
    NextStep(
        _l("Green channel"),
        _l("The rules that let your organisation try innovative products quickly."),
        "procurement.green_channel_page",
        lambda user: (
            user.organisation is not None
            and permissions.can_view_green_channel(user, user.organisation)
        ),
        lambda user: {"org_id": user.organisation_id},
        ORGANISATION,
    ),
    NextStep(
        _l("Cases"),
        _l("Green channel cases: from the need to the collective decision."),
        "cases.case_list",
        permissions.reads_cases,
        place=WORK,
    ),
    NextStep(
        _l("Shortlistings"),
        _l("Where buyers shortlisted your products, and whether they selected them."),
        "cases.shortlistings",
        permissions.is_vendor_member,
        place=WORK,
    ),
)

register_navigation(
    NavLink(_l("Cases"), "cases.case_list", permissions.reads_cases, place=35),
)

TASK_LABELS = {
    "start": _l("Take up"),
    "score": _l("Score"),
    "declare": _l("Declare a conflict of interest, or none"),
    "vote": _l("Vote"),
    "close": _l("Close the vote"),
    "overdue": _l("Stage overdue"),
}


def _tasks(user: User) -> dict[str, Any] | None:
    from market.procurement.case_queries import tasks_for  # models load after this module

    if not permissions.reads_cases(user):
        return None
    return {"tasks": tasks_for(user), "labels": TASK_LABELS}


register_panel(HomePanel("procurement/_tasks.html", _tasks))
