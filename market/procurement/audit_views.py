"""How green channel events read in the audit log (market.core.audit_display)."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from flask import url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import joinedload

from market.core.audit_display import (
    ObjectRef,
    register_fields,
    register_object,
    register_verbs,
)
from market.core.db import db
from market.procurement import permissions

register_verbs({"green_channel.configured": _l("Green channel configured")})
register_fields({"number": _l("Version"), "note": _l("Why")})
register_object("GreenChannelVersion", _l("Green channel configuration"))

register_verbs(
    {
        "case.raised": _l("Case raised"),
        "case.start_evaluation": _l("Technical evaluation started"),
        "case.criteria_set": _l("Evaluation criteria set"),
        "case.scored": _l("Scores given"),
        "case.select": _l("Product and method selected"),
        "case.risk_added": _l("Risk registered"),
        "case.risk_removed": _l("Risk removed"),
        "case.position_set": _l("Insurance position and fallback stated"),
        "case.submit_risks": _l("Sent to the collective decision"),
        "case.meeting_recorded": _l("Decision meeting recorded"),
        "case.declared": _l("Conflict of interest declaration made"),
        "case.voted": _l("Vote cast"),
        "case.decide": _l("Decided: the vote passed"),
        "case.decline": _l("Declined: the vote did not pass"),
        "case.cancel": _l("Case cancelled"),
    }
)


def cases(ids: Sequence[str], reader: Any) -> dict[str, ObjectRef]:
    """Each case named by its number and title, linked where the reader may open it."""
    from market.procurement.cases import Case  # the tables load after the audit views

    wanted = [uuid.UUID(i) for i in ids]
    found = db.session.scalars(
        sa.select(Case).where(Case.id.in_(wanted)).options(joinedload(Case.organisation))
    )
    return {
        str(case.id): ObjectRef(
            title=_("Case %(n)d", n=case.number) + f": {case.title}",
            url=url_for("cases.case_page", case_id=case.id)
            if permissions.can_view_case(reader, case)
            else None,
        )
        for case in found
    }


register_object("Case", _l("Green channel case"), cases)
