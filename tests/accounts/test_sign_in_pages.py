"""Signing in and out, the failed-sign-in throttle, password changes."""

import re

import sqlalchemy as sa

from market.accounts.models import ApiToken
from market.core.audit import AuditEvent
from market.core.db import db
from tests.conftest import PASSWORD, reload


def sign_in(client, email, password=PASSWORD, **kwargs):
    return client.post("/login", data={"email": email, "password": password}, **kwargs)


def test_signing_in_lands_on_the_home_page_and_is_recorded(client, make_user):
    user = make_user()

    response = sign_in(client, user.email.upper())  # e-mail addresses are case-insensitive

    assert response.status_code == 302
    assert "Welcome, Test User" in client.get("/").text
    assert reload(user).last_login_at is not None
    verbs = db.session.scalars(
        sa.select(AuditEvent.verb).where(AuditEvent.actor_user_id == user.id)
    ).all()
    assert "user.login" in verbs


def test_a_wrong_password_is_refused_without_saying_which_part_was_wrong(client, make_user):
    user = make_user()

    wrong_password = sign_in(client, user.email, "Wrong-horse-9")
    unknown_email = sign_in(client, "nobody@example.com")

    assert wrong_password.status_code == unknown_email.status_code == 422
    assert "Wrong e-mail address or password." in wrong_password.text
    assert "Wrong e-mail address or password." in unknown_email.text
    assert "Welcome" not in client.get("/").text


def test_a_disabled_user_cannot_sign_in(client, make_user):
    user = make_user()
    user.is_enabled = False
    db.session.commit()

    assert sign_in(client, user.email).status_code == 422


def test_ten_failures_throttle_the_account_with_a_clear_message(client, make_user):
    user = make_user()
    other = make_user()
    for _ in range(10):
        assert sign_in(client, user.email, "Wrong-horse-9").status_code == 422

    throttled = sign_in(client, user.email)  # even the right password waits now

    assert throttled.status_code == 429
    assert "Too many failed sign-in attempts" in throttled.text
    assert sign_in(client, other.email).status_code == 302  # other accounts are not locked out


def test_many_failures_from_one_address_throttle_that_address(client):
    for n in range(30):
        sign_in(client, f"guess{n}@example.com", "Wrong-horse-9")

    assert sign_in(client, "guess-more@example.com", "Wrong-horse-9").status_code == 429


def test_successful_sign_ins_do_not_count_against_the_throttle(client, make_user):
    user = make_user()
    for _ in range(12):
        assert sign_in(client, user.email).status_code == 302
        client.post("/logout")


def test_sign_in_follows_next_only_within_the_site(client, make_user):
    user = make_user()
    assert sign_in(client, user.email, query_string={"next": "/profile"}).location == "/profile"
    client.post("/logout")
    for target in ("https://evil.example/", "//evil.example/", "/\\evil.example"):
        response = sign_in(client, user.email, query_string={"next": target})
        assert response.location == "/", target
        client.post("/logout")


def test_pages_behind_sign_in_send_anonymous_visitors_to_the_login_page(client):
    response = client.get("/profile")
    assert response.status_code == 302
    assert response.location.startswith("/login?next=")


def test_signing_out_takes_a_post(client, make_user):
    user = make_user()
    sign_in(client, user.email)

    assert client.get("/logout").status_code == 405
    client.post("/logout")

    assert client.get("/profile").status_code == 302


def test_session_cookie_is_http_only_and_same_site(client, make_user):
    user = make_user()
    response = sign_in(client, user.email)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_changing_the_password_signs_out_other_sessions(app, make_user):
    user = make_user()
    laptop, phone = app.test_client(), app.test_client()
    sign_in(laptop, user.email)
    sign_in(phone, user.email)

    response = laptop.post(
        "/profile",
        data={
            "pw-current_password": PASSWORD,
            "pw-new_password": "Fresh-horse-10",
            "pw-confirm": "Fresh-horse-10",
            "pw-submit": "1",
        },
        follow_redirects=True,
    )

    assert "Your password is changed" in response.text
    assert laptop.get("/profile").status_code == 200  # this session stays signed in
    assert phone.get("/profile").status_code == 302  # the other one is signed out
    assert sign_in(app.test_client(), user.email, "Fresh-horse-10").status_code == 302
    assert sign_in(app.test_client(), user.email, PASSWORD).status_code == 422


def test_a_password_change_needs_the_current_password_and_a_strong_new_one(client, make_user):
    user = make_user()
    sign_in(client, user.email)
    old_hash = user.password_hash

    response = client.post(
        "/profile",
        data={
            "pw-current_password": "Not-my-password-1",
            "pw-new_password": "weak",
            "pw-confirm": "weak",
            "pw-submit": "1",
        },
    )

    assert response.status_code == 422
    assert "This is not your current password." in response.text
    assert "at least 10 characters" in response.text
    assert reload(user).password_hash == old_hash


def test_api_tokens_are_created_shown_once_and_revoked_on_the_profile(client, make_user):
    user = make_user()
    sign_in(client, user.email)

    created = client.post("/profile", data={"token-name": "ERP integration", "token-submit": "1"})

    assert "Copy it now" in created.text
    raw = re.search(r'id="new-token"[^>]*>([^<]+)<', created.text).group(1)
    api = {"Authorization": f"Bearer {raw}"}
    assert client.get("/api/v1/me", headers=api).json["email"] == user.email
    listing = client.get("/profile").text
    assert "ERP integration" in listing
    assert raw not in listing  # shown once only

    token = db.session.scalars(sa.select(ApiToken).where(ApiToken.user_id == user.id)).one()
    client.post(f"/profile/tokens/{token.id}/revoke")

    assert client.get("/api/v1/me", headers=api).status_code == 401


def test_nobody_revokes_another_users_token(client, make_user, api_client):
    owner, other = make_user(), make_user()
    owners_api = api_client(owner)
    token = db.session.scalars(sa.select(ApiToken).where(ApiToken.user_id == owner.id)).one()
    sign_in(client, other.email)

    assert client.post(f"/profile/tokens/{token.id}/revoke").status_code == 404
    assert owners_api.get("/api/v1/me").status_code == 200
