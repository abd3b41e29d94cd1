"""Who may do what to a listing through /api/v1: each role × each action, what each refusal looks
like, and that a refused action writes nothing.

A listing the caller may not see is a 404, never a 403, so a draft's existence does not leak; a
visible listing the caller may not change is a 403; no token where one is needed is a 401.
"""

from dataclasses import dataclass
from typing import Any

import pytest

from market.accounts.models import OrgKind, Role
from market.catalog import editing, services
from market.catalog.evidence import DocumentVisibility, ReviewStatus
from market.catalog.models import ListingState, Product
from market.core.audit import Actor
from market.core.db import db
from tests.catalog.api_support import (
    DESIGNATION_BODY,
    assert_error,
    attach,
    download_file,
    equipment_body,
    publish_directly,
    written,
)
from tests.catalog.conftest import DESIGNATION
from tests.conftest import reload

ACTORS = (
    "anonymous",
    "buyer",
    "vendor staff",
    "other vendor staff",
    "reviewer",
    "operator admin",
)
# fmt: off
MATRIX = {
    #                           anonymous  buyer  vendor  other vendor  reviewer  op. admin
    "list":                    (200,       200,   200,    200,          200,      200),
    "read draft":              (404,       404,   200,    404,          404,      404),
    # Never submitted, so never the operator's business: a draft is the vendor's alone, also
    # once withdrawn; withdrawn after review, the operator still reads what it reviewed.
    "read withdrawn draft":    (404,       404,   200,    404,          404,      404),
    "read withdrawn listing":  (404,       404,   200,    404,          200,      200),
    "read published":          (200,       200,   200,    200,          200,      200),
    "create":                  (401,       403,   201,    201,          403,      403),
    "update published":        (401,       404,   200,    404,          403,      403),
    "add evidence":            (401,       404,   201,    404,          403,      403),
    "submit":                  (401,       404,   200,    404,          404,      404),
    "publish":                 (401,       404,   403,    404,          200,      403),
    "review claim":            (401,       404,   403,    404,          200,      403),
    "suspend":                 (401,       403,   403,    403,          200,      200),
    "delist":                  (401,       403,   403,    403,          200,      200),
    "download buyer-only doc": (404,       200,   200,    404,          200,      200),
}
# fmt: on
# The state each action starts from.
STARTS = {
    "read draft": ListingState.DRAFT,
    "update published": ListingState.PUBLISHED,
    "add evidence": ListingState.CHANGES_REQUESTED,
    "publish": ListingState.SUBMITTED,
    "review claim": ListingState.SUBMITTED,
    "suspend": ListingState.PUBLISHED,
    "delist": ListingState.PUBLISHED,
}


@dataclass
class Scene:
    product: Product | None
    document: Any = None
    draft: Product | None = None


@pytest.fixture
def actor(make_org, make_user, vendor_staff, reviewer):
    def make(name):
        match name:
            case "anonymous":
                return None
            case "buyer":
                return make_user(make_org(kind=OrgKind.BUYER), roles=(Role.REQUESTER,))
            case "vendor staff":
                return vendor_staff
            case "other vendor staff":
                return make_user(make_org(kind=OrgKind.VENDOR), roles=(Role.STAFF,))
            case "reviewer":
                return reviewer
            case "operator admin":
                return make_user(make_org(kind=OrgKind.OPERATOR), roles=(Role.ADMIN,))
        raise AssertionError(name)

    return make


