"""The public catalogue and product pages: what a visitor, a buyer and the vendor see."""

from datetime import date

import pytest

from market.accounts.models import OrgKind, Role
from market.catalog import editing, services
from market.catalog.evidence import DocumentVisibility, ReviewStatus
from market.catalog.models import ListingState, PriceVisibility
from market.catalog.taxonomy import Category, TechnicalField
from market.core.audit import Actor
from market.core.db import db
from tests.catalog.conftest import DESIGNATION
from tests.catalog.pages_support import attach, download, publish_now, section, text


@pytest.fixture
def buyer(make_org, make_user):
    return make_user(make_org(kind=OrgKind.BUYER), roles=(Role.REQUESTER,))


def test_the_catalogue_lists_published_listings_only(client, make_product):
    make_product(state=ListingState.PUBLISHED, name_en="Published machining centre")
    make_product(state=ListingState.DRAFT, name_en="Secret draft lathe")
    make_product(state=ListingState.SUBMITTED, name_en="Lathe under review")
    make_product(state=ListingState.SUSPENDED, name_en="Suspended press")

    page = text(client.get("/catalogue"))

    assert "Published machining centre" in page
    assert "Secret draft lathe" not in page
    assert "Lathe under review" not in page
    assert "Suspended press" not in page
    assert "1 listing" in page


def test_the_catalogue_filters_by_category_field_region_and_vendor(
    client, make_product, make_org, make_user
):
    make_product(state=ListingState.PUBLISHED, name_en="Jiangsu machining centre")
    make_product(state=ListingState.PUBLISHED, category=Category.MATERIAL)
    make_product(state=ListingState.PUBLISHED, category=Category.SOFTWARE)
    other = make_org(kind=OrgKind.VENDOR, name="Zhejiang Robotics")
    make_product(
        state=ListingState.PUBLISHED,
        owner=other,
        staff=make_user(other, roles=(Role.STAFF,)),
        name_en="Zhejiang welding robot",
        technical_field=TechnicalField.INDUSTRIAL_ROBOTS,
        region="330000",
    )

    def names(**query):
        return section(client.get("/catalogue", query_string=query), "listings")

    assert "Nickel-based superalloy" in names(category="material")
    assert "Jiangsu machining centre" not in names(category="material")
    assert "Zhejiang welding robot" in names(field="industrial_robots")
    assert "Jiangsu machining centre" not in names(field="industrial_robots")
    by_region = names(region="330000")
    assert "Zhejiang welding robot" in by_region
    assert "Jiangsu machining centre" not in by_region
    by_vendor = names(vendor=str(other.id))
    assert "Zhejiang welding robot" in by_vendor
    assert "Industrial real-time OS" not in by_vendor
    # Nonsense in the query string is ignored, not an error.
    assert client.get("/catalogue?category=spaceships&vendor=x&page=-3").status_code == 200


def test_the_catalogue_pages_through_many_listings(client, make_product):
    for n in range(23):
        make_product(state=ListingState.PUBLISHED, name_en=f"Machine {n:02d}")

    first = client.get("/catalogue")
    second = client.get("/catalogue?page=2")

    assert "23 listings" in text(first)
    assert section(first, "listings").count("Machine ") == 20
    assert section(second, "listings").count("Machine ") == 3
    # A page far past the end is an empty page, however large its number.
    far = client.get(f"/catalogue?page={10**30}")
    assert far.status_code == 200
    assert section(far, "listings").count("Machine ") == 0


def test_a_visitor_reads_a_published_listing_without_signing_in(client, make_product):
    product = make_product(state=ListingState.PUBLISHED)

    response = client.get(f"/products/{product.id}")

    assert response.status_code == 200
    page = text(response)
    assert "五轴联动数控机床" in page
    assert "Five-axis CNC machining centre" in page
    assert "Travel X/Y/Z: 2000/1600/1000 mm" in page  # the Markdown description, rendered
    assert "<h2>Specification</h2>" in response.text
    assert "高档数控机床 / High-end CNC machine tools" in page
    assert "江苏省 / Jiangsu" in page
    assert "Suzhou Test CNC" in page
    # The workings are for the vendor and the operator.
    assert "History" not in page
    assert "Versions" not in page


