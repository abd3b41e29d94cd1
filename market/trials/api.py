"""/api/v1/cases/<id>/trial: the trial contract's terms (read by the buyer's case readers and
the selected vendor; recorded by officers), the vendor's confirmation, and
/api/v1/vendor/trials. Another organisation's case is 404, a verb of another role 403, a
verb in the wrong state 409, bad input 422 by field."""

from __future__ import annotations

import uuid
from typing import Any

from flask import url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import Blueprint

from market.catalog.schemas import PageArgsSchema
from market.core.db import business_today
from market.core.errors import NotFound, PermissionDenied, ValidationFailed
from market.core.permissions import reader
from market.core.web import current_actor, login_required_json
from market.procurement import permissions
from market.procurement.cases import Case
from market.trials import contracting, progress, queries, reporting
from market.trials import terms as trial_terms
from market.trials.models import TrialTerms
from market.trials.reports import Incident, Report
from market.trials.schemas import (
    ConfirmationInSchema,
    IncidentInSchema,
    IncidentListSchema,
    IncidentSchema,
    ProgressSchema,
    ReportInSchema,
    ReportListSchema,
    ReportSchema,
    TermsInSchema,
    TermsSchema,
    VendorTrialPageSchema,
)

blp = Blueprint("trials_api", __name__, url_prefix="", description="Trials")


def shown_terms(case: Case, terms: TrialTerms) -> dict[str, Any]:
    canonical = trial_terms.canonical(terms)
    return {
        "case_id": case.id,
        "case_state": case.state,
        "revision": terms.revision,
        "terms_sha256": terms.terms_sha256,
        "starts_on": terms.starts_on,
        "ends_on": terms.ends_on,
        "value": canonical["value"],
        "acceptance_criteria": terms.acceptance_criteria,
        "kpis": canonical["kpis"],
        "milestones": [
            {
                "position": m.position,
                "due_on": m.due_on,
                "amount_fen": m.amount_fen,
                "description": m.description,
            }
            for m in terms.milestones
        ],
        "insurance": canonical["insurance"],
        "fallback_plan": terms.fallback_plan,
        "confirmed": terms.confirmed,
        "confirmed_revision": terms.confirmed_revision,
        "confirmed_at": terms.confirmed_at,
        "recorded_at": terms.recorded_at,
    }


def _terms(case: Case) -> TrialTerms:
    terms = trial_terms.terms_of(case)
    if terms is None:
        raise NotFound(_("No trial terms have been recorded for this case."))
    return terms


@blp.route("/cases/<uuid:case_id>/trial/terms", methods=["GET"])
@login_required_json
@blp.response(200, TermsSchema)
def get_terms(case_id: uuid.UUID) -> Any:
    """The trial terms as they stand (the buyer's case readers, and the selected vendor)."""
    case = queries.readable_trial(case_id, current_actor())
    return shown_terms(case, _terms(case))


@blp.route("/cases/<uuid:case_id>/trial/terms", methods=["PUT"])
@login_required_json
@blp.arguments(TermsInSchema)
@blp.response(200, TermsSchema)
def put_terms(body: dict[str, Any], case_id: uuid.UUID) -> Any:
    """Record the terms, or change them until the trial starts (officers, once the decision
    attestation is filed and countersigned). A change moves the revision on and waits for the
    vendor to confirm again."""
    case = queries.readable_trial(case_id, current_actor())
    version = body.pop("version")
    terms = contracting.record_terms(case, current_actor(), body, version)
    return shown_terms(case, terms)


@blp.route("/cases/<uuid:case_id>/trial/confirmation", methods=["POST"])
@login_required_json
@blp.arguments(ConfirmationInSchema)
@blp.response(200, TermsSchema)
def post_confirmation(body: dict[str, Any], case_id: uuid.UUID) -> Any:
    """Confirm the revision of the terms you read (the selected product's vendor). The first
    confirmation moves the case to ``contracted``."""
    case = queries.readable_trial(case_id, current_actor())
    terms = contracting.confirm_terms(case, current_actor(), body["revision"])
    return shown_terms(case, terms)


@blp.route("/vendor/trials", methods=["GET"])
@login_required_json
@blp.arguments(PageArgsSchema, location="query")
@blp.response(200, VendorTrialPageSchema)
def vendor_trials(args: dict[str, Any]) -> Any:
    """Trials of your products, those waiting for your confirmation first (vendors)."""
    user = reader(current_user)
    if not permissions.is_vendor_member(user):
        raise PermissionDenied(_("Only vendors have trials of their products."))
    assert user is not None
    page = queries.vendor_trials(user, args["page"], args["per_page"])
    return {
        "items": [
            {
                "case_id": item.case.id,
                "buyer": item.case.organisation.display_name,
                "title": item.case.title,
                "case_state": item.case.state,
                "revision": item.terms.revision,
                "confirmed": item.terms.confirmed,
            }
            for item in page.items
        ],
        "total": page.total,
        "page": page.page,
        "per_page": page.per_page,
    }


