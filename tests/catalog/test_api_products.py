"""Listings through /api/v1: creating, reading, listing, editing and moving them through the
workflow; what bad input and the wrong users get; what is (and is not) written."""

import uuid
from datetime import date

import pytest
import sqlalchemy as sa

from market.accounts.models import OrgKind, OrgStatus, Role
from market.catalog import editing, queries
from market.catalog.evidence import Designation
from market.catalog.models import ListingState, PriceVisibility, Product, VersionStatus
from market.catalog.taxonomy import Category, TechnicalField
from market.core.audit import Actor
from market.core.db import db
from tests.catalog.api_support import (
    DESIGNATION_BODY,
    assert_error,
    equipment_body,
    events,
    written,
)
from tests.catalog.conftest import DESIGNATION
from tests.conftest import reload


@pytest.fixture
def buyer(make_org, make_user):
    return make_user(make_org(kind=OrgKind.BUYER), roles=(Role.REQUESTER,))


@pytest.fixture
def other_vendor_staff(make_org, make_user):
    return make_user(make_org(kind=OrgKind.VENDOR, name="Other Vendor"), roles=(Role.STAFF,))


def product_of(response):
    return db.session.get(Product, uuid.UUID(response.json["id"]))


# -- creating ------------------------------------------------------------------------------------


def test_a_vendor_creates_a_draft_listing_with_money_in_yuan(api_client, vendor, vendor_staff):
    response = api_client(vendor_staff).post("/api/v1/products", json=equipment_body())

    assert response.status_code == 201, response.text
    listing = response.json
    assert listing["state"] == "draft"
    assert listing["category"] == "equipment"
    assert listing["vendor"] == {
        "id": str(vendor.id),
        "name_zh": vendor.name_zh,
        "name_en": vendor.name_en,
    }
    assert listing["live_version"] is None
    draft = listing["working_version"]
    assert draft["number"] == 1
    assert draft["status"] == "draft"
    assert (draft["price_min"], draft["price_max"], draft["unit_value"]) == (
        "4500000.00",
        "5200000.00",
        "4800000.00",
    )
    assert draft["name_zh"] == "五轴联动数控机床"
    assert draft["designations"] == draft["documents"] == draft["badges"] == []
    assert listing["versions"][0]["number"] == 1
    version = product_of(response).working_version
    assert (version.price_min_fen, version.unit_value_fen) == (450_000_000, 480_000_000)
    assert len(events("product.created", product_of(response))) == 1


@pytest.mark.parametrize(
    ("sent", "fen", "shown"),
    [("1234.5", 123450, "1234.50"), (1000, 100000, "1000.00"), (" 0.01 ", 1, "0.01")],
)
def test_amounts_are_decimal_yuan_stored_as_fen(api_client, vendor_staff, sent, fen, shown):
    body = equipment_body(price_min=sent, price_max=None)

    response = api_client(vendor_staff).post("/api/v1/products", json=body)

    assert response.status_code == 201, response.text
    assert product_of(response).working_version.price_min_fen == fen
    assert response.json["working_version"]["price_min"] == shown
    assert response.json["working_version"]["price_max"] is None


