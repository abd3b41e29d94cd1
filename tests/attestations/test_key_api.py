"""/api/v1 signing keys: a signer makes and reads their key, an admin enrols theirs, the
registrar lists the organisation's signers and registers and revokes keys with their PIN. Bad
input and wrong PINs are 422 by field and write nothing; five wrong PINs make the sixth 429,
pages and API sharing the count; other organisations' keys are 404; no answer ever carries the
sealed private key, its salt or its nonce."""

from __future__ import annotations

import base64

import pytest

from market.accounts.models import Role
from market.attestations.key_queries import fingerprint
from tests.attestations.key_fixtures import (  # noqa: F401 (fixtures)
    ADMIN_PIN,
    PIN,
    WRONG_PIN,
    key_of,
    make_key,
    people_fixture,
    written,
)
from tests.catalog.api_support import assert_error

MY_KEY = "/api/v1/me/signing-key"
SECRET_FIELDS = ("sealed_private", "salt", "nonce", "kdf", "pin")


def signers_url(org) -> str:
    return f"/api/v1/organisations/{org.id}/signing-keys"


def register(client, key, pin: str):
    return client.post(f"/api/v1/signing-keys/{key.key_id}/registration", json={"pin": pin})


def revoke(client, key, reason: str, pin: str):
    return client.post(
        f"/api/v1/signing-keys/{key.key_id}/revocation", json={"reason": reason, "pin": pin}
    )


def assert_nothing_secret(response, *keys, names: bool = True) -> None:
    """Neither the names (an error names the ``pin`` field) nor the bytes of a key's sealed
    half, nor any PIN, in the answer."""
    text = response.get_data(as_text=True)
    for name in SECRET_FIELDS if names else ():
        assert f'"{name}"' not in text, name
    for key in keys:
        for secret in (key.sealed_private, key.salt, key.nonce):
            assert base64.b64encode(secret).decode() not in text
            assert secret.hex() not in text
    for pin in (PIN, ADMIN_PIN, WRONG_PIN):
        assert pin not in text


def test_a_signer_makes_a_key_and_reads_it(people, api_client):
    officer = api_client(people.officer)
    assert_error(officer.get(MY_KEY), 404, "not_found")
    before = written()

    made = officer.post(MY_KEY, json={"pin": PIN})

    assert made.status_code == 201, made.text
    key = key_of(people.officer)
    assert made.json["key_id"] == key.key_id
    assert made.json["fingerprint"] == fingerprint(key.key_id)
    assert made.json["public_key"] == base64.b64encode(key.public_key).decode()
    assert made.json["state"] == "waiting"
    assert made.json["registered_seq"] is None
    assert made.json["registrar"] is False
    assert written() == (before[0], before[1] + 1, before[2] + 1)
    read = officer.get(MY_KEY)
    assert read.status_code == 200
    assert read.json == made.json
    assert_nothing_secret(made, key)
    assert_nothing_secret(read, key)
    assert_error(officer.post(MY_KEY, json={"pin": "591837"}), 409, "conflict")


@pytest.mark.parametrize(
    ("body", "field"),
    [({"pin": "111111"}, "pin"), ({"pin": "48291"}, "pin"), ({}, "pin"), ({"pin": 482915}, "pin")],
    ids=["plain", "short", "missing", "not-text"],
)
def test_a_bad_pin_is_422_on_the_field_and_writes_nothing(people, api_client, body, field):
    approver = api_client(people.approver)
    before = written()

    refused = approver.post(MY_KEY, json=body)

    error = assert_error(refused, 422, "validation_failed")
    assert field in error["fields"]
    assert written() == before


def test_an_admin_enrols_as_registrar(people, make_user, api_client):
    admin = make_user(people.org, roles=(Role.ADMIN,))
    client = api_client(admin)
    assert_error(client.post(f"{MY_KEY}/enrol"), 404, "not_found")  # no key yet
    client.post(MY_KEY, json={"pin": ADMIN_PIN})
    size = written()[0]

    enrolled = client.post(f"{MY_KEY}/enrol")

    assert enrolled.status_code == 200, enrolled.text
    assert enrolled.json["state"] == "registered"
    assert enrolled.json["registrar"] is True
    assert enrolled.json["registered_seq"] == size
    assert written()[0] == size + 1
    assert_error(client.post(f"{MY_KEY}/enrol"), 409, "conflict")
    assert_nothing_secret(enrolled, key_of(admin))


