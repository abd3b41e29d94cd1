"""The log's services read the application's configuration (its key file, its origin): tests
that append run inside an application context, on the suite's rolled-back connection."""

from __future__ import annotations

import pytest


@pytest.fixture
def in_app(app, db_session):
    with app.app_context():
        yield app


from tests.attestations.case_fixtures import (  # noqa: E402, F401 (fixtures for cases to attest)
    buyer,
    buyer_factory,
    case_in,
    make_product,
    reviewer,
    signed_case,
    signers,
    storage,
    vendor,
    vendor_staff,
)
