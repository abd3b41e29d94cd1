"""The signing key pages: a signer makes a key under a PIN typed twice, an admin enrols theirs
as the organisation's registrar, the registrar registers and revokes the others' keys with
their own PIN. A refused form shows its message under the field and writes nothing; five wrong
PINs pause every PIN form, even for the right PIN; people of other roles and organisations are
refused, and offered no link."""

from __future__ import annotations

import pytest

from market.accounts.models import Role
from market.attestations.key_queries import fingerprint
from market.core.extensions import limiter
from tests.attestations.key_fixtures import (  # noqa: F401 (fixtures)
    ADMIN_PIN,
    PIN,
    WRONG_PIN,
    key_of,
    make_key,
    people_fixture,
    written,
)
from tests.core.test_home_page import next_steps

MY_KEY = "/me/signing-key"


def keys_page(org) -> str:
    return f"/organisations/{org.id}/signing-keys"


def action(org, key, verb: str) -> str:
    return f"{keys_page(org)}/{key.key_id}/{verb}"


def register(client, org, key, pin: str):
    return client.post(
        action(org, key, "registration"), data={f"register-{key.key_id[:16]}-pin": pin}
    )


def revoke(client, org, key, reason: str, pin: str):
    prefix = f"revoke-{key.key_id[:16]}"
    return client.post(
        action(org, key, "revocation"), data={f"{prefix}-reason": reason, f"{prefix}-pin": pin}
    )


# -- my signing key ------------------------------------------------------------------------


def test_a_signer_makes_a_key_under_a_pin_typed_twice(people, as_user):
    officer = as_user(people.officer)
    page = officer.get(MY_KEY)
    assert page.status_code == 200
    assert "You have no signing key yet" in page.text
    assert "The PIN is never stored" in page.text
    assert "ask your organisation’s registrar to revoke the key" in page.text
    before = written()

    made = officer.post(MY_KEY, data={"pin": PIN, "pin_again": PIN})

    assert made.status_code == 302
    key = key_of(people.officer)
    assert key is not None
    assert written() == (before[0], before[1] + 1, before[2] + 1)  # not in the log yet
    page = officer.get(MY_KEY)
    assert "Your signing key is made." in page.text
    assert "Waiting for registration by your organisation’s registrar" in page.text
    assert fingerprint(key.key_id) in page.text
    assert 'id="make-key-form"' not in page.text  # one key at a time
    assert "Enrol as registrar" not in page.text  # an officer's key is registered by others
    assert PIN not in page.text


@pytest.mark.parametrize(
    ("pin", "again", "message"),
    [
        ("482915", "482916", "The two PINs are not the same."),
        ("111111", "111111", "A PIN has 6 to 64 characters, at least three of them different."),
        ("4829", "4829", "A PIN has 6 to 64 characters, at least three of them different."),
    ],
    ids=["mismatch", "plain", "short"],
)
def test_a_mismatched_or_weak_pin_is_a_field_error_and_writes_nothing(
    people, as_user, pin, again, message
):
    before = written()

    refused = as_user(people.approver).post(MY_KEY, data={"pin": pin, "pin_again": again})

    assert refused.status_code == 422
    assert message in refused.text
    assert 'id="make-key-form"' in refused.text
    assert written() == before
    assert key_of(people.approver) is None


def test_an_admin_enrols_their_own_key_as_registrar(people, make_user, as_user):
    admin = make_user(people.org, roles=(Role.ADMIN,))
    client = as_user(admin)
    client.post(MY_KEY, data={"pin": ADMIN_PIN, "pin_again": ADMIN_PIN})
    assert "Enrol as registrar" in client.get(MY_KEY).text
    size, keys, _events = written()

    enrolled = client.post(f"{MY_KEY}/enrol")

    assert enrolled.status_code == 302
    assert written()[:2] == (size + 1, keys)
    key = key_of(admin)
    assert key.registrar
    assert key.registered_seq == size
    page = client.get(MY_KEY)
    assert f"Enrolled as your organisation’s registrar, log entry {size}." in page.text
    assert "Enrol as registrar" not in page.text
    assert "You are not an enrolled registrar" not in client.get(keys_page(people.org)).text


