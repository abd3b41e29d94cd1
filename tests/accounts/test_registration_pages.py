"""A vendor registers its company on the site; an operator admin reviews it."""

import sqlalchemy as sa

from market.accounts.models import Organisation, OrgKind, OrgStatus, Role, User
from market.core.audit import AuditEvent
from market.core.db import db
from tests.conftest import PASSWORD, random_credit_code, reload


def registration(**overrides):
    form = {
        "name_zh": "杭州云帆新材料有限公司",
        "name_en": "Hangzhou Yunfan New Materials Co., Ltd.",
        "credit_code": random_credit_code(),
        "admin_name": "林晓 Lin Xiao",
        "email": "lin.xiao@yunfan.example",
        "password": PASSWORD,
        "confirm": PASSWORD,
    }
    return {**form, **overrides}


def counts():
    return (
        db.session.scalar(sa.select(sa.func.count()).select_from(Organisation)),
        db.session.scalar(sa.select(sa.func.count()).select_from(User)),
    )


def test_registration_creates_a_pending_vendor_with_its_first_admin(client):
    form = registration()
    response = client.post("/register", data=form)

    assert response.status_code == 302
    assert response.location.endswith("/login")
    user = db.session.scalar(sa.select(User).where(User.email == form["email"]))
    org = user.organisation
    assert org.kind == OrgKind.VENDOR
    assert org.status == OrgStatus.PENDING
    assert org.credit_code == form["credit_code"]
    assert user.roles == {Role.ADMIN}
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.object_id == str(org.id)))
    assert event.verb == "organisation.registered"
    assert event.actor_user_id == user.id


def test_the_new_admin_signs_in_and_sees_the_review_is_pending(client):
    form = registration()
    client.post("/register", data=form)
    client.post("/login", data={"email": form["email"], "password": PASSWORD})

    page = client.get("/").text
    assert "awaiting review" in page


def test_a_bad_credit_code_is_explained_and_nothing_is_written(client):
    before = counts()
    code = random_credit_code()
    wrong_check = code[:-1] + ("0" if code[-1] != "0" else "1")

    response = client.post("/register", data=registration(credit_code=wrong_check))

    assert response.status_code == 422
    assert "check character of this credit code is wrong" in response.text
    assert counts() == before


def test_a_taken_email_and_a_weak_password_are_both_reported(client, make_user):
    make_user(email="taken@example.com")
    before = counts()

    response = client.post(
        "/register", data=registration(email="taken@example.com", password="short", confirm="short")
    )

    assert response.status_code == 422
    assert "exists already" in response.text
    assert "at least 10 characters" in response.text
    assert counts() == before


def test_a_registered_credit_code_cannot_register_again(client, make_org):
    org = make_org(kind=OrgKind.VENDOR)
    before = counts()

    response = client.post("/register", data=registration(credit_code=org.credit_code))

    assert response.status_code == 422
    assert "registered already" in response.text
    assert counts() == before


def test_operator_admin_approves_a_pending_vendor(as_user, make_org, make_user):
    operator_admin = make_user(make_org(kind=OrgKind.OPERATOR), roles=(Role.ADMIN,))
    vendor = make_org(kind=OrgKind.VENDOR, status=OrgStatus.PENDING, name="Pending Vendor")
    browser = as_user(operator_admin)

    listing = browser.get("/operator/organisations?status=pending")
    assert "Pending Vendor" in listing.text

    response = browser.post(f"/operator/organisations/{vendor.id}/approve", follow_redirects=True)
    assert "is approved" in response.text
    assert reload(vendor).status == OrgStatus.ACTIVE


def test_operator_admin_rejects_with_a_reason_the_vendor_can_read(as_user, make_org, make_user):
    operator_admin = make_user(make_org(kind=OrgKind.OPERATOR), roles=(Role.ADMIN,))
    vendor = make_org(kind=OrgKind.VENDOR, status=OrgStatus.PENDING)
    vendor_admin = make_user(vendor, roles=(Role.ADMIN,))

    as_user(operator_admin).post(
        f"/operator/organisations/{vendor.id}/reject",
        data={"reason": "Business licence does not match the credit code."},
    )

    assert reload(vendor).status == OrgStatus.REJECTED
    home = as_user(vendor_admin).get("/").text
    assert "Business licence does not match the credit code." in home


def test_rejecting_without_a_reason_changes_nothing(as_user, make_org, make_user):
    operator_admin = make_user(make_org(kind=OrgKind.OPERATOR), roles=(Role.ADMIN,))
    vendor = make_org(kind=OrgKind.VENDOR, status=OrgStatus.PENDING)

    response = as_user(operator_admin).post(
        f"/operator/organisations/{vendor.id}/reject", data={"reason": ""}, follow_redirects=True
    )

    assert "Give a reason" in response.text
    assert reload(vendor).status == OrgStatus.PENDING


def test_only_operator_admins_reach_the_organisation_review(as_user, make_org, make_user):
    vendor = make_org(kind=OrgKind.VENDOR, status=OrgStatus.PENDING)
    outsiders = [
        make_user(make_org(kind=OrgKind.OPERATOR), roles=(Role.REVIEWER,)),
        make_user(make_org(kind=OrgKind.BUYER), roles=(Role.ADMIN,)),
        make_user(make_org(kind=OrgKind.VENDOR), roles=(Role.ADMIN,)),
    ]
    for user in outsiders:
        browser = as_user(user)
        assert browser.get("/operator/organisations").status_code == 404
        assert browser.post(f"/operator/organisations/{vendor.id}/approve").status_code == 404
        assert browser.get("/operator/organisations/new").status_code == 404
    assert as_user(None).get("/operator/organisations").status_code == 302  # to the sign-in page
    assert reload(vendor).status == OrgStatus.PENDING


def test_operator_admin_creates_a_buyer_subsidiary_with_an_admin_invitation(
    as_user, make_org, make_user
):
    operator_admin = make_user(make_org(kind=OrgKind.OPERATOR), roles=(Role.ADMIN,))
    group = make_org(kind=OrgKind.BUYER, name="Group Holding")
    code = random_credit_code()

    response = as_user(operator_admin).post(
        "/operator/organisations/new",
        data={
            "name_zh": "集团子公司",
            "name_en": "Group Subsidiary",
            "credit_code": code,
            "parent": str(group.id),
            "admin_email": "first.admin@subsidiary.example",
        },
    )

    assert response.status_code == 200
    assert "/invitations/" in response.text
    org = db.session.scalar(sa.select(Organisation).where(Organisation.credit_code == code))
    assert org.kind == OrgKind.BUYER
    assert org.status == OrgStatus.ACTIVE
    assert org.parent_id == group.id


def test_creating_a_buyer_with_a_bad_code_writes_nothing(as_user, make_org, make_user):
    operator_admin = make_user(make_org(kind=OrgKind.OPERATOR), roles=(Role.ADMIN,))
    before = counts()

    response = as_user(operator_admin).post(
        "/operator/organisations/new",
        data={
            "name_zh": "集团",
            "name_en": "Group",
            "credit_code": "91110000600037341M",
            "parent": "",
            "admin_email": "a@b.example",
        },
    )

    assert response.status_code == 422
    assert "check character" in response.text
    assert counts() == before