def test_an_officer_cannot_enrol(people, api_client):
    make_key(people.officer)
    officer = api_client(people.officer)
    before = written()

    assert_error(officer.post(f"{MY_KEY}/enrol"), 403, "forbidden")
    assert written() == before


def test_the_registrar_lists_signers_and_registers_a_key(people, api_client):
    key = make_key(people.officer)
    registrar = api_client(people.admin)
    listed = registrar.get(signers_url(people.org))
    assert listed.status_code == 200
    assert listed.json["you_are_registrar"] is True
    by_user = {item["user_id"]: item for item in listed.json["items"]}
    signers = (people.admin, people.officer, people.approver, people.auditor)
    assert set(by_user) == {str(user.id) for user in signers}
    assert by_user[str(people.officer.id)]["state"] == "waiting"
    assert by_user[str(people.officer.id)]["roles"] == ["officer"]
    assert by_user[str(people.approver.id)]["state"] == "none"
    assert by_user[str(people.approver.id)]["key"] is None
    assert by_user[str(people.admin.id)]["key"]["registrar"] is True
    assert_nothing_secret(listed, key)
    size = written()[0]

    done = register(registrar, key, ADMIN_PIN)

    assert done.status_code == 200, done.text
    assert done.json["state"] == "registered"
    assert done.json["registered_seq"] == size
    assert written()[0] == size + 1
    assert api_client(people.officer).get(MY_KEY).json["state"] == "registered"
    assert_nothing_secret(done, key)
    assert_error(register(registrar, key, ADMIN_PIN), 409, "conflict")


def test_a_wrong_pin_is_422_and_appends_nothing_to_the_log(people, api_client):
    key = make_key(people.officer)
    registrar = api_client(people.admin)
    before = written()

    refused = register(registrar, key, WRONG_PIN)

    error = assert_error(refused, 422, "validation_failed")
    assert error["fields"] == {"pin": ["The PIN is wrong."]}
    assert written() == before
    assert key_of(people.officer).registered_seq is None
    assert_nothing_secret(refused, key, names=False)


def test_five_wrong_pins_make_the_sixth_429_even_with_the_right_pin(people, api_client, as_user):
    key = make_key(people.officer)
    registrar = api_client(people.admin)
    for _ in range(5):
        assert register(registrar, key, WRONG_PIN).status_code == 422
    before = written()

    throttled = register(registrar, key, ADMIN_PIN)

    error = assert_error(throttled, 429, "too_many_requests")
    assert "Too many wrong PINs" in error["message"]
    assert int(throttled.headers["Retry-After"]) > 0
    assert_error(revoke(registrar, key, "Left", ADMIN_PIN), 429, "too_many_requests")
    assert written() == before
    # The pages count the same person's wrong PINs with the API's.
    page = as_user(people.admin).post(
        f"/organisations/{people.org.id}/signing-keys/{key.key_id}/registration",
        data={f"register-{key.key_id[:16]}-pin": ADMIN_PIN},
    )
    assert page.status_code == 429
    # Someone else's PIN still works.
    other_key = make_key(people.other_officer)
    assert register(api_client(people.other_admin), other_key, ADMIN_PIN).status_code == 200


def test_wrong_pins_on_the_pages_throttle_the_api(people, api_client, as_user):
    key = make_key(people.officer)
    page = as_user(people.admin)
    for _ in range(5):
        page.post(
            f"/organisations/{people.org.id}/signing-keys/{key.key_id}/revocation",
            data={
                f"revoke-{key.key_id[:16]}-reason": "Left",
                f"revoke-{key.key_id[:16]}-pin": WRONG_PIN,
            },
        )

    assert_error(register(api_client(people.admin), key, ADMIN_PIN), 429, "too_many_requests")