@pytest.mark.parametrize(
    ("body", "bad_fields"),
    [
        pytest.param(equipment_body(colour="red"), {"colour"}, id="unknown-field"),
        pytest.param(equipment_body(unit_ordinal="first"), {"unit_ordinal"}, id="wrong-type-int"),
        pytest.param(equipment_body(tags="CNC"), {"tags"}, id="wrong-type-list"),
        pytest.param(equipment_body(name_zh=5), {"name_zh"}, id="wrong-type-string"),
        pytest.param(equipment_body(price_min="-1.00"), {"price_min"}, id="negative-price"),
        pytest.param(equipment_body(unit_value="-5"), {"unit_value"}, id="negative-unit-value"),
        pytest.param(equipment_body(price_min=4500000.5), {"price_min"}, id="float-price"),
        pytest.param(equipment_body(price_min="12.345"), {"price_min"}, id="fractions-of-fen"),
        pytest.param(equipment_body(price_min="lots"), {"price_min"}, id="not-a-number"),
        pytest.param(equipment_body(price_min="NaN"), {"price_min"}, id="nan"),
        pytest.param(
            equipment_body(price_min="6000000", price_max="5000000"),
            {"price_max"},
            id="prices-out-of-order",
        ),
        pytest.param(equipment_body(category="furniture"), {"category"}, id="unknown-category"),
        pytest.param(equipment_body(technical_field="magic"), {"technical_field"}, id="field"),
        pytest.param(equipment_body(region="999999"), {"region"}, id="unknown-region"),
        # As on the page, the vendor chooses the field and the province: no defaults.
        pytest.param(equipment_body(technical_field=None), {"technical_field"}, id="no-field"),
        pytest.param(equipment_body(technical_field=""), {"technical_field"}, id="blank-field"),
        pytest.param(equipment_body(region=""), {"region"}, id="blank-region"),
        pytest.param(
            {k: v for k, v in equipment_body().items() if k not in ("technical_field", "region")},
            {"technical_field", "region"},
            id="neither-field-nor-region",
        ),
        pytest.param(equipment_body(unit_ordinal=4), {"unit_ordinal"}, id="fourth-set"),
        pytest.param(equipment_body(first_sale_date="2024-13-01"), {"first_sale_date"}, id="date"),
        pytest.param(equipment_body(name_en="   "), {"name_en"}, id="blank-name"),
        pytest.param(
            {k: v for k, v in equipment_body().items() if k != "name_en"}, {"name_en"}, id="missing"
        ),
        # Rules the domain checks, reported under the API's names (unit_value, not _fen).
        pytest.param(equipment_body(unit_value=None), {"unit_value"}, id="equipment-no-value"),
        pytest.param(equipment_body(version_number="V1"), {"version_number"}, id="other-category"),
        pytest.param(
            equipment_body(first_sale_date="2999-01-01"), {"first_sale_date"}, id="future-date"
        ),
        pytest.param([equipment_body()], {"_schema"}, id="not-an-object"),
    ],
)
def test_bad_listings_are_422_with_field_errors_and_nothing_is_written(
    api_client, vendor_staff, body, bad_fields
):
    client = api_client(vendor_staff)
    before = written()

    response = client.post("/api/v1/products", json=body)

    error = assert_error(response, 422)
    assert bad_fields <= set(error["fields"]), error
    assert written() == before


def test_invalid_json_is_400_and_nothing_is_written(api_client, vendor_staff):
    client = api_client(vendor_staff)
    before = written()

    response = client.post(
        "/api/v1/products", data='{"category": "equipment", ', content_type="application/json"
    )

    assert_error(response, 400)
    assert written() == before


def test_only_vendor_staff_create_listings(api_client, buyer, reviewer, make_org, make_user):
    pending_vendor = make_org(kind=OrgKind.VENDOR, status=OrgStatus.PENDING)
    pending_admin = make_user(pending_vendor, roles=(Role.ADMIN,))
    clients = [api_client(u) for u in (None, buyer, reviewer, pending_admin)]
    before = written()

    for client, status in zip(clients, (401, 403, 403, 403), strict=True):
        assert_error(client.post("/api/v1/products", json=equipment_body()), status)
    assert written() == before


# -- reading -------------------------------------------------------------------------------------


def test_a_published_listing_is_public_without_its_workings(api_client, make_product):
    product = make_product(
        state=ListingState.PUBLISHED, description_md="**Bold** <script>x</script>"
    )

    response = api_client(None).get(f"/api/v1/products/{product.id}")

    assert response.status_code == 200
    listing = response.json
    assert listing["state"] == "published"
    assert "working_version" not in listing
    assert "versions" not in listing
    live = listing["live_version"]
    assert live["number"] == 1
    assert live["status"] == "published"
    [designation] = live["designations"]
    assert designation["review_status"] == "verified"
    assert designation["valid_until"] == "2099-08-31"
    assert [badge["code"] for badge in live["badges"]] == ["designation_verified"]
    assert "<strong>Bold</strong>" in live["description_html"]
    assert "<script>" not in live["description_html"]
    assert "review_feedback" not in live


