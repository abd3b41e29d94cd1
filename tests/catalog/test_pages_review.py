"""The operator's pages: the review queue, the review page with its diff, claim decisions,
request changes and publish, moderation; and who may do what, page by page."""

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from market.catalog import editing, services
from market.catalog.evidence import DocumentVisibility, ReviewStatus
from market.catalog.models import ListingState, ProductVersion, VersionStatus
from market.core.audit import Actor, AuditEvent
from market.core.db import db, utcnow
from tests.catalog.conftest import DESIGNATION
from tests.catalog.pages_support import (
    ROLES,
    attach,
    designation_of,
    download,
    element_html,
    people,
    publish_now,
    section,
    text,
)
from tests.conftest import reload


@pytest.fixture
def review_browser(as_user, reviewer):
    return as_user(reviewer)


def test_the_queue_lists_submitted_versions_oldest_first(review_browser, make_product):
    older = make_product(state=ListingState.SUBMITTED, name_en="Older boring machine")
    newer = make_product(state=ListingState.SUBMITTED, name_en="Newer press")
    make_product(state=ListingState.DRAFT, name_en="Unsubmitted draft")
    make_product(state=ListingState.PUBLISHED, name_en="Already live")
    older.working_version.submitted_at = utcnow() - timedelta(days=3)
    newer.working_version.submitted_at = utcnow() - timedelta(days=1)
    db.session.commit()

    queue = section(review_browser.get("/review"), "queue")

    assert queue.index("Older boring machine") < queue.index("Newer press")
    assert "Unsubmitted draft" not in queue
    assert "Already live" not in queue
    assert "new listing" in queue


def test_the_review_page_shows_a_changed_field_side_by_side(
    review_browser, make_product, vendor_staff
):
    product = make_product(state=ListingState.PUBLISHED)
    staff = Actor(user=vendor_staff)
    editing.update_draft(product, {"name_en": "Five-axis centre, mark II"}, staff)
    editing.update_draft(product, {"price_max_fen": 600_000_000}, staff)
    services.submit(product, staff)
    db.session.commit()

    response = review_browser.get(f"/review/{product.id}")

    assert response.status_code == 200
    diff = section(response, "diff")
    assert "Live (version 1)" in diff
    assert "Submitted (version 2)" in diff
    assert "Name (English) Five-axis CNC machining centre Five-axis centre, mark II" in diff
    assert "Highest price ¥5,200,000.00 ¥6,000,000.00" in diff
    assert "Summary" not in diff  # unchanged fields are left out
    assert "revising version 1" in section(review_browser.get("/review"), "queue")


def test_a_reviewer_verifies_and_rejects_claims(review_browser, make_product):
    product = make_product(state=ListingState.SUBMITTED)
    designation = designation_of(product)
    url = f"/review/{product.id}/claims/designations/{designation.id}"
    prefix = f"claim-{designation.id.hex}"

    refused = review_browser.post(url, data={f"{prefix}-reject": "Reject"})

    assert refused.status_code == 422
    assert "Required." in section(refused, f"claim-{designation.id}")
    assert reload(designation).review_status == ReviewStatus.UNVERIFIED

    rejected = review_browser.post(
        url,
        data={
            f"{prefix}-note": "Document number not in the 2024 catalogue.",
            f"{prefix}-reject": "1",
        },
        follow_redirects=True,
    )

    assert "Rejected" in section(rejected, f"claim-{designation.id}")
    assert reload(designation).review_note == "Document number not in the 2024 catalogue."

    verified = review_browser.post(url, data={f"{prefix}-verify": "1"}, follow_redirects=True)

    assert "Verified" in section(verified, f"claim-{designation.id}")
    assert reload(designation).review_status == ReviewStatus.VERIFIED


def test_after_a_decision_the_page_returns_to_the_claim_and_offers_only_the_other(
    review_browser, make_product
):
    product = make_product(state=ListingState.SUBMITTED)
    designation = designation_of(product)
    url = f"/review/{product.id}/claims/designations/{designation.id}"
    prefix = f"claim-{designation.id.hex}"
    card = f"claim-{designation.id}"

    verified = review_browser.post(url, data={f"{prefix}-verify": "1"})

    assert verified.status_code == 302
    assert verified.location.endswith(f"/review/{product.id}#{card}")
    page = review_browser.get(f"/review/{product.id}")
    assert f'id="{card}"' in page.text
    assert "Verify" not in buttons(page, card)
    assert "Reject" in buttons(page, card)
    # Its form posts to an address with the same fragment, so an error also lands on it.
    assert f'{url}#{card}"' in page.text

    again = review_browser.post(url, data={f"{prefix}-verify": "1"})

    assert again.status_code == 409
    assert "This claim is already verified." in section(again, card)
    assert len(claim_events(product, "product.claim_verified")) == 1

    rejected = review_browser.post(
        url, data={f"{prefix}-note": "Wrong catalogue edition.", f"{prefix}-reject": "1"}
    )
    assert rejected.location.endswith(f"#{card}")
    page = review_browser.get(f"/review/{product.id}")
    assert buttons(page, card) == ["Verify"]