@pytest.fixture
def scene(storage, make_product, vendor_staff, reviewer):
    def make(action):
        if action == "create":
            return Scene(product=None)
        if action == "list":
            return Scene(product=make_product(state=ListingState.PUBLISHED), draft=make_product())
        if action == "read published":
            return Scene(product=make_product(state=ListingState.PUBLISHED))
        if action == "read withdrawn draft":
            product = make_product()
            services.withdraw(product, Actor(user=vendor_staff))
            db.session.commit()
            return Scene(product=product)
        if action == "read withdrawn listing":
            return Scene(product=make_product(state=ListingState.WITHDRAWN))
        if action == "submit":  # ready: it has the designation submitting needs
            product = make_product()
            editing.add_claim(product, "designations", dict(DESIGNATION), Actor(user=vendor_staff))
            db.session.commit()
            return Scene(product=product)
        if action == "download buyer-only doc":
            product = make_product()
            document = attach(product, vendor_staff, storage, visibility=DocumentVisibility.BUYERS)
            editing.add_claim(product, "designations", dict(DESIGNATION), Actor(user=vendor_staff))
            publish_directly(product, vendor_staff, reviewer)
            return Scene(product=product, document=document)
        product = make_product(state=STARTS[action])
        if action == "publish":  # ready: its designation verified
            claim = product.working_version.designations[0]
            services.review_claim(claim, ReviewStatus.VERIFIED, "", Actor(user=reviewer))
            db.session.commit()
        return Scene(product=product)

    return make


def perform(action, client, scene):
    product = scene.product
    url = f"/api/v1/products/{product.id}" if product else "/api/v1/products"
    match action:
        case "list":
            return client.get("/api/v1/products")
        case "read draft" | "read published" | "read withdrawn draft" | "read withdrawn listing":
            return client.get(url)
        case "create":
            return client.post(url, json=equipment_body())
        case "update published":
            return client.patch(url, json={"summary": "Changed by this caller."})
        case "add evidence":
            return client.post(f"{url}/designations", json=DESIGNATION_BODY)
        case "submit" | "publish":
            return client.post(f"{url}/transitions", json={"action": action})
        case "review claim":
            claim = product.working_version.designations[0]
            return client.post(f"{url}/designations/{claim.id}/review", json={"status": "verified"})
        case "suspend" | "delist":
            return client.post(
                f"{url}/transitions", json={"action": action, "reason": "Test of the matrix."}
            )
        case "download buyer-only doc":
            return download_file(client, f"/api/v1/documents/{scene.document.id}")
    raise AssertionError(action)


def assert_outcome(action, response, scene, before, allowed):
    """What the caller sees and what was (or was not) written."""
    product = reload(scene.product) if scene.product else None
    match action:
        case "list":
            assert [item["id"] for item in response.json["items"]] == [str(product.id)]
        case "read draft" | "read published" | "read withdrawn draft" | "read withdrawn listing":
            if allowed:
                assert response.json["id"] == str(product.id)
            else:
                assert "五轴" not in response.text
        case "create":
            assert written()["Product"] == before["Product"] + int(allowed)
        case "update published":
            changed = product.working_version is not None
            assert changed == allowed
            assert product.live_version.summary != "Changed by this caller."
        case "add evidence":
            count = len(product.working_version.designations)
            assert count == 1 + int(allowed)
        case "submit":
            expected = ListingState.SUBMITTED if allowed else ListingState.DRAFT
            assert product.state == expected
        case "publish":
            expected = ListingState.PUBLISHED if allowed else ListingState.SUBMITTED
            assert product.state == expected
        case "review claim":
            status = product.working_version.designations[0].review_status
            assert status == (ReviewStatus.VERIFIED if allowed else ReviewStatus.UNVERIFIED)
        case "suspend" | "delist":
            expected = ListingState(f"{action}ed") if allowed else ListingState.PUBLISHED
            assert product.state == expected
        case "download buyer-only doc":
            assert response.data.startswith(b"%PDF") == allowed
    if not allowed:
        assert written() == before


def matrix_cells():
    for action, statuses in MATRIX.items():
        for actor_name, status in zip(ACTORS, statuses, strict=True):
            cell_id = f"{action}-{actor_name}".replace(" ", "_")
            yield pytest.param(action, actor_name, status, id=cell_id)


@pytest.mark.parametrize(("action", "actor_name", "expected"), list(matrix_cells()))
def test_who_may_do_what_to_a_listing(api_client, scene, actor, action, actor_name, expected):
    the_scene = scene(action)
    client = api_client(actor(actor_name))
    before = written()

    response = perform(action, client, the_scene)

    if expected < 400:
        assert response.status_code == expected, response.text
    else:
        assert_error(response, expected)
    assert_outcome(action, response, the_scene, before, allowed=expected < 400)
