"""route_case, as a table: one product version against green channel rules on a given day.

The function is pure (it reads the configuration version and the product version it is
given), so the cases are built as plain, unsaved objects.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from market.accounts.models import Organisation, OrgKind, OrgStatus
from market.catalog.evidence import Designation, InsurancePolicy, ReviewStatus, TestReport
from market.catalog.models import Product, ProductVersion
from market.catalog.taxonomy import Category, DesignationKind
from market.procurement.configuration import GreenChannelVersion
from market.procurement.routing import Route, describe, months_between, route_case

DAY = date(2026, 12, 6)
V, U = ReviewStatus.VERIFIED, ReviewStatus.UNVERIFIED


def rules(**overrides: Any) -> GreenChannelVersion:
    settings = {
        "designation_kinds": ["miit_catalogue", "samr_first_set"],
        "designation_valid_on_routing": True,
        "verified_claims": ["designation"],
        "insurance_required": False,
        "max_months_since_first_sale": None,
        "vendor_must_be_active": True,
        "methods": ["negotiated", "cooperative_innovation", "tender"],
        "thresholds": [{"from_fen": 0, "min_present": 3, "majority": "simple"}],
        "reserved_annual_fen": 0,
        "stage_days": {},
    }
    return GreenChannelVersion(number=1, **(settings | overrides))


def designation(
    kind="miit_catalogue", until=date(2027, 12, 31), status=V, number="工信部 2025-017"
):
    return Designation(
        kind=DesignationKind(kind),
        authority="工业和信息化部",
        document_number=number,
        valid_from=date(2025, 1, 1),
        valid_until=until,
        review_status=status,
    )


def policy(until=date(2027, 6, 30), status=V):
    return InsurancePolicy(
        insurer="人保财险",
        policy_number="PICC-2026-0042",
        coverage="首台套质量与责任",
        valid_from=date(2026, 1, 1),
        valid_until=until,
        review_status=status,
    )


def product_version(
    *claims: Any,
    category=Category.EQUIPMENT,
    first_sale=date(2025, 6, 1),
    first_release=None,
    vendor_status=OrgStatus.ACTIVE,
) -> ProductVersion:
    vendor = Organisation(
        kind=OrgKind.VENDOR, status=vendor_status, name_zh="示例装备有限公司", name_en="Example"
    )
    version = ProductVersion(
        number=1,
        category=category,
        first_sale_date=first_sale,
        first_release_date=first_release,
        product=Product(vendor=vendor, category=category),
    )
    for claim in claims:
        match claim:
            case Designation():
                version.designations.append(claim)
            case InsurancePolicy():
                version.insurance_policies.append(claim)
            case TestReport():
                version.test_reports.append(claim)
    return version


CASES = [
    # (why, rules, version, route, {rule: passed})
    (
        "a valid verified MIIT designation qualifies",
        rules(),
        product_version(designation()),
        Route.GREEN_CHANNEL,
        {"vendor_active": True, "designation": True, "verified:designation": True},
    ),
    (
        "a designation that lapsed before the day does not",
        rules(),
        product_version(designation(until=date(2026, 12, 5))),
        Route.STANDARD,
        {"designation": False, "verified:designation": True},
    ),
    (
        "a lapsed designation is enough when validity is not required",
        rules(designation_valid_on_routing=False),
        product_version(designation(until=date(2026, 12, 5))),
        Route.GREEN_CHANNEL,
        {"designation": True},
    ),
    (
        "a provincial designation is not an accepted kind",
        rules(),
        product_version(designation(kind="provincial")),
        Route.STANDARD,
        {"designation": False},
    ),
    (
        "the designation must be verified by the platform",
        rules(),
        product_version(designation(status=U)),
        Route.STANDARD,
        {"designation": True, "verified:designation": False},
    ),
    (
        "insurance required and in force",
        rules(insurance_required=True),
        product_version(designation(), policy()),
        Route.GREEN_CHANNEL,
        {"insurance": True},
    ),
    (
        "insurance required and expired",
        rules(insurance_required=True),
        product_version(designation(), policy(until=date(2026, 11, 30))),
        Route.STANDARD,
        {"insurance": False},
    ),
    (
        "first sold 18 months ago, limit 24",
        rules(max_months_since_first_sale=24),
        product_version(designation(), first_sale=date(2025, 6, 1)),
        Route.GREEN_CHANNEL,
        {"first_sale": True},
    ),
    (
        "first sold 37 months ago, limit 36",
        rules(max_months_since_first_sale=36),
        product_version(designation(), first_sale=date(2023, 11, 1)),
        Route.STANDARD,
        {"first_sale": False},
    ),
    (
        "software counts from its first release, not a sale",
        rules(max_months_since_first_sale=12, designation_kinds=["first_version_software"]),
        product_version(
            designation(kind="first_version_software"),
            category=Category.SOFTWARE,
            first_sale=None,
            first_release=date(2026, 3, 1),
        ),
        Route.GREEN_CHANNEL,
        {"first_sale": True},
    ),
    (
        "no first sale date declared fails the age rule",
        rules(max_months_since_first_sale=24),
        product_version(designation(), first_sale=None),
        Route.STANDARD,
        {"first_sale": False},
    ),
    (
        "a suspended vendor does not qualify",
        rules(),
        product_version(designation(), vendor_status=OrgStatus.SUSPENDED),
        Route.STANDARD,
        {"vendor_active": False},
    ),
    (
        "verified test reports required and none",
        rules(verified_claims=["designation", "test_report"]),
        product_version(designation()),
        Route.STANDARD,
        {"verified:designation": True, "verified:test_report": False},
    ),
]


@pytest.mark.parametrize(
    ("config", "version", "route", "expected"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_route(config, version, route, expected):
    routing = route_case(config, version, DAY)

    assert routing.route == route
    passed = {check.rule: check.passed for check in routing.checks}
    assert {rule: passed[rule] for rule in expected} == expected
    # Every line reads as a sentence (the case page shows them all).
    for check in routing.as_json()["checks"]:
        assert describe(check)
        assert describe(check) != check["rule"]


def test_without_a_configuration_every_case_is_standard():
    routing = route_case(None, product_version(designation()), DAY)
    assert routing.route == Route.STANDARD
    assert [check.rule for check in routing.checks] == ["configured"]


def test_the_explanation_names_the_evidence_it_relied_on():
    config = rules(insurance_required=True, max_months_since_first_sale=24)
    routing = route_case(config, product_version(designation(), policy()), DAY).as_json()

    lines = {check["rule"]: describe(check) for check in routing["checks"]}
    assert "工信部 2025-017" in lines["designation"]
    assert "2027-12-31" in lines["designation"]
    assert "工信部 2025-017" in lines["verified:designation"]
    assert "PICC-2026-0042" in lines["insurance"]
    assert "18 months" in lines["first_sale"]
    assert routing["route"] == "green_channel"


@pytest.mark.parametrize(
    ("earlier", "later", "months"),
    [
        (date(2025, 6, 1), date(2026, 12, 6), 18),
        (date(2025, 6, 7), date(2026, 12, 6), 17),  # the 18th month is not complete yet
        (date(2026, 1, 31), date(2026, 2, 28), 0),
        (date(2026, 12, 6), date(2026, 12, 6), 0),
    ],
)
def test_months_between(earlier, later, months):
    assert months_between(earlier, later) == months
