"""After a failure: the enterprise's own fault-tolerance determination, which the buyer's
auditor records as an entry in the log signed with their key (the platform records it and
never makes it), and the insurance claim under the trial's policy, which the officer records
and follows. Then, from an accepted trial, the follow-on case that scales the purchase up."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from market.accounts.models import OrgKind, Role
from market.attestations import contents, filing, ledger, signing_keys
from market.core.audit import Actor, record_event
from market.core.db import business_today, db, utcnow
from market.core.errors import Conflict, StaleVersion, ValidationFailed
from market.core.states import Permit
from market.procurement import permissions, raising
from market.procurement.case_states import OFFICER, require
from market.procurement.cases import Case, CaseState
from market.trials import terms as trial_terms
from market.trials.outcomes import (
    ClaimStatus,
    Determination,
    Exemption,
    InsuranceClaim,
    Outcome,
)

DETERMINATION_FORMAT = "pioneer-market/determination/1"
FAILED = frozenset({CaseState.FAILED})
_S = CaseState


def _is_buyers_auditor(user: Any, case: Case) -> bool:
    return permissions.is_case_member(user, case) and user.has_role(Role.AUDITOR, OrgKind.BUYER)


AUDITOR = Permit(
    "auditor of the buyer",
    _is_buyers_auditor,
    _l("Only the buyer organisation's auditors record its determination."),
)


def determination_of(case: Case) -> Determination | None:
    return db.session.scalar(sa.select(Determination).where(Determination.case_id == case.id))


def claim_of(case: Case) -> InsuranceClaim | None:
    return db.session.get(InsuranceClaim, case.id, populate_existing=True)


def _text(given: Mapping[str, Any], name: str) -> str:
    return str(given.get(name) or "").strip()


def record_determination(
    case: Case, actor: Actor, given: Mapping[str, Any], pin: str
) -> Determination:
    """``exemption``, ``decided_by`` (the body), ``decided_on``, ``reference``, ``notes``: the
    enterprise's determination as the auditor signs it into the log."""
    require(case, actor, AUDITOR, FAILED, _("record the determination"))
    filing.lock(case)
    if determination_of(case) is not None:
        raise Conflict(_("The determination is recorded already."))
    problems: dict[str, list[str]] = {}
    exemption = given.get("exemption")
    if exemption not in set(Exemption):
        problems["exemption"] = [_("Choose what the enterprise determined.")]
    decided_by, reference = _text(given, "decided_by"), _text(given, "reference")
    if not decided_by:
        problems["decided_by"] = [_("Name the body that determined it.")]
    if not reference:
        problems["reference"] = [_("Give the determination's document reference.")]
    decided_on = given.get("decided_on")
    if not isinstance(decided_on, date):
        problems["decided_on"] = [_("Give the day it was determined.")]
    elif decided_on > business_today():
        problems["decided_on"] = [_("Not a day in the future.")]
    if problems:
        raise ValidationFailed(_("Check the determination and try again."), problems)
    assert actor.user is not None
    remediation = filing.standing(case, "remediation")
    body = contents.plain(
        {
            "format": DETERMINATION_FORMAT,
            "organisation": case.organisation_id,
            "organisation_name": case.organisation.display_name,
            "case": case.id,
            "case_number": case.number,
            "exemption": exemption,
            "decided_by": decided_by,
            "decided_on": decided_on,
            "reference": reference,
            "notes": _text(given, "notes"),
            "remediation": None
            if remediation is None
            else {"attestation": remediation.id, "seq": remediation.filed_seq},
            "auditor": {"user": actor.user.id, "name": actor.user.name},
            "statement": "The enterprise determined this; the platform records it.",
            "signed_at": utcnow(),
        }
    )
    signer = signing_keys.sign(actor.user, pin, body)
    entry = ledger.append(
        "determination.recorded", body, signer, organisation_id=case.organisation_id
    )
    determination = Determination(
        case_id=case.id,
        exemption=Exemption(exemption),
        decided_by=decided_by[:200],
        decided_on=decided_on,
        reference=reference[:200],
        notes=_text(given, "notes"),
        recorded_by_id=actor.user.id,
        seq=entry.seq,
    )
    db.session.add(determination)
    db.session.flush()
    record_event(
        actor,
        "case.determination_recorded",
        case,
        after={"exemption": determination.exemption, "seq": entry.seq},
        organisation_id=case.organisation_id,
    )
    return determination


