"""API tokens: exchanging a password for a bearer token, using it, listing and revoking tokens,
the sign-in throttle on the token endpoint, and the OpenAPI document."""

import uuid

import pytest
import sqlalchemy as sa

from market.accounts.models import ApiToken, OrgKind, Role
from market.accounts.rules import hash_token
from market.core.db import db
from tests.conftest import PASSWORD

WRONG_PASSWORD = "Wrong-horse-9"


def request_token(client, email, password=PASSWORD, **extra):
    return client.post("/api/v1/auth/token", json={"email": email, "password": password, **extra})


def bearer(raw_token):
    return {"Authorization": f"Bearer {raw_token}"}


def api_token_count():
    return db.session.scalar(sa.select(sa.func.count()).select_from(ApiToken))


def assert_error(response, status, code):
    """The API's error envelope: {"error": {"code", "message", "fields"}} with a JSON body."""
    assert response.status_code == status, response.text
    assert response.is_json, response.text
    error = response.json["error"]
    assert error["code"] == code
    assert error["message"]
    assert isinstance(error["fields"], dict)
    return error


# -- getting a token -----------------------------------------------------------------------------


def test_the_right_password_gets_a_token_that_identifies_its_user(client, make_org, make_user):
    org = make_org(kind=OrgKind.BUYER, name="Sinopec Test Group")
    user = make_user(org, roles=(Role.OFFICER, Role.APPROVER))

    response = request_token(client, user.email, name="CI pipeline")

    assert response.status_code == 201
    raw = response.json["token"]
    assert raw.startswith("pm_")
    assert response.json["name"] == "CI pipeline"
    assert response.json["prefix"] == raw[:10]  # enough to recognise the token, not to use it
    assert response.json["revoked_at"] is None
    me = client.get("/api/v1/me", headers=bearer(raw))
    assert me.status_code == 200
    assert me.json["email"] == user.email
    assert me.json["organisation"]["id"] == str(org.id)
    assert me.json["organisation"]["name_en"] == "Sinopec Test Group"
    assert me.json["organisation"]["kind"] == "buyer"
    assert me.json["roles"] == ["approver", "officer"]


def test_a_token_is_stored_only_as_its_hash(client, make_user):
    user = make_user()

    raw = request_token(client, user.email).json["token"]

    stored = db.session.scalars(sa.select(ApiToken).where(ApiToken.user_id == user.id)).one()
    assert stored.token_hash == hash_token(raw)
    assert raw not in (stored.token_hash, stored.prefix, stored.name)


def test_email_addresses_are_case_insensitive_and_the_name_has_a_default(client, make_user):
    user = make_user()

    response = request_token(client, user.email.upper())

    assert response.status_code == 201
    assert response.json["name"] == "API token"


@pytest.mark.parametrize("email", ["right", "unknown"])
def test_wrong_credentials_get_the_same_401_whether_or_not_the_account_exists(
    client, make_user, email
):
    user = make_user()
    address = user.email if email == "right" else "nobody@example.com"
    before = api_token_count()

    response = request_token(client, address, WRONG_PASSWORD)

    error = assert_error(response, 401, "unauthenticated")
    assert error["message"] == "Wrong e-mail address or password."
    assert "token" not in response.json
    assert api_token_count() == before


def test_a_disabled_user_gets_no_token_and_their_tokens_stop_working(client, make_user):
    user = make_user()
    raw = request_token(client, user.email).json["token"]
    user.is_enabled = False
    db.session.commit()

    assert_error(request_token(client, user.email), 401, "unauthenticated")
    assert_error(client.get("/api/v1/me", headers=bearer(raw)), 401, "unauthenticated")


