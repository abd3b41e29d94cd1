"""On a product page a signed-in buyer sees whether the listing would go through their own green
channel today, rule by rule; nobody else sees that card."""

from __future__ import annotations

from typing import Any

import pytest

from market.accounts.models import OrgKind, Role
from market.catalog.models import ListingState
from market.core.audit import Actor
from market.procurement import green_channel

RULES: dict[str, Any] = {
    "designation_kinds": ["miit_catalogue"],
    "designation_valid_on_routing": True,
    "verified_claims": ["designation"],
    "insurance_required": False,
    "max_months_since_first_sale": None,
    "vendor_must_be_active": True,
    "methods": ["negotiated", "tender"],
    "thresholds": [{"from_fen": 0, "min_present": 3, "majority": "simple"}],
    "reserved_annual_fen": 0,
    "stage_days": {
        "requested": 5,
        "technical_evaluation": 10,
        "risk_assessment": 10,
        "collective_decision": 10,
    },
}
CARD = 'id="green-channel-routing"'


@pytest.fixture
def group(make_org):
    return make_org(kind=OrgKind.BUYER)


def configure(org, **changes: Any) -> None:
    green_channel.configure(org, RULES | changes, Actor(user=None, is_system=True))


def test_a_buyer_sees_the_listing_qualifies_and_on_what_evidence(
    as_user, make_user, make_product, group
):
    product = make_product(ListingState.PUBLISHED)
    configure(group)

    html = as_user(make_user(group, roles=(Role.REQUESTER,))).get(f"/products/{product.id}").text

    assert CARD in html
    card = html[html.index(CARD) : html.index("Key facts")]
    assert "Green channel" in card
    assert "工信部装函〔2024〕123号" in card  # the designation it relied on
    assert "rules version 1" in card


def test_the_same_listing_is_standard_where_insurance_is_required(
    as_user, make_org, make_user, make_product, group
):
    product = make_product(ListingState.PUBLISHED)
    configure(group, insurance_required=True)
    subsidiary = make_org(kind=OrgKind.BUYER, parent=group)

    # A subsidiary without its own rules is routed by its group's.
    html = as_user(make_user(subsidiary, roles=(Role.OFFICER,))).get(f"/products/{product.id}").text

    card = html[html.index(CARD) : html.index("Key facts")]
    assert "Standard" in card
    assert "No insurance policy in force" in card
    assert f"/organisations/{subsidiary.id}/green-channel" in card


@pytest.mark.parametrize("who", ["anonymous", "vendor staff", "unconfigured buyer"])
def test_no_card_without_a_green_channel_of_ones_own(
    as_user, make_org, make_user, make_product, vendor_staff, group, who
):
    product = make_product(ListingState.PUBLISHED)
    configure(group)
    reader = {
        "anonymous": None,
        "vendor staff": vendor_staff,
        "unconfigured buyer": make_user(make_org(kind=OrgKind.BUYER), roles=(Role.REQUESTER,)),
    }[who]

    html = as_user(reader).get(f"/products/{product.id}").text

    assert CARD not in html