def test_drafts_are_404_to_everyone_but_their_vendor(
    api_client, make_product, vendor_staff, other_vendor_staff, buyer, reviewer
):
    product = make_product()

    for outsider in (None, other_vendor_staff, buyer, reviewer):
        response = api_client(outsider).get(f"/api/v1/products/{product.id}")
        assert_error(response, 404)
        assert "五轴" not in response.text
    own = api_client(vendor_staff).get(f"/api/v1/products/{product.id}")
    assert own.status_code == 200
    assert own.json["working_version"]["name_zh"] == "五轴联动数控机床"
    assert_error(api_client(None).get(f"/api/v1/products/{uuid.uuid4()}"), 404)


def test_buyer_only_prices_are_hidden_from_everyone_else(
    api_client, make_product, buyer, other_vendor_staff, vendor_staff, reviewer
):
    product = make_product(state=ListingState.PUBLISHED, price_visibility=PriceVisibility.BUYERS)

    def price(user):
        return api_client(user).get(f"/api/v1/products/{product.id}").json["live_version"]

    for outsider in (None, other_vendor_staff):
        hidden = price(outsider)
        assert hidden["price_visibility"] == "buyers"
        assert hidden["price_min"] is hidden["price_max"] is hidden["unit_value"] is None
    for insider in (buyer, vendor_staff, reviewer):
        assert price(insider)["price_min"] == "4500000.00"
        assert price(insider)["unit_value"] == "4800000.00"


def test_a_listing_whose_designations_lapsed_reads_as_expired(api_client, make_product):
    product = make_product(state=ListingState.PUBLISHED)
    db.session.execute(
        sa.update(Designation)
        .where(Designation.version_id == product.live_version_id)
        .values(valid_until=date(2020, 1, 1), valid_from=date(2019, 1, 1))
    )
    db.session.commit()
    client = api_client(None)

    assert client.get(f"/api/v1/products/{product.id}").json["state"] == "expired"
    assert client.get("/api/v1/products").json["total"] == 0


# -- listing -------------------------------------------------------------------------------------


@pytest.fixture
def catalogue(make_product, make_org, make_user):
    """Published listings of two vendors in three categories, and a draft and a submission."""
    other = make_org(kind=OrgKind.VENDOR)
    other_staff = make_user(other, roles=(Role.STAFF,))
    return {
        "cnc": make_product(state=ListingState.PUBLISHED),
        "alloy": make_product(state=ListingState.PUBLISHED, category=Category.MATERIAL),
        "rtos": make_product(
            state=ListingState.PUBLISHED,
            category=Category.SOFTWARE,
            owner=other,
            staff=other_staff,
        ),
        "draft": make_product(),
        "submitted": make_product(state=ListingState.SUBMITTED),
        "other_vendor": other,
    }


def listed(client, **query):
    response = client.get("/api/v1/products", query_string=query)
    assert response.status_code == 200, response.text
    return response.json


def ids(*products):
    return {str(p.id) for p in products}


def test_everyone_lists_published_listings_and_filters_them(api_client, catalogue):
    client = api_client(None)
    cnc, alloy, rtos = catalogue["cnc"], catalogue["alloy"], catalogue["rtos"]

    everything = listed(client)
    assert {item["id"] for item in everything["items"]} == ids(cnc, alloy, rtos)
    assert (everything["total"], everything["page"], everything["per_page"]) == (3, 1, 20)
    assert all(item["state"] == "published" for item in everything["items"])
    assert {i["id"] for i in listed(client, category="material")["items"]} == ids(alloy)
    by_field = listed(client, technical_field=TechnicalField.BASIC_SOFTWARE.value)
    assert {i["id"] for i in by_field["items"]} == ids(rtos)
    by_vendor = listed(client, vendor=str(catalogue["other_vendor"].id))
    assert {i["id"] for i in by_vendor["items"]} == ids(rtos)
    assert {i["id"] for i in listed(client, region="330000")["items"]} == ids(alloy)


def test_pages_are_counted_capped_and_empty_past_the_end(api_client, catalogue):
    client = api_client(None)

    first, second = listed(client, per_page=2), listed(client, per_page=2, page=2)
    assert len(first["items"]) == 2
    assert len(second["items"]) == 1
    assert first["total"] == second["total"] == 3
    assert not {i["id"] for i in first["items"]} & {i["id"] for i in second["items"]}
    past_the_end = listed(client, page=9)
    assert (past_the_end["items"], past_the_end["total"]) == ([], 3)
    assert listed(client, per_page=500)["per_page"] == 100
    # The last page number accepted is still just past the end; one more is a 422, not a 500.
    assert listed(client, page=2**31 - 1)["items"] == []
    too_far = client.get("/api/v1/products", query_string={"page": 10**30})
    assert "page" in assert_error(too_far, 422)["fields"]