def test_an_officer_cannot_enrol(people, as_user):
    make_key(people.officer)
    before = written()

    refused = as_user(people.officer).post(f"{MY_KEY}/enrol")

    assert refused.status_code == 403
    assert written() == before
    assert key_of(people.officer).registered_seq is None


# -- the registrar's page ------------------------------------------------------------------


def test_the_registrar_registers_a_waiting_key_and_the_officer_sees_it(people, as_user):
    key = make_key(people.officer)
    registrar = as_user(people.admin)
    page = registrar.get(keys_page(people.org))
    assert page.status_code == 200
    assert fingerprint(key.key_id) in page.text
    assert "Waiting for registration" in page.text
    assert action(people.org, key, "registration") in page.text
    size = written()[0]

    done = register(registrar, people.org, key, ADMIN_PIN)

    assert done.status_code == 302
    assert written()[0] == size + 1
    assert key_of(people.officer).registered_seq == size
    assert "is registered." in registrar.get(keys_page(people.org)).text
    assert f"Registered, log entry {size}. It signs." in as_user(people.officer).get(MY_KEY).text


def test_a_wrong_registrar_pin_is_a_field_error_and_logs_nothing(people, as_user):
    key = make_key(people.officer)
    before = written()

    refused = register(as_user(people.admin), people.org, key, WRONG_PIN)

    assert refused.status_code == 422
    assert "The PIN is wrong." in refused.text
    assert written() == before
    assert key_of(people.officer).registered_seq is None


def test_five_wrong_pins_pause_every_pin_form_even_for_the_right_pin(people, as_user):
    key = make_key(people.officer)
    registrar = as_user(people.admin)
    for _ in range(5):
        assert register(registrar, people.org, key, WRONG_PIN).status_code == 422
    before = written()

    throttled = register(registrar, people.org, key, ADMIN_PIN)

    assert throttled.status_code == 429
    assert "Too many wrong PINs" in throttled.text
    assert "Wait 15 minutes" in throttled.text
    assert throttled.headers["Retry-After"]
    assert revoke(registrar, people.org, key, "Left", ADMIN_PIN).status_code == 429
    assert written() == before
    assert key_of(people.officer).registered_seq is None
    # Another registrar is not paused by someone else's guesses.
    other_key = make_key(people.other_officer)
    assert (
        register(as_user(people.other_admin), people.other_org, other_key, ADMIN_PIN).status_code
        == 302
    )
    # Once the window is over, the right PIN works again.
    limiter.reset()
    assert register(registrar, people.org, key, ADMIN_PIN).status_code == 302


def test_right_pins_never_count_against_the_throttle(people, as_user):
    registrar = as_user(people.admin)
    for user in (people.officer, people.approver):
        key = make_key(user)
        assert register(registrar, people.org, key, ADMIN_PIN).status_code == 302
        assert revoke(registrar, people.org, key, "Test", ADMIN_PIN).status_code == 302
    for _ in range(2):
        key = make_key(people.officer)
        assert register(registrar, people.org, key, ADMIN_PIN).status_code == 302
        assert revoke(registrar, people.org, key, "Again", ADMIN_PIN).status_code == 302


def test_wrong_pins_from_one_address_pause_it_for_everyone(people, as_user, app, monkeypatch):
    monkeypatch.setitem(app.config, "PIN_THROTTLE_PER_ADDRESS", "3 per 15 minutes")
    key, other_key = make_key(people.officer), make_key(people.other_officer)
    registrar, other = as_user(people.admin), as_user(people.other_admin)
    for _ in range(2):
        assert register(registrar, people.org, key, WRONG_PIN).status_code == 422
    assert register(other, people.other_org, other_key, WRONG_PIN).status_code == 422

    assert register(other, people.other_org, other_key, ADMIN_PIN).status_code == 429