def shown_report(case: Case, report: Report) -> dict[str, Any]:
    return {
        "number": report.number,
        "reported_on": report.reported_on,
        "side": report.side.value,
        "author": report.author.name if report.author else None,
        "milestone": report.milestone.position if report.milestone else None,
        "notes": report.notes,
        "measurements": [
            {
                "kpi": m.kpi.name,
                "value": trial_terms.decimal_text(m.value),
                "met": m.kpi.comparator.met(m.value, m.kpi.target),
            }
            for m in sorted(report.measurements, key=lambda m: m.kpi.position)
        ],
        "files": [
            {
                "filename": f.filename,
                "sha256": f.sha256,
                "url": url_for(
                    "trials.report_file", case_id=case.id, report_id=report.id, file_id=f.id
                ),
            }
            for f in report.files
        ],
        "created_at": report.created_at,
    }


def shown_incident(incident: Incident) -> dict[str, Any]:
    return {
        "number": incident.number,
        "occurred_on": incident.occurred_on,
        "severity": incident.severity.value,
        "description": incident.description,
        "insurer_notified": incident.insurer_notified,
        "side": incident.side.value,
        "created_at": incident.created_at,
    }


@blp.route("/cases/<uuid:case_id>/trial/reports", methods=["GET"])
@login_required_json
@blp.response(200, ReportListSchema)
def list_reports(case_id: uuid.UUID) -> Any:
    """The trial's reports, oldest first (the buyer's case readers, and the vendor)."""
    case = queries.readable_trial(case_id, current_actor())
    return {"items": [shown_report(case, r) for r in progress.reports_of(case)]}


@blp.route("/cases/<uuid:case_id>/trial/reports", methods=["POST"])
@login_required_json
@blp.arguments(ReportInSchema)
@blp.response(201, ReportSchema)
def post_report(body: dict[str, Any], case_id: uuid.UUID) -> Any:
    """Report on the running trial: a measured value per KPI (by name), notes, and the
    milestone it is for (officers and the vendor). Documents are attached on the page."""
    case = queries.readable_trial(case_id, current_actor())
    position = body.pop("milestone")
    if position is not None:
        terms = _terms(case)
        found = next((m for m in terms.milestones if m.position == position), None)
        if found is None:
            message = _("Choose one of the trial's milestones.")
            raise ValidationFailed(message, {"milestone": [message]})
        body["milestone"] = found.id
    report = reporting.submit_report(case, current_actor(), body)
    return shown_report(case, report)


@blp.route("/cases/<uuid:case_id>/trial/incidents", methods=["GET"])
@login_required_json
@blp.response(200, IncidentListSchema)
def list_incidents(case_id: uuid.UUID) -> Any:
    """The trial's incidents (the buyer's case readers, and the vendor)."""
    case = queries.readable_trial(case_id, current_actor())
    return {"items": [shown_incident(i) for i in progress.incidents_of(case)]}


@blp.route("/cases/<uuid:case_id>/trial/incidents", methods=["POST"])
@login_required_json
@blp.arguments(IncidentInSchema)
@blp.response(201, IncidentSchema)
def post_incident(body: dict[str, Any], case_id: uuid.UUID) -> Any:
    """Record an incident of the running trial (officers and the vendor)."""
    case = queries.readable_trial(case_id, current_actor())
    return shown_incident(reporting.record_incident(case, current_actor(), body))


@blp.route("/cases/<uuid:case_id>/trial/progress", methods=["GET"])
@login_required_json
@blp.response(200, ProgressSchema)
def get_progress(case_id: uuid.UUID) -> Any:
    """Each KPI by its last measurement against its target (computed), and each milestone's
    reports, due or overdue."""
    case = queries.readable_trial(case_id, current_actor())
    terms = _terms(case)
    reports = progress.reports_of(case)
    return {
        "case_state": case.state,
        "kpis": [
            {
                "name": s.kpi.name,
                "comparator": s.kpi.comparator.value,
                "target": trial_terms.decimal_text(s.kpi.target),
                "unit": s.kpi.unit,
                "last_value": trial_terms.decimal_text(s.last.value) if s.last else None,
                "last_measured_on": s.last.day if s.last else None,
                "met": s.met,
                "measurements": len(s.points),
            }
            for s in progress.kpi_series(terms, reports)
        ],
        "milestones": [
            {
                "position": d.milestone.position,
                "due_on": d.milestone.due_on,
                "reports": d.reports,
                "overdue": d.overdue,
            }
            for d in progress.milestones_due(terms, reports, business_today())
        ],
        "incidents": len(progress.incidents_of(case)),
    }
