"""A signing key's private half, sealed under the PIN its owner chose.

The PIN is stretched with Argon2id (argon2-cffi's low-level ``hash_secret_raw``): memory-hard,
so guessing a short PIN offline from a stolen database costs memory as well as time; the
project already carries argon2-cffi and tunes it for passwords (``ARGON2_*``), and the same
costs apply here, stored with each sealed key so a later change of costs still opens old ones.
(scrypt from ``cryptography`` would do too; one KDF for passwords and PINs is simpler to tune
and to review.) The 32-byte result keys AES-256-GCM, whose tag makes a wrong PIN fail loudly
rather than yield a wrong key. The PIN itself is never stored or logged.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MIN_PIN, MAX_PIN = 6, 64


class WrongPin(ValueError):
    """The PIN does not open the key."""


@dataclass(frozen=True)
class Costs:
    time_cost: int
    memory_cost: int  # KiB
    parallelism: int

    def as_json(self) -> dict[str, Any]:
        return {"kdf": "argon2id", **self.__dict__}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Costs:
        if data.get("kdf") != "argon2id":
            raise ValueError(f"unknown key derivation: {data.get('kdf')!r}")
        return cls(data["time_cost"], data["memory_cost"], data["parallelism"])


@dataclass(frozen=True)
class Sealed:
    ciphertext: bytes
    salt: bytes
    nonce: bytes
    costs: Costs


def pin_problem(pin: str) -> str | None:
    """Why ``pin`` cannot be a signing PIN, or None."""
    if not MIN_PIN <= len(pin) <= MAX_PIN:
        return f"between {MIN_PIN} and {MAX_PIN} characters"
    if len(set(pin)) < 3:
        return "at least three different characters"
    return None


def _key(pin: str, salt: bytes, costs: Costs) -> bytes:
    return hash_secret_raw(
        pin.encode(),
        salt,
        time_cost=costs.time_cost,
        memory_cost=costs.memory_cost,
        parallelism=costs.parallelism,
        hash_len=32,
        type=Type.ID,
    )


def seal(secret: bytes, pin: str, costs: Costs, context: bytes) -> Sealed:
    """``secret`` under ``pin``; ``context`` (the public key) is bound in as associated data,
    so a sealed private key cannot be moved under another public key."""
    salt, nonce = os.urandom(16), os.urandom(12)
    ciphertext = AESGCM(_key(pin, salt, costs)).encrypt(nonce, secret, context)
    return Sealed(ciphertext, salt, nonce, costs)


def unseal(sealed: Sealed, pin: str, context: bytes) -> bytes:
    try:
        return AESGCM(_key(pin, sealed.salt, sealed.costs)).decrypt(
            sealed.nonce, sealed.ciphertext, context
        )
    except InvalidTag:
        raise WrongPin("the PIN does not open this key") from None
