"""How trial events read in the audit log and the case's timeline (market.core.audit_display)."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from market.core.audit_display import register_fields, register_verbs

register_verbs(
    {
        "case.terms_recorded": _l("Trial terms recorded"),
        "case.contract": _l("Terms confirmed by the vendor: contracted"),
        "case.terms_confirmed": _l("Changed terms confirmed by the vendor"),
        "case.start_trial": _l("Trial started"),
        "case.trial_reported": _l("Trial report submitted"),
        "case.incident_recorded": _l("Trial incident recorded"),
        "case.acceptance_signed_off": _l("Acceptance signed off by an approver"),
        "case.accept": _l("Trial accepted"),
        "case.fail": _l("Trial failed"),
        "case.terminate": _l("Trial ended by agreement"),
        "case.close": _l("Case closed"),
        "case.determination_recorded": _l("The enterprise's determination recorded"),
        "case.claim_filed": _l("Insurance claim filed"),
        "case.claim_settled": _l("Insurer's answer to the claim recorded"),
        "case.follow_on_raised": _l("Follow-on case raised"),
    }
)
register_fields(
    {
        "revision": _l("Terms revision"),
        "terms_sha256": _l("Terms SHA-256"),
        "report_number": _l("Report"),
        "side": _l("By"),
        "milestone": _l("Milestone"),
        "incident_number": _l("Incident"),
        "severity": _l("Severity"),
        "exemption": _l("Determination"),
        "amount_claimed_fen": _l("Amount claimed (fen)"),
        "insurer_reference": _l("Insurer's reference"),
        "amount_paid_fen": _l("Amount paid (fen)"),
        "follow_on_number": _l("Follow-on case"),
    }
)
