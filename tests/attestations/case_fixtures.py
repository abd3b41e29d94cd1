"""A decided case whose officer and approvers hold registered keys: what filing and
countersigning attestations need. Test modules import the fixtures from here."""

from __future__ import annotations

from typing import Any

import pytest

from market.attestations import filing, signing_keys
from market.catalog import editing
from market.catalog.models import Category, ListingState
from market.core.audit import Actor
from market.core.db import db
from market.procurement.cases import CaseState
from tests.catalog.api_support import attach, publish_directly
from tests.catalog.conftest import (  # noqa: F401 (fixtures)
    designation_for,
    make_product,
    reviewer,
    storage,
    vendor,
    vendor_staff,
)
from tests.procurement.conftest import (  # noqa: F401 (fixtures)
    buyer,
    buyer_factory,
    case_in,
    people,
)

PIN, ADMIN_PIN = "482915", "735102"
REPORT = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def given(owner: Any = None, **changes: Any) -> dict[str, Any]:
    words = {
        "policy_basis": "SASAC green channel for first-set equipment; group rules section 4.",
        "rationale": "The only domestic machine meeting the precision; trial value is small.",
        "mitigations": "Spare spindle on site; the old line stays ready for three months.",
        "no_conflict_of_interest": True,
        "no_personal_gain": True,
        "chair": str(owner.approvers[0].id) if owner is not None else "",
    }
    return {**words, **changes}


def file_decision(
    case: Any,
    owner: Any,
    *,
    pin: str = PIN,
    supersedes_id: Any = None,
    version: int | None = None,
    **changes: Any,
) -> Any:
    return filing.file_attestation(
        case,
        Actor(owner.officer),
        "decision",
        given(owner, **changes),
        pin,
        supersedes_id=supersedes_id,
        version=version,
    )


def register_signers(buyer: Any) -> dict[Any, Any]:  # noqa: F811
    """Registered keys for the buyer's admin (registrar), officer and approvers, by user id."""
    admin_key = signing_keys.create_key(Actor(buyer.admin), ADMIN_PIN)
    signing_keys.enroll_registrar(admin_key, Actor(buyer.admin))
    keys = {buyer.admin.id: admin_key}
    for user in (buyer.officer, *buyer.approvers):
        key = signing_keys.create_key(Actor(user), PIN)
        signing_keys.register_key(key, Actor(buyer.admin), ADMIN_PIN)
        keys[user.id] = key
    db.session.commit()
    return keys


@pytest.fixture
def signers(in_app, buyer):  # noqa: F811
    """Registered keys for the buyer's officer and approvers, by user id (PIN for all)."""
    return register_signers(buyer)


def product_with_report(make_product, vendor_staff, reviewer, storage) -> Any:  # noqa: F811
    """A published listing whose version carries a test report, through the vendor's verbs."""
    product = make_product(ListingState.DRAFT, name_zh="五轴加工中心", name_en="Five-axis centre")
    editing.add_claim(
        product, "designations", designation_for(Category.EQUIPMENT), Actor(vendor_staff)
    )
    attach(product, vendor_staff, storage, content=REPORT, filename="test-report.pdf")
    publish_directly(product, vendor_staff, reviewer)
    return product


@pytest.fixture
def signers_of(in_app, case_in, make_product, vendor_staff, reviewer, storage):  # noqa: F811
    """signers_of(buyer): that buyer's people get keys, and a decided case of theirs."""

    def make(owner: Any) -> Any:
        register_signers(owner)
        owner.products.insert(0, product_with_report(make_product, vendor_staff, reviewer, storage))
        return case_in(CaseState.DECIDED, of=owner)

    return make


@pytest.fixture
def signed_case(signers, case_in, buyer, make_product, vendor_staff, reviewer, storage):  # noqa: F811
    """A decided case (its first product selected, with a test report), and the keys."""
    buyer.products.insert(0, product_with_report(make_product, vendor_staff, reviewer, storage))
    case = case_in(CaseState.DECIDED)
    return case, buyer, signers
