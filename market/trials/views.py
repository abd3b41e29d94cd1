"""The trial pages: the officer records the terms on their own page (a long form: KPIs,
milestones, the insurance clause), the case page shows them, and the vendor of the selected
product reads and confirms them on its trial page. Without JavaScript; a refused form comes
back with its messages and 422, nothing saved."""

from __future__ import annotations

import uuid
from typing import Any

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from market.accounts.forms import apply_field_errors
from market.attestations.rules import DECISION_ATTESTED
from market.catalog.downloads import send_stored
from market.core.db import business_today, db
from market.core.errors import NotFound, PermissionDenied, ValidationFailed
from market.core.money import fen_to_yuan, format_cny
from market.core.paging import page_number
from market.core.permissions import requires
from market.core.web import current_actor
from market.procurement import case_queries, permissions
from market.procurement.cases import Case
from market.trials import concluding, contracting, progress, queries, reporting
from market.trials import terms as trial_terms
from market.trials.forms import (
    KPI_ROWS,
    MILESTONE_ROWS,
    ConfirmForm,
    IncidentForm,
    ReportForm,
    TermsForm,
)
from market.trials.models import TrialTerms
from market.trials.reports import Report, ReportFile

bp = Blueprint("trials", __name__)
FORM_ERROR = 422
ROW_FIELDS = ("kpis", "milestones")  # their messages are shown above their rows


@bp.context_processor
def helpers() -> dict[str, Any]:
    return {"cny": format_cny}


def _prefill(case: Case, terms: TrialTerms | None) -> dict[str, Any]:
    """What the form starts from: the terms as recorded, or the decision's value and the
    risk assessment's insurance position and fallback."""
    if terms is None:
        return {
            "version": case.lock_version,
            "value": fen_to_yuan(case.budget_fen),
            "insurance_policy": case.insurance_policy or "",
            "no_insurance_reason": case.no_insurance_reason or "",
            "fallback_plan": case.fallback_supply or "",
        }
    return {
        "version": case.lock_version,
        "starts_on": terms.starts_on,
        "ends_on": terms.ends_on,
        "value": fen_to_yuan(terms.value_fen),
        "acceptance_criteria": terms.acceptance_criteria,
        "insurance_policy": terms.insurance_policy or "",
        "insured_value": None
        if terms.insured_value_fen is None
        else fen_to_yuan(terms.insured_value_fen),
        "no_insurance_reason": terms.no_insurance_reason or "",
        "fallback_plan": terms.fallback_plan,
        "kpis": [
            {
                "name": k.name,
                "comparator": k.comparator.value,
                "target": trial_terms.decimal_text(k.target),
                "unit": k.unit,
                "method": k.method,
            }
            for k in terms.kpis
        ],
        "milestones": [
            {"due_on": m.due_on, "amount": fen_to_yuan(m.amount_fen), "description": m.description}
            for m in terms.milestones
        ],
    }


def _terms_form(case: Case, terms: TrialTerms | None) -> TermsForm:
    if request.method == "POST":
        form = TermsForm()
    else:
        data = _prefill(case, terms)
        form = TermsForm(formdata=None, data=data)
        # Blank rows to add to, beyond those recorded.
        for field, rows in (("kpis", KPI_ROWS), ("milestones", MILESTONE_ROWS)):
            while len(getattr(form, field).entries) < len(data.get(field, [])) + rows - 1:
                getattr(form, field).append_entry()
    form.offer_policies(trial_terms.policies_of(case))
    return form


