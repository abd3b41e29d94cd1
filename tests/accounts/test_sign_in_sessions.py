"""Sessions end on the server: a cookie copied before signing out (or before a password change
elsewhere) opens nothing afterwards, and a password change can revoke the API tokens too."""

import sqlalchemy as sa

from market.accounts.models import SessionEnd, SignInSession
from market.core.audit import AuditEvent
from market.core.db import db
from tests.accounts.test_api_tokens import bearer, request_token
from tests.accounts.test_sign_in_pages import sign_in
from tests.conftest import PASSWORD, TEST_CONFIG

NEW_PASSWORD = "Fresh-horse-10"
DOMAIN = TEST_CONFIG["SERVER_NAME"]


def replay(app, cookies: dict[str, str]):
    """A fresh browser holding copies of another one's cookies."""
    thief = app.test_client()
    for name, value in cookies.items():
        thief.set_cookie(name, value, domain=DOMAIN)
    return thief


def copy_cookies(client, *names: str) -> dict[str, str]:
    held = {name: client.get_cookie(name, domain=DOMAIN) for name in names}
    copied = {name: cookie.value for name, cookie in held.items() if cookie is not None}
    assert copied, f"the browser holds {names}"
    return copied


def change_password(client, **extra: str):
    return client.post(
        "/profile",
        data={
            "pw-current_password": PASSWORD,
            "pw-new_password": NEW_PASSWORD,
            "pw-confirm": NEW_PASSWORD,
            "pw-submit": "1",
            **extra,
        },
        follow_redirects=True,
    )


def api_token(client, user) -> str:
    response = request_token(client, user.email, name="ci")
    assert response.status_code in (200, 201), response.json
    return response.json["token"]


def test_a_session_cookie_copied_before_sign_out_opens_nothing_afterwards(app, make_user):
    user = make_user()
    browser = app.test_client()
    sign_in(browser, user.email)
    copied = copy_cookies(browser, "pm_session")
    assert replay(app, copied).get("/profile").status_code == 200  # the copy works while live

    browser.post("/logout")

    replayed = replay(app, copied).get("/profile")
    assert replayed.status_code == 302
    assert "/login" in replayed.headers["Location"]
    assert "Welcome" not in replay(app, copied).get("/").text


def test_a_remember_me_cookie_copied_before_sign_out_does_not_sign_back_in(app, make_user):
    user = make_user()
    browser = app.test_client()
    browser.post("/login", data={"email": user.email, "password": PASSWORD, "remember": "y"})
    remembered = copy_cookies(browser, "remember_token")  # set by "Keep me signed in"
    assert replay(app, remembered).get("/profile").status_code == 200

    browser.post("/logout")

    assert replay(app, remembered).get("/profile").status_code == 302


def test_signing_out_ends_only_this_browsers_session_and_says_why(app, make_user):
    user = make_user()
    laptop, phone = app.test_client(), app.test_client()
    sign_in(laptop, user.email)
    sign_in(phone, user.email)

    laptop.post("/logout")

    assert phone.get("/profile").status_code == 200
    rows = db.session.scalars(sa.select(SignInSession).where(SignInSession.user_id == user.id))
    assert sorted((row.end_reason or "live") for row in rows) == ["live", SessionEnd.SIGNED_OUT]


def test_the_server_keeps_only_the_hash_of_a_sessions_secret(app, make_user):
    user = make_user()
    browser = app.test_client()
    sign_in(browser, user.email)
    cookie = browser.get_cookie("pm_session", domain=DOMAIN).value

    stored = db.session.scalars(sa.select(SignInSession.secret_hash)).all()

    assert len(stored) == 1
    assert stored[0] not in cookie  # the cookie carries the secret, the table its SHA-256


def test_a_cookie_copied_from_another_session_dies_with_a_password_change(app, make_user):
    user = make_user()
    laptop, phone = app.test_client(), app.test_client()
    sign_in(laptop, user.email)
    sign_in(phone, user.email)
    copied_from_phone = copy_cookies(phone, "pm_session")

    assert "Your password is changed" in change_password(laptop).text

    assert laptop.get("/profile").status_code == 200
    assert replay(app, copied_from_phone).get("/profile").status_code == 302
    ended = db.session.scalars(
        sa.select(SignInSession.end_reason).where(SignInSession.ended_at.is_not(None))
    ).all()
    assert ended == [SessionEnd.PASSWORD_CHANGED]


def test_a_password_change_keeps_api_tokens_unless_asked_to_revoke_them(app, make_user):
    user = make_user()
    browser = app.test_client()
    token = api_token(app.test_client(), user)
    sign_in(browser, user.email)
    page = browser.get("/profile").text
    assert "Also revoke my API tokens" in page

    change_password(browser)

    assert app.test_client().get("/api/v1/me", headers=bearer(token)).status_code == 200


def test_a_password_change_can_revoke_every_api_token(app, make_user):
    user = make_user()
    browser = app.test_client()
    tokens = [api_token(app.test_client(), user) for _ in range(2)]
    sign_in(browser, user.email)

    response = change_password(browser, **{"pw-revoke_tokens": "y"})

    assert "your API tokens are revoked" in response.text
    for token in tokens:
        answer = app.test_client().get("/api/v1/me", headers=bearer(token))
        assert answer.status_code == 401
    event = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.verb == "user.password_changed")
    )
    assert event.after == {"sessions_ended": 0, "tokens_revoked": 2}