def test_verified_evidence_shows_as_badges_with_validity(
    client, make_product, vendor_staff, reviewer
):
    product = make_product()
    staff = Actor(user=vendor_staff)
    editing.add_claim(product, "designations", dict(DESIGNATION), staff)
    editing.add_claim(
        product,
        "test-reports",
        {
            "institution": "国家机床质量检验检测中心",
            "standard": "GB/T 20957.4",
            "report_number": "NCMT-2024-0815",
            "issued_on": date(2024, 8, 15),
            "conclusion": "合格 Pass",
        },
        staff,
    )
    editing.add_claim(
        product,
        "insurance",
        {
            "insurer": "中国人保 PICC",
            "policy_number": "PICC-2025-1",
            "coverage": "Quality and liability, up to ¥5,000,000",
            "valid_from": date(2025, 1, 1),
            "valid_until": date(2098, 12, 31),
        },
        staff,
    )
    publish_now(product, vendor_staff, reviewer)

    badges = section(client.get(f"/products/{product.id}"), "badges")

    assert "Designation verified · valid until 2099-08-31" in badges
    assert "Test report verified" in badges
    assert "Insured · valid until 2098-12-31" in badges


def test_unverified_or_rejected_evidence_earns_no_badge(
    client, make_product, vendor_staff, reviewer
):
    product = make_product()
    staff, review = Actor(user=vendor_staff), Actor(user=reviewer)
    designation = editing.add_claim(product, "designations", dict(DESIGNATION), staff)
    report = editing.add_claim(
        product,
        "test-reports",
        {
            "institution": "Lab",
            "standard": "GB/T 1",
            "report_number": "R-1",
            "issued_on": date(2024, 1, 1),
            "conclusion": "Pass",
        },
        staff,
    )
    services.submit(product, staff)
    services.review_claim(designation, ReviewStatus.VERIFIED, "", review)
    services.review_claim(
        report, ReviewStatus.REJECTED, "Report number unknown to the lab.", review
    )
    services.publish(product, review)
    db.session.commit()

    page = client.get(f"/products/{product.id}")

    assert "Designation verified" in section(page, "badges")
    assert "Test report verified" not in section(page, "badges")
    assert "Rejected" in section(page, "evidence")
    # The reviewer's note is for the vendor, not the public.
    assert "Report number unknown" not in text(page)


def test_buyer_only_prices_are_shown_to_signed_in_buyers_only(
    as_user, make_product, buyer, make_org, make_user, vendor_staff, reviewer
):
    product = make_product(state=ListingState.PUBLISHED, price_visibility=PriceVisibility.BUYERS)
    other_vendor = make_user(make_org(kind=OrgKind.VENDOR), roles=(Role.STAFF,))
    path = f"/products/{product.id}"

    for outsider in (None, other_vendor):
        facts = section(as_user(outsider).get(path), "facts")
        assert "¥4,500,000.00" not in facts
        assert "¥4,800,000.00" not in facts  # the unit value is a price too
        assert "Prices are shown to signed-in buyers." in facts
        listing = section(as_user(outsider).get("/catalogue"), "listings")
        assert "¥4,500,000.00" not in listing
    for insider in (buyer, vendor_staff, reviewer):
        facts = section(as_user(insider).get(path), "facts")
        assert "¥4,500,000.00 – ¥5,200,000.00" in facts
        assert "¥4,800,000.00" in facts
    assert "¥4,500,000.00 – ¥5,200,000.00" in section(as_user(buyer).get("/catalogue"), "listings")


def test_public_prices_are_shown_to_everyone(client, make_product):
    product = make_product(state=ListingState.PUBLISHED, price_min_fen=None, price_max_fen=None)
    priced = make_product(state=ListingState.PUBLISHED, price_min_fen=100_00, price_max_fen=100_00)

    assert "Price on request" in section(client.get(f"/products/{product.id}"), "facts")
    assert "¥100.00" in section(client.get(f"/products/{priced.id}"), "facts")


def test_a_description_with_script_and_event_handlers_is_neutralised(client, make_product):
    product = make_product(
        state=ListingState.PUBLISHED,
        description_md=(
            "Safe **bold**\n\n<script>alert('xss')</script>\n\n"
            '<img src=x onerror="alert(1)">\n\n[click](javascript:alert(2))'
        ),
        name_en="<b onmouseover=alert(3)>Machine</b>",
    )

    response = client.get(f"/products/{product.id}")

    assert response.status_code == 200
    assert "<strong>bold</strong>" in response.text
    assert "<script" not in response.text.lower()
    assert "<img" not in response.text.lower()
    assert 'href="javascript:' not in response.text.lower()
    assert "<b onmouseover" not in response.text
    assert "&lt;b onmouseover=alert(3)&gt;Machine&lt;/b&gt;" in response.text