@bp.route("/cases/<uuid:case_id>/trial/terms", methods=["GET", "POST"])
@login_required
def terms_page(case_id: uuid.UUID) -> Any:
    case = case_queries.visible_case(case_id, current_actor())
    if not permissions.is_case_officer(current_user, case):
        raise PermissionDenied(_("Only the organisation's procurement officers do this."))
    terms = trial_terms.terms_of(case)
    form = _terms_form(case, terms)
    row_errors: dict[str, list[str]] = {}
    status = 200
    if form.is_submitted():
        if form.validate():
            try:
                saved = contracting.record_terms(
                    case, current_actor(), form.given(), form.version.data
                )
            except ValidationFailed as exc:
                db.session.rollback()
                fields = dict(exc.fields)
                row_errors = {name: fields.pop(name, []) for name in ROW_FIELDS}
                apply_field_errors(form, fields)
            else:
                db.session.commit()
                flash(
                    _(
                        "Terms revision %(n)d saved: the vendor is asked to confirm them.",
                        n=saved.revision,
                    ),
                    "success",
                )
                return redirect(url_for("cases.case_page", case_id=case.id, _anchor="trial"))
        status = FORM_ERROR
        case = case_queries.visible_case(case_id, current_actor())
    return render_template(
        "trials/terms_form.html",
        case=case,
        terms=terms,
        form=form,
        row_errors=row_errors,
        attested=not DECISION_ATTESTED.problems(case, {}),
    ), status


@bp.get("/vendor/trials")
@requires(permissions.is_vendor_member, hidden=True)
def vendor_trials() -> Any:
    page = queries.vendor_trials(current_user, page_number())
    return render_template("trials/vendor_trials.html", page=page)


@bp.get("/vendor/trials/<uuid:case_id>")
@login_required
def vendor_trial(case_id: uuid.UUID) -> Any:
    case = queries.vendor_trial(case_id, current_actor())
    return _vendor_page(case, None)


def _vendor_page(case: Case, form: ConfirmForm | None, status: int = 200) -> Any:
    terms = trial_terms.terms_of(case)
    assert terms is not None
    if form is None and terms.awaits_confirmation:
        form = ConfirmForm(formdata=None, revision=terms.revision)
    return render_template(
        "trials/vendor_trial.html",
        case=case,
        terms=terms,
        form=form,
        progress=trial_progress(case, current_user, g.get("trial_failed")),
        outcome=concluding.outcome_of(case),
    ), status


@bp.post("/vendor/trials/<uuid:case_id>/confirm")
@login_required
def confirm(case_id: uuid.UUID) -> Any:
    case = queries.vendor_trial(case_id, current_actor())
    form = ConfirmForm()
    if form.validate():
        try:
            contracting.confirm_terms(case, current_actor(), form.revision.data)
        except ValidationFailed as exc:
            db.session.rollback()
            apply_field_errors(form, exc.fields)
        else:
            db.session.commit()
            flash(_("Terms confirmed: the buyer can start the trial."), "success")
            return redirect(url_for("trials.vendor_trial", case_id=case_id))
    case = queries.vendor_trial(case_id, current_actor())
    return _vendor_page(case, form, FORM_ERROR)


def trial_progress(
    case: Case, user: Any, failed: dict[str, Any] | None = None
) -> dict[str, Any] | None:
    """The running (or ended) trial as the case page and the vendor's page show it: each
    KPI's chart and table, the milestones' reports, the reports and incidents, and the forms
    of this reader (the officer's or the vendor's) while the trial runs."""
    terms = trial_terms.terms_of(case)
    if terms is None or case.state not in progress.STARTED_STATES:
        return None
    reports = progress.reports_of(case)
    forms: dict[str, Any] = {}
    if case.state in reporting.RUNNING and reporting.REPORTER(user, case):
        report_form = (failed or {}).get("report") or ReportForm(
            formdata=None, prefix="report", reported_on=business_today()
        )
        report_form.offer_milestones(terms.milestones)
        forms["report"] = report_form
        forms["incident"] = (failed or {}).get("incident") or IncidentForm(
            formdata=None, prefix="incident", occurred_on=business_today()
        )
    return {
        "terms": terms,
        "series": progress.kpi_series(terms, reports),
        "milestones": progress.milestones_due(terms, reports, business_today()),
        "reports": reports,
        "incidents": progress.incidents_of(case),
        "forms": forms,
        "values": request.form if failed else {},
    }