@pytest.mark.parametrize(
    ("body", "bad_fields"),
    [
        pytest.param({}, {"email", "password"}, id="empty"),
        pytest.param({"password": PASSWORD}, {"email"}, id="no-email"),
        pytest.param({"email": "USER"}, {"password"}, id="no-password"),
        pytest.param({"email": "not-an-address", "password": PASSWORD}, {"email"}, id="bad-email"),
        pytest.param({"email": "USER", "password": 12345}, {"password"}, id="number-password"),
        pytest.param({"email": "USER", "password": PASSWORD, "name": ""}, {"name"}, id="no-name"),
        pytest.param(
            {"email": "USER", "password": PASSWORD, "name": "x" * 81}, {"name"}, id="long-name"
        ),
        pytest.param(
            {"email": "USER", "password": PASSWORD, "user_id": "someone"},
            {"user_id"},
            id="unknown-field",
        ),
    ],
)
def test_invalid_token_requests_are_422_naming_the_fields_and_write_nothing(
    client, make_user, body, bad_fields
):
    user = make_user()
    body = {key: user.email if value == "USER" else value for key, value in body.items()}
    before = api_token_count()

    response = client.post("/api/v1/auth/token", json=body)

    error = assert_error(response, 422, "validation_failed")
    assert set(error["fields"]) == bad_fields
    assert api_token_count() == before


def test_a_body_that_is_not_json_is_a_400_json_error(client, make_user):
    user = make_user()
    before = api_token_count()

    response = client.post(
        "/api/v1/auth/token",
        data=f'{{"email": "{user.email}", "password": ',
        content_type="application/json",
    )

    error = assert_error(response, 400, "bad_request")
    assert "Invalid JSON body." in str(error)
    assert api_token_count() == before


# -- using a token -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "authorization",
    [
        pytest.param(None, id="no-header"),
        pytest.param("Bearer", id="bearer-without-token"),
        pytest.param("Bearer pm_not-a-real-token", id="garbage-token"),
        pytest.param("TOKEN", id="token-without-scheme"),
        pytest.param("Basic TOKEN", id="basic-scheme"),
        pytest.param("Token TOKEN", id="other-scheme"),
    ],
)
def test_the_api_answers_401_json_without_a_valid_bearer_token(client, make_user, authorization):
    user = make_user()
    raw = request_token(client, user.email).json["token"]
    headers = {}
    if authorization is not None:
        headers["Authorization"] = authorization.replace("TOKEN", raw)

    response = client.get("/api/v1/me", headers=headers)

    error = assert_error(response, 401, "unauthenticated")
    assert "Bearer" in error["message"]
    assert user.email not in response.text


def test_a_signed_in_browser_session_does_not_authenticate_the_api(as_user, make_user):
    user = make_user()
    browser = as_user(user)
    assert "Welcome, Test User" in browser.get("/").text  # the session works for pages

    response = browser.get("/api/v1/me")

    assert_error(response, 401, "unauthenticated")
    assert user.email not in response.text


# -- listing and revoking tokens -----------------------------------------------------------------


def test_a_revoked_token_stops_working_at_once(client, make_user):
    user = make_user()
    created = request_token(client, user.email, name="laptop").json
    other_raw = request_token(client, user.email, name="server").json["token"]

    revoked = client.delete(f"/api/v1/auth/tokens/{created['id']}", headers=bearer(other_raw))

    assert revoked.status_code == 204
    assert_error(client.get("/api/v1/me", headers=bearer(created["token"])), 401, "unauthenticated")
    assert client.get("/api/v1/me", headers=bearer(other_raw)).status_code == 200
    listed = client.get("/api/v1/auth/tokens", headers=bearer(other_raw)).json
    by_name = {token["name"]: token for token in listed}
    assert by_name["laptop"]["revoked_at"] is not None
    assert by_name["server"]["revoked_at"] is None
    assert [token["name"] for token in listed] == ["server", "laptop"]  # live ones first


def test_a_token_can_revoke_itself(client, make_user):
    user = make_user()
    created = request_token(client, user.email).json

    assert (
        client.delete(
            f"/api/v1/auth/tokens/{created['id']}", headers=bearer(created["token"])
        ).status_code
        == 204
    )
    assert_error(client.get("/api/v1/me", headers=bearer(created["token"])), 401, "unauthenticated")