@pytest.mark.parametrize(
    "query",
    [
        {"per_page": 0},
        {"page": 0},
        {"page": "two"},
        {"category": "furniture"},
        {"vendor": "acme"},
        {"state": "draft"},  # only with mine=1
    ],
    ids=str,
)
def test_bad_list_queries_are_422(api_client, query):
    error = assert_error(api_client(None).get("/api/v1/products", query_string=query), 422)
    assert set(query) <= set(error["fields"])


def test_a_vendor_lists_its_own_listings_in_every_state(api_client, catalogue, vendor_staff):
    client = api_client(vendor_staff)
    mine = ids(catalogue["cnc"], catalogue["alloy"], catalogue["draft"], catalogue["submitted"])

    everything = listed(client, mine=1)
    assert {item["id"] for item in everything["items"]} == mine
    assert everything["total"] == 4
    drafts = listed(client, mine=1, state="draft")
    assert [item["id"] for item in drafts["items"]] == [str(catalogue["draft"].id)]
    assert drafts["items"][0]["working_version"]["status"] == "draft"
    materials = listed(client, mine=1, category="material")
    assert [item["id"] for item in materials["items"]] == [str(catalogue["alloy"].id)]


def test_only_vendors_have_listings_of_their_own(api_client, buyer, reviewer):
    assert_error(api_client(None).get("/api/v1/products?mine=1"), 401)
    assert_error(api_client(buyer).get("/api/v1/products?mine=1"), 403)
    assert_error(api_client(reviewer).get("/api/v1/products?mine=1"), 403)


# -- editing -------------------------------------------------------------------------------------


def test_a_vendor_edits_its_draft_field_by_field(api_client, make_product, vendor_staff):
    product = make_product()

    response = api_client(vendor_staff).patch(
        f"/api/v1/products/{product.id}",
        json={"summary": "Now with a 2 m table.", "price_max": "6000000", "trial_months": 6},
    )

    assert response.status_code == 200, response.text
    draft = response.json["working_version"]
    assert draft["summary"] == "Now with a 2 m table."
    assert draft["price_max"] == "6000000.00"
    assert draft["price_min"] == "4500000.00"  # untouched
    version = reload(product).working_version
    assert (version.price_max_fen, version.trial_months) == (600_000_000, 6)
    assert len(events("product.edited", product)) == 1


def test_editing_a_published_listing_starts_a_new_version_and_the_live_one_stays(
    api_client, make_product, vendor_staff
):
    product = make_product(state=ListingState.PUBLISHED)

    response = api_client(vendor_staff).patch(
        f"/api/v1/products/{product.id}", json={"name_en": "Five-axis machining centre Mk II"}
    )

    assert response.status_code == 200, response.text
    assert response.json["state"] == "published"
    assert response.json["working_version"]["number"] == 2
    assert response.json["working_version"]["designations"][0]["review_status"] == "verified"
    public = api_client(None).get(f"/api/v1/products/{product.id}").json
    assert public["live_version"]["number"] == 1
    assert public["live_version"]["name_en"] == "Five-axis CNC machining centre"


@pytest.mark.parametrize(
    ("changes", "bad_field"),
    [
        ({"price_min": "-100"}, "price_min"),
        ({"price_min": "9000000"}, "price_max"),  # above the stored maximum
        ({"category": "software"}, "category"),  # fixed at creation
        ({"state": "published"}, "state"),
        ({"unit_value": None}, "unit_value"),
        ({"name_zh": None}, "name_zh"),
        ({}, "_schema"),
    ],
    ids=str,
)
def test_bad_edits_are_422_and_change_nothing(
    api_client, make_product, vendor_staff, changes, bad_field
):
    product = make_product()
    client = api_client(vendor_staff)
    before = written()

    response = client.patch(f"/api/v1/products/{product.id}", json=changes)

    error = assert_error(response, 422)
    assert bad_field in error["fields"]
    assert written() == before
    assert reload(product).working_version.price_min_fen == 450_000_000