def buttons(page, element_id):
    """The labels of the buttons inside the element ``element_id``."""
    block = element_html(page, element_id)
    return re.findall(r'<input[^>]*type="submit"[^>]*value="([^"]+)"', block)


def claim_events(product, verb):
    return db.session.scalars(
        sa.select(AuditEvent).where(
            AuditEvent.verb == verb, AuditEvent.object_id == str(product.id)
        )
    ).all()


def test_publish_waits_for_the_evidence_and_says_why(review_browser, make_product):
    product = make_product(state=ListingState.SUBMITTED)

    page = review_browser.get(f"/review/{product.id}")

    problems = section(page, "publication-problems")
    assert "Verify at least one designation or test report first." in problems
    assert "(1 not reviewed)" in problems
    assert "disabled" in page.text.split('id="publish-title"')[1]

    refused = review_browser.post(f"/review/{product.id}/publish")

    assert refused.status_code == 422
    assert "Verify at least one designation or test report first." in text(refused)
    assert reload(product).state == ListingState.SUBMITTED


def test_request_changes_sends_feedback_the_vendor_sees(
    review_browser, as_user, make_product, vendor_staff
):
    product = make_product(state=ListingState.SUBMITTED)

    empty = review_browser.post(f"/review/{product.id}/request-changes", data={"feedback": " "})
    assert empty.status_code == 422
    assert "Say what to change." in section(empty, "request-changes")

    sent = review_browser.post(
        f"/review/{product.id}/request-changes",
        data={"feedback": "Upload the type test report from the national centre."},
        follow_redirects=True,
    )

    assert "Sent back to the vendor" in text(sent)
    vendor = as_user(vendor_staff)
    dashboard = section(vendor.get("/vendor/listings"), "listings")
    assert "Changes requested" in dashboard
    assert "Upload the type test report from the national centre." in dashboard
    page = vendor.get(f"/products/{product.id}")
    assert "Reviewer feedback: Upload the type test report from the national centre." in section(
        page, "review-feedback"
    )
    assert "Submit for review" in section(page, "workings")


def test_publishing_puts_the_badge_on_the_public_page(review_browser, as_user, make_product):
    product = make_product(state=ListingState.SUBMITTED, name_en="Newly reviewed mill")
    designation = designation_of(product)
    review_browser.post(
        f"/review/{product.id}/claims/designations/{designation.id}",
        data={f"claim-{designation.id.hex}-verify": "1"},
    )
    ready = text(review_browser.get(f"/review/{product.id}"))
    assert "Every claim is reviewed" in ready
    assert "Designation verified" in ready

    published = review_browser.post(f"/review/{product.id}/publish", follow_redirects=True)

    assert "Published: buyers now see this version." in text(published)
    public = as_user(None).get(f"/products/{product.id}")
    assert public.status_code == 200
    assert "Designation verified · valid until 2099-08-31" in section(public, "badges")
    assert "Newly reviewed mill" in section(as_user(None).get("/catalogue"), "listings")


def test_two_reviewers_publishing_at_once_one_wins(review_browser, make_product, reviewer):
    product = make_product(state=ListingState.SUBMITTED)
    services.review_claim(designation_of(product), ReviewStatus.VERIFIED, "", Actor(user=reviewer))
    db.session.commit()

    first = review_browser.post(f"/review/{product.id}/publish")
    second = review_browser.post(f"/review/{product.id}/publish")

    assert first.status_code == 302
    assert second.status_code == 409
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).where(ProductVersion.status == VersionStatus.PUBLISHED)
        )
        == 1
    )


def test_operator_suspends_with_a_reason_and_reinstates(
    review_browser, as_user, make_product, vendor_staff
):
    product = make_product(state=ListingState.PUBLISHED)
    path = f"/products/{product.id}"
    assert "Suspend" in section(review_browser.get(path), "moderation")

    no_reason = review_browser.post(f"{path}/actions/suspend", data={"suspend-reason": ""})
    assert no_reason.status_code == 422
    assert "A reason is required." in section(no_reason, "moderation")
    assert reload(product).state == ListingState.PUBLISHED

    review_browser.post(f"{path}/actions/suspend", data={"suspend-reason": "Safety complaint."})

    assert reload(product).state == ListingState.SUSPENDED
    assert as_user(None).get(path).status_code == 404
    vendor_view = as_user(vendor_staff).get(path)
    assert "Operator: Safety complaint." in section(vendor_view, "state-reason")
    assert "Suspended" in section(vendor_view, "workings")

    review_browser.post(f"{path}/actions/reinstate")

    assert reload(product).state == ListingState.PUBLISHED
    assert as_user(None).get(path).status_code == 200


def test_operator_delists_with_a_reason(review_browser, make_product):
    product = make_product(state=ListingState.PUBLISHED)

    response = review_browser.post(
        f"/products/{product.id}/actions/delist",
        data={"delist-reason": "Designation revoked by MIIT."},
        follow_redirects=True,
    )

    assert "The listing is delisted." in text(response)
    assert reload(product).state == ListingState.DELISTED
    assert reload(product).state_reason == "Designation revoked by MIIT."


