"""Bad input to each case verb through the API: 422 with the field named, 409 for a stale
copy or a step already taken, and nothing half-written."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from market.core.audit import Actor, AuditEvent
from market.core.db import business_today, db
from market.procurement import deciding, evaluating
from market.procurement.cases import CaseState
from market.procurement.decisions import Attendance, MeetingKind
from market.procurement.evaluation import Criterion, Score
from tests.catalog.api_support import assert_error
from tests.conftest import reload
from tests.procurement.test_case_api import case_body, count_cases, url


def events_of(case) -> int:
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.object_id == str(case.id))
    )


def refused(response, status: int, code: str, field: str | None = None) -> None:
    assert_error(response, status, code)
    if field is not None:
        assert field in response.json["error"]["fields"], response.json


def test_a_need_without_its_facts_is_refused_field_by_field(api_client, buyer):
    client = api_client(buyer.requester)
    body = case_body(
        buyer,
        title="",
        quantity=0,
        budget="-5",
        wanted_by=(business_today() - timedelta(days=1)).isoformat(),
    )
    refused(client.post("/api/v1/cases", json=body), 422, "validation_failed")
    body = case_body(buyer, quantity=0, products=[])
    answer = client.post("/api/v1/cases", json=body)
    refused(answer, 422, "validation_failed")
    assert set(answer.json["error"]["fields"]) == {"quantity", "products"}
    past = case_body(buyer, wanted_by=(business_today() - timedelta(days=1)).isoformat())
    refused(client.post("/api/v1/cases", json=past), 422, "validation_failed", "wanted_by")
    assert count_cases() == 0


def test_another_vendors_draft_version_cannot_be_shortlisted(
    api_client, buyer, make_org, make_user, make_product
):
    from market.accounts.models import OrgKind, Role

    rival = make_org(kind=OrgKind.VENDOR)
    draft = make_product(owner=rival, staff=make_user(rival, roles=(Role.STAFF,)))
    body = case_body(buyer, products=[], versions=[str(draft.working_version_id)])
    answer = api_client(buyer.requester).post("/api/v1/cases", json=body)
    refused(answer, 422, "validation_failed", "versions")
    assert count_cases() == 0


def test_weights_must_add_up_to_100_and_scores_stay_within_0_to_10(api_client, buyer, case_in):
    case = case_in(CaseState.TECHNICAL_EVALUATION)
    officer = api_client(buyer.officer)
    bad = {"criteria": [{"name": "Precision", "weight": 60}, {"name": "Price", "weight": 30}]}
    refused(officer.put(url(case, "/criteria"), json=bad), 422, "validation_failed", "criteria")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Criterion)) == 0
    evaluating.set_criteria(case, Actor(buyer.officer), [{"name": "Precision", "weight": 100}])
    db.session.commit()
    criterion = evaluating.criteria_of(case)[0]
    scores = [
        {"entry": str(case.shortlist[0].id), "criterion": str(criterion.id), "value": 7},
        {"entry": str(case.shortlist[1].id), "criterion": str(criterion.id), "value": 11},
    ]
    answer = officer.put(url(case, "/scores"), json={"scores": scores})
    refused(answer, 422, "validation_failed", "scores")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Score)) == 0
    scores[1]["value"] = 3
    assert officer.put(url(case, "/scores"), json={"scores": scores}).status_code == 200
    # Once scored, the criteria stand.
    again = {"criteria": [{"name": "Service", "weight": 100}]}
    refused(officer.put(url(case, "/criteria"), json=again), 409, "conflict")


def test_a_standard_route_cannot_use_a_green_channel_method(api_client, buyer_factory, case_in):
    unconfigured = buyer_factory(configured=False)
    case = case_in(CaseState.TECHNICAL_EVALUATION, of=unconfigured)
    evaluating.set_criteria(case, Actor(unconfigured.officer), [{"name": "Fit", "weight": 100}])
    criterion = evaluating.criteria_of(case)[0]
    entry = case.shortlist[0]
    evaluating.score(
        case,
        Actor(unconfigured.officer),
        [{"entry_id": entry.id, "criterion_id": criterion.id, "value": 6}],
    )
    db.session.commit()
    officer = api_client(unconfigured.officer)
    body = {"action": "select", "entry": str(entry.id), "selection_reason": "Only fit."}
    answer = officer.post(
        url(case, "/transitions"), json={**body, "method": "cooperative_innovation"}
    )
    refused(answer, 422, "validation_failed", "method")
    assert reload(case).state == CaseState.TECHNICAL_EVALUATION
    shown = officer.post(url(case, "/transitions"), json={**body, "method": "tender"}).json
    assert shown["routing"]["route"] == "standard"
    assert shown["routing"]["checks"][0]["rule"] == "configured"


def test_a_stale_copy_changes_nothing(api_client, buyer, case_in):
    case = case_in(CaseState.REQUESTED)
    read = api_client(buyer.officer).get(url(case)).json["version"]
    api_client(buyer.requester).post(
        url(case, "/transitions"), json={"action": "cancel", "reason": "Budget withdrawn."}
    )
    before = events_of(case)
    answer = api_client(buyer.officer).post(
        url(case, "/transitions"), json={"action": "start_evaluation", "version": read}
    )
    refused(answer, 409, "stale")
    assert reload(case).state == CaseState.CANCELLED
    assert events_of(case) == before


def test_the_meeting_and_the_votes_refuse_what_the_rules_do_not_allow(api_client, buyer, case_in):
    case = case_in(CaseState.COLLECTIVE_DECISION)
    officer = api_client(buyer.officer)
    meeting = {
        "held_on": (business_today() + timedelta(days=1)).isoformat(),
        "kind": "board",
        "attendees": [str(buyer.requester.id)],
    }
    answer = officer.put(url(case, "/meeting"), json=meeting)
    refused(answer, 422, "validation_failed")
    assert set(answer.json["error"]["fields"]) == {"held_on", "attendees"}
    assert deciding.meeting_of(case) is None
    first, second, third, absent = buyer.approvers
    deciding.record_meeting(
        case, Actor(buyer.officer), business_today(), MeetingKind.BOARD, [first.id, second.id]
    )
    db.session.commit()
    # Not attending: neither declares nor votes.
    outsider = api_client(absent)
    refused(
        outsider.post(url(case, "/declarations"), json={"conflict": False}),
        422,
        "validation_failed",
        "approver",
    )
    refused(
        outsider.post(url(case, "/votes"), json={"vote": "approve"}),
        422,
        "validation_failed",
        "approver",
    )
    # A vote before the declaration, a conflict without saying what it is.
    voter = api_client(first)
    refused(
        voter.post(url(case, "/votes"), json={"vote": "approve"}), 422, "validation_failed", "vote"
    )
    refused(
        voter.post(url(case, "/declarations"), json={"conflict": True}),
        422,
        "validation_failed",
        "note",
    )
    assert voter.post(url(case, "/declarations"), json={"conflict": False}).status_code == 201
    refused(
        voter.post(url(case, "/declarations"), json={"conflict": True, "note": "x"}),
        409,
        "conflict",
    )
    refused(
        voter.post(url(case, "/votes"), json={"vote": "maybe"}), 422, "validation_failed", "vote"
    )
    assert voter.post(url(case, "/votes"), json={"vote": "approve"}).status_code == 201
    refused(
        voter.post(url(case, "/votes"), json={"vote": "reject"}), 422, "validation_failed", "vote"
    )
    # Once a vote is cast, the attendance stands.
    refused(
        officer.put(
            url(case, "/meeting"),
            json={**meeting, "held_on": business_today().isoformat(), "attendees": [str(third.id)]},
        ),
        409,
        "conflict",
    )
    votes = db.session.scalars(sa.select(Attendance.vote).order_by(Attendance.position)).all()
    assert [v and v.value for v in votes] == ["approve", None]
