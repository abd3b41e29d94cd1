"""A member forgot their password: their organisation's admin (or an operator, from the command
line) issues a link to hand over, with no mail server. It works once, for a day, and only the
newest one; using it sets the new password and signs out every other session."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from market.accounts.models import OrgKind, PasswordReset, Role
from market.core.audit import AuditEvent
from market.core.db import db, utcnow
from tests.conftest import PASSWORD, reload

NEW_PASSWORD = "Staple-battery-42"


@pytest.fixture
def vendor(make_org):
    return make_org(kind=OrgKind.VENDOR, name="Harbin Test Turbines")


@pytest.fixture
def admin(make_user, vendor):
    return make_user(vendor, roles=(Role.ADMIN,))


@pytest.fixture
def staff(make_user, vendor):
    return make_user(vendor, roles=(Role.STAFF,), email="forgetful@harbin.example")


def issue(client, member):
    return client.post(
        f"/api/v1/organisations/{member.organisation_id}/members/{member.membership.id}"
        "/password-reset"
    )


def path_of(link: str) -> str:
    return link[link.index("/password-reset/") :]


def sign_in(client, email, password):
    return client.post("/login", data={"email": email, "password": password})


def test_the_admin_hands_over_a_link_that_sets_a_new_password_once(as_user, client, admin, staff):
    elsewhere = as_user(staff)
    assert elsewhere.get("/profile").status_code == 200

    page = as_user(admin).post(
        f"/organisations/{staff.organisation_id}/members/{staff.membership.id}/password-reset"
    )

    assert page.status_code == 200
    link = re.search(r'id="reset-link"[^>]*>([^<]+)<', page.text).group(1)
    form = client.get(path_of(link))
    assert form.status_code == 200
    assert staff.email in form.text

    weak = client.post(path_of(link), data={"password": "short", "confirm": "short"})
    assert weak.status_code == 422
    assert "Use at least" in weak.text
    differ = client.post(path_of(link), data={"password": NEW_PASSWORD, "confirm": "x"})
    assert differ.status_code == 422
    assert "The passwords differ." in differ.text

    done = client.post(path_of(link), data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})

    assert done.status_code == 302
    assert done.headers["Location"].endswith("/login")
    assert elsewhere.get("/profile").status_code == 302  # the other session is signed out
    assert sign_in(as_user(None), staff.email, PASSWORD).status_code == 422
    assert sign_in(as_user(None), staff.email, NEW_PASSWORD).status_code == 302
    assert client.get(path_of(link)).status_code == 404  # once only
    verbs = set(db.session.scalars(sa.select(AuditEvent.verb)))
    assert {"password_reset.issued", "user.password_reset"} <= verbs


def test_the_api_issues_a_link_and_a_newer_one_replaces_it(api_client, client, admin, staff):
    first = issue(api_client(admin), staff)
    second = issue(api_client(admin), staff)

    assert first.status_code == second.status_code == 201
    assert set(second.json) == {"link", "expires_at"}
    assert client.get(path_of(first.json["link"])).status_code == 404
    assert client.get(path_of(second.json["link"])).status_code == 200


def test_a_link_stops_working_after_a_day_and_when_the_member_is_removed(
    api_client, client, admin, staff
):
    expired = path_of(issue(api_client(admin), staff).json["link"])
    reset = db.session.scalars(sa.select(PasswordReset)).one()
    reset.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    assert client.get(expired).status_code == 404

    fresh = path_of(issue(api_client(admin), staff).json["link"])
    api_client(admin).delete(f"/api/v1/organisations/{staff.organisation_id}/members/"
                             f"{staff.membership.id}")  # fmt: skip
    refused = client.post(fresh, data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert refused.status_code == 404
    assert reload(staff).is_enabled is False


@pytest.mark.parametrize(
    ("who", "status"),
    [("colleague", 403), ("other_admin", 404), ("operator_admin", 404)],
)
def test_nobody_but_the_organisations_admins_issues_links(
    api_client, make_org, make_user, vendor, staff, who, status
):
    users = {
        "colleague": lambda: make_user(vendor, roles=(Role.STAFF,)),
        "other_admin": lambda: make_user(make_org(kind=OrgKind.VENDOR), roles=(Role.ADMIN,)),
        "operator_admin": lambda: make_user(make_org(kind=OrgKind.OPERATOR), roles=(Role.ADMIN,)),
    }

    assert issue(api_client(users[who]()), staff).status_code == status
    assert issue(api_client(None), staff).status_code == 401
    assert db.session.scalars(sa.select(PasswordReset)).all() == []


def test_an_admin_uses_the_profile_for_their_own_password(api_client, admin):
    response = issue(api_client(admin), admin)

    assert response.status_code == 409
    assert "profile" in response.json["error"]["message"]


def test_flask_users_reset_link_prints_a_link_for_an_admin_who_forgot(app, client, admin):
    result = app.test_cli_runner().invoke(
        args=["users", "reset-link", admin.email.upper(), "--base-url", "https://pm.example"]
    )

    assert result.exit_code == 0, result.output
    link = re.search(r"https://pm\.example/password-reset/\S+", result.output).group(0)
    assert client.get(path_of(link)).status_code == 200
    unknown = app.test_cli_runner().invoke(args=["users", "reset-link", "nobody@example.com"])
    assert unknown.exit_code == 1
    assert "no user nobody@example.com" in unknown.output


def test_the_sign_in_page_says_where_a_forgotten_password_is_reset(client):
    assert "admin can give you a link to set a new one" in client.get("/login").text


def test_a_link_issued_before_a_removal_stays_dead_after_a_restore(
    api_client, client, admin, staff
):
    link = path_of(issue(api_client(admin), staff).json["link"])
    member = f"/api/v1/organisations/{staff.organisation_id}/members/{staff.membership.id}"
    assert api_client(admin).delete(member).status_code == 204

    restored = api_client(admin).post(f"{member}/restore", json={"roles": ["staff"]})

    assert restored.status_code == 200
    assert client.get(link).status_code == 404


def test_flask_users_reset_link_refuses_a_removed_member(app, api_client, admin, staff):
    api_client(admin).delete(
        f"/api/v1/organisations/{staff.organisation_id}/members/{staff.membership.id}"
    )

    result = app.test_cli_runner().invoke(args=["users", "reset-link", staff.email])

    assert result.exit_code == 1
    assert "was removed from the organisation" in result.output
    assert db.session.scalars(sa.select(PasswordReset)).all() == []