def case_trial(case: Case, user: Any) -> dict[str, Any]:
    """For the case page: the trial's terms, its progress, and what this reader may do."""
    terms = trial_terms.terms_of(case)
    officer = permissions.is_case_officer(user, case)
    contracting_now = case.state in contracting.CONTRACTING
    attested = contracting_now and not DECISION_ATTESTED.problems(case, {})
    return {
        "terms": terms,
        "shown": terms is not None or contracting_now,
        "may_record": officer and attested,
        "attested": attested,
        "progress": trial_progress(case, user, g.get("trial_failed")),
    }


# -- reports and incidents: one route for the officer and the vendor -------------------------


def _back(case: Case) -> str:
    if permissions.is_case_vendor(current_user, case) and not permissions.can_view_case(
        current_user, case
    ):
        return url_for("trials.vendor_trial", case_id=case.id, _anchor="progress")
    return url_for("cases.case_page", case_id=case.id, _anchor="progress")


def _refused(case: Case, step: str, form: Any) -> Any:
    """The page the form was on, again, with its messages (422)."""
    g.trial_failed = {step: form}
    if permissions.can_view_case(current_user, case):
        from market.procurement.case_page import case_page_context

        return render_template(
            "procurement/case.html", **case_page_context(case, current_user)
        ), FORM_ERROR
    return _vendor_page(case, None, FORM_ERROR)


@bp.post("/cases/<uuid:case_id>/trial/reports")
@login_required
def submit_report(case_id: uuid.UUID) -> Any:
    case = queries.readable_trial(case_id, current_actor())
    if not reporting.REPORTER(current_user, case):
        raise PermissionDenied(str(reporting.REPORTER.message))
    form = ReportForm(prefix="report")
    terms = trial_terms.terms_of(case)
    form.offer_milestones(terms.milestones if terms else [])
    if form.validate():
        values = {
            k.name: request.form.get(f"kpi-{k.position}", "") for k in (terms.kpis if terms else [])
        }
        files = [(f.stream, f.filename or "") for f in form.files.data or [] if f.filename]
        try:
            report = reporting.submit_report(
                case,
                current_actor(),
                {
                    "reported_on": form.reported_on.data,
                    "milestone": form.milestone.data or None,
                    "notes": form.notes.data or "",
                    "measurements": values,
                },
                files,
            )
        except ValidationFailed as exc:
            db.session.rollback()
            apply_field_errors(form, exc.fields)
        else:
            db.session.commit()
            flash(_("Report %(n)d submitted.", n=report.number), "success")
            return redirect(_back(case))
    return _refused(queries.readable_trial(case_id, current_actor()), "report", form)


@bp.post("/cases/<uuid:case_id>/trial/incidents")
@login_required
def record_incident(case_id: uuid.UUID) -> Any:
    case = queries.readable_trial(case_id, current_actor())
    if not reporting.REPORTER(current_user, case):
        raise PermissionDenied(str(reporting.REPORTER.message))
    form = IncidentForm(prefix="incident")
    if form.validate():
        try:
            incident = reporting.record_incident(
                case,
                current_actor(),
                {
                    "occurred_on": form.occurred_on.data,
                    "severity": form.severity.data or None,
                    "description": form.description.data or "",
                    "insurer_notified": bool(form.insurer_notified.data),
                },
            )
        except ValidationFailed as exc:
            db.session.rollback()
            apply_field_errors(form, exc.fields)
        else:
            db.session.commit()
            flash(_("Incident %(n)d recorded.", n=incident.number), "success")
            return redirect(_back(case))
    return _refused(queries.readable_trial(case_id, current_actor()), "incident", form)


@bp.get("/cases/<uuid:case_id>/trial/reports/<uuid:report_id>/files/<uuid:file_id>")
@login_required
def report_file(case_id: uuid.UUID, report_id: uuid.UUID, file_id: uuid.UUID) -> Any:
    case = queries.readable_trial(case_id, current_actor())
    found = db.session.get(ReportFile, file_id)
    report = db.session.get(Report, report_id)
    if found is None or report is None or found.report_id != report.id or report.case_id != case.id:
        raise NotFound(_("No such document."))
    return send_stored(found.file, found.filename)
