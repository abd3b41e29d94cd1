"""Every verb of a case, tried through the API by every role and from every wrong state: 404
across organisations, 401 for a visitor, 403 for a role inside the organisation (and for its
group's readers, who only read), 409 for the wrong state, and nothing written when refused."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pytest

from market.core.audit import Actor
from market.core.db import business_today, db
from market.procurement import assessing, deciding, evaluating
from market.procurement.cases import Case, CaseState
from market.procurement.decisions import MeetingKind
from tests.conftest import reload
from tests.procurement.conftest import written

S = CaseState
# The states ``case_in`` reaches through part 1's verbs; the trial's states (which need signed
# attestations) are covered by tests/trials/test_trial_matrix.py.
TRIAL_STATES = {S.CONTRACTED, S.TRIAL_RUNNING, S.ACCEPTED, S.FAILED, S.TERMINATED, S.CLOSED}
DECISION_STATES = [s for s in CaseState if s not in TRIAL_STATES]
READERS_ONLY = ("requester", "officer", "approver", "auditor", "admin", "group_officer")
OUTSIDERS = {"other_officer": 404, "vendor": 404, "visitor": 401}


@dataclass(frozen=True)
class Verb:
    name: str
    state: CaseState
    allowed: frozenset[str]
    request: Callable[[Any, Case], Any]  # (client, case) -> response
    prepare: Callable[[Case, Any], None] = lambda case, buyer: None
    success: int = 200


def _criteria(case: Case, buyer: Any) -> None:
    evaluating.set_criteria(case, Actor(buyer.officer), [{"name": "Precision", "weight": 100}])


def _meeting(case: Case, buyer: Any) -> None:
    deciding.record_meeting(
        case,
        Actor(buyer.officer),
        business_today(),
        MeetingKind.BOARD,
        [a.id for a in buyer.approvers[:3]],
    )


def _declared(case: Case, buyer: Any) -> None:
    _meeting(case, buyer)
    deciding.declare(case, Actor(buyer.approvers[0]), False)


def _scores(case: Case) -> dict[str, Any]:
    criteria = evaluating.criteria_of(case)
    return {
        "scores": [
            {"entry": str(e.id), "criterion": str(criteria[0].id), "value": 7}
            for e in case.shortlist
        ]
        if criteria
        else [{"entry": str(case.shortlist[0].id), "criterion": str(case.id), "value": 7}]
    }


def _transition(action: str, **body: Any) -> Callable[[Any, Case], Any]:
    def send(client: Any, case: Case) -> Any:
        extra = {"entry": str(case.shortlist[0].id)} if action == "select" else {}
        return client.post(
            f"/api/v1/cases/{case.id}/transitions", json={"action": action, **extra, **body}
        )

    return send


def _scored_by_all(case: Case, buyer: Any) -> None:
    _criteria(case, buyer)
    entry, criterion = case.shortlist[0], evaluating.criteria_of(case)[0]
    evaluating.score(
        case,
        Actor(buyer.officer),
        [{"entry_id": entry.id, "criterion_id": criterion.id, "value": 8}],
    )


def _assessed(case: Case, buyer: Any) -> None:
    assessing.add_risk(case, Actor(buyer.officer), RISK)
    assessing.set_position(case, Actor(buyer.officer), None, "Guarantee.", "Old line.")


OFFICER = frozenset({"officer"})
RISK = {
    "description": "Late delivery",
    "likelihood": 2,
    "impact": 3,
    "mitigation": "Penalty clause.",
    "owner": "Procurement",
}

VERBS = (
    Verb("start_evaluation", S.REQUESTED, OFFICER, _transition("start_evaluation")),
    Verb(
        "criteria",
        S.TECHNICAL_EVALUATION,
        OFFICER,
        lambda c, case: c.put(
            f"/api/v1/cases/{case.id}/criteria",
            json={"criteria": [{"name": "Service", "weight": 100}]},
        ),
    ),
    Verb(
        "scores",
        S.TECHNICAL_EVALUATION,
        frozenset({"officer", "requester"}),
        lambda c, case: c.put(f"/api/v1/cases/{case.id}/scores", json=_scores(case)),
        _criteria,
    ),
    Verb(
        "select",
        S.TECHNICAL_EVALUATION,
        OFFICER,
        _transition("select", method="single_source", selection_reason="Best."),
        _scored_by_all,
    ),
    Verb(
        "risk",
        S.RISK_ASSESSMENT,
        OFFICER,
        lambda c, case: c.post(f"/api/v1/cases/{case.id}/risks", json=RISK),
        success=201,
    ),
    Verb(
        "position",
        S.RISK_ASSESSMENT,
        OFFICER,
        lambda c, case: c.put(
            f"/api/v1/cases/{case.id}/position",
            json={"no_insurance_reason": "Guarantee.", "fallback_supply": "Old line."},
        ),
    ),
    Verb("submit_risks", S.RISK_ASSESSMENT, OFFICER, _transition("submit_risks"), _assessed),
    Verb(
        "meeting",
        S.COLLECTIVE_DECISION,
        OFFICER,
        lambda c, case: c.put(
            f"/api/v1/cases/{case.id}/meeting",
            json={
                "held_on": business_today().isoformat(),
                "kind": "board",
                "attendees": [str(a.approver_id) for a in _attendees(case)]
                or [str(case.raised_by_id)],
            },
        ),
        _meeting,
    ),
    Verb(
        "declaration",
        S.COLLECTIVE_DECISION,
        frozenset({"approver"}),
        lambda c, case: c.post(f"/api/v1/cases/{case.id}/declarations", json={"conflict": False}),
        _meeting,
        201,
    ),
    Verb(
        "vote",
        S.COLLECTIVE_DECISION,
        frozenset({"approver"}),
        lambda c, case: c.post(f"/api/v1/cases/{case.id}/votes", json={"vote": "approve"}),
        _declared,
        201,
    ),
    Verb(
        "cancel",
        S.TECHNICAL_EVALUATION,
        frozenset({"officer", "requester"}),
        _transition("cancel", reason="No longer needed."),
    ),
)


def _attendees(case: Case) -> list[Any]:
    meeting = deciding.meeting_of(case)
    return meeting.attendances if meeting else []


@pytest.mark.parametrize("verb", VERBS, ids=lambda verb: verb.name)
def test_each_verb_answers_each_role(verb, people, case_in, api_client):
    buyer, users = people
    case = case_in(verb.state, of=buyer)
    verb.prepare(case, buyer)
    db.session.commit()
    before = written(case)
    for role, user in users.items():
        if role in verb.allowed:
            continue
        expected = OUTSIDERS.get(role, 403)
        response = verb.request(api_client(user), case)
        assert response.status_code == expected, (role, response.json)
        assert response.json["error"]["code"] in {"forbidden", "not_found", "unauthenticated"}
        assert written(case) == before, role
    for role in sorted(verb.allowed):
        response = verb.request(api_client(users[role]), reload(case))
        assert response.status_code == verb.success, (role, response.json)
        assert written(case) != before
        if verb.name != "cancel":
            break  # a verb done once: the next allowed role would find it done
        case = case_in(verb.state, of=buyer)
        before = written(case)


@pytest.mark.parametrize("verb", VERBS, ids=lambda verb: verb.name)
def test_each_verb_is_refused_from_every_other_state(verb, people, case_in, api_client):
    buyer, users = people
    role = sorted(verb.allowed)[0]
    wrong = [s for s in DECISION_STATES if s != verb.state]
    if verb.name == "cancel":
        wrong = [S.DECIDED, S.DECLINED, S.CANCELLED]
    for state in wrong:
        case = case_in(state, of=buyer)
        before = written(case)
        response = verb.request(api_client(users[role]), case)
        assert response.status_code == 409, (state, response.json)
        assert response.json["error"]["code"] == "invalid_transition"
        assert written(case) == before, state


def test_a_group_reads_its_subsidiarys_cases_and_others_do_not(people, case_in, api_client):
    buyer, users = people
    case = case_in(S.REQUESTED, of=buyer)
    listed = {
        role: [item["id"] for item in api_client(user).get("/api/v1/cases").json["items"]]
        for role, user in users.items()
        if user is not None and role != "vendor"
    }
    for role in READERS_ONLY:
        assert listed[role] == [str(case.id)], role
    assert listed["other_officer"] == []
    assert api_client(users["group_officer"]).get(f"/api/v1/cases/{case.id}").json["actions"] == []