# -- the permission matrix -----------------------------------------------------------------------
#
# Six people (the anonymous visitor, a buyer, the listing's vendor staff, another vendor's staff,
# an operator reviewer, an operator admin) against each thing one can do to a listing through the
# pages. 404 where the listing, or the page, is none of their business; 403 where they see the
# listing but the action is not theirs; 302 to the sign-in page for visitors on pages that need an
# account; and success (200, or 302 after a form) for those allowed.

MATRIX = {
    #                  anonymous buyer own_staff other_vendor reviewer operator_admin
    "view_draft": (404, 404, 200, 404, 404, 404),
    # Withdrawn before it was ever submitted: still the vendor's alone; its own staff are told
    # it is closed (409), everyone else that there is no such listing.
    "view_withdrawn_draft": (404, 404, 200, 404, 404, 404),
    "edit_withdrawn_draft": ("login", 404, 409, 404, 404, 404),
    "evidence_withdrawn_draft": ("login", 404, 409, 404, 404, 404),
    "view_withdrawn_after_review": (404, 404, 200, 404, 200, 200),
    "view_published": (200, 200, 200, 200, 200, 200),
    "edit": ("login", 404, 200, 404, 403, 403),
    "submit": ("login", 404, 302, 404, 404, 404),
    "review": ("login", 404, 404, 404, 200, 404),
    "publish": ("login", 404, 404, 404, 302, 404),
    "moderate": ("login", 403, 403, 403, 302, 302),
    "download_buyer_only": (404, 200, 200, 404, 200, 200),
}


@pytest.fixture
def scene(make_product, make_org, make_user, vendor_staff, reviewer, storage):
    """A draft with its designation, a submitted listing with a verified designation, a
    published listing with a buyer-only document, and two withdrawn listings: one never
    submitted, one withdrawn after publication."""
    draft = make_product(state=ListingState.DRAFT, name_en="Draft machine")
    editing.add_claim(draft, "designations", dict(DESIGNATION), Actor(user=vendor_staff))
    withdrawn_draft = make_product(name_en="Withdrawn draft")
    services.withdraw(withdrawn_draft, Actor(user=vendor_staff))
    withdrawn_after_review = make_product(state=ListingState.WITHDRAWN)
    submitted = make_product(state=ListingState.SUBMITTED)
    services.review_claim(
        designation_of(submitted), ReviewStatus.VERIFIED, "", Actor(user=reviewer)
    )
    published = make_product(name_en="Live machine")
    document = attach(published, vendor_staff, storage, visibility=DocumentVisibility.BUYERS)
    publish_now(published, vendor_staff, reviewer)
    return {
        "draft": draft,
        "submitted": submitted,
        "published": published,
        "document": document,
        "withdrawn_draft": withdrawn_draft,
        "withdrawn_after_review": withdrawn_after_review,
        "people": people(make_org, make_user, vendor_staff, reviewer),
    }


def perform(action, client, scene):
    draft, submitted, published = scene["draft"], scene["submitted"], scene["published"]
    if action == "view_draft":
        return client.get(f"/products/{draft.id}")
    if action == "view_published":
        return client.get(f"/products/{published.id}")
    if action == "view_withdrawn_draft":
        return client.get(f"/products/{scene['withdrawn_draft'].id}")
    if action == "edit_withdrawn_draft":
        return client.get(f"/products/{scene['withdrawn_draft'].id}/edit")
    if action == "evidence_withdrawn_draft":
        return client.get(f"/products/{scene['withdrawn_draft'].id}/evidence")
    if action == "view_withdrawn_after_review":
        return client.get(f"/products/{scene['withdrawn_after_review'].id}")
    if action == "edit":
        return client.get(f"/products/{published.id}/edit")
    if action == "submit":
        return client.post(f"/products/{draft.id}/actions/submit")
    if action == "review":
        return client.get(f"/review/{submitted.id}")
    if action == "publish":
        return client.post(f"/review/{submitted.id}/publish")
    if action == "moderate":
        return client.post(
            f"/products/{published.id}/actions/suspend", data={"suspend-reason": "Complaint."}
        )
    assert action == "download_buyer_only"
    return download(client, f"/documents/{scene['document'].id}")


def changed(action, scene):
    """Whether the action left its mark (for the allowed ones) or not (for the others)."""
    if action == "submit":
        return reload(scene["draft"]).state == ListingState.SUBMITTED
    if action == "publish":
        return reload(scene["submitted"]).state == ListingState.PUBLISHED
    if action == "moderate":
        return reload(scene["published"]).state == ListingState.SUSPENDED
    return None


@pytest.mark.parametrize("action", list(MATRIX))
@pytest.mark.parametrize("role", ROLES)
def test_who_may_do_what_through_the_pages(as_user, scene, action, role):
    expected = MATRIX[action][ROLES.index(role)]

    response = perform(action, as_user(scene["people"][role]), scene)

    if expected == "login":
        assert response.status_code == 302
        assert "/login" in response.location
    else:
        assert response.status_code == expected, response.text[:300]
    effect = changed(action, scene)
    if effect is not None:
        assert effect == (expected == 302)
