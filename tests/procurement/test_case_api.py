"""Cases through /api/v1/cases: the journey, what each reader sees, and what bad input gets."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import sqlalchemy as sa

from market.core.db import business_today, db
from market.procurement.cases import Case, CaseState
from market.procurement.decisions import VoteChoice
from tests.catalog.api_support import assert_error
from tests.procurement.conftest import need


def case_body(buyer, **overrides: Any) -> dict[str, Any]:
    body = {
        **need(),
        "budget": "980000.00",
        "wanted_by": (business_today() + timedelta(days=60)).isoformat(),
        "products": [str(p.id) for p in buyer.products],
        "search_query": "机器人",
        "search_filters": {"category": "equipment"},
        **overrides,
    }
    body.pop("budget_fen")
    return body


def count_cases() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Case))


def test_a_requester_raises_a_case_and_the_officer_takes_it_up(api_client, buyer):
    response = api_client(buyer.requester).post("/api/v1/cases", json=case_body(buyer))
    assert response.status_code == 201, response.json
    shown = response.json
    assert shown["state"] == "requested"
    assert shown["budget"] == "980000.00"
    assert [e["name"] for e in shown["shortlist"]] == ["工业机器人1", "工业机器人2"]
    assert shown["config_version"] == 1
    assert shown["actions"] == ["cancel"]
    officer = api_client(buyer.officer)
    assert officer.get(f"/api/v1/cases/{shown['id']}").json["actions"] == [
        "start_evaluation",
        "cancel",
    ]
    moved = officer.post(
        f"/api/v1/cases/{shown['id']}/transitions",
        json={"action": "start_evaluation", "version": shown["version"]},
    )
    assert moved.status_code == 200, moved.json
    assert moved.json["state"] == "technical_evaluation"
    assert moved.json["officer"] == buyer.officer.name


def test_a_budget_of_zero_and_a_draft_are_refused_by_field_and_nothing_is_written(
    api_client, buyer, make_product
):
    draft = make_product()
    body = case_body(buyer, budget="0", products=[str(draft.id)])
    response = api_client(buyer.requester).post("/api/v1/cases", json=body)
    assert_error(response, 422, "validation_failed")
    assert set(response.json["error"]["fields"]) >= {"budget", "products"}
    assert count_cases() == 0


def url(case, tail: str = "") -> str:
    return f"/api/v1/cases/{case.id}{tail}"


def test_the_whole_decision_through_the_api(api_client, buyer, case_in, vendor_staff):
    case = case_in(CaseState.TECHNICAL_EVALUATION)
    officer, requester = api_client(buyer.officer), api_client(buyer.requester)
    shown = officer.put(
        url(case, "/criteria"),
        json={"criteria": [{"name": "Precision", "weight": 70}, {"name": "Price", "weight": 30}]},
    ).json
    criteria = [c["id"] for c in shown["criteria"]]
    entries = [e["id"] for e in shown["shortlist"]]
    for client, values in ((officer, (9, 5)), (requester, (7, 5))):
        scores = [
            {"entry": entry, "criterion": criterion, "value": value - offset, "comment": "ok"}
            for offset, entry in enumerate(entries)
            for criterion, value in zip(criteria, values, strict=True)
        ]
        assert client.put(url(case, "/scores"), json={"scores": scores}).status_code == 200
    shown = officer.get(url(case)).json
    # Precision (8 mean) × 70 + price (5) × 30, out of 100: 71.0; the second one point lower.
    assert [e["total"] for e in shown["shortlist"]] == ["71.0", "61.0"]
    shown = officer.post(
        url(case, "/transitions"),
        json={
            "action": "select",
            "version": shown["version"],
            "entry": entries[0],
            "method": "cooperative_innovation",
            "selection_reason": "Highest weighted total.",
        },
    ).json
    assert shown["state"] == "risk_assessment"
    assert shown["routing"]["route"] == "green_channel"
    assert shown["routing"]["checks"][1]["text"].startswith("Designation: 工信部装函")
    officer.post(
        url(case, "/risks"),
        json={
            "description": "Calibration drifts",
            "likelihood": 3,
            "impact": 3,
            "mitigation": "Weekly calibration by the vendor.",
            "owner": "Quality department",
        },
    )
    officer.put(
        url(case, "/position"),
        json={"no_insurance_reason": "Covered by the guarantee.", "fallback_supply": "Old line."},
    )
    shown = officer.post(url(case, "/transitions"), json={"action": "submit_risks"}).json
    assert shown["state"] == "collective_decision"
    first, second, third, _fourth = buyer.approvers
    shown = officer.put(
        url(case, "/meeting"),
        json={
            "held_on": business_today().isoformat(),
            "kind": "general_managers_office",
            "attendees": [str(a.id) for a in (first, second, third)],
        },
    ).json
    assert [a["name"] for a in shown["meeting"]["attendees"]] == [first.name] * 3
    conflicted = api_client(third)
    answer = conflicted.post(
        url(case, "/declarations"), json={"conflict": True, "note": "My brother works there."}
    )
    assert answer.status_code == 201
    refused = conflicted.post(url(case, "/votes"), json={"vote": "approve"})
    assert_error(refused, 422, "validation_failed")
    assert "vote" in refused.json["error"]["fields"]
    for approver, choice in ((first, "approve"), (second, "reject")):
        client = api_client(approver)
        client.post(url(case, "/declarations"), json={"conflict": False})
        assert client.post(url(case, "/votes"), json={"vote": choice}).status_code == 201
    # Before the close, one approver cannot read how the other voted, nor the counts.
    seen = api_client(first).get(url(case)).json
    votes = {a["approver_id"]: a["vote"] for a in seen["meeting"]["attendees"]}
    assert votes == {str(first.id): "approve", str(second.id): None, str(third.id): None}
    assert seen["tally"]["approve"] is None
    assert seen["tally"]["eligible"] == 2
    # Three present (the conflicted one counts towards the quorum, not the votes): one approve
    # of two cast is no simple majority.
    closed = officer.post(url(case, "/transitions"), json={"action": "close_vote"}).json
    assert closed["state"] == "declined"
    assert closed["tally"]["present"] == 3
    assert closed["tally"]["cast"] == 2
    assert closed["tally"]["passed"] is False
    assert {a["vote"] for a in closed["meeting"]["attendees"]} == {"approve", "reject", None}


def test_a_meeting_without_a_quorum_cannot_close(api_client, buyer, case_in):
    case = case_in(CaseState.COLLECTIVE_DECISION)
    first, second = buyer.approvers[:2]
    api_client(buyer.officer).put(
        url(case, "/meeting"),
        json={
            "held_on": business_today().isoformat(),
            "kind": "board",
            "attendees": [str(first.id), str(second.id)],
        },
    )
    for approver in (first, second):
        client = api_client(approver)
        client.post(url(case, "/declarations"), json={"conflict": False})
        client.post(url(case, "/votes"), json={"vote": "approve"})
    refused = api_client(buyer.officer).post(
        url(case, "/transitions"), json={"action": "close_vote"}
    )
    assert_error(refused, 422, "validation_failed")
    assert "at least 3 approvers must attend, 2 did" in refused.json["error"]["message"]
    assert api_client(buyer.officer).get(url(case)).json["state"] == "collective_decision"


def test_a_quorate_vote_closes_and_the_vendor_sees_only_its_selection(
    api_client, buyer, case_in, vendor_staff
):
    case = case_in(CaseState.DECIDED)
    shown = api_client(buyer.auditor).get(url(case)).json
    assert shown["state"] == "decided"
    assert shown["tally"]["passed"] is True
    assert {a["vote"] for a in shown["meeting"]["attendees"]} == {"approve"}
    vendor_view = api_client(vendor_staff)
    assert_error(vendor_view.get(url(case)), 404, "not_found")
    items = vendor_view.get("/api/v1/vendor/shortlistings").json["items"]
    assert sorted((i["name"], i["selected"]) for i in items) == [
        ("工业机器人1", True),
        ("工业机器人2", False),
    ]
    assert set(items[0]) == {
        "buyer",
        "product_id",
        "version_id",
        "version_number",
        "name",
        "shortlisted_at",
        "selected",
    }


def test_a_decided_case_counts_against_the_reserved_share(api_client, as_user, buyer, case_in):
    green = f"/api/v1/organisations/{buyer.org.id}/green-channel"
    assert api_client(buyer.admin).get(green).json["committed_this_year"] == "0.00"
    case_in(CaseState.DECIDED)
    case_in(CaseState.DECLINED, votes=(VoteChoice.REJECT,) * 3)  # declined: commits nothing
    assert api_client(buyer.admin).get(green).json["committed_this_year"] == "980000.00"
    page = as_user(buyer.admin).get(f"/organisations/{buyer.org.id}/green-channel").text
    assert "¥980,000.00 of ¥30,000,000.00 reserved" in page


def test_the_openapi_document_describes_every_case_endpoint(client):
    paths = client.get("/api/v1/openapi.json").json["paths"]
    for path, methods in {
        "/api/v1/cases": {"get", "post"},
        "/api/v1/cases/{case_id}": {"get"},
        "/api/v1/cases/{case_id}/transitions": {"post"},
        "/api/v1/cases/{case_id}/criteria": {"put"},
        "/api/v1/cases/{case_id}/scores": {"put"},
        "/api/v1/cases/{case_id}/risks": {"post"},
        "/api/v1/cases/{case_id}/risks/{risk_id}": {"delete"},
        "/api/v1/cases/{case_id}/position": {"put"},
        "/api/v1/cases/{case_id}/meeting": {"put"},
        "/api/v1/cases/{case_id}/declarations": {"post"},
        "/api/v1/cases/{case_id}/votes": {"post"},
        "/api/v1/me/tasks": {"get"},
        "/api/v1/vendor/shortlistings": {"get"},
    }.items():
        assert methods <= set(paths[path]), path
    transition = paths["/api/v1/cases/{case_id}/transitions"]["post"]
    body = transition["requestBody"]["content"]["application/json"]["schema"]
    assert body  # generated from CaseTransitionSchema, not written by hand
