"""Trials start from a decided case whose decision attestation stands, filed and
countersigned: the attestation tests' fixtures, and terms to record."""

from __future__ import annotations

from tests.attestations.conftest import in_app  # noqa: F401 (fixture)
from tests.trials.trial_fixtures import (  # noqa: F401 (fixtures)
    attested_case,
    buyer,
    buyer_factory,
    case_in,
    make_product,
    people,
    reviewer,
    running_case,
    signed_case,
    signers,
    signers_of,
    storage,
    vendor,
    vendor_staff,
)
