"""A signing key sealed under its owner's PIN: opened by that PIN only, bound to its public
key, with the Argon2id costs it was sealed with kept beside it."""

from __future__ import annotations

import pytest

from market.attestations.pins import Costs, WrongPin, pin_problem, seal, unseal

CHEAP = Costs(time_cost=1, memory_cost=8, parallelism=1)


def test_the_pin_opens_the_key_and_nothing_else_does():
    sealed = seal(b"k" * 32, "482915", CHEAP, context=b"public")
    assert sealed.ciphertext[:32] != b"k" * 32  # not stored in the clear
    assert unseal(sealed, "482915", b"public") == b"k" * 32
    for pin, context in (("482916", b"public"), ("482915", b"another public key")):
        with pytest.raises(WrongPin):
            unseal(sealed, pin, context)


def test_two_seals_of_one_key_share_nothing_guessable():
    first, second = (seal(b"k" * 32, "482915", CHEAP, b"p") for _ in range(2))
    assert first.salt != second.salt
    assert first.nonce != second.nonce
    assert first.ciphertext != second.ciphertext


def test_the_costs_travel_with_the_sealed_key():
    costs = Costs.from_json(CHEAP.as_json())
    assert costs == CHEAP
    assert CHEAP.as_json()["kdf"] == "argon2id"
    with pytest.raises(ValueError, match="unknown"):
        Costs.from_json({"kdf": "md5"})


@pytest.mark.parametrize(
    ("pin", "problem"),
    [("12345", "between"), ("1" * 65, "between"), ("111111", "three"), ("482915", None)],
)
def test_a_pin_has_some_length_and_variety(pin, problem):
    found = pin_problem(pin)
    assert (found is None) if problem is None else (problem in found)
