"""The running trial: reports by the officer and the vendor with a value per KPI, notes and
documents; incidents; each KPI's last measurement against its target (computed); overdue
milestone reports in both inboxes; and every refusal writing nothing."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
import sqlalchemy as sa

from market.accounts.models import OrgKind, Role
from market.core.audit import Actor
from market.core.db import db
from market.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from market.trials import progress, reporting
from market.trials.reports import Incident, Report
from market.trials.terms import terms_of
from tests.catalog.api_support import PDF_BYTES as PDF
from tests.trials.trial_fixtures import later


def count(model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def report(case, user, **given):
    made = reporting.submit_report(
        case,
        Actor(user),
        {"reported_on": later(0), "measurements": {}, "notes": "", **given},
        given.pop("files", ()),
    )
    db.session.commit()
    return made


def test_reports_from_both_sides_measure_the_kpis_against_their_targets(running_case):
    case, buyer, vendor = running_case
    terms = terms_of(case)
    first = terms.milestones[0]
    report(
        case,
        vendor,
        reported_on=later(-20),
        measurements={"Positioning accuracy": "0.006", "Availability": "97.5"},
        notes="Commissioned; accuracy still settling.",
    )
    report(
        case,
        buyer.officer,
        milestone=str(first.id),
        measurements={"Positioning accuracy": "0.004"},
    )
    reports = progress.reports_of(case)
    assert [(r.number, r.side.value) for r in reports] == [(1, "vendor"), (2, "buyer")]
    series = {s.kpi.name: s for s in progress.kpi_series(terms, reports)}
    accuracy, availability = series["Positioning accuracy"], series["Availability"]
    assert [p.value for p in accuracy.points] == [Decimal("0.006"), Decimal("0.004")]
    assert [p.met for p in accuracy.points] == [False, True]  # at most 0.005 mm
    assert accuracy.met is True  # by its last measurement
    assert availability.met is True
    assert accuracy.points[0].x < accuracy.points[1].x  # later days to the right
    # A smaller value is drawn lower (a larger y): 0.004 under the target, 0.006 above it.
    assert accuracy.points[1].y > accuracy.target_y > accuracy.points[0].y

    due = progress.milestones_due(terms, reports, later(0))
    assert [(d.reports, d.overdue) for d in due] == [([2], False), ([], False)]


def test_an_unreported_milestone_is_overdue_in_both_inboxes(running_case, as_user):
    case, buyer, vendor = running_case
    due = progress.milestones_due(terms_of(case), [], later(0))
    assert [d.overdue for d in due] == [True, False]
    officer_home = as_user(buyer.officer).get("/").get_data(as_text=True)
    assert "Trial report overdue: Case" in officer_home
    vendor_home = as_user(vendor).get("/").get_data(as_text=True)
    assert "Trial report overdue:" in vendor_home

    report(case, vendor, milestone=str(terms_of(case).milestones[0].id), notes="Done.")
    assert "Trial report overdue" not in as_user(buyer.officer).get("/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("given", "field", "message"),
    [
        ({"measurements": {"Throughput": "5"}}, "measurements", "no KPI “Throughput”"),
        ({"measurements": {"Availability": "high"}}, "measurements", "is a number"),
        ({}, "measurements", "at least one KPI, or notes"),
        ({"reported_on": later(1), "notes": "x"}, "reported_on", "future"),
        ({"reported_on": later(-100), "notes": "x"}, "reported_on", "before the trial"),
        ({"milestone": "nope", "notes": "x"}, "milestone", "milestones"),
    ],
)
def test_bad_reports_are_refused_by_field(running_case, given, field, message):
    case, buyer, _vendor = running_case
    with pytest.raises(ValidationFailed) as refused:
        reporting.submit_report(
            case, Actor(buyer.officer), {"reported_on": later(0), "notes": "", **given}
        )
    assert message in " ".join(refused.value.fields[field])
    db.session.rollback()
    assert count(Report) == 0


def test_a_report_or_incident_on_a_case_that_is_not_running_is_refused(attested_case):
    case, buyer = attested_case
    with pytest.raises(InvalidTransition):
        reporting.submit_report(case, Actor(buyer.officer), {"notes": "x"})
    with pytest.raises(InvalidTransition):
        reporting.record_incident(case, Actor(buyer.officer), {"description": "x"})
    assert case.state.value == "decided"
    assert count(Report) == count(Incident) == 0


def test_only_the_officer_and_the_vendor_report(running_case, make_org, make_user):
    case, buyer, _vendor = running_case
    other_vendor = make_user(make_org(kind=OrgKind.VENDOR), roles=(Role.STAFF,))
    for user in (buyer.approvers[0], buyer.auditor, buyer.requester, other_vendor):
        with pytest.raises(PermissionDenied):
            reporting.submit_report(case, Actor(user), {"notes": "x"})
        with pytest.raises(PermissionDenied):
            reporting.record_incident(case, Actor(user), {"description": "x"})
    assert count(Report) == count(Incident) == 0


def test_incidents_are_recorded_with_severity_and_the_insurer_notice(running_case):
    case, buyer, vendor = running_case
    reporting.record_incident(
        case,
        Actor(vendor),
        {
            "occurred_on": later(-3),
            "severity": "major",
            "description": "Spindle overheated; stopped for 30 hours.",
            "insurer_notified": True,
        },
    )
    db.session.commit()
    with pytest.raises(ValidationFailed) as refused:
        reporting.record_incident(case, Actor(buyer.officer), {"occurred_on": later(0)})
    assert set(refused.value.fields) == {"severity", "description"}
    db.session.rollback()
    [incident] = progress.incidents_of(case)
    assert (incident.number, incident.severity.value, incident.side.value) == (1, "major", "vendor")
    assert incident.insurer_notified


def test_the_pages_show_the_chart_and_table_and_take_reports_with_documents(
    running_case, as_user, storage
):
    case, buyer, vendor = running_case
    vendor_client = as_user(vendor)
    page = vendor_client.get(f"/vendor/trials/{case.id}").get_data(as_text=True)
    assert 'id="report-form"' in page
    assert "Overdue since" in page
    sent = vendor_client.post(
        f"/cases/{case.id}/trial/reports",
        data={
            "report-reported_on": later(-1).isoformat(),
            "report-milestone": str(terms_of(case).milestones[0].id),
            "report-notes": "Milestone 1 shown to the plant.",
            "kpi-1": "0.004",
            "kpi-2": "96",
            "report-files": (io.BytesIO(PDF), "measurements.pdf"),
        },
        content_type="multipart/form-data",
    )
    assert sent.status_code == 302, sent.get_data(as_text=True)[:2000]
    assert sent.location.endswith(f"/vendor/trials/{case.id}#progress")

    officer_page = as_user(buyer.officer).get(f"/cases/{case.id}").get_data(as_text=True)
    assert "<svg" in officer_page
    assert 'data-kpi-table="Positioning accuracy"' in officer_page
    assert "0.004 mm" in officer_page
    assert "Last measurement meets the target" in officer_page
    assert "measurements.pdf" in officer_page
    assert "Overdue since" not in officer_page
    [stored] = progress.reports_of(case)[0].files
    url = f"/cases/{case.id}/trial/reports/{stored.report_id}/files/{stored.id}"
    with as_user(buyer.auditor).get(url) as downloaded:
        assert downloaded.data == PDF
    with as_user(vendor).get(url) as downloaded:
        assert downloaded.status_code == 200
    assert (
        as_user(buyer.approvers[0]).get(url.replace(str(stored.id), str(case.id))).status_code
        == 404
    )

    refused = as_user(buyer.officer).post(
        f"/cases/{case.id}/trial/reports",
        data={"report-reported_on": later(0).isoformat(), "kpi-1": "abc"},
    )
    assert refused.status_code == 422
    assert "Positioning accuracy: the value is a number." in refused.get_data(as_text=True)
    assert len(progress.reports_of(case)) == 1

    incident = as_user(buyer.officer).post(
        f"/cases/{case.id}/trial/incidents",
        data={
            "incident-occurred_on": later(-2).isoformat(),
            "incident-severity": "minor",
            "incident-description": "Coolant leak, fixed the same day.",
        },
    )
    assert incident.status_code == 302
    assert "Coolant leak" in as_user(vendor).get(f"/vendor/trials/{case.id}").get_data(as_text=True)


def test_the_api_takes_reports_and_incidents_and_computes_progress(running_case, api_client):
    case, buyer, vendor = running_case
    sent = api_client(vendor).post(
        f"/api/v1/cases/{case.id}/trial/reports",
        json={
            "reported_on": later(-1).isoformat(),
            "milestone": 1,
            "measurements": {"Positioning accuracy": "0.0045", "Availability": "94"},
        },
    )
    assert sent.status_code == 201, sent.json
    assert sent.json["measurements"][1] == {"kpi": "Availability", "value": "94", "met": False}
    bad = api_client(buyer.officer).post(
        f"/api/v1/cases/{case.id}/trial/reports",
        json={"reported_on": later(0).isoformat(), "measurements": {"Noise": "3"}},
    )
    assert bad.status_code == 422
    assert "measurements" in bad.json["error"]["fields"]
    bad_milestone = api_client(buyer.officer).post(
        f"/api/v1/cases/{case.id}/trial/reports",
        json={"reported_on": later(0).isoformat(), "milestone": 9, "notes": "x"},
    )
    assert bad_milestone.status_code == 422
    assert "milestone" in bad_milestone.json["error"]["fields"]
    incident = api_client(buyer.officer).post(
        f"/api/v1/cases/{case.id}/trial/incidents",
        json={"occurred_on": later(0).isoformat(), "severity": "critical", "description": "Fire"},
    )
    assert incident.status_code == 201
    shown = api_client(buyer.auditor).get(f"/api/v1/cases/{case.id}/trial/progress").json
    assert [(k["name"], k["met"]) for k in shown["kpis"]] == [
        ("Positioning accuracy", True),
        ("Availability", False),
    ]
    assert shown["milestones"][0] == {
        "position": 1,
        "due_on": terms_of(case).milestones[0].due_on.isoformat(),
        "reports": [1],
        "overdue": False,
    }
    assert shown["incidents"] == 1
    assert len(api_client(vendor).get(f"/api/v1/cases/{case.id}/trial/reports").json["items"]) == 1
    assert (
        api_client(buyer.approvers[0])
        .post(
            f"/api/v1/cases/{case.id}/trial/incidents",
            json={"occurred_on": later(0).isoformat(), "severity": "minor", "description": "x"},
        )
        .status_code
        == 403
    )
