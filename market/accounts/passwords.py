"""Password hashing (Argon2id, memory-hard) and the password policy."""

from __future__ import annotations

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask import Flask
from flask_babel import gettext as _

MIN_LENGTH = 10
# The most common choices, refused outright whatever their length.
COMMON_PASSWORDS = frozenset(
    {
        "password123",
        "1234567890",
        "12345678910",
        "qwertyuiop",
        "password1234",
        "iloveyou123",
        "abcdefghij",
        "1q2w3e4r5t",
        "qwerty12345",
        "0123456789",
        "administrator",
        "passw0rd123",
    }
)

_hasher = PasswordHasher()


def init_app(app: Flask) -> None:
    """Take the Argon2 cost from configuration (tests lower it; production keeps the defaults)."""
    global _hasher
    _hasher = PasswordHasher(
        time_cost=app.config["ARGON2_TIME_COST"],
        memory_cost=app.config["ARGON2_MEMORY_COST"],
        parallelism=app.config["ARGON2_PARALLELISM"],
    )


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher.check_needs_rehash(password_hash)


def password_problems(password: str, email: str = "") -> list[str]:
    """Why ``password`` is too weak; an empty list means it is acceptable."""
    problems = []
    if len(password) < MIN_LENGTH:
        problems.append(_("Use at least %(n)d characters.", n=MIN_LENGTH))
    lowered = password.lower()
    if lowered in COMMON_PASSWORDS or len(set(password)) < 4:
        problems.append(_("This password is too easy to guess."))
    local_part = email.split("@")[0].lower()
    if len(local_part) >= 4 and local_part in lowered:
        problems.append(_("Do not build the password from your e-mail address."))
    classes = sum(
        [
            any(c.islower() for c in password),
            any(c.isupper() for c in password),
            any(c.isdigit() for c in password),
            any(not c.isalnum() for c in password),
        ]
    )
    if classes < 2:
        problems.append(_("Mix at least two of: lower case, upper case, digits, symbols."))
    return problems
