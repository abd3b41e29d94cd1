"""The trial API: terms, confirmation and the trial start through /api/v1, the roles ×
actions × organisations matrix of its verbs (404 across organisations and for vendors not
selected, 403 for a role the verb is not for, 409 in the wrong state), bad input by field with
nothing written, and the OpenAPI document."""

from __future__ import annotations

import pytest

from market.accounts.models import OrgKind, Role
from market.attestations import ledger
from market.procurement.cases import CaseState
from market.trials.terms import terms_of
from tests.attestations.case_fixtures import PIN
from tests.conftest import reload
from tests.trials.trial_fixtures import TRIAL_START, attest_decision, confirm, record, terms


def terms_json(**changes) -> dict:
    given = terms()
    body = {
        "starts_on": given["starts_on"].isoformat(),
        "ends_on": given["ends_on"].isoformat(),
        "value": "900000.00",
        "acceptance_criteria": given["acceptance_criteria"],
        "kpis": given["kpis"],
        "milestones": [
            {
                "due_on": m["due_on"].isoformat(),
                "amount": str(m["amount_fen"] // 100),
                "description": m["description"],
            }
            for m in given["milestones"]
        ],
        "insurance_policy": None,
        "no_insurance_reason": given["no_insurance_reason"],
        "fallback_plan": given["fallback_plan"],
    }
    return {**body, **changes}


@pytest.fixture
def readers(in_app, people, signers_of, make_org, make_user):
    """A subsidiary's decided case with its decision attested, its buyer, and everyone by
    name: the buyer's roles, its group's officer, another buyer's officer, the selected
    vendor and another vendor."""
    buyer, users = people
    case = signers_of(buyer)
    attest_decision(case, buyer)
    other_vendor = make_user(make_org(kind=OrgKind.VENDOR), roles=(Role.STAFF,))
    return case, buyer, {**users, "other_vendor": other_vendor}


def test_terms_confirmation_and_trial_start_through_the_api(readers, api_client):
    case, _buyer, users = readers
    officer, vendor = api_client(users["officer"]), api_client(users["vendor"])
    assert vendor.get(f"/api/v1/cases/{case.id}/trial/terms").status_code == 404  # none yet

    put = officer.put(f"/api/v1/cases/{case.id}/trial/terms", json=terms_json())
    assert put.status_code == 200, put.json
    assert put.json["revision"] == 1
    assert put.json["confirmed"] is False
    assert put.json["kpis"][0]["target"] == "0.005"
    assert put.json["milestones"][1]["amount"] == "600000.00"

    shown = vendor.get(f"/api/v1/cases/{case.id}/trial/terms")
    assert shown.status_code == 200
    assert shown.json["terms_sha256"] == put.json["terms_sha256"]
    listed = vendor.get("/api/v1/vendor/trials").json
    assert [(i["case_id"], i["confirmed"]) for i in listed["items"]] == [(str(case.id), False)]

    stale = vendor.post(f"/api/v1/cases/{case.id}/trial/confirmation", json={"revision": 2})
    assert stale.status_code == 409
    assert stale.json["error"]["code"] == "stale"
    confirmed = vendor.post(f"/api/v1/cases/{case.id}/trial/confirmation", json={"revision": 1})
    assert confirmed.status_code == 200
    assert confirmed.json["case_state"] == "contracted"
    assert confirmed.json["confirmed"] is True

    started = officer.post(
        f"/api/v1/cases/{case.id}/attestations",
        json={"kind": "trial_start", "pin": PIN, **TRIAL_START},
    )
    assert started.status_code == 201, started.json
    assert reload(case).state == CaseState.TRIAL_RUNNING
    late = officer.put(f"/api/v1/cases/{case.id}/trial/terms", json=terms_json())
    assert late.status_code == 409
    assert late.json["error"]["code"] == "invalid_transition"


# (verb, how it is called) for the matrix; each runs on a case whose terms are recorded.
VERBS = {
    "read": lambda c, case: c.get(f"/api/v1/cases/{case.id}/trial/terms"),
    "record": lambda c, case: c.put(f"/api/v1/cases/{case.id}/trial/terms", json=terms_json()),
    "confirm": lambda c, case: c.post(
        f"/api/v1/cases/{case.id}/trial/confirmation", json={"revision": 1}
    ),
}
# What each person gets: 200 where they may, 403 where they see the trial but the verb is
# another role's, 404 where the case is not theirs to see.
EXPECTED = {
    "officer": {"read": 200, "record": 200, "confirm": 403},
    "requester": {"read": 200, "record": 403, "confirm": 403},
    "approver": {"read": 200, "record": 403, "confirm": 403},
    "auditor": {"read": 200, "record": 403, "confirm": 403},
    "admin": {"read": 200, "record": 403, "confirm": 403},
    "group_officer": {"read": 200, "record": 403, "confirm": 403},
    "vendor": {"read": 200, "record": 403, "confirm": 200},
    "other_officer": {"read": 404, "record": 404, "confirm": 404},
    "other_vendor": {"read": 404, "record": 404, "confirm": 404},
}


@pytest.mark.parametrize("role", sorted(EXPECTED))
def test_the_roles_and_organisations_matrix(role, readers, api_client):
    case, buyer, users = readers
    record(case, buyer)
    for verb, call in VERBS.items():
        before = (terms_of(case).revision, terms_of(case).confirmed, reload(case).state)
        answer = call(api_client(users[role]), case)
        assert answer.status_code == EXPECTED[role][verb], (role, verb, answer.json)
        if answer.status_code != 200:
            after = (terms_of(case).revision, terms_of(case).confirmed, reload(case).state)
            assert after == before, (role, verb)


def test_a_visitor_is_asked_to_sign_in(readers, api_client):
    case, _buyer, _users = readers
    for call in VERBS.values():
        assert call(api_client(None), case).status_code == 401


def test_the_trial_verbs_are_refused_in_the_wrong_state(readers, api_client, vendor_staff):
    case, buyer, users = readers
    record(case, buyer)
    confirm(case, vendor_staff)
    again = api_client(users["vendor"]).post(
        f"/api/v1/cases/{case.id}/trial/confirmation", json={"revision": 1}
    )
    assert again.status_code == 409  # confirmed already
    started = api_client(users["officer"]).post(
        f"/api/v1/cases/{case.id}/attestations",
        json={"kind": "trial_start", "pin": PIN, **TRIAL_START},
    )
    assert started.status_code == 201
    for verb in ("record", "confirm"):
        user = users["officer"] if verb == "record" else users["vendor"]
        answer = VERBS[verb](api_client(user), case)
        assert answer.status_code == 409, (verb, answer.json)


def test_the_trial_start_waits_for_the_vendor_and_logs_nothing_before(readers, api_client):
    case, buyer, users = readers
    record(case, buyer)
    before = ledger.size()
    refused = api_client(users["officer"]).post(
        f"/api/v1/cases/{case.id}/attestations",
        json={"kind": "trial_start", "pin": PIN, **TRIAL_START},
    )
    assert refused.status_code == 409  # the case is decided, not contracted
    assert ledger.size() == before


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kpis": [{**terms()["kpis"][0], "target": 0.005}]}, "kpis"),
        ({"kpis": [{**terms()["kpis"][0], "target": "-"}]}, "kpis"),
        ({"kpis": [{k: v for k, v in terms()["kpis"][0].items() if k != "target"}]}, "kpis"),
        ({"ends_on": "2020-01-01"}, "ends_on"),
        ({"value": "980000.01"}, "value"),
        ({"value": 900000.5}, "value"),
        ({"insurance_policy": "NO-SUCH", "insured_value": "1000"}, "insurance_policy"),
    ],
)
def test_bad_terms_are_refused_by_field(changes, field, readers, api_client):
    case, _buyer, users = readers
    answer = api_client(users["officer"]).put(
        f"/api/v1/cases/{case.id}/trial/terms", json=terms_json(**changes)
    )
    assert answer.status_code == 422, answer.json
    assert field in answer.json["error"]["fields"], answer.json
    assert terms_of(case) is None


def test_only_vendors_list_trials(readers, api_client):
    _case, _buyer, users = readers
    assert api_client(users["officer"]).get("/api/v1/vendor/trials").status_code == 403


def test_the_openapi_document_describes_the_trial(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    assert {"put", "get"} <= set(paths["/api/v1/cases/{case_id}/trial/terms"])
    assert "post" in paths["/api/v1/cases/{case_id}/trial/confirmation"]
    assert "get" in paths["/api/v1/vendor/trials"]
