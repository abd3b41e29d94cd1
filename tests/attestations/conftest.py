"""The log's services read the application's configuration (its key file, its origin): tests
that append run inside an application context, on the suite's rolled-back connection."""

from __future__ import annotations

import pytest
from flask import g


@pytest.fixture
def in_app(app, db_session):
    """Requests made inside share this application context, and so its ``g``: each drops the
    user flask-login remembered there, so a client signed in as one person is that person."""

    def forget_signed_in_user() -> None:
        g.pop("_login_user", None)

    hooks = app.before_request_funcs.setdefault(None, [])
    hooks.insert(0, forget_signed_in_user)
    try:
        with app.app_context():
            yield app
    finally:
        hooks.remove(forget_signed_in_user)


from tests.attestations.case_fixtures import (  # noqa: E402, F401 (fixtures for cases to attest)
    buyer,
    buyer_factory,
    case_in,
    make_product,
    people,
    reviewer,
    signed_case,
    signers,
    signers_of,
    storage,
    vendor,
    vendor_staff,
)
from tests.attestations.log_fixtures import audited_log  # noqa: E402, F401 (the verifier tests)
