"""The trial's end through /api/v1: the roles × actions × organisations matrix of its verbs on
a running trial (404 across organisations and for the vendor where the buyer's own record is
concerned, 403 for a role the verb is not for, 409 in the wrong state, 422 when a guard
fails), and the accepted and failed paths end to end, with the log holding the determination."""

from __future__ import annotations

import pytest

from market.accounts.models import OrgKind, Role
from market.core.audit import Actor
from market.core.db import db
from market.procurement.cases import CaseState
from market.trials import concluding
from tests.attestations.case_fixtures import PIN
from tests.conftest import reload
from tests.trials.test_outcomes import OUTCOME_WORDS, REMEDIATION_WORDS
from tests.trials.trial_fixtures import (
    attest_decision,
    confirm,
    later,
    record,
    register_auditor,
    start_trial,
)


@pytest.fixture
def running(in_app, people, signers_of, make_org, make_user):
    """A subsidiary's running trial, its buyer, and everyone by name (as the terms matrix)."""
    buyer, users = people
    case = signers_of(buyer)
    attest_decision(case, buyer)
    record(case, buyer, start=later(-75))
    confirm(case, users["vendor"])
    start_trial(case, buyer)
    other_vendor = make_user(make_org(kind=OrgKind.VENDOR), roles=(Role.STAFF,))
    return case, buyer, {**users, "other_vendor": other_vendor}


def url(case, tail):
    return f"/api/v1/cases/{case.id}/trial/{tail}"


VERBS = {
    "review": lambda c, case: c.get(url(case, "review")),
    "outcome_read": lambda c, case: c.get(url(case, "outcome")),
    "signoff": lambda c, case: c.post(url(case, "signoffs"), json={}),
    "determine": lambda c, case: c.post(
        url(case, "determination"),
        json={
            "exemption": "exempted",
            "decided_by": "Board",
            "decided_on": later(0).isoformat(),
            "reference": "R-1",
            "pin": PIN,
        },
    ),
    "claim": lambda c, case: c.post(
        url(case, "claim"),
        json={"filed_on": later(0).isoformat(), "amount_claimed": "1", "insurer_reference": "x"},
    ),
    "close": lambda c, case: c.post(url(case, "close"), json={}),
    "follow_on": lambda c, case: c.post(
        url(case, "follow-on"), json={"quantity": 1, "budget": "1"}
    ),
    "fail": lambda c, case: c.post(url(case, "outcome"), json={"outcome": "failed", "reason": "x"}),
}
READER = {"review": 200, "outcome_read": 404}  # no outcome yet: 404 for those who may read it
NOT_MEMBER = dict.fromkeys(VERBS, 404)
ONLOOKER = {
    **READER,
    **dict.fromkeys(("signoff", "determine", "claim", "close", "follow_on", "fail"), 403),
}
EXPECTED = {
    "officer": {**ONLOOKER, "close": 409, "claim": 409, "follow_on": 409, "fail": 201},
    "approver": {**ONLOOKER, "signoff": 422},  # nothing measured: no KPI met
    "auditor": {**ONLOOKER, "determine": 409},  # not failed
    "requester": ONLOOKER,
    "admin": ONLOOKER,
    "group_officer": ONLOOKER,
    # The vendor reads the outcome (none yet) and nothing of the buyer's own record.
    "vendor": {**NOT_MEMBER, "outcome_read": 404},
    "other_officer": NOT_MEMBER,
    "other_vendor": NOT_MEMBER,
}


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_the_roles_and_organisations_matrix(role, running, api_client):
    case, _buyer, users = running
    client = api_client(users[role])
    for verb, call in VERBS.items():
        if verb == "fail":
            continue  # last: it ends the trial
        answer = call(client, case)
        assert answer.status_code == EXPECTED[role][verb], (role, verb, answer.json)
        assert reload(case).state == CaseState.TRIAL_RUNNING
    answer = VERBS["fail"](client, case)
    assert answer.status_code == EXPECTED[role]["fail"], (role, answer.json)


