"""How green channel events read in the audit log (market.core.audit_display)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from market.core.audit_display import register_fields, register_object, register_verbs

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
register_object("Case", _l("Green channel case"))
