"""An organisation's admin invites colleagues and sets their roles; nobody else can."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from market.accounts.models import Invitation, OrgKind, OrgStatus, Role, User
from market.core.db import db, utcnow
from tests.conftest import PASSWORD, reload


def invite(browser, org, email="colleague@example.com", roles=("staff",)):
    return browser.post(
        f"/organisations/{org.id}/members",
        data={"invite-email": email, "invite-roles": list(roles), "invite-submit": "1"},
    )


def invitation_path(response):
    link = re.search(r'id="invitation-link"[^>]*>([^<]+)<', response.text).group(1)
    return link[link.index("/invitations/") :]


def test_admin_invites_a_colleague_who_joins_with_those_roles(as_user, make_org, make_user):
    vendor = make_org(kind=OrgKind.VENDOR)
    admin = make_user(vendor, roles=(Role.ADMIN,))

    response = invite(as_user(admin), vendor, roles=("staff",))
    assert response.status_code == 200
    path = invitation_path(response)

    newcomer = as_user(None)
    page = newcomer.get(path)
    assert "colleague@example.com" in page.text
    joined = newcomer.post(
        path, data={"name": "韩梅 Han Mei", "password": PASSWORD, "confirm": PASSWORD}
    )
    assert joined.status_code == 302

    user = db.session.scalar(sa.select(User).where(User.email == "colleague@example.com"))
    assert user.organisation_id == vendor.id
    assert user.roles == {Role.STAFF}
    members = as_user(admin).get(f"/organisations/{vendor.id}/members").text
    assert "韩梅 Han Mei" in members
    assert newcomer.get(path).status_code == 404  # a link works once


def test_an_expired_invitation_is_refused(as_user, make_org, make_user):
    vendor = make_org(kind=OrgKind.VENDOR)
    path = invitation_path(invite(as_user(make_user(vendor)), vendor))
    db.session.execute(sa.update(Invitation).values(expires_at=utcnow() - timedelta(minutes=1)))
    db.session.commit()

    response = as_user(None).get(path)

    assert response.status_code == 404
    assert "not valid any more" in response.text


def test_a_revoked_invitation_is_refused(as_user, make_org, make_user):
    vendor = make_org(kind=OrgKind.VENDOR)
    admin_browser = as_user(make_user(vendor))
    path = invitation_path(invite(admin_browser, vendor))
    invitation = db.session.scalars(sa.select(Invitation)).one()

    admin_browser.post(f"/organisations/{vendor.id}/invitations/{invitation.id}/revoke")

    assert as_user(None).get(path).status_code == 404


def test_accepting_with_a_weak_password_creates_no_account(as_user, make_org, make_user):
    vendor = make_org(kind=OrgKind.VENDOR)
    path = invitation_path(invite(as_user(make_user(vendor)), vendor))

    response = as_user(None).post(path, data={"name": "X", "password": "weak", "confirm": "weak"})

    assert response.status_code == 422
    assert "at least 10 characters" in response.text
    assert db.session.scalar(sa.select(User).where(User.email == "colleague@example.com")) is None


@pytest.mark.parametrize(
    ("roles", "message"),
    [((), "Choose at least one role"), (("reviewer",), "is not a valid choice")],
)
def test_invitations_need_roles_of_the_organisations_kind(
    as_user, make_org, make_user, roles, message
):
    buyer = make_org(kind=OrgKind.BUYER)

    response = invite(as_user(make_user(buyer)), buyer, roles=roles)

    assert response.status_code == 422
    assert message in response.text
    assert db.session.scalars(sa.select(Invitation)).all() == []


def test_an_email_with_an_account_cannot_be_invited(as_user, make_org, make_user):
    buyer = make_org(kind=OrgKind.BUYER)
    make_user(email="existing@example.com")

    response = invite(
        as_user(make_user(buyer)), buyer, email="existing@example.com", roles=("officer",)
    )

    assert response.status_code == 422
    assert "exists already" in response.text


def test_a_pending_vendor_cannot_invite_yet(as_user, make_org, make_user):
    vendor = make_org(kind=OrgKind.VENDOR, status=OrgStatus.PENDING)
    browser = as_user(make_user(vendor))

    page = browser.get(f"/organisations/{vendor.id}/members")
    assert "awaiting review" in page.text
    assert "Create invitation link" not in page.text
    assert invite(browser, vendor).status_code == 403


def test_members_without_the_admin_role_see_colleagues_but_cannot_invite(
    as_user, make_org, make_user
):
    buyer = make_org(kind=OrgKind.BUYER)
    make_user(buyer, roles=(Role.ADMIN,))
    requester = make_user(buyer, roles=(Role.REQUESTER,))
    browser = as_user(requester)

    page = browser.get(f"/organisations/{buyer.id}/members")
    assert page.status_code == 200
    assert "Create invitation link" not in page.text
    assert invite(browser, buyer, roles=("officer",)).status_code == 403
    membership = reload(requester).membership
    changed = browser.post(
        f"/organisations/{buyer.id}/members/{membership.id}/roles",
        data={f"{membership.id}-roles": ["admin"]},
    )
    assert changed.status_code == 403
    assert reload(requester).roles == {Role.REQUESTER}


def test_another_organisations_pages_do_not_exist_for_outsiders(as_user, make_org, make_user):
    buyer = make_org(kind=OrgKind.BUYER)
    member = make_user(buyer, roles=(Role.ADMIN, Role.OFFICER))
    invitation_response = invite(as_user(member), buyer, roles=("officer",))
    assert invitation_response.status_code == 200
    invitation = db.session.scalars(sa.select(Invitation)).one()
    membership = reload(member).membership
    outsiders = [
        make_user(make_org(kind=OrgKind.BUYER), roles=(Role.ADMIN,)),
        make_user(make_org(kind=OrgKind.VENDOR), roles=(Role.ADMIN,)),
        make_user(make_org(kind=OrgKind.OPERATOR), roles=(Role.ADMIN,)),
    ]
    for outsider in outsiders:
        browser = as_user(outsider)
        assert browser.get(f"/organisations/{buyer.id}/members").status_code == 404
        assert invite(browser, buyer).status_code == 404
        roles_url = f"/organisations/{buyer.id}/members/{membership.id}/roles"
        assert (
            browser.post(roles_url, data={f"{membership.id}-roles": ["auditor"]}).status_code == 404
        )
        revoke_url = f"/organisations/{buyer.id}/invitations/{invitation.id}/revoke"
        assert browser.post(revoke_url).status_code == 404
    assert reload(member).roles == {Role.ADMIN, Role.OFFICER}
    assert reload(invitation).revoked_at is None


def test_admin_changes_roles_but_never_removes_the_last_admin(as_user, make_org, make_user):
    buyer = make_org(kind=OrgKind.BUYER)
    admin = make_user(buyer, roles=(Role.ADMIN,))
    officer = make_user(buyer, roles=(Role.OFFICER,))
    browser = as_user(admin)
    officer_membership = reload(officer).membership
    admin_membership = reload(admin).membership

    browser.post(
        f"/organisations/{buyer.id}/members/{officer_membership.id}/roles",
        data={f"{officer_membership.id}-roles": ["officer", "approver"]},
    )
    refused = browser.post(
        f"/organisations/{buyer.id}/members/{admin_membership.id}/roles",
        data={f"{admin_membership.id}-roles": ["officer"]},
        follow_redirects=True,
    )

    assert reload(officer).roles == {Role.OFFICER, Role.APPROVER}
    assert "needs at least one admin" in refused.text
    assert reload(admin).roles == {Role.ADMIN}
