"""Catalog fixtures: vendors with staff, reviewers, and listings in any state."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from market.accounts.models import Organisation, OrgKind, Role, User
from market.catalog import editing, services
from market.catalog.evidence import ReviewStatus
from market.catalog.models import ListingState, Product
from market.catalog.taxonomy import Category, DeploymentModel, DesignationKind, TechnicalField
from market.core.audit import Actor
from market.core.db import db


def equipment_content(**overrides: Any) -> dict[str, Any]:
    return {
        "name_zh": "五轴联动数控机床",
        "name_en": "Five-axis CNC machining centre",
        "summary": "Five-axis simultaneous machining for aerospace structural parts.",
        "description_md": "## Specification\n\n- Travel X/Y/Z: 2000/1600/1000 mm",
        "technical_field": TechnicalField.CNC_MACHINE_TOOLS,
        "tags": ["五轴", "CNC"],
        "region": "320000",
        "price_min_fen": 450_000_000,
        "price_max_fen": 520_000_000,
        "unit_value_fen": 480_000_000,
        "unit_ordinal": 1,
        **overrides,
    }


CONTENT = {
    Category.EQUIPMENT: equipment_content,
    Category.MATERIAL: lambda **o: {
        "name_zh": "镍基高温合金",
        "name_en": "Nickel-based superalloy",
        "summary": "Superalloy bar for turbine discs.",
        "technical_field": TechnicalField.NONFERROUS_ALLOYS,
        "region": "330000",
        "variety_spec": "GH4169, Φ200 mm bar",
        "minimum_batch": "2 t",
        **o,
    },
    Category.SOFTWARE: lambda **o: {
        "name_zh": "工业实时操作系统",
        "name_en": "Industrial real-time OS",
        "summary": "Deterministic RTOS for PLCs and motion controllers.",
        "technical_field": TechnicalField.BASIC_SOFTWARE,
        "region": "440000",
        "version_number": "V2.0",
        "deployment_model": DeploymentModel.EMBEDDED,
        **o,
    },
}

DESIGNATION = {
    "kind": DesignationKind.MIIT_CATALOGUE,
    "authority": "工业和信息化部 MIIT",
    "document_number": "工信部装函〔2024〕123号",
    "catalogue_edition": "2024",
    "valid_from": date(2024, 9, 1),
    "valid_until": date(2099, 8, 31),
}


# The designation a listing of each category holds (taxonomy.DESIGNATION_KINDS).
DESIGNATION_KIND = {
    Category.EQUIPMENT: DesignationKind.MIIT_CATALOGUE,
    Category.MATERIAL: DesignationKind.FIRST_BATCH_MATERIAL,
    Category.SOFTWARE: DesignationKind.FIRST_VERSION_SOFTWARE,
}


def designation_for(category: Category) -> dict[str, Any]:
    return {**DESIGNATION, "kind": DESIGNATION_KIND[category]}


@pytest.fixture
def storage(app, tmp_path):
    """Uploaded documents go to a temporary folder for the test."""
    previous = app.config["DOCUMENT_STORAGE"]
    app.config["DOCUMENT_STORAGE"] = str(tmp_path / "documents")
    yield tmp_path / "documents"
    app.config["DOCUMENT_STORAGE"] = previous


@pytest.fixture
def vendor(make_org: Callable[..., Organisation]) -> Organisation:
    return make_org(kind=OrgKind.VENDOR, name="Suzhou Test CNC")


@pytest.fixture
def vendor_staff(make_user: Callable[..., User], vendor: Organisation) -> User:
    return make_user(vendor, roles=(Role.STAFF,))


@pytest.fixture
def reviewer(make_user: Callable[..., User], make_org: Callable[..., Organisation]) -> User:
    return make_user(make_org(kind=OrgKind.OPERATOR), roles=(Role.REVIEWER,))


@pytest.fixture
def make_product(
    vendor: Organisation, vendor_staff: User, reviewer: User
) -> Callable[..., Product]:
    """make_product(state=ListingState.DRAFT, category=Category.EQUIPMENT, owner=None, staff=None,
    **content): a listing moved to ``state`` through the real verbs."""

    def make(
        state: ListingState = ListingState.DRAFT,
        category: Category = Category.EQUIPMENT,
        owner: Organisation | None = None,
        staff: User | None = None,
        **content: Any,
    ) -> Product:
        staff_actor = Actor(user=staff or vendor_staff)
        reviewer_actor = Actor(user=reviewer)
        product = editing.create_product(
            owner or vendor, category, CONTENT[category](**content), staff_actor
        )
        if state != ListingState.DRAFT:
            designation = editing.add_claim(
                product, "designations", designation_for(category), staff_actor
            )
            services.submit(product, staff_actor)
            if state == ListingState.CHANGES_REQUESTED:
                services.request_changes(product, "Attach the test report.", reviewer_actor)
            elif state != ListingState.SUBMITTED:
                services.review_claim(designation, ReviewStatus.VERIFIED, "", reviewer_actor)
                services.publish(product, reviewer_actor)
                if state in (ListingState.SUSPENDED, ListingState.DELISTED):
                    getattr(services, {"suspended": "suspend", "delisted": "delist"}[state])(
                        product, "Complaint under investigation.", reviewer_actor
                    )
                elif state == ListingState.WITHDRAWN:
                    services.withdraw(product, staff_actor)
        db.session.commit()
        return product

    return make