def test_the_registrar_revokes_a_key(people, api_client):
    key = make_key(people.officer)
    registrar = api_client(people.admin)
    register(registrar, key, ADMIN_PIN)
    before = written()

    for body in ({"pin": ADMIN_PIN}, {"reason": "", "pin": ADMIN_PIN}, {"reason": "Left"}):
        refused = registrar.post(f"/api/v1/signing-keys/{key.key_id}/revocation", json=body)
        assert_error(refused, 422, "validation_failed")
    assert_error(revoke(registrar, key, "   ", ADMIN_PIN), 422, "validation_failed")
    assert written() == before

    done = revoke(registrar, key, "The PIN was forgotten", ADMIN_PIN)

    assert done.status_code == 200, done.text
    assert done.json["state"] == "revoked"
    assert done.json["revoked_seq"] == before[0]
    assert written()[0] == before[0] + 1
    assert api_client(people.officer).get(MY_KEY).json["state"] == "revoked"
    assert_error(revoke(registrar, key, "Twice", ADMIN_PIN), 409, "conflict")
    assert_nothing_secret(done, key)
    # The officer makes a new key; theirs is now that one.
    officer = api_client(people.officer)
    assert officer.post(MY_KEY, json={"pin": PIN}).status_code == 201
    assert officer.get(MY_KEY).json["state"] == "waiting"


@pytest.mark.parametrize(
    ("who", "my_key", "signers", "registration"),
    [
        ("admin", 200, 200, 200),
        ("officer", 404, 403, 403),
        ("approver", 404, 403, 403),
        ("requester", 403, 403, 403),
        ("auditor", 404, 403, 403),  # a signer (determinations) without a key yet
        ("other_admin", 200, 404, 404),
        ("vendor_staff", 403, 404, 404),
        ("reviewer", 403, 404, 404),
    ],
)
def test_each_role_reads_and_does_only_its_part(
    people, api_client, who, my_key, signers, registration
):
    waiting = make_key(people.approver if who != "approver" else people.officer)
    client = api_client(getattr(people, who))
    before = written()

    assert client.get(MY_KEY).status_code == my_key
    assert client.get(signers_url(people.org)).status_code == signers
    assert register(client, waiting, ADMIN_PIN).status_code == registration
    assert revoke(client, waiting, "Left", ADMIN_PIN).status_code == registration
    if registration != 200:
        assert written() == before


def test_another_organisations_keys_are_not_found(people, api_client):
    theirs = make_key(people.other_officer)
    registrar = api_client(people.admin)
    before = written()

    assert_error(registrar.get(signers_url(people.other_org)), 404, "not_found")
    assert_error(register(registrar, theirs, ADMIN_PIN), 404, "not_found")
    assert_error(revoke(registrar, theirs, "Mine now", ADMIN_PIN), 404, "not_found")
    assert_error(register(registrar, theirs, WRONG_PIN), 404, "not_found")
    assert written() == before
    missing = registrar.post(f"/api/v1/signing-keys/{'0' * 64}/registration", json={"pin": PIN})
    assert_error(missing, 404, "not_found")


def test_without_a_token_it_is_401(people, api_client):
    anonymous = api_client(None)
    assert_error(anonymous.get(MY_KEY), 401, "unauthenticated")
    assert_error(anonymous.post(MY_KEY, json={"pin": PIN}), 401, "unauthenticated")
    assert_error(anonymous.get(signers_url(people.org)), 401, "unauthenticated")


def test_the_openapi_document_describes_keys_without_their_secrets(client):
    spec = client.get("/api/v1/openapi.json").json

    for path in (
        "/api/v1/me/signing-key",
        "/api/v1/me/signing-key/enrol",
        "/api/v1/organisations/{org_id}/signing-keys",
        "/api/v1/signing-keys/{key_id}/registration",
        "/api/v1/signing-keys/{key_id}/revocation",
    ):
        assert path in spec["paths"], path
    schemas = spec["components"]["schemas"]
    assert not set(SECRET_FIELDS) & set(schemas["SigningKey"]["properties"])
    for name in ("NewKey", "Registration", "Revocation"):
        assert schemas[name]["properties"]["pin"]["writeOnly"] is True