def test_another_vendor_cannot_read_or_edit_a_draft(api_client, make_product, other_vendor_staff):
    product = make_product()
    client = api_client(other_vendor_staff)

    assert_error(client.get(f"/api/v1/products/{product.id}"), 404)
    assert_error(client.patch(f"/api/v1/products/{product.id}", json={"summary": "Mine"}), 404)
    assert_error(
        client.post(f"/api/v1/products/{product.id}/designations", json=DESIGNATION_BODY), 404
    )
    assert_error(
        client.post(f"/api/v1/products/{product.id}/transitions", json={"action": "submit"}), 404
    )
    assert reload(product).working_version.summary != "Mine"


def test_a_reviewer_cannot_change_content(api_client, make_product, reviewer):
    submitted = make_product(state=ListingState.SUBMITTED)
    draft = make_product()
    client = api_client(reviewer)

    assert_error(client.patch(f"/api/v1/products/{submitted.id}", json={"summary": "x"}), 403)
    assert_error(client.patch(f"/api/v1/products/{draft.id}", json={"summary": "x"}), 404)
    assert reload(submitted).working_version.summary != "x"


def test_a_version_under_review_cannot_be_edited(api_client, make_product, vendor_staff):
    product = make_product(state=ListingState.SUBMITTED)

    response = api_client(vendor_staff).patch(
        f"/api/v1/products/{product.id}", json={"summary": "Changed"}
    )

    assert_error(response, 409, "conflict")


@pytest.mark.parametrize("state", [ListingState.WITHDRAWN, ListingState.DELISTED], ids=str)
def test_a_closed_listing_cannot_be_edited_and_says_why(
    api_client, make_product, vendor_staff, reviewer, state
):
    product = make_product(state=state)
    before = [(v.number, v.summary) for v in reload(product).versions]

    response = api_client(vendor_staff).patch(
        f"/api/v1/products/{product.id}", json={"summary": "Changed"}
    )

    # The vendor's own staff may act; the listing's state forbids it: 409, not 403.
    error = assert_error(response, 409, "conflict")
    assert "withdrawn or delisted" in error["message"]
    # Someone who never edits content is still told so first.
    refused = api_client(reviewer).patch(f"/api/v1/products/{product.id}", json={"summary": "x"})
    assert_error(refused, 403)
    # No revision was started and no version changed.
    assert [(v.number, v.summary) for v in reload(product).versions] == before


# -- versions ------------------------------------------------------------------------------------


def test_version_history_with_what_changed(api_client, make_product, vendor_staff, reviewer):
    product = make_product(state=ListingState.PUBLISHED)
    editing.update_draft(product, {"price_max_fen": 600_000_000}, Actor(user=vendor_staff))
    db.session.commit()

    for user in (vendor_staff, reviewer):
        client = api_client(user)
        history = client.get(f"/api/v1/products/{product.id}/versions")
        assert history.status_code == 200, history.text
        assert [v["number"] for v in history.json["items"]] == [2, 1]
        assert [v["status"] for v in history.json["items"]] == ["draft", "published"]
        second = client.get(f"/api/v1/products/{product.id}/versions/2")
        assert second.status_code == 200
        assert second.json["changes_from"] == 1
        assert second.json["changes"] == [
            {"field": "price_max", "before": "5200000.00", "after": "6000000.00"}
        ]
        assert second.json["designations"][0]["review_status"] == "verified"
        assert_error(client.get(f"/api/v1/products/{product.id}/versions/9"), 404)


def test_version_history_is_for_the_vendor_and_the_operator(
    api_client, make_product, buyer, other_vendor_staff
):
    product = make_product(state=ListingState.PUBLISHED)

    assert_error(api_client(None).get(f"/api/v1/products/{product.id}/versions"), 401)
    for outsider in (buyer, other_vendor_staff):
        client = api_client(outsider)
        assert_error(client.get(f"/api/v1/products/{product.id}/versions"), 404)
        assert_error(client.get(f"/api/v1/products/{product.id}/versions/1"), 404)


# -- the workflow --------------------------------------------------------------------------------