def record_claim(case: Case, actor: Actor, given: Mapping[str, Any]) -> InsuranceClaim:
    """The claim under the trial's policy: ``filed_on``, ``amount_claimed_fen``,
    ``insurer_reference``; then its progress by ``update_claim``."""
    require(case, actor, OFFICER, FAILED | {_S.CLOSED}, _("record an insurance claim"))
    filing.lock(case)
    terms = trial_terms.terms_of(case)
    if terms is None or terms.insurance_policy is None:
        message = _("The trial had no insurance policy to claim under.")
        raise ValidationFailed(message, {"claim": [message]})
    if claim_of(case) is not None:
        raise Conflict(_("The claim is recorded already: record its progress."))
    problems: dict[str, list[str]] = {}
    filed_on, amount = given.get("filed_on"), given.get("amount_claimed_fen")
    if not isinstance(filed_on, date) or filed_on > business_today():
        problems["filed_on"] = [_("Give the day the claim was filed (not in the future).")]
    if not isinstance(amount, int) or amount <= 0:
        problems["amount_claimed"] = [_("Give the amount claimed.")]
    elif terms.insured_value_fen is not None and amount > terms.insured_value_fen:
        problems["amount_claimed"] = [_("Not above the insured value.")]
    if not _text(given, "insurer_reference"):
        problems["insurer_reference"] = [_("Give the insurer's claim reference.")]
    if problems:
        raise ValidationFailed(_("Check the claim and try again."), problems)
    claim = InsuranceClaim(
        case_id=case.id,
        policy_number=terms.insurance_policy,
        filed_on=filed_on,
        amount_claimed_fen=amount,
        insurer_reference=_text(given, "insurer_reference")[:200],
        status=ClaimStatus.FILED,
        recorded_by_id=actor.user.id if actor.user else None,
    )
    db.session.add(claim)
    db.session.flush()
    record_event(
        actor,
        "case.claim_filed",
        case,
        after={"amount_claimed_fen": amount, "insurer_reference": claim.insurer_reference},
        organisation_id=case.organisation_id,
    )
    return claim


def update_claim(
    case: Case, actor: Actor, given: Mapping[str, Any], version: int | None = None
) -> InsuranceClaim:
    """The insurer's answer: ``status`` paid / partly paid / refused, ``amount_paid_fen``
    (paid or partly paid), ``settled_on``."""
    require(case, actor, OFFICER, FAILED | {_S.CLOSED}, _("record the claim's progress"))
    filing.lock(case)
    claim = claim_of(case)
    if claim is None:
        message = _("Record the claim first.")
        raise ValidationFailed(message, {"claim": [message]})
    if version is not None and version != claim.lock_version:
        raise StaleVersion(
            _("This changed after you opened it. Reload the page, check and try again.")
        )
    problems: dict[str, list[str]] = {}
    status, paid, settled_on = (
        given.get("status"),
        given.get("amount_paid_fen"),
        given.get("settled_on"),
    )
    if status not in {ClaimStatus.PAID, ClaimStatus.PARTLY_PAID, ClaimStatus.REFUSED}:
        problems["status"] = [_("Choose paid, partly paid or refused.")]
    if status in {ClaimStatus.PAID, ClaimStatus.PARTLY_PAID}:
        if not isinstance(paid, int) or paid <= 0:
            problems["amount_paid"] = [_("Give the amount paid.")]
        elif paid > claim.amount_claimed_fen:
            problems["amount_paid"] = [_("Not above the amount claimed.")]
    if not isinstance(settled_on, date) or settled_on > business_today():
        problems["settled_on"] = [_("Give the day of the insurer's answer (not in the future).")]
    elif settled_on < claim.filed_on:
        problems["settled_on"] = [_("Not before the claim was filed.")]
    if problems:
        raise ValidationFailed(_("Check the claim and try again."), problems)
    claim.status = ClaimStatus(status)
    claim.amount_paid_fen = paid if status != ClaimStatus.REFUSED else None
    claim.settled_on = settled_on
    db.session.flush()
    record_event(
        actor,
        "case.claim_settled",
        case,
        after={"status": claim.status, "amount_paid_fen": claim.amount_paid_fen},
        organisation_id=case.organisation_id,
    )
    return claim


def raise_follow_on(case: Case, actor: Actor, quantity: int, budget_fen: int) -> Case:
    """A scale-up purchase of the accepted product: a new case, linked to this one and
    pre-filled from it, shortlisting the product's live version and routed anew."""
    from market.trials.concluding import outcome_of

    require(case, actor, OFFICER, frozenset({_S.ACCEPTED, _S.CLOSED}), _("raise a follow-on"))
    outcome = outcome_of(case)
    if outcome is None or outcome.outcome != Outcome.ACCEPTED:
        message = _("A follow-on case is raised from an accepted trial.")
        raise ValidationFailed(message, {"follow_on": [message]})
    entry = case.selected_entry
    assert entry is not None
    follow_on = raising.raise_case(
        actor,
        {
            "title": (_("Scale-up: %(title)s", title=case.title))[:200],
            "description": _(
                "Follow-on purchase after the accepted trial of case %(n)d. %(need)s",
                n=case.number,
                need=case.description,
            )[:5000],
            "quantity": quantity,
            "budget_fen": budget_fen,
            "delivery_site": case.delivery_site,
            "wanted_by": case.wanted_by if case.wanted_by > business_today() else business_today(),
        },
        products=[entry.product_id],
        search_query=case.search_query,
    )
    follow_on.follows_case_id = case.id
    db.session.flush()
    record_event(
        actor,
        "case.follow_on_raised",
        case,
        after={"follow_on_number": follow_on.number},
        organisation_id=case.organisation_id,
    )
    return follow_on
