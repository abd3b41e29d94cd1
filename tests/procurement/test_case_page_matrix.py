"""Every form of the case page, posted by every reader who may not use it: 404 across
organisations and for vendors, the sign-in page for a visitor, 403 inside the organisation
(and for the group's readers), and nothing written."""

from __future__ import annotations

import pytest

from market.procurement.case_views import STEPS
from market.procurement.cases import CaseState
from tests.procurement.conftest import written
from tests.procurement.test_case_matrix import OUTSIDERS

S = CaseState
# The state each form is used in, and who may use it.
FORMS = {
    "start": (S.REQUESTED, {"officer"}),
    "criteria": (S.TECHNICAL_EVALUATION, {"officer"}),
    "scores": (S.TECHNICAL_EVALUATION, {"officer", "requester"}),
    "select": (S.TECHNICAL_EVALUATION, {"officer"}),
    "risks": (S.RISK_ASSESSMENT, {"officer"}),
    "position": (S.RISK_ASSESSMENT, {"officer"}),
    "submit-risks": (S.RISK_ASSESSMENT, {"officer"}),
    "meeting": (S.COLLECTIVE_DECISION, {"officer"}),
    "declaration": (S.COLLECTIVE_DECISION, {"approver"}),
    "vote": (S.COLLECTIVE_DECISION, {"approver"}),
    "close": (S.COLLECTIVE_DECISION, {"officer"}),
    "cancel": (S.TECHNICAL_EVALUATION, {"officer", "requester"}),
}


def test_every_form_of_the_page_is_in_the_matrix():
    assert set(FORMS) == set(STEPS)


@pytest.mark.parametrize("step", sorted(FORMS))
def test_each_form_refuses_each_reader_it_is_not_for(step, people, case_in, as_user):
    buyer, users = people
    state, allowed = FORMS[step]
    case = case_in(state, of=buyer)
    before = written(case)
    for role, user in users.items():
        if role in allowed:
            continue
        response = as_user(user).post(f"/cases/{case.id}/{step}", data={f"{step}-reason": "x"})
        expected = {"visitor": 302}.get(role, OUTSIDERS.get(role, 403))
        assert response.status_code == expected, (role, response.status_code)
        assert written(case) == before, role
    page = as_user(users["vendor"]).get(f"/cases/{case.id}")
    assert page.status_code == 404
