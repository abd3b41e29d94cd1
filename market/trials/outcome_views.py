"""The pages of a trial's end: the acceptance review with the approvers' sign-offs, the
officer's acceptance, failure, ending by agreement and close, the insurance claim, the
follow-on case, and the auditor's determination (its own page: it is signed with the PIN).
Every form posts to ``/cases/<id>/trial/<step>`` and comes back on the case page with its
messages and 422 when refused, nothing saved."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, flash, g, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from flask_wtf import FlaskForm
from wtforms import SelectChoice

from market.accounts.forms import apply_field_errors
from market.attestations.pin_throttle import throttle_pin
from market.core.db import business_today, db
from market.core.errors import NotFound, PermissionDenied, ValidationFailed
from market.core.labels import enum_label
from market.core.money import yuan_to_fen
from market.core.states import Permit
from market.core.web import current_actor
from market.procurement import case_queries, permissions
from market.procurement.case_states import APPROVER, OFFICER
from market.procurement.cases import Case, CaseState
from market.trials import concluding, determining, progress
from market.trials import terms as trial_terms
from market.trials.forms import (
    AcceptForm,
    ClaimForm,
    ClaimProgressForm,
    CloseForm,
    DeterminationForm,
    FailForm,
    FollowOnForm,
    SignOffForm,
    TerminateForm,
)
from market.trials.outcomes import ClaimStatus, Exemption, Outcome

bp = Blueprint("trial_outcomes", __name__)
FORM_ERROR = 422
_S = CaseState


def _fen(value: Any) -> int | None:
    return None if value is None else yuan_to_fen(value)


@dataclass(frozen=True)
class Step:
    permit: Permit[Case]
    form: Callable[..., FlaskForm]
    do: Callable[[Case, Any], Any]
    done: Any


def _incident_choices(case: Case, form: FailForm) -> FailForm:
    form.incidents.choices = [
        SelectChoice(str(i.number), f"{i.number} · {i.occurred_on.isoformat()} · {i.description}")
        for i in progress.incidents_of(case)
    ]
    return form


def _claim_progress(case: Case, **kw: Any) -> ClaimProgressForm:
    form = ClaimProgressForm(**kw)
    form.status.choices = [SelectChoice("", _l("Choose…"))] + [
        SelectChoice(s.value, enum_label(s)) for s in ClaimStatus if s != ClaimStatus.FILED
    ]
    return form


def _actor() -> Any:
    return current_actor()


def _follow_on(case: Case, form: FollowOnForm) -> Any:
    made = determining.raise_follow_on(
        case, _actor(), form.quantity.data or case.quantity, _fen(form.budget.data) or 0
    )
    g.follow_on = made
    return made


STEPS: dict[str, Step] = {
    "signoff": Step(
        APPROVER,
        lambda case, **kw: SignOffForm(**kw),
        lambda case, f: concluding.sign_off(case, _actor(), f.comment.data or ""),
        _l("Acceptance signed off."),
    ),
    "accept": Step(
        OFFICER,
        lambda case, **kw: AcceptForm(**kw),
        lambda case, f: concluding.accept(
            case,
            _actor(),
            f.summary.data or "",
            bool(f.show_buyer_name.data),
            f.version.data,
        ),
        _l("Acceptance recorded: file the outcome attestation."),
    ),
    "fail": Step(
        OFFICER,
        lambda case, **kw: _incident_choices(case, FailForm(**kw)),
        lambda case, f: concluding.fail(
            case,
            _actor(),
            f.reason.data or "",
            [int(n) for n in f.incidents.data or [] if str(n).isdigit()],
            f.version.data,
        ),
        _l("Failure recorded: file the remediation attestation."),
    ),
    "terminate": Step(
        OFFICER,
        lambda case, **kw: TerminateForm(**kw),
        lambda case, f: concluding.terminate(case, _actor(), f.reason.data or "", f.version.data),
        _l("Trial ended by agreement: file the remediation attestation."),
    ),
    "close": Step(
        OFFICER,
        lambda case, **kw: CloseForm(**kw),
        lambda case, f: concluding.close(case, _actor(), f.version.data),
        _l("Case closed."),
    ),
    "claim": Step(
        OFFICER,
        lambda case, **kw: ClaimForm(**kw),
        lambda case, f: determining.record_claim(
            case,
            _actor(),
            {
                "filed_on": f.filed_on.data,
                "amount_claimed_fen": _fen(f.amount_claimed.data),
                "insurer_reference": f.insurer_reference.data or "",
            },
        ),
        _l("Insurance claim recorded."),
    ),
    "claim-progress": Step(
        OFFICER,
        _claim_progress,
        lambda case, f: determining.update_claim(
            case,
            _actor(),
            {
                "status": f.status.data or None,
                "amount_paid_fen": _fen(f.amount_paid.data),
                "settled_on": f.settled_on.data,
            },
            f.version.data,
        ),
        _l("The insurer's answer is recorded."),
    ),
    "follow-on": Step(
        OFFICER, lambda case, **kw: FollowOnForm(**kw), _follow_on, _l("Follow-on case raised.")
    ),
}


def build(step: str, case: Case, data: dict[str, Any] | None = None) -> FlaskForm:
    if data is None:
        return STEPS[step].form(case, prefix=step)
    return STEPS[step].form(case, prefix=step, formdata=None, data=data)


def offered(case: Case, user: Any) -> dict[str, FlaskForm]:
    """The forms of the trial's end this reader may use now."""
    officer = permissions.is_case_officer(user, case)
    version = {"version": case.lock_version}
    out: dict[str, dict[str, Any]] = {}
    outcome = concluding.outcome_of(case)
    if case.state == _S.TRIAL_RUNNING:
        review = concluding.review_of(case)
        attended = any(a.id == getattr(user, "id", None) for a in review.attendees)
        signed = any(s.approver_id == getattr(user, "id", None) for s in review.signoffs)
        if permissions.is_case_approver(user, case) and attended and not signed:
            out["signoff"] = {}
        if officer:
            out["accept"] = version
            out["fail"] = version
            out["terminate"] = version
    if officer and case.state in {_S.ACCEPTED, _S.FAILED, _S.TERMINATED}:
        out["close"] = version
    terms = trial_terms.terms_of(case)
    if (
        officer
        and case.state in determining.FAILED | {_S.CLOSED}
        and outcome is not None
        and outcome.outcome == Outcome.FAILED
        and terms is not None
        and terms.insurance_policy
    ):
        claim = determining.claim_of(case)
        if claim is None:
            out["claim"] = {"filed_on": business_today()}
        elif claim.status == ClaimStatus.FILED:
            out["claim-progress"] = {"version": claim.lock_version, "settled_on": business_today()}
    if officer and outcome is not None and outcome.outcome == Outcome.ACCEPTED:
        out["follow-on"] = {"quantity": case.quantity}
    return {step: build(step, case, data) for step, data in out.items()}