def move(client, product_id, action, reason=None):
    body = {"action": action} | ({"reason": reason} if reason is not None else {})
    return client.post(f"/api/v1/products/{product_id}/transitions", json=body)


def test_a_listing_goes_from_draft_to_published_through_the_api(api_client, vendor_staff, reviewer):
    vendor, review = api_client(vendor_staff), api_client(reviewer)
    product_id = vendor.post("/api/v1/products", json=equipment_body()).json["id"]
    designation = vendor.post(f"/api/v1/products/{product_id}/designations", json=DESIGNATION_BODY)
    assert designation.status_code == 201, designation.text

    assert move(vendor, product_id, "submit").json["state"] == "submitted"
    sent_back = move(review, product_id, "request_changes", "Attach the type test report.")
    assert sent_back.json["state"] == "changes_requested"
    assert sent_back.json["working_version"]["review_feedback"] == "Attach the type test report."
    assert (
        vendor.patch(f"/api/v1/products/{product_id}", json={"trial_months": 6}).status_code == 200
    )
    assert move(vendor, product_id, "submit").status_code == 200
    claim = designation.json["id"]
    verified = review.post(
        f"/api/v1/products/{product_id}/designations/{claim}/review", json={"status": "verified"}
    )
    assert verified.json["review_status"] == "verified"
    published = move(review, product_id, "publish")

    assert published.status_code == 200, published.text
    assert published.json["state"] == "published"
    public = api_client(None).get(f"/api/v1/products/{product_id}").json
    assert [b["code"] for b in public["live_version"]["badges"]] == ["designation_verified"]
    assert public["live_version"]["trial_months"] == 6


def test_submitting_without_a_designation_or_test_report_is_422_with_the_reason(
    api_client, make_product, vendor_staff
):
    product = make_product()
    vendor = api_client(vendor_staff)
    patent = {"kind": "invention_patent", "number": "ZL202110123456.7", "title": "补偿方法"}
    assert vendor.post(f"/api/v1/products/{product.id}/ip-rights", json=patent).status_code == 201
    before = written()

    response = move(vendor, product.id, "submit")

    error = assert_error(response, 422)
    assert "at least one designation or test report" in error["message"]
    assert "at least one designation or test report" in error["fields"]["evidence"][0]
    assert written() == before
    assert reload(product).state == ListingState.DRAFT
    assert events("product.submitted", product) == []
    assert product.id not in {p.id for p in db.session.scalars(queries.review_queue())}


@pytest.mark.parametrize(
    ("state", "action"),
    [
        (ListingState.PUBLISHED, "reinstate"),
        (ListingState.PUBLISHED, "submit"),
        (ListingState.DRAFT, "withdraw-twice"),
        (ListingState.DELISTED, "withdraw"),
    ],
    ids=str,
)
def test_transitions_outside_the_table_are_409(
    api_client, make_product, vendor_staff, reviewer, state, action
):
    product = make_product(state=state)
    user = reviewer if action == "reinstate" else vendor_staff
    if action == "withdraw-twice":
        assert move(api_client(user), product.id, "withdraw").status_code == 200
        action = "withdraw"
    before = reload(product).state

    response = move(api_client(user), product.id, action)

    assert_error(response, 409)
    assert reload(product).state == before


@pytest.mark.parametrize(
    ("body", "bad_field"),
    [
        ({"action": "explode"}, "action"),
        ({}, "action"),
        ({"action": "suspend", "reason": "  "}, "reason"),
        ({"action": "suspend", "reason": 5}, "reason"),
        ({"action": "suspend", "reason": "Fraud", "urgent": True}, "urgent"),
    ],
    ids=str,
)
def test_bad_transition_requests_are_422(api_client, make_product, reviewer, body, bad_field):
    product = make_product(state=ListingState.PUBLISHED)

    response = api_client(reviewer).post(f"/api/v1/products/{product.id}/transitions", json=body)

    assert bad_field in assert_error(response, 422)["fields"]
    assert reload(product).state == ListingState.PUBLISHED


