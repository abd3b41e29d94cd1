"""The case pages without JavaScript: raising a case from a product, each verb's form (a
refused one comes back at 422 with its message, nothing saved), who sees which page and form,
the list's filters, the home page's tasks and a vendor's shortlistings."""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa

from market.accounts.models import OrgKind, Role
from market.core.db import business_today, db
from market.procurement import evaluating
from market.procurement.cases import Case, CaseState
from tests.conftest import reload


def page_of(client, case):
    return client.get(f"/cases/{case.id}")


def post(client, case, step: str, data: dict) -> object:
    return client.post(f"/cases/{case.id}/{step}", data=data)


def test_a_requester_raises_a_case_from_a_product_page(as_user, buyer):
    client = as_user(buyer.requester)
    product = buyer.products[0]
    page = client.get(f"/products/{product.id}").get_data(as_text=True)
    assert f"/cases/new?products={product.id}" in page
    form = client.get(f"/cases/new?products={product.id}").get_data(as_text=True)
    assert "工业机器人1" in form
    need = {
        "title": "Welding robots",
        "description": "Two cells for the body shop.",
        "quantity": "2",
        "budget": "¥1,200,000",
        "delivery_site": "Changchun plant",
        "wanted_by": (business_today() + timedelta(days=30)).isoformat(),
        "products": str(product.id),
    }
    refused = client.post("/cases/new", data={**need, "budget": "0"})
    assert refused.status_code == 422
    assert "The budget must be more than ¥0." in refused.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Case)) == 0
    answer = client.post("/cases/new", data=need)
    assert answer.status_code == 302
    case = db.session.scalars(sa.select(Case)).one()
    assert case.budget_fen == 120_000_000
    assert [e.product_id for e in case.shortlist] == [product.id]
    shown = client.get(answer.location).get_data(as_text=True)
    assert "Welding robots" in shown
    assert 'id="cancel-form"' in shown  # the raiser may cancel
    assert 'id="start-form"' not in shown  # only officers take a case up


def test_the_officer_takes_the_case_through_every_form(as_user, buyer, case_in):
    case = case_in(CaseState.REQUESTED)
    officer, requester = as_user(buyer.officer), as_user(buyer.requester)
    version = reload(case).lock_version
    assert post(officer, case, "start", {"start-version": version}).status_code == 302
    refused = post(
        officer,
        case,
        "criteria",
        {"criteria-rows-0-name": "Precision", "criteria-rows-0-weight": "90"},
    )
    assert refused.status_code == 422
    assert "they must add up to 100" in refused.get_data(as_text=True)
    answer = post(
        officer,
        case,
        "criteria",
        {
            "criteria-rows-0-name": "Precision",
            "criteria-rows-0-weight": "60",
            "criteria-rows-1-name": "Service",
            "criteria-rows-1-weight": "40",
        },
    )
    assert answer.status_code == 302
    criteria = evaluating.criteria_of(case)
    for client, value in ((officer, "8"), (requester, "6")):
        scores = {f"score-{e.id}-{c.id}": value for e in reload(case).shortlist for c in criteria}
        assert post(client, case, "scores", scores).status_code == 302
    page = page_of(officer, case).get_data(as_text=True)
    assert re.search(r'data-total="[^"]+">70.0<', page)
    entry = reload(case).shortlist[0]
    answer = post(
        officer,
        case,
        "select",
        {
            "select-entry": str(entry.id),
            "select-method": "single_source",
            "select-selection_reason": "Best scores.",
            "select-version": reload(case).lock_version,
        },
    )
    assert answer.status_code == 302
    page = page_of(officer, case).get_data(as_text=True)
    assert 'data-rule="designation"' in page
    assert "Designation: 工信部装函〔2024〕123号" in page
    refused = post(
        officer, case, "submit-risks", {"submit-risks-version": reload(case).lock_version}
    )
    assert refused.status_code == 422
    assert "Register at least one risk." in refused.get_data(as_text=True)
    post(
        officer,
        case,
        "risks",
        {
            "risks-description": "Gripper wear",
            "risks-likelihood": "3",
            "risks-impact": "2",
            "risks-mitigation": "Spare grippers.",
            "risks-owner": "Maintenance",
        },
    )
    post(
        officer,
        case,
        "position",
        {
            "position-insurance_policy": "",
            "position-no_insurance_reason": "Guarantee covers it.",
            "position-fallback_supply": "Manual welding.",
            "position-version": reload(case).lock_version,
        },
    )
    assert (
        post(
            officer, case, "submit-risks", {"submit-risks-version": reload(case).lock_version}
        ).status_code
        == 302
    )
    first, second, third, _ = buyer.approvers
    post(
        officer,
        case,
        "meeting",
        {
            "meeting-held_on": business_today().isoformat(),
            "meeting-kind": "board",
            "meeting-attendees": [str(a.id) for a in (first, second, third)],
            "meeting-version": reload(case).lock_version,
        },
    )
    conflicted = as_user(third)
    refused = post(conflicted, case, "declaration", {"declaration-conflict": "yes"})
    assert refused.status_code == 422
    assert "Say what the conflict of interest is." in refused.get_data(as_text=True)
    post(
        conflicted,
        case,
        "declaration",
        {"declaration-conflict": "yes", "declaration-note": "Shares."},
    )
    assert 'id="vote-form"' not in page_of(conflicted, case).get_data(as_text=True)
    for approver, vote in ((first, "approve"), (second, "approve")):
        client = as_user(approver)
        post(client, case, "declaration", {"declaration-conflict": "no"})
        assert post(client, case, "vote", {"vote-vote": vote}).status_code == 302
    # Others' votes stay hidden until the close.
    seen = page_of(as_user(first), case).get_data(as_text=True)
    assert seen.count('data-vote="hidden"') == 1
    assert (
        post(officer, case, "close", {"close-version": reload(case).lock_version}).status_code
        == 302
    )
    page = page_of(as_user(second), case).get_data(as_text=True)
    assert 'data-state="decided"' in page
    assert page.count('data-vote="approve"') == 2  # shown to all once closed
    assert "2 approve, 0 reject, 0 abstain" in page