def case_outcome(case: Case, user: Any) -> dict[str, Any] | None:
    """For the case page: the acceptance review, the outcome, the determination and the
    claim, and this reader's forms (those refused just now keep what was typed)."""
    if case.state not in progress.STARTED_STATES:
        return None
    forms = offered(case, user)
    forms.update(g.get("outcome_failed") or {})
    return {
        "review": concluding.review_of(case),
        "outcome": concluding.outcome_of(case),
        "determination": determining.determination_of(case),
        "claim": determining.claim_of(case),
        "follow_ons": case_queries.follow_ons_of(case),
        "may_determine": case.state == _S.FAILED
        and determining.AUDITOR(user, case)
        and determining.determination_of(case) is None,
        "forms": forms,
    }


@bp.post("/cases/<uuid:case_id>/trial/<step>")
@login_required
def trial_step(case_id: uuid.UUID, step: str) -> Any:
    case = case_queries.visible_case(case_id, current_actor())
    chosen = STEPS.get(step)
    if chosen is None:
        raise NotFound(_("No such page."))
    if not chosen.permit(current_user, case):
        raise PermissionDenied(str(chosen.permit.message))
    form = build(step, case)
    if form.validate():
        try:
            chosen.do(case, form)
        except ValidationFailed as exc:
            db.session.rollback()
            apply_field_errors(form, exc.fields)
        else:
            db.session.commit()
            flash(str(chosen.done), "success")
            made = g.get("follow_on")
            target = made.id if made is not None else case_id
            return redirect(url_for("cases.case_page", case_id=target, _anchor="outcome"))
    from market.procurement.case_page import case_page_context

    g.outcome_failed = {step: form}
    case = case_queries.visible_case(case_id, current_actor())
    return render_template(
        "procurement/case.html", **case_page_context(case, current_user)
    ), FORM_ERROR


def _determination_form(**kw: Any) -> DeterminationForm:
    form = DeterminationForm(**kw)
    form.exemption.choices = [SelectChoice(e.value, enum_label(e)) for e in Exemption]
    return form


@bp.route("/cases/<uuid:case_id>/trial/determination", methods=["GET", "POST"])
@login_required
@throttle_pin
def determination_page(case_id: uuid.UUID) -> Any:
    case = case_queries.visible_case(case_id, current_actor())
    if not determining.AUDITOR(current_user, case):
        raise PermissionDenied(str(determining.AUDITOR.message))
    form = _determination_form()
    status = 200
    if form.is_submitted():
        if form.validate():
            try:
                determination = determining.record_determination(
                    case,
                    current_actor(),
                    {
                        "exemption": form.exemption.data or None,
                        "decided_by": form.decided_by.data or "",
                        "decided_on": form.decided_on.data,
                        "reference": form.reference.data or "",
                        "notes": form.notes.data or "",
                    },
                    form.pin.data or "",
                )
            except ValidationFailed as exc:
                db.session.rollback()
                apply_field_errors(form, exc.fields)
            else:
                db.session.commit()
                flash(
                    _(
                        "Determination signed and recorded as log entry %(seq)d.",
                        seq=determination.seq,
                    ),
                    "success",
                )
                return redirect(url_for("cases.case_page", case_id=case.id, _anchor="outcome"))
        status = FORM_ERROR
        case = case_queries.visible_case(case_id, current_actor())
    return render_template(
        "trials/determination.html",
        case=case,
        form=form,
        outcome=concluding.outcome_of(case),
        recorded=determining.determination_of(case),
    ), status
