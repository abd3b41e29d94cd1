"""The home page's next step for a buyer's green channel."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from market.core.next_steps import ORGANISATION, NextStep, register
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
)
