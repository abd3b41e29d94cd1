"""The operator suspends an organisation (a vendor found misrepresenting its evidence, say): its
members keep their accounts but lose their roles, a vendor's listings leave the catalogue and
search at once, and reinstating it brings them back. In the API and on the operator's pages."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from market.accounts.models import OrgKind, OrgStatus, Role
from market.core.audit import AuditEvent
from market.core.db import db
from tests.catalog.api_support import equipment_body
from tests.conftest import reload
from tests.discovery.conftest import found_ids

REASON = "Its test report was found to be forged."


def transition(client, org, **body):
    return client.post(f"/api/v1/organisations/{org.id}/transitions", json=body)


def public_ids(client) -> set[str]:
    return {item["id"] for item in client.get("/api/v1/products").json["items"]}


def search_ids(client, text="robot") -> set[str]:
    return {hit["id"] for hit in client.get(f"/api/v1/search?q={text}").json["hits"]}


def test_a_suspended_vendor_leaves_catalogue_and_search_and_returns_when_reinstated(
    api_client, client, operator_admin, vendor, robot, index
):
    product_id = str(robot.id)
    assert product_id in public_ids(client)
    assert product_id in search_ids(client)
    assert client.get(f"/products/{product_id}").status_code == 200

    suspended = transition(api_client(operator_admin), vendor, action="suspend", reason=REASON)

    assert suspended.status_code == 200, suspended.text
    assert suspended.json["status"] == "suspended"
    assert suspended.json["suspension_reason"] == REASON
    assert product_id not in public_ids(client)
    assert client.get(f"/api/v1/products/{product_id}").status_code == 404
    assert client.get(f"/products/{product_id}").status_code == 404
    assert product_id not in search_ids(client)
    assert product_id not in found_ids(index, "robot")  # the drain after the request removed it
    event = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.verb == "organisation.suspend")
    ).one()
    assert event.after["reason"] == REASON

    reinstated = transition(api_client(operator_admin), vendor, action="reinstate")

    assert reinstated.status_code == 200, reinstated.text
    assert reinstated.json["suspension_reason"] is None
    assert product_id in public_ids(client)
    assert product_id in search_ids(client)


def test_search_hides_a_suspended_vendor_even_before_the_index_catches_up(
    client, vendor, robot, index
):
    vendor.status, vendor.suspension_reason = OrgStatus.SUSPENDED, REASON  # no drain has run
    db.session.commit()

    assert str(robot.id) in found_ids(index, "robot")
    assert str(robot.id) not in search_ids(client)
    assert "data-product" not in client.get("/search?q=robot").get_data(as_text=True)


def test_members_of_a_suspended_vendor_lose_their_roles_but_see_why(
    api_client, as_user, operator_admin, vendor, vendor_staff, robot
):
    transition(api_client(operator_admin), vendor, action="suspend", reason=REASON)

    staff = api_client(vendor_staff)
    assert staff.get("/api/v1/me").json["organisation"]["suspension_reason"] == REASON
    assert staff.post("/api/v1/products", json=equipment_body()).status_code == 403
    page = as_user(vendor_staff).get(f"/organisations/{vendor.id}/members")
    assert page.status_code == 200
    assert REASON in page.get_data(as_text=True)
    assert REASON in as_user(vendor_staff).get("/").get_data(as_text=True)  # after signing in


@pytest.mark.parametrize(
    ("body", "field"),
    [({"action": "suspend"}, "reason"), ({"action": "suspend", "reason": "  "}, "reason")],
)
def test_a_suspension_needs_a_reason(api_client, operator_admin, vendor, robot, body, field):
    response = transition(api_client(operator_admin), vendor, **body)

    assert response.status_code == 422
    assert field in response.json["error"]["fields"]
    assert reload(vendor).status == OrgStatus.ACTIVE


def test_the_operator_cannot_suspend_itself(api_client, operator_admin):
    response = transition(
        api_client(operator_admin), operator_admin.organisation, action="suspend", reason=REASON
    )

    assert response.status_code == 409
    assert reload(operator_admin.organisation).status == OrgStatus.ACTIVE


@pytest.mark.parametrize("who", ["vendor_admin", "buyer_admin", "reviewer"])
def test_nobody_but_the_operators_admins_suspends(
    api_client, make_org, make_user, reviewer, vendor, robot, who
):
    users = {
        "vendor_admin": lambda: make_user(vendor, roles=(Role.ADMIN,)),
        "buyer_admin": lambda: make_user(make_org(kind=OrgKind.BUYER), roles=(Role.ADMIN,)),
        "reviewer": lambda: reviewer,
    }

    response = transition(api_client(users[who]()), vendor, action="suspend", reason=REASON)

    assert response.status_code == 404
    assert reload(vendor).status == OrgStatus.ACTIVE


@pytest.mark.parametrize("action", ["suspend", "reinstate"])
def test_the_suspension_pages_are_404_to_everyone_signed_in_but_the_operators_admins(
    as_user, make_user, reviewer, vendor, robot, action
):
    vendor.status, vendor.suspension_reason = (
        (OrgStatus.SUSPENDED, REASON) if action == "reinstate" else (OrgStatus.ACTIVE, None)
    )
    db.session.commit()
    before = vendor.status
    vendor_admin = make_user(vendor, roles=(Role.ADMIN,))

    url, form = f"/operator/organisations/{vendor.id}/{action}", {"reason": REASON}
    for user in (vendor_admin, reviewer):
        assert as_user(user).post(url, data=form).status_code == 404
    anonymous = as_user(None).post(url, data=form)
    assert anonymous.status_code == 302
    assert "/login" in anonymous.headers["Location"]
    assert reload(vendor).status == before


def test_the_operator_suspends_and_reinstates_from_the_organisations_page(
    as_user, client, operator_admin, vendor, robot
):
    admin = as_user(operator_admin)
    listing = admin.get("/operator/organisations?status=active").get_data(as_text=True)
    assert f"/operator/organisations/{vendor.id}/suspend" in listing

    refused = admin.post(f"/operator/organisations/{vendor.id}/suspend", data={"reason": ""})
    assert refused.status_code == 302
    assert reload(vendor).status == OrgStatus.ACTIVE

    done = admin.post(
        f"/operator/organisations/{vendor.id}/suspend",
        data={"reason": REASON},
        follow_redirects=True,
    )
    text = done.get_data(as_text=True)
    assert "is suspended" in text
    assert REASON in text
    assert f"/operator/organisations/{vendor.id}/reinstate" in text
    assert str(robot.id) not in public_ids(client)

    admin.post(f"/operator/organisations/{vendor.id}/reinstate")
    assert reload(vendor).status == OrgStatus.ACTIVE
    assert str(robot.id) in public_ids(client)