def test_case_pages_are_404_across_organisations_and_read_only_for_the_group(
    as_user, buyer_factory, make_org, make_user, case_in, vendor_staff
):
    group = make_org(kind=OrgKind.BUYER)
    subsidiary = buyer_factory(parent=group)
    case = case_in(CaseState.REQUESTED, of=subsidiary)
    group_officer = make_user(group, roles=(Role.OFFICER,))
    outsider = make_user(make_org(kind=OrgKind.BUYER), roles=(Role.OFFICER,))
    shown = page_of(as_user(group_officer), case)
    assert shown.status_code == 200
    assert f'action="/cases/{case.id}/' not in shown.get_data(as_text=True)
    assert post(as_user(group_officer), case, "start", {}).status_code == 403
    for user in (outsider, vendor_staff):
        assert page_of(as_user(user), case).status_code == 404
        assert post(as_user(user), case, "start", {}).status_code == 404
    assert as_user(vendor_staff).get("/cases").status_code == 404
    assert page_of(as_user(None), case).status_code == 302  # to sign in
    listed = as_user(group_officer).get("/cases").get_data(as_text=True)
    assert f'data-case="{case.id}"' in listed
    assert f'data-case="{case.id}"' not in as_user(outsider).get("/cases").get_data(as_text=True)


def test_the_list_filters_and_the_home_page_lists_tasks(as_user, buyer, case_in):
    requested = case_in(CaseState.REQUESTED)
    evaluating_case = case_in(CaseState.TECHNICAL_EVALUATION)
    officer = as_user(buyer.officer)
    listed = officer.get("/cases?state=requested").get_data(as_text=True)
    assert f'data-case="{requested.id}"' in listed
    assert f'data-case="{evaluating_case.id}"' not in listed
    home = officer.get("/").get_data(as_text=True)
    assert 'data-task="start"' in home
    assert f"/cases/{requested.id}" in home
    approver_home = as_user(buyer.approvers[0]).get("/").get_data(as_text=True)
    assert 'id="no-tasks"' in approver_home


def test_a_vendor_sees_its_shortlistings_and_nothing_else(as_user, buyer, case_in, vendor_staff):
    case_in(CaseState.DECIDED)
    page = as_user(vendor_staff).get("/vendor/shortlistings").get_data(as_text=True)
    assert page.count('data-selected="1"') == 1
    assert page.count('data-selected="0"') == 1
    assert buyer.org.name_en in page
    assert "Spindle" not in page  # the risk register stays with the buyer
    assert as_user(buyer.officer).get("/vendor/shortlistings").status_code == 404


def test_the_audit_log_names_and_links_the_case(as_user, buyer, case_in):
    case = case_in(CaseState.TECHNICAL_EVALUATION)
    log = as_user(buyer.admin).get(f"/organisations/{buyer.org.id}/audit").get_data(as_text=True)
    assert "Technical evaluation started" in log
    assert f'href="/cases/{case.id}"' in log
    assert f"Case {case.number}: {case.title}" in log
