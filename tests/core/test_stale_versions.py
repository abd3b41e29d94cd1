"""A decision taken on an older copy changes nothing: every object with a state carries its
version to the page's forms (a hidden field) and to the API (``version`` in GET, sent back with
a transition). A different version is refused with 409 ``stale``, before the state is looked at,
and nothing is written; a form or call without it is judged on the state alone, as before."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from market.accounts import name_changes, services
from market.accounts.models import OrgKind, OrgStatus, Role
from market.catalog import services as listings
from market.catalog.models import ListingState
from market.core.audit import Actor, AuditEvent
from market.core.db import db
from tests.conftest import reload

REASON = "Complaint under investigation."


def count_events(verb: str, obj) -> int:
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.verb == verb, AuditEvent.object_id == str(obj.id))
    )


def hidden_version(html: str, action_path: str) -> int:
    """The version a form posting to ``action_path`` carries."""
    form = re.search(rf'action="[^"]*{re.escape(action_path)}[^"]*".*?</form>', html, re.S)
    assert form, f"no form posting to {action_path}"
    found = re.search(
        r'name="(?:\w+-)?version"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="(?:\w+-)?version"',
        form[0],
    )
    assert found, f"the form to {action_path} carries no version"
    return int(found[1] or found[2])


# -- the API -------------------------------------------------------------------------------------


def test_an_organisation_reads_with_its_version_and_the_actions_offered(
    api_client, make_org, operator_admin
):
    pending = make_org(kind=OrgKind.VENDOR, status=OrgStatus.PENDING)

    body = api_client(operator_admin).get(f"/api/v1/organisations/{pending.id}").json

    assert body["version"] == pending.lock_version
    assert body["actions"] == ["approve", "reject"]


def test_a_transition_sent_with_an_old_version_is_stale_and_writes_nothing(
    api_client, make_org, operator_admin
):
    pending = make_org(kind=OrgKind.VENDOR, status=OrgStatus.PENDING)
    client = api_client(operator_admin)
    read = client.get(f"/api/v1/organisations/{pending.id}").json["version"]
    # A colleague approves it meanwhile.
    services.approve_organisation(pending, Actor(user=operator_admin))
    db.session.commit()

    response = client.post(
        f"/api/v1/organisations/{pending.id}/transitions",
        json={"action": "suspend", "reason": REASON, "version": read},
    )

    assert response.status_code == 409, response.text
    assert response.json["error"]["code"] == "stale"
    assert reload(pending).status == OrgStatus.ACTIVE
    assert count_events("organisation.suspend", pending) == 0
    # With the version it reads now, the same call goes through.
    fresh = client.get(f"/api/v1/organisations/{pending.id}").json["version"]
    response = client.post(
        f"/api/v1/organisations/{pending.id}/transitions",
        json={"action": "suspend", "reason": REASON, "version": fresh},
    )
    assert response.status_code == 200, response.text
    assert response.json["status"] == "suspended"
    assert response.json["actions"] == ["reinstate"]


def test_a_version_that_is_not_a_positive_number_is_a_field_error(
    api_client, make_org, operator_admin
):
    pending = make_org(kind=OrgKind.VENDOR, status=OrgStatus.PENDING)
    response = api_client(operator_admin).post(
        f"/api/v1/organisations/{pending.id}/transitions",
        json={"action": "approve", "version": "latest"},
    )
    assert response.status_code == 422, response.text
    assert "version" in response.json["error"]["fields"]
    assert reload(pending).status == OrgStatus.PENDING


def test_a_listing_transition_with_an_old_version_is_stale(api_client, make_product, reviewer):
    product = make_product(ListingState.PUBLISHED)
    client = api_client(reviewer)
    listing = client.get(f"/api/v1/products/{product.id}").json
    assert "suspend" in listing["actions"]
    listings.suspend(product, REASON, Actor(user=reviewer))
    listings.reinstate(product, Actor(user=reviewer))
    db.session.commit()  # suspended and reinstated by a colleague: published again, but moved on

    response = client.post(
        f"/api/v1/products/{product.id}/transitions",
        json={"action": "delist", "reason": REASON, "version": listing["version"]},
    )

    assert response.status_code == 409, response.text
    assert response.json["error"]["code"] == "stale"
    assert reload(product).state == ListingState.PUBLISHED
    assert count_events("product.delisted", product) == 0


def test_a_vendor_is_offered_only_its_own_actions(api_client, make_product, vendor_staff):
    draft = make_product()
    body = api_client(vendor_staff).get(f"/api/v1/products/{draft.id}").json
    assert body["actions"] == ["submit", "withdraw"]


# -- the pages -----------------------------------------------------------------------------------


def test_a_stale_tab_cannot_reject_an_organisation_a_colleague_approved(
    as_user, make_org, operator_admin
):
    pending = make_org(kind=OrgKind.VENDOR, status=OrgStatus.PENDING)
    tab = as_user(operator_admin)
    page = tab.get("/operator/organisations?status=pending").get_data(as_text=True)
    read = hidden_version(page, f"/operator/organisations/{pending.id}/reject")
    services.approve_organisation(pending, Actor(user=operator_admin))
    db.session.commit()

    response = tab.post(
        f"/operator/organisations/{pending.id}/reject", data={"reason": REASON, "version": read}
    )

    assert response.status_code == 409
    assert "This changed after you opened it" in response.get_data(as_text=True)
    assert reload(pending).status == OrgStatus.ACTIVE
    assert count_events("organisation.reject", pending) == 0


def test_a_stale_tab_cannot_decide_a_name_change_twice(
    as_user, make_org, make_user, operator_admin
):
    org = make_org(kind=OrgKind.VENDOR)
    admin = make_user(org, roles=(Role.ADMIN,))
    change = name_changes.request_name_change(
        org,
        name_zh="新名字有限公司",
        name_en="New Name Co., Ltd.",
        note="Renamed.",
        actor=Actor(user=admin),
    )
    db.session.commit()
    tab = as_user(operator_admin)
    page = tab.get("/operator/organisations").get_data(as_text=True)
    read = hidden_version(page, f"/operator/name-changes/{change.id}/approve")
    name_changes.decline_name_change(change, "Not registered yet.", Actor(user=operator_admin))
    db.session.commit()

    response = tab.post(f"/operator/name-changes/{change.id}/approve", data={"version": read})

    assert response.status_code == 409
    assert reload(org).name_en != "New Name Co., Ltd."


@pytest.mark.parametrize("action", ["suspend", "delist"])
def test_the_product_page_carries_the_version_and_a_stale_one_is_refused(
    as_user, make_product, reviewer, action
):
    product = make_product(ListingState.PUBLISHED)
    tab = as_user(reviewer)
    page = tab.get(f"/products/{product.id}").get_data(as_text=True)
    read = hidden_version(page, f"/products/{product.id}/actions/{action}")
    assert read == product.lock_version
    listings.suspend(product, REASON, Actor(user=reviewer))
    listings.reinstate(product, Actor(user=reviewer))
    db.session.commit()

    response = tab.post(
        f"/products/{product.id}/actions/{action}",
        data={f"{action}-reason": REASON, f"{action}-version": read},
    )

    assert response.status_code == 409
    assert reload(product).state == ListingState.PUBLISHED


def test_a_form_whose_version_is_not_a_number_is_refused_not_applied_blind(
    as_user, make_org, operator_admin
):
    pending = make_org(kind=OrgKind.VENDOR, status=OrgStatus.PENDING)

    response = as_user(operator_admin).post(
        f"/operator/organisations/{pending.id}/approve", data={"version": "3abc"}
    )

    assert response.status_code == 409
    assert reload(pending).status == OrgStatus.PENDING
    assert count_events("organisation.approve", pending) == 0
