"""The running trial's verbs: a milestone report (the officer or the vendor: the day, a value
per KPI, notes, documents) and an incident. Both only while the trial runs; neither commits.

Checks come in the order the case verbs use: who may (403), the state (409), then the input
by field (422), so a report on a closed case is refused before its values are read.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from datetime import date
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any, BinaryIO

import sqlalchemy as sa
from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from market.catalog.storage import store_upload
from market.core.audit import Actor, record_event
from market.core.db import business_today, db, utcnow
from market.core.errors import ValidationFailed
from market.core.states import Permit
from market.procurement import permissions
from market.procurement.case_states import require
from market.procurement.cases import Case, CaseState
from market.trials import terms as trial_terms
from market.trials.reports import Incident, Measurement, Report, ReportFile, Severity, Side

RUNNING = frozenset({CaseState.TRIAL_RUNNING})
MAX_FILES = 5


def _reports(user: Any, case: Case) -> bool:
    return permissions.is_case_officer(user, case) or permissions.is_case_vendor(user, case)


REPORTER = Permit(
    "officer or the vendor",
    _reports,
    _l("Only the buyer's procurement officers and the vendor's staff report on the trial."),
)


def side_of(user: Any, case: Case) -> Side:
    return Side.VENDOR if permissions.is_case_vendor(user, case) else Side.BUYER


def _next_number(model: Any, case: Case) -> int:
    return (
        db.session.scalar(sa.select(sa.func.max(model.number)).where(model.case_id == case.id)) or 0
    ) + 1


def _value(raw: Any) -> Decimal | None:
    try:
        value = Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        return None
    return value if value.is_finite() and abs(value) < Decimal(10) ** 15 else None


def _day(given: Mapping[str, Any], name: str, case: Case, problems: dict[str, list[str]]) -> date:
    """A day of the trial: given, not in the future, not before the trial started."""
    day = given.get(name)
    terms = trial_terms.terms_of(case)
    if not isinstance(day, date):
        problems[name] = [_("Give the day.")]
    elif day > business_today():
        problems[name] = [_("Not a day in the future.")]
    elif terms is not None and day < terms.starts_on:
        problems[name] = [_("Not before the trial started.")]
    return day  # type: ignore[return-value]


def submit_report(
    case: Case,
    actor: Actor,
    given: Mapping[str, Any],
    files: Sequence[tuple[BinaryIO, str]] = (),
) -> Report:
    """A report: ``reported_on``, ``milestone`` (an id of the terms' milestones, or None),
    ``measurements`` ({KPI name: value}), ``notes``; ``files`` as (stream, filename)."""
    require(case, actor, REPORTER, RUNNING, _("report on the trial"))
    terms = trial_terms.terms_of(case)
    assert terms is not None  # a running trial has terms
    problems: dict[str, list[str]] = {}
    reported_on = _day(given, "reported_on", case, problems)
    milestone = None
    if given.get("milestone"):
        milestone = next(
            (m for m in terms.milestones if str(m.id) == str(given["milestone"])), None
        )
        if milestone is None:
            problems["milestone"] = [_("Choose one of the trial's milestones.")]
    kpis = {k.name: k for k in terms.kpis}
    measurements: list[Measurement] = []
    for name, raw in dict(given.get("measurements") or {}).items():
        if raw in (None, ""):
            continue
        kpi = kpis.get(str(name))
        value = _value(raw)
        if kpi is None:
            problems.setdefault("measurements", []).append(
                _("The terms have no KPI “%(name)s”.", name=name)
            )
        elif value is None:
            problems.setdefault("measurements", []).append(
                _("%(name)s: the value is a number.", name=name)
            )
        else:
            measurements.append(Measurement(kpi_id=kpi.id, value=value))
    notes = str(given.get("notes") or "").strip()
    if not measurements and not notes and "measurements" not in problems:
        problems["measurements"] = [_("Give a measured value for at least one KPI, or notes.")]
    if len(files) > MAX_FILES:
        problems["files"] = [_("At most %(n)d documents per report.", n=MAX_FILES)]
    if problems:
        raise ValidationFailed(_("Check the report and try again."), problems)
    report = Report(
        id=uuid.uuid4(),
        case_id=case.id,
        number=_next_number(Report, case),
        milestone_id=milestone.id if milestone else None,
        reported_on=reported_on,
        side=side_of(actor.user, case),
        notes=notes,
        author_id=actor.user.id if actor.user else None,
        measurements=measurements,
    )
    root = Path(current_app.config["DOCUMENT_STORAGE"])
    for stream, filename in files:
        stored, safe_name = store_upload(
            stream, filename, root, current_app.config["MAX_DOCUMENT_BYTES"]
        )
        report.files.append(ReportFile(sha256=stored.sha256, file=stored, filename=safe_name))
    db.session.add(report)
    case.updated_at = utcnow()
    db.session.flush()
    record_event(
        actor,
        "case.trial_reported",
        case,
        after={
            "report_number": report.number,
            "side": report.side,
            "milestone": milestone.position if milestone else None,
        },
        organisation_id=case.organisation_id,
    )
    return report


def record_incident(case: Case, actor: Actor, given: Mapping[str, Any]) -> Incident:
    """An incident: ``occurred_on``, ``severity``, ``description``, ``insurer_notified``."""
    require(case, actor, REPORTER, RUNNING, _("record an incident"))
    problems: dict[str, list[str]] = {}
    occurred_on = _day(given, "occurred_on", case, problems)
    severity = given.get("severity")
    if severity not in set(Severity):
        problems["severity"] = [_("Choose how severe it was.")]
    description = str(given.get("description") or "").strip()
    if not description:
        problems["description"] = [_("Say what happened.")]
    if problems:
        raise ValidationFailed(_("Check the incident and try again."), problems)
    incident = Incident(
        case_id=case.id,
        number=_next_number(Incident, case),
        occurred_on=occurred_on,
        severity=Severity(severity),
        description=description,
        insurer_notified=bool(given.get("insurer_notified")),
        side=side_of(actor.user, case),
        reported_by_id=actor.user.id if actor.user else None,
    )
    db.session.add(incident)
    case.updated_at = utcnow()
    db.session.flush()
    record_event(
        actor,
        "case.incident_recorded",
        case,
        after={"incident_number": incident.number, "severity": incident.severity},
        organisation_id=case.organisation_id,
    )
    return incident