def test_the_vendor_reads_the_outcome_but_not_the_review_or_determination(running, api_client):
    case, buyer, users = running
    concluding.fail(case, Actor(buyer.officer), "Seized.")
    db.session.commit()
    vendor = api_client(users["vendor"])
    assert vendor.get(url(case, "outcome")).json["outcome"] == "failed"
    assert vendor.get(url(case, "review")).status_code == 404
    assert vendor.get(url(case, "determination")).status_code == 404
    assert vendor.get(url(case, "claim")).status_code == 404


def test_accepted_and_closed_through_the_api(running, api_client):
    case, buyer, users = running
    vendor, officer = api_client(users["vendor"]), api_client(buyer.officer)
    vendor.post(
        url(case, "reports"),
        json={
            "reported_on": later(0).isoformat(),
            "measurements": {"Positioning accuracy": "0.004", "Availability": "99"},
        },
    )
    review = officer.get(url(case, "review")).json
    assert review["all_met"] is True
    for approver in concluding.review_of(case).attendees[: review["needed"]]:
        assert api_client(approver).post(url(case, "signoffs"), json={}).status_code == 201
    accepted = officer.post(
        url(case, "outcome"),
        json={"outcome": "accepted", "reason": "Met.", "show_buyer_name": True},
    )
    assert accepted.status_code == 201, accepted.json
    assert accepted.json["case_state"] == "accepted"
    filed = officer.post(
        f"/api/v1/cases/{case.id}/attestations",
        json={"kind": "outcome", "pin": PIN, **OUTCOME_WORDS},
    )
    assert filed.status_code == 201, filed.json
    assert officer.post(url(case, "close"), json={}).json["case_state"] == "closed"
    follow = officer.post(url(case, "follow-on"), json={"quantity": 2, "budget": "900000"})
    assert follow.status_code == 201
    assert follow.json["follows_case_id"] == str(case.id)


def test_failed_determined_and_closed_through_the_api(running, api_client):
    case, buyer, _users = running
    officer = api_client(buyer.officer)
    assert (
        officer.post(url(case, "outcome"), json={"outcome": "failed", "reason": ""}).status_code
        == 422
    )
    assert (
        officer.post(
            url(case, "outcome"), json={"outcome": "failed", "reason": "Seized."}
        ).status_code
        == 201
    )
    remediation = officer.post(
        f"/api/v1/cases/{case.id}/attestations",
        json={"kind": "remediation", "pin": PIN, **REMEDIATION_WORDS},
    )
    assert remediation.status_code == 201, remediation.json
    register_auditor(buyer)
    auditor = api_client(buyer.auditor)
    bad = VERBS["determine"](auditor, case)
    assert bad.status_code == 201, bad.json
    again = VERBS["determine"](auditor, case)
    assert again.status_code == 409
    assert officer.get(url(case, "determination")).json["exemption"] == "exempted"
    assert officer.post(url(case, "close"), json={}).json["case_state"] == "closed"
    checked = in_app_verify()
    assert checked.exit_code == 0, checked.output


def in_app_verify():
    from flask import current_app

    return current_app.test_cli_runner().invoke(args=["ledger", "verify"])


def test_the_openapi_document_describes_the_trials_end(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    for path, verbs in {
        "/api/v1/cases/{case_id}/trial/review": {"get"},
        "/api/v1/cases/{case_id}/trial/signoffs": {"post"},
        "/api/v1/cases/{case_id}/trial/outcome": {"get", "post"},
        "/api/v1/cases/{case_id}/trial/close": {"post"},
        "/api/v1/cases/{case_id}/trial/determination": {"get", "post"},
        "/api/v1/cases/{case_id}/trial/claim": {"get", "post", "put"},
        "/api/v1/cases/{case_id}/trial/follow-on": {"post"},
        "/api/v1/cases/{case_id}/trial/reports": {"get", "post"},
        "/api/v1/cases/{case_id}/trial/incidents": {"get", "post"},
        "/api/v1/cases/{case_id}/trial/progress": {"get"},
    }.items():
        assert verbs <= set(paths[path]), path
