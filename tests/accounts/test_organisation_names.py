"""Every way an organisation is made checks its names as the forms do: both required, at most
200 characters. ``flask orgs create`` names the field; before, an over-long name reached the
database (an error on PostgreSQL, kept whole on SQLite)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from market.accounts.models import Organisation
from market.core.db import db
from tests.conftest import random_credit_code


def create_buyer(app, name_zh: str, name_en: str, code: str):
    options = {"--kind": "buyer", "--name-zh": name_zh, "--name-en": name_en, "--credit-code": code}
    args = [part for option in options.items() for part in option]
    return app.test_cli_runner().invoke(args=["orgs", "create", *args])


@pytest.mark.parametrize(
    ("name_zh", "name_en", "complaint"),
    [
        ("中车株洲", "   ", "name_en: This field is required."),
        ("中" * 201, "CRRC Zhuzhou", "name_zh: At most 200 characters."),
    ],
)
def test_flask_orgs_create_refuses_a_blank_or_over_long_name(
    app, db_session, name_zh, name_en, complaint
):
    code = random_credit_code()

    result = create_buyer(app, name_zh, name_en, code)

    assert result.exit_code == 1
    assert complaint in result.output
    created = sa.select(Organisation).where(Organisation.credit_code == code)
    assert db.session.scalars(created).all() == []


def test_flask_orgs_create_strips_the_names(app, db_session):
    code = random_credit_code()

    result = create_buyer(app, " 中车株洲 ", " CRRC Zhuzhou ", code)

    assert result.exit_code == 0, result.output
    org = db.session.scalars(sa.select(Organisation).where(Organisation.credit_code == code)).one()
    assert (org.name_zh, org.name_en) == ("中车株洲", "CRRC Zhuzhou")
