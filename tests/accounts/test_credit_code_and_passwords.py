import pytest

from market.accounts.credit_code import normalise_credit_code, with_check_character
from market.accounts.passwords import hash_password, password_problems, verify_password
from market.demo.accounts import DEMO_ORGS


@pytest.mark.parametrize(
    "code", ["91110000600037341L", "91350100M000100Y43", " 91110000600037341l "]
)
def test_valid_credit_codes_are_accepted_and_normalised(code):
    assert normalise_credit_code(code) == code.strip().upper()


@pytest.mark.parametrize(
    ("code", "message"),
    [
        ("91110000600037341M", "check character"),  # wrong check character
        ("9111000060003734", "18 characters"),  # too short
        ("91110000600037341L0", "18 characters"),  # too long
        ("9111000060003734IL", "18 characters"),  # I is not in the GB 32100 alphabet
        ("", "18 characters"),
    ],
)
def test_invalid_credit_codes_are_refused_with_a_reason(code, message):
    with pytest.raises(ValueError, match=message):
        normalise_credit_code(code)


def test_demo_organisations_have_valid_unique_codes():
    codes = [org.credit_code for org in DEMO_ORGS]
    assert len(set(codes)) == len(codes)
    for code in codes:
        assert normalise_credit_code(code) == code
    assert with_check_character("91110000600037341") == "91110000600037341L"


def test_passwords_are_hashed_with_argon2id(app):
    with app.app_context():
        hashed = hash_password("Correct-horse-9")
    assert hashed.startswith("$argon2id$")
    assert verify_password(hashed, "Correct-horse-9")
    assert not verify_password(hashed, "correct-horse-9")
    assert not verify_password("not a hash", "Correct-horse-9")


@pytest.mark.parametrize(
    ("password", "problem"),
    [
        ("short-1", "at least 10"),
        ("aaaaaaaaaaaa", "too easy"),
        ("1234567890", "too easy"),
        ("alllowercaseletters", "Mix at least two"),
        ("wang.jianguo-2026", "e-mail"),
    ],
)
def test_weak_passwords_are_explained(app, password, problem):
    with app.test_request_context():
        problems = password_problems(password, "wang.jianguo@example.com")
    assert any(problem in p for p in problems), problems


def test_a_good_password_has_no_problems(app):
    with app.test_request_context():
        assert password_problems("pioneer-demo", "admin@buyer1.demo") == []
        assert password_problems("Correct-horse-9", "someone@example.com") == []