def test_revoking_someone_elses_token_is_404_and_it_keeps_working(client, make_org, make_user):
    org = make_org()
    owner, colleague = make_user(org), make_user(org)  # even an admin of the same organisation
    victim = request_token(client, owner.email).json
    attacker_raw = request_token(client, colleague.email).json["token"]

    response = client.delete(f"/api/v1/auth/tokens/{victim['id']}", headers=bearer(attacker_raw))

    assert_error(response, 404, "not_found")
    assert client.get("/api/v1/me", headers=bearer(victim["token"])).json["email"] == owner.email
    assert db.session.get(ApiToken, uuid.UUID(victim["id"])).revoked_at is None


def test_revoking_an_unknown_token_is_404(client, make_user):
    user = make_user()
    raw = request_token(client, user.email).json["token"]

    response = client.delete(
        "/api/v1/auth/tokens/00000000-0000-4000-8000-000000000000", headers=bearer(raw)
    )

    assert_error(response, 404, "not_found")


def test_revoking_needs_a_token(client, make_user):
    user = make_user()
    created = request_token(client, user.email).json

    response = client.delete(f"/api/v1/auth/tokens/{created['id']}")

    assert_error(response, 401, "unauthenticated")
    assert client.get("/api/v1/me", headers=bearer(created["token"])).status_code == 200


def test_the_token_list_shows_only_your_tokens_and_never_their_secrets(client, make_org, make_user):
    org = make_org()
    user, colleague = make_user(org), make_user(org)
    mine = [request_token(client, user.email, name=name).json for name in ("one", "two")]
    theirs = request_token(client, colleague.email, name="theirs").json

    response = client.get("/api/v1/auth/tokens", headers=bearer(mine[0]["token"]))

    assert response.status_code == 200
    assert {token["id"] for token in response.json} == {token["id"] for token in mine}
    for token in response.json:
        assert set(token) == {"id", "name", "prefix", "created_at", "last_used_at", "revoked_at"}
    hashes = db.session.scalars(sa.select(ApiToken.token_hash)).all()
    for secret in [*(t["token"] for t in [*mine, theirs]), *hashes]:
        assert secret not in response.text
    assert theirs["id"] not in response.text


def test_using_a_token_records_when_it_was_last_used(client, make_user):
    user = make_user()
    created = request_token(client, user.email).json
    assert created["last_used_at"] is None

    client.get("/api/v1/me", headers=bearer(created["token"]))

    listed = client.get("/api/v1/auth/tokens", headers=bearer(created["token"])).json
    assert listed[0]["last_used_at"] is not None


# -- the throttle --------------------------------------------------------------------------------


def test_ten_wrong_passwords_throttle_the_account_with_a_clear_json_message(client, make_user):
    user, other = make_user(), make_user()
    for _ in range(10):
        assert request_token(client, user.email, WRONG_PASSWORD).status_code == 401

    throttled = request_token(client, user.email)  # even the right password waits now

    error = assert_error(throttled, 429, "too_many_requests")
    assert "Too many failed sign-in attempts" in error["message"]
    assert "token" not in throttled.json
    assert request_token(client, other.email).status_code == 201  # others are not locked out


def test_the_throttle_counts_the_account_however_its_address_is_spelt(client, make_user):
    user = make_user()
    for n in range(10):
        spelling = user.email.upper() if n % 2 else user.email
        request_token(client, spelling, WRONG_PASSWORD)

    assert request_token(client, user.email).status_code == 429


def test_successful_token_requests_do_not_count_against_the_throttle(client, make_user):
    user = make_user()
    for _ in range(12):
        assert request_token(client, user.email).status_code == 201


# -- the OpenAPI document ------------------------------------------------------------------------


def test_the_openapi_document_is_public_and_describes_the_api(client):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    spec = response.json
    assert spec["openapi"].startswith("3.")
    assert "/api/v1/auth/token" in spec["paths"]
    assert "/api/v1/me" in spec["paths"]
    assert "/api/v1/organisations/{org_id}/members" in spec["paths"]
    schemes = spec["components"]["securitySchemes"]
    assert {"type": "http", "scheme": "bearer"} in schemes.values()
    assert spec["security"] == [{name: []} for name in schemes]
    # Getting a token is the one operation that needs no token.
    assert spec["paths"]["/api/v1/auth/token"]["post"]["security"] == []
    token_request = str(spec["paths"]["/api/v1/auth/token"]["post"]["requestBody"])
    assert "TokenRequest" in token_request
