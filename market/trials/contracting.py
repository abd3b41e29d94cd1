"""The trial contract's verbs: the officer records the terms (and may change them until the
trial starts), the vendor of the selected product confirms one revision of them. The first
confirmation concludes the contract (``decided → contracted``); a change after it waits for
the vendor to confirm again, and the trial cannot start until it has.

Checks come in the order the case verbs use: who may (403), the version read (409), the
state (409), then the input by field (422). None of these commits (the request does).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from flask_babel import gettext as _

from market.attestations import filing
from market.attestations.rules import DECISION_ATTESTED
from market.core.audit import Actor, record_event
from market.core.db import db, utcnow
from market.core.errors import Conflict, StaleVersion, ValidationFailed
from market.procurement.case_states import CASE_VENDOR, OFFICER, move, require
from market.procurement.cases import Case, CaseState
from market.trials import terms as trial_terms
from market.trials.models import TrialTerms

# Terms are recorded once the decision is attested and may change until the trial starts.
CONTRACTING = frozenset({CaseState.DECIDED, CaseState.CONTRACTED})


def _check(case: Case, given: Mapping[str, Any]) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """The terms as columns, and what is wrong with them by field."""
    problems: dict[str, list[str]] = {}
    starts_on, ends_on = given.get("starts_on"), given.get("ends_on")
    if not isinstance(starts_on, date):
        problems["starts_on"] = [_("Give the day the trial starts.")]
    if not isinstance(ends_on, date):
        problems["ends_on"] = [_("Give the day the trial ends.")]
    elif isinstance(starts_on, date) and ends_on <= starts_on:
        problems["ends_on"] = [_("The trial ends after it starts.")]
    value_fen = given.get("value_fen")
    if not isinstance(value_fen, int) or value_fen <= 0:
        problems["value"] = [_("Give the contract value.")]
        value_fen = None
    elif value_fen > case.budget_fen:
        problems["value"] = [_("Not above the decided value: a higher value needs a new decision.")]
    acceptance = str(given.get("acceptance_criteria") or "").strip()
    if not acceptance:
        problems["acceptance_criteria"] = [_("Say what the trial must show to be accepted.")]
    fallback = str(given.get("fallback_plan") or "").strip()
    if not fallback:
        problems["fallback_plan"] = [_("Say how the need is met if the trial fails.")]
    columns: dict[str, Any] = {
        "starts_on": starts_on,
        "ends_on": ends_on,
        "value_fen": value_fen,
        "acceptance_criteria": acceptance,
        "fallback_plan": fallback,
        **_insurance(case, given, problems),
    }
    columns["kpis"] = trial_terms.check_kpis(list(given.get("kpis") or []), problems)
    columns["milestones"] = trial_terms.check_milestones(
        list(given.get("milestones") or []),
        starts_on if isinstance(starts_on, date) else None,
        ends_on if isinstance(ends_on, date) else None,
        value_fen,
        problems,
    )
    return columns, problems


def _insurance(
    case: Case, given: Mapping[str, Any], problems: dict[str, list[str]]
) -> dict[str, Any]:
    """The insurance clause: a policy of the selected version with the value it insures, or
    the reason there is none."""
    number = str(given.get("insurance_policy") or "").strip()
    reason = str(given.get("no_insurance_reason") or "").strip()
    insured = given.get("insured_value_fen")
    if not number:
        if not reason:
            problems["insurance_policy"] = [
                _("Name the policy that covers the trial, or say why none.")
            ]
        return {
            "insurance_policy": None,
            "insurer": None,
            "coverage": None,
            "insured_value_fen": None,
            "no_insurance_reason": reason or None,
        }
    policy = next((p for p in trial_terms.policies_of(case) if p.policy_number == number), None)
    if policy is None:
        problems["insurance_policy"] = [_("Choose a policy of the selected product version.")]
    if not isinstance(insured, int) or insured <= 0:
        problems["insured_value"] = [_("Give the value the policy insures.")]
    return {
        "insurance_policy": number,
        "insurer": policy.insurer if policy else None,
        "coverage": policy.coverage if policy else None,
        "insured_value_fen": insured if isinstance(insured, int) else None,
        "no_insurance_reason": None,
    }


def record_terms(
    case: Case, actor: Actor, given: Mapping[str, Any], version: int | None = None
) -> TrialTerms:
    """Record the terms, or change them before the trial starts. A change moves the revision
    on, so the vendor confirms again; the same terms saved again change nothing."""
    require(case, actor, OFFICER, CONTRACTING, _("record the trial terms"), version)
    filing.lock(case)
    problems = dict(DECISION_ATTESTED.problems(case, {}))
    columns, input_problems = _check(case, given)
    problems.update(input_problems)
    if problems:
        raise ValidationFailed(_("Check the trial terms and try again."), problems)
    terms = trial_terms.terms_of(case)
    created = terms is None
    if terms is None:
        terms = TrialTerms(case_id=case.id, revision=1, terms_sha256="")
        db.session.add(terms)
    before = terms.terms_sha256
    kpis, milestones = columns.pop("kpis"), columns.pop("milestones")
    for name, value in columns.items():
        setattr(terms, name, value)
    # The old rows go first: the unit of work would insert the new ones before deleting them,
    # and a KPI's name (or a milestone's position) is unique within the terms.
    terms.kpis.clear()
    terms.milestones.clear()
    db.session.flush()
    terms.kpis, terms.milestones = kpis, milestones
    db.session.flush()
    terms.terms_sha256 = trial_terms.sha256_of(terms)
    if not created and terms.terms_sha256 == before:
        return terms  # nothing changed: the vendor's confirmation stands
    if not created:
        terms.revision += 1
    terms.recorded_by_id = actor.user.id if actor.user else None
    terms.recorded_at = utcnow()
    case.updated_at = utcnow()
    db.session.flush()
    record_event(
        actor,
        "case.terms_recorded",
        case,
        after={"revision": terms.revision, "terms_sha256": terms.terms_sha256},
        organisation_id=case.organisation_id,
    )
    return terms


def confirm_terms(case: Case, actor: Actor, revision: int | None) -> TrialTerms:
    """The vendor confirms the revision it read. The first confirmation concludes the
    contract; a later one confirms a change the officer made after it."""
    require(
        case,
        actor,
        CASE_VENDOR,
        CONTRACTING,
        _("confirm the trial terms"),
    )
    filing.lock(case)
    terms = trial_terms.terms_of(case)
    if terms is None:
        raise ValidationFailed(
            _("The officer has not recorded the terms."),
            {"terms": [_("The officer has not recorded the terms.")]},
        )
    if revision is None or revision != terms.revision:
        raise StaleVersion(
            _("The buyer changed the terms after you opened them. Read them again and confirm.")
        )
    if terms.confirmed:
        raise Conflict(_("You have confirmed these terms already."))

    def confirm() -> None:
        terms.confirmed_revision, terms.confirmed_sha256 = terms.revision, terms.terms_sha256
        terms.confirmed_by_id = actor.user.id if actor.user else None
        terms.confirmed_at = utcnow()

    details = {"revision": terms.revision, "terms_sha256": terms.terms_sha256}
    if case.state == CaseState.DECIDED:
        move(case, "contract", actor, facts={"terms": terms}, effects=confirm, after=details)
    else:
        confirm()
        case.updated_at = utcnow()
        record_event(
            actor, "case.terms_confirmed", case, after=details, organisation_id=case.organisation_id
        )
    db.session.flush()
    return terms