def test_a_listing_whose_designations_lapsed_reads_as_expired(
    client, vendor, vendor_staff, reviewer
):
    staff, review = Actor(user=vendor_staff), Actor(user=reviewer)
    from tests.catalog.conftest import equipment_content

    product = editing.create_product(
        vendor, Category.EQUIPMENT, equipment_content(name_en="Lapsed press"), staff
    )
    designation = editing.add_claim(
        product,
        "designations",
        {**DESIGNATION, "valid_from": date(2019, 1, 1), "valid_until": date(2020, 12, 31)},
        staff,
    )
    services.submit(product, staff)
    services.review_claim(designation, ReviewStatus.VERIFIED, "", review)
    services.publish(product, review, today=date(2020, 6, 1))
    db.session.commit()

    page = client.get(f"/products/{product.id}")

    assert page.status_code == 200
    assert "This listing has expired" in text(page)
    assert "Expired" in text(page)
    assert "Designation verified" not in section(page, "badges")
    assert "Lapsed press" not in section(client.get("/catalogue"), "listings")


def test_buyer_only_documents_are_listed_and_served_to_buyers_only(
    as_user, make_product, buyer, vendor_staff, reviewer, storage, make_org, make_user
):
    product = make_product()
    public = attach(product, vendor_staff, storage, title="Product brochure")
    private = attach(
        product,
        vendor_staff,
        storage,
        title="Full type test report",
        visibility=DocumentVisibility.BUYERS,
        content=b"%PDF-1.4 another file",
    )
    publish_now(product, vendor_staff, reviewer)
    other_vendor = make_user(make_org(kind=OrgKind.VENDOR), roles=(Role.STAFF,))

    visitor_documents = section(as_user(None).get(f"/products/{product.id}"), "documents")
    assert "Product brochure" in visitor_documents
    assert "Full type test report" not in visitor_documents
    assert "1 more document is available to signed-in buyers." in visitor_documents
    assert download(as_user(None), f"/documents/{public.id}").status_code == 200
    assert download(as_user(None), f"/documents/{private.id}").status_code == 404
    assert download(as_user(other_vendor), f"/documents/{private.id}").status_code == 404

    buyer_documents = section(as_user(buyer).get(f"/products/{product.id}"), "documents")
    assert "Full type test report" in buyer_documents
    response = download(as_user(buyer), f"/documents/{private.id}")
    assert response.status_code == 200
    assert response.data == b"%PDF-1.4 another file"


def test_the_vendor_sees_state_feedback_versions_and_history(as_user, make_product, vendor_staff):
    product = make_product(state=ListingState.CHANGES_REQUESTED)

    response = as_user(vendor_staff).get(f"/products/{product.id}")

    assert response.status_code == 200
    assert "Changes requested" in section(response, "workings")
    assert "Reviewer feedback: Attach the test report." in section(response, "workings")
    assert "Version 1" in section(response, "versions")
    history = section(response, "history")
    for step in ("Listing created", "Evidence added", "Submitted for review", "Changes requested"):
        assert step in history
    assert "Attach the test report." in history
    assert "Test User" in history


def test_a_published_listing_being_revised_shows_the_live_version_to_buyers(
    as_user, make_product, vendor_staff
):
    product = make_product(state=ListingState.PUBLISHED)
    editing.update_draft(product, {"name_en": "Renamed machine"}, Actor(user=vendor_staff))
    db.session.commit()

    public = text(as_user(None).get(f"/products/{product.id}"))
    vendor_view = as_user(vendor_staff).get(f"/products/{product.id}")
    draft_view = as_user(vendor_staff).get(f"/products/{product.id}?version=2")

    assert "Five-axis CNC machining centre" in public
    assert "Renamed machine" not in public
    assert "Working version 2: draft." in section(vendor_view, "workings")
    assert "Renamed machine" in text(draft_view)
    assert "You are looking at version 2 (draft), which buyers do not see." in text(draft_view)
    # A visitor cannot peek at the draft by asking for its number.
    assert "Renamed machine" not in text(as_user(None).get(f"/products/{product.id}?version=2"))


def test_unknown_products_and_documents_are_not_found(client):
    assert client.get("/products/00000000-0000-0000-0000-000000000000").status_code == 404
    assert client.get("/documents/00000000-0000-0000-0000-000000000000").status_code == 404
    assert client.get("/products/not-a-uuid").status_code == 404
