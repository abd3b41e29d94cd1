"""An organisation's admin removes someone who left (an officer moved to another company, say):
from that moment they are signed out everywhere, their API tokens stop working and they cannot
sign in again, while the audit log keeps their name. Nobody else can remove a member, an admin
cannot remove themselves, and a removed member's roles cannot be set again."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from market.accounts.models import OrgKind, PasswordReset, Role
from market.core.audit import AuditEvent
from market.core.db import db
from tests.conftest import PASSWORD, reload


@pytest.fixture
def buyer(make_org):
    return make_org(kind=OrgKind.BUYER, name="China Datang Test Group")


@pytest.fixture
def admin(make_user, buyer):
    return make_user(buyer, roles=(Role.ADMIN,), email="admin@datang.example")


@pytest.fixture
def officer(make_user, buyer):
    return make_user(buyer, roles=(Role.OFFICER, Role.REQUESTER), email="officer@datang.example")


def remove(client, member):
    return client.delete(
        f"/api/v1/organisations/{member.organisation_id}/members/{member.membership.id}"
    )


def test_a_removed_member_is_signed_out_loses_tokens_and_cannot_sign_in(
    api_client, as_user, client, admin, officer
):
    signed_in = as_user(officer)
    assert signed_in.get("/profile").status_code == 200
    token_client = api_client(officer)
    assert token_client.get("/api/v1/me").status_code == 200

    response = remove(api_client(admin), officer)

    assert response.status_code == 204
    following = signed_in.get("/profile")
    assert following.status_code == 302
    assert "/login" in following.headers["Location"]
    assert token_client.get("/api/v1/me").status_code == 401
    again = client.post("/login", data={"email": officer.email, "password": PASSWORD})
    assert again.status_code == 422  # the sign-in page again, with its error
    listed = api_client(admin).get(f"/api/v1/organisations/{officer.organisation_id}/members")
    members = {m["email"]: m for m in listed.json}
    assert members[officer.email]["removed"] is True
    assert members[officer.email]["roles"] == []
    assert members[admin.email]["removed"] is False
    event = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.verb == "membership.removed")
    ).one()
    assert event.actor_user_id == admin.id
    assert sorted(event.before["roles"]) == ["officer", "requester"]


def test_the_admin_removes_from_my_organisation(as_user, admin, officer):
    page = as_user(admin)
    listing = page.get(f"/organisations/{officer.organisation_id}/members").text
    url = f"/organisations/{officer.organisation_id}/members/{officer.membership.id}/remove"
    assert url in listing
    own = f"/members/{admin.membership.id}/remove"
    assert own not in listing  # no button to remove yourself

    done = page.post(url, follow_redirects=True)

    assert "is removed and signed out." in done.text
    row = done.text[done.text.index(f'data-member="{officer.email}"') :]
    assert "Removed" in row[: row.index("</tr>")]
    assert f"/members/{officer.membership.id}/roles" not in done.text  # only "Restore…"
    assert reload(officer).is_enabled is False


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("colleague", 403),  # a member, not an admin
        ("other_admin", 404),  # another organisation's admin
        ("operator_admin", 404),
    ],
)
def test_nobody_but_the_organisations_admins_removes(
    api_client, make_org, make_user, buyer, officer, who, status
):
    users = {
        "colleague": lambda: make_user(buyer, roles=(Role.REQUESTER,)),
        "other_admin": lambda: make_user(make_org(kind=OrgKind.BUYER), roles=(Role.ADMIN,)),
        "operator_admin": lambda: make_user(make_org(kind=OrgKind.OPERATOR), roles=(Role.ADMIN,)),
    }

    assert remove(api_client(users[who]()), officer).status_code == status
    assert remove(api_client(None), officer).status_code == 401
    assert reload(officer).is_enabled is True
    assert reload(officer).roles == {Role.OFFICER, Role.REQUESTER}


@pytest.mark.parametrize("page", ["remove", "password-reset"])
def test_the_admins_member_pages_are_404_outside_the_organisation_and_403_to_members(
    as_user, make_org, make_user, operator_admin, buyer, officer, page
):
    url = f"/organisations/{buyer.id}/members/{officer.membership.id}/{page}"
    outsider = make_user(make_org(kind=OrgKind.BUYER), roles=(Role.ADMIN,))

    assert as_user(outsider).post(url).status_code == 404
    assert as_user(operator_admin).post(url).status_code == 404
    assert as_user(make_user(buyer, roles=(Role.REQUESTER,))).post(url).status_code == 403
    anonymous = as_user(None).post(url)
    assert anonymous.status_code == 302
    assert "/login" in anonymous.headers["Location"]
    assert reload(officer).is_enabled is True
    assert db.session.scalars(sa.select(PasswordReset)).all() == []


def test_an_admin_cannot_remove_themselves_nor_anyone_twice(api_client, admin, officer):
    admins = api_client(admin)

    yourself = remove(admins, admin)
    assert yourself.status_code == 409
    assert "ask another admin" in yourself.json["error"]["message"]
    assert reload(admin).is_enabled is True

    assert remove(admins, officer).status_code == 204
    twice = remove(admins, officer)
    assert twice.status_code == 409
    roles = admins.put(
        f"/api/v1/organisations/{officer.organisation_id}/members/{officer.membership.id}/roles",
        json={"roles": ["officer"]},
    )
    assert roles.status_code == 409
    assert reload(officer).roles == frozenset()


def test_a_removed_admin_leaves_the_other_as_the_last_admin(api_client, make_user, buyer, admin):
    second = make_user(buyer, roles=(Role.ADMIN,))
    assert remove(api_client(second), admin).status_code == 204

    demoted = api_client(second).put(
        f"/api/v1/organisations/{buyer.id}/members/{second.membership.id}/roles",
        json={"roles": ["requester"]},
    )

    assert demoted.status_code == 422
    assert "at least one admin" in str(demoted.json["error"]["fields"])


def test_a_removal_is_undone_with_roles_chosen_again(api_client, as_user, client, admin, officer):
    admins = api_client(admin)
    remove(admins, officer)
    url = f"/api/v1/organisations/{officer.organisation_id}/members/{officer.membership.id}/restore"

    none = admins.post(url, json={"roles": []})
    assert none.status_code == 422
    assert reload(officer).is_enabled is False

    restored = admins.post(url, json={"roles": ["officer"]})

    assert restored.status_code == 200, restored.text
    assert restored.json["removed"] is False
    assert restored.json["roles"] == ["officer"]
    assert (
        client.post("/login", data={"email": officer.email, "password": PASSWORD}).status_code
        == 302
    )
    assert admins.post(url, json={"roles": ["officer"]}).status_code == 409  # a member already
    verbs = db.session.scalars(
        sa.select(AuditEvent.verb).where(AuditEvent.verb.like("membership.%"))
    )
    assert {"membership.removed", "membership.restored"} <= set(verbs)


def test_the_admin_restores_from_my_organisation(as_user, admin, officer):
    page = as_user(admin)
    org_id, member_id = officer.organisation_id, officer.membership.id
    page.post(f"/organisations/{org_id}/members/{member_id}/remove")
    listing = page.get(f"/organisations/{org_id}/members").text
    url = f"/organisations/{org_id}/members/{member_id}/restore"
    assert url in listing

    done = page.post(url, data={f"{member_id}-roles": ["requester"]}, follow_redirects=True)

    assert "is a member again and can sign in." in done.text
    assert reload(officer).is_enabled is True
    assert reload(officer).roles == {Role.REQUESTER}
    assert as_user(officer).get("/profile").status_code == 200
