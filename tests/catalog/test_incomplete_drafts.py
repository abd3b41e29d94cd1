"""A draft imported from a published list holds only what the list gives (a Chinese name, the
technical field, a line of description): its vendor sees what is missing, completes it in the
editor or the API, and only a complete draft is submitted. The database refuses an incomplete
version anywhere past a draft."""

import pytest
import sqlalchemy as sa

from market.catalog import editing
from market.catalog.importing import CLI_ACTOR
from market.catalog.models import ListingState, ProductVersion, VersionStatus
from market.catalog.states import CONTENT_LABELS
from market.catalog.taxonomy import Category, TechnicalField
from market.core.audit import Actor
from market.core.db import db
from market.core.errors import PermissionDenied, ValidationFailed
from tests.catalog.api_support import assert_error, written
from tests.catalog.conftest import DESIGNATION
from tests.catalog.pages_support import section, text
from tests.catalog.test_api_products import move
from tests.catalog.test_pages_vendor import EQUIPMENT_FORM
from tests.conftest import reload

LIST_ENTRY = {"name_zh": "大型盾构机", "technical_field": TechnicalField.RAIL_TRANSIT}


@pytest.fixture
def imported_draft(vendor, vendor_staff):
    """An equipment entry of a published list, imported as the operator imports it."""
    product = editing.create_product(
        vendor, Category.EQUIPMENT, dict(LIST_ENTRY), CLI_ACTOR, complete=False
    )
    editing.add_claim(product, "designations", dict(DESIGNATION), Actor(user=vendor_staff))
    db.session.commit()
    return product


def test_only_the_operators_import_creates_an_incomplete_draft(vendor, vendor_staff):
    with pytest.raises(PermissionDenied):
        editing.create_product(
            vendor, Category.EQUIPMENT, dict(LIST_ENTRY), Actor(user=vendor_staff), complete=False
        )
    with pytest.raises(ValidationFailed) as refused:
        editing.create_product(vendor, Category.EQUIPMENT, {"summary": "x"}, CLI_ACTOR)
    assert {"name_zh", "name_en", "technical_field", "region"} <= set(refused.value.fields)


def test_the_vendor_sees_what_to_fill_in_and_submitting_says_it_again(
    as_user, imported_draft, vendor_staff
):
    browser = as_user(vendor_staff)

    page = browser.get(f"/products/{imported_draft.id}")

    assert page.status_code == 200
    notice = section(page, "incomplete")
    for label in ("Name (English)", "Summary", "Region (province)", "Unit value (yuan)"):
        assert label in notice
    assert "大型盾构机" in text(page)

    refused = browser.post(f"/products/{imported_draft.id}/actions/submit")

    assert refused.status_code == 422
    problems = section(refused, "submit-problems")
    assert "Name (English): fill it in before submitting for review." in problems
    assert "Unit ordinal: fill it in before submitting for review." in problems
    assert reload(imported_draft).state == ListingState.DRAFT


def test_the_editor_completes_the_draft_and_then_it_is_submitted(
    as_user, imported_draft, vendor_staff
):
    browser = as_user(vendor_staff)
    form = browser.get(f"/products/{imported_draft.id}/edit")
    assert form.status_code == 200
    assert 'value="大型盾构机"' in form.text

    saved = browser.post(f"/products/{imported_draft.id}/edit", data=EQUIPMENT_FORM)
    assert saved.status_code == 302, saved.text

    page = browser.get(f"/products/{imported_draft.id}")
    assert 'id="incomplete"' not in page.text
    submitted = browser.post(f"/products/{imported_draft.id}/actions/submit", follow_redirects=True)
    assert "Submitted for review." in text(submitted)
    assert reload(imported_draft).working_version.status == VersionStatus.SUBMITTED


def test_the_api_fills_in_part_of_the_draft_but_never_empties_a_given_field(
    api_client, imported_draft, vendor_staff
):
    vendor = api_client(vendor_staff)
    url = f"/api/v1/products/{imported_draft.id}"

    partly = vendor.patch(url, json={"name_en": "Large tunnel boring machine"})

    assert partly.status_code == 200, partly.json
    assert reload(imported_draft).working_version.name_en == "Large tunnel boring machine"

    refused = move(vendor, imported_draft.id, "submit")
    error = assert_error(refused, 422)
    assert set(error["fields"]) == {"summary", "region", "unit_value", "unit_ordinal"}

    emptied = vendor.patch(url, json={"name_en": ""})
    assert_error(emptied, 422)
    assert reload(imported_draft).working_version.name_en == "Large tunnel boring machine"

    rest = {"summary": "EPB TBM.", "region": "410000", "unit_value": "88000000", "unit_ordinal": 1}
    assert vendor.patch(url, json=rest).status_code == 200
    assert move(vendor, imported_draft.id, "submit").status_code == 200


def test_the_database_refuses_an_incomplete_version_past_a_draft(imported_draft):
    version = imported_draft.working_version
    before = written()

    with pytest.raises(sa.exc.IntegrityError), db.session.begin_nested():
        db.session.execute(
            sa.update(ProductVersion)
            .where(ProductVersion.id == version.id)
            .values(status=VersionStatus.SUBMITTED)
        )
    db.session.rollback()

    assert written() == before
    assert reload(imported_draft).working_version.status == VersionStatus.DRAFT


def test_an_incomplete_draft_is_not_in_the_catalogue_nor_public(client, imported_draft):
    assert "大型盾构机" not in text(client.get("/catalogue"))
    assert client.get(f"/products/{imported_draft.id}").status_code == 404


@pytest.mark.parametrize("category", list(Category), ids=str)
def test_every_field_submitting_asks_for_has_the_editors_name(category):
    # Without one, a draft missing that field would answer Submit with a 500.
    assert set(editing.required_fields(category)) <= set(CONTENT_LABELS)