def test_the_operator_suspends_reinstates_and_delists_with_reasons(
    api_client, make_product, reviewer, vendor_staff
):
    product = make_product(state=ListingState.PUBLISHED)
    operator = api_client(reviewer)

    suspended = move(operator, product.id, "suspend", "Complaint under investigation.")
    assert suspended.json["state"] == "suspended"
    assert_error(api_client(None).get(f"/api/v1/products/{product.id}"), 404)
    own = api_client(vendor_staff).get(f"/api/v1/products/{product.id}").json
    assert own["state_reason"] == "Complaint under investigation."
    assert move(operator, product.id, "reinstate").json["state"] == "published"
    assert (
        move(operator, product.id, "delist", "Counterfeit certificate.").json["state"] == "delisted"
    )
    assert len(events("product.delisted", product)) == 1


# -- two reviewers at once -----------------------------------------------------------------------


def test_two_reviewers_publishing_at_once_one_wins_the_other_gets_409(
    api_client, make_product, reviewer, make_user, monkeypatch
):
    product = make_product(state=ListingState.SUBMITTED)
    claim = product.working_version.designations[0]
    api_client(reviewer).post(
        f"/api/v1/products/{product.id}/designations/{claim.id}/review",
        json={"status": "verified"},
    )
    second_reviewer = make_user(reviewer.organisation, roles=(Role.REVIEWER,))
    load = queries.product_for

    def read_then_lose_the_race(user, product_id):
        # Reviewer B has read the listing; reviewer A's publish commits before B writes.
        found = load(user, product_id)
        db.session.connection().execute(
            sa.update(Product.__table__)
            .where(Product.__table__.c.id == product_id)
            .values(lock_version=Product.__table__.c.lock_version + 1)
        )
        return found

    monkeypatch.setattr(queries, "product_for", read_then_lose_the_race)
    loser = move(api_client(second_reviewer), product.id, "publish")
    monkeypatch.setattr(queries, "product_for", load)
    winner = move(api_client(reviewer), product.id, "publish")
    late = move(api_client(second_reviewer), product.id, "publish")

    assert_error(loser, 409, "conflict")
    assert "at the same time" in loser.json["error"]["message"]
    assert winner.status_code == 200, winner.text
    assert_error(late, 409, "invalid_transition")
    product = reload(product)
    assert product.state == ListingState.PUBLISHED
    assert product.live_version.status == VersionStatus.PUBLISHED
    [event] = events("product.published", product)
    assert event.actor_user_id == reviewer.id


def test_losing_the_race_at_commit_is_409_and_writes_nothing(
    api_client, make_product, vendor_staff, monkeypatch
):
    product = make_product()
    editing.add_claim(product, "designations", dict(DESIGNATION), Actor(user=vendor_staff))
    db.session.commit()
    commit = db.session.commit

    def lose_the_race_then_commit():
        # The request's own commit is where it finds out: someone else's change to the listing
        # committed after the view had read it, and the view left the listing changed unflushed.
        monkeypatch.undo()
        listing = db.session.get(Product, product.id)
        assert listing.lock_version  # as this request read it
        db.session.connection().execute(
            sa.update(Product.__table__)
            .where(Product.__table__.c.id == product.id)
            .values(lock_version=Product.__table__.c.lock_version + 1)
        )
        listing.state_reason = "changed after the last flush"
        commit()

    client = api_client(vendor_staff)
    monkeypatch.setattr(db.session, "commit", lose_the_race_then_commit)
    response = move(client, product.id, "submit")

    error = assert_error(response, 409, "conflict")
    assert "at the same time" in error["message"]
    product = reload(product)
    assert product.state == ListingState.DRAFT
    assert product.working_version.status == VersionStatus.DRAFT
    assert events("product.submitted", product) == []


def test_the_openapi_document_describes_the_catalog(client):
    spec = client.get("/api/v1/openapi.json").json

    assert "/api/v1/products" in spec["paths"]
    assert "/api/v1/products/{product_id}/transitions" in spec["paths"]
    assert "/api/v1/documents/{document_id}" in spec["paths"]
    upload = spec["paths"]["/api/v1/products/{product_id}/documents"]["post"]
    assert "multipart/form-data" in upload["requestBody"]["content"]
    price = spec["components"]["schemas"]["ProductCreate"]["properties"]["price_min"]
    assert price["type"] == ["string", "null"] or price["type"] == "string"