def test_the_registrar_revokes_a_key_with_a_reason_and_the_officer_makes_a_new_one(people, as_user):
    key = make_key(people.officer)
    registrar = as_user(people.admin)
    register(registrar, people.org, key, ADMIN_PIN)
    before = written()

    no_reason = revoke(registrar, people.org, key, "  ", ADMIN_PIN)
    assert no_reason.status_code == 422
    assert "This field is required." in no_reason.text
    wrong = revoke(registrar, people.org, key, "The PIN was forgotten", WRONG_PIN)
    assert wrong.status_code == 422
    assert "The PIN is wrong." in wrong.text
    assert written() == before

    done = revoke(registrar, people.org, key, "The PIN was forgotten", ADMIN_PIN)

    assert done.status_code == 302
    assert written()[0] == before[0] + 1
    officer = as_user(people.officer)
    page = officer.get(MY_KEY)
    assert "Revoked on" in page.text
    assert 'id="make-key-form"' in page.text
    again = revoke(registrar, people.org, key, "Twice", ADMIN_PIN)
    assert again.status_code == 303
    assert "already revoked" in registrar.get(keys_page(people.org)).text
    assert officer.post(MY_KEY, data={"pin": PIN, "pin_again": PIN}).status_code == 302
    assert key_of(people.officer).key_id != key.key_id


def test_an_admin_not_enrolled_is_told_so_and_pointed_to_their_key(people, make_user, as_user):
    second_admin = make_user(people.org, roles=(Role.ADMIN,))
    key = make_key(people.officer)
    client = as_user(second_admin)

    page = client.get(keys_page(people.org))

    assert page.status_code == 200
    assert "You are not an enrolled registrar" in page.text
    assert f'href="{MY_KEY}"' in page.text
    assert action(people.org, key, "registration") not in page.text
    before = written()
    assert register(client, people.org, key, ADMIN_PIN).status_code == 403
    assert written() == before


# -- who may see what ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "my_key", "keys_page_status", "registration"),
    [
        ("admin", 200, 200, 302),
        ("officer", 200, 403, 403),
        ("approver", 200, 403, 403),
        ("requester", 403, 403, 403),
        # Auditors sign the enterprise's determinations after a failed trial.
        ("auditor", 200, 403, 403),
        ("other_admin", 200, 404, 404),
        ("vendor_staff", 403, 404, 404),
        ("reviewer", 403, 404, 404),
    ],
)
def test_each_role_sees_and_does_only_its_part(
    people, as_user, who, my_key, keys_page_status, registration
):
    waiting = make_key(people.approver if who != "approver" else people.officer)
    client = as_user(getattr(people, who))
    before = written()

    assert client.get(MY_KEY).status_code == my_key
    assert client.get(keys_page(people.org)).status_code == keys_page_status
    assert register(client, people.org, waiting, ADMIN_PIN).status_code == registration
    assert revoke(client, people.org, waiting, "Left", ADMIN_PIN).status_code == registration
    if registration != 302:
        assert written() == before


def test_another_organisations_keys_are_not_found(people, as_user):
    theirs = make_key(people.other_officer)
    registrar = as_user(people.admin)
    before = written()

    # Through their organisation's URL, and through one's own with their key's id.
    assert registrar.get(keys_page(people.other_org)).status_code == 404
    assert register(registrar, people.other_org, theirs, ADMIN_PIN).status_code == 404
    assert register(registrar, people.org, theirs, ADMIN_PIN).status_code == 404
    assert revoke(registrar, people.org, theirs, "Mine now", ADMIN_PIN).status_code == 404
    assert written() == before
    assert fingerprint(theirs.key_id) not in registrar.get(keys_page(people.org)).text


def test_a_visitor_is_asked_to_sign_in(people, as_user):
    visitor = as_user(None)
    assert visitor.get(MY_KEY).status_code == 302
    assert "/login" in visitor.get(keys_page(people.org)).headers["Location"]


@pytest.mark.parametrize(
    ("who", "offered"),
    [
        ("admin", {"My signing key", "Signing keys"}),
        ("officer", {"My signing key"}),
        ("approver", {"My signing key"}),
        ("requester", set()),
        ("auditor", {"My signing key"}),
        ("vendor_staff", set()),
        ("reviewer", set()),
    ],
)
def test_the_home_page_offers_the_pages_to_those_they_answer(people, as_user, who, offered):
    client = as_user(getattr(people, who))

    steps = next_steps(client.get("/").text)

    assert {name for name in steps if "signing key" in name.lower()} == offered
    for name in offered:
        assert client.get(steps[name]).status_code == 200
