"""The listing workflow, verb by verb: what is allowed, what is refused and why."""

from datetime import date

import pytest
import sqlalchemy as sa

from market.catalog import editing, services
from market.catalog.evidence import Designation, ReviewStatus
from market.catalog.immutability import FrozenVersion
from market.catalog.models import ListingState, ProductVersion, VersionStatus
from market.catalog.taxonomy import IPKind
from market.core.audit import Actor, AuditEvent
from market.core.db import db
from market.core.errors import InvalidTransition, NotFound, PermissionDenied, ValidationFailed
from tests.catalog.conftest import DESIGNATION

IP_RIGHT = {
    "kind": IPKind.INVENTION_PATENT,
    "number": "ZL202110123456.7",
    "title": "热误差补偿方法",
}
TEST_REPORT = {
    "institution": "国家机床质量检验检测中心 National Machine Tool Quality Centre",
    "standard": "GB/T 20957.4-2007",
    "report_number": "NMTQ-2024-0456",
    "issued_on": date(2024, 6, 18),
    "conclusion": "Positioning accuracy 0.006 mm; meets the standard.",
}


def test_a_listing_goes_from_draft_to_published(make_product, vendor_staff, reviewer):
    staff, review = Actor(user=vendor_staff), Actor(user=reviewer)
    product = make_product()
    designation = editing.add_claim(product, "designations", dict(DESIGNATION), staff)

    services.submit(product, staff)
    assert product.state == ListingState.SUBMITTED
    services.review_claim(designation, ReviewStatus.VERIFIED, "", review)
    services.publish(product, review)

    assert product.state == ListingState.PUBLISHED
    assert product.live_version.number == 1
    assert product.live_version.status == VersionStatus.PUBLISHED
    assert product.working_version is None
    verbs = db.session.scalars(
        sa.select(AuditEvent.verb).where(AuditEvent.object_id == str(product.id))
    ).all()
    assert {"product.created", "product.submitted", "product.published"} <= set(verbs)


def test_submitting_needs_a_designation_or_test_report(make_product, vendor_staff):
    staff = Actor(user=vendor_staff)
    product = make_product(state=ListingState.DRAFT)
    editing.add_claim(product, "ip-rights", dict(IP_RIGHT), staff)  # not what publishing needs

    with pytest.raises(ValidationFailed, match="at least one designation or test report") as err:
        services.submit(product, staff)

    assert err.value.fields["evidence"]
    assert product.state == ListingState.DRAFT
    assert product.working_version.status == VersionStatus.DRAFT
    assert product.working_version.submitted_at is None
    # An unverified test report is enough to go to review: verifying it is the reviewer's part.
    editing.add_claim(product, "test-reports", dict(TEST_REPORT), staff)
    services.submit(product, staff)
    assert product.state == ListingState.SUBMITTED


def test_a_withdrawn_listing_is_409_to_submit_whatever_its_evidence(make_product, vendor_staff):
    staff = Actor(user=vendor_staff)
    product = make_product()
    services.withdraw(product, staff)

    with pytest.raises(InvalidTransition):
        services.submit(product, staff)


def test_a_version_in_review_without_evidence_is_still_not_published(
    make_product, reviewer, vendor_staff
):
    # Versions submitted before submitting needed evidence may wait in the queue without any.
    product = make_product(state=ListingState.SUBMITTED)
    db.session.delete(product.working_version.designations[0])
    db.session.flush()
    db.session.expire(product.working_version)

    with pytest.raises(ValidationFailed, match="at least one designation or test report"):
        services.publish(product, Actor(user=reviewer))
    assert product.state == ListingState.SUBMITTED


def test_publishing_needs_every_claim_reviewed(make_product, reviewer):
    product = make_product(state=ListingState.SUBMITTED)

    with pytest.raises(ValidationFailed, match="Verify at least one"):
        services.publish(product, Actor(user=reviewer))


def test_editing_a_published_listing_makes_a_new_draft_and_keeps_the_live_one(
    make_product, vendor_staff, reviewer
):
    product = make_product(state=ListingState.PUBLISHED)
    live = product.live_version

    draft = editing.update_draft(
        product, {"summary": "Now with a 30% faster spindle."}, Actor(user=vendor_staff)
    )

    assert draft.number == 2
    assert product.live_version is live
    assert live.summary != draft.summary
    assert [d.review_status for d in draft.designations] == [ReviewStatus.VERIFIED]
    assert product.state == ListingState.PUBLISHED

    services.submit(product, Actor(user=vendor_staff))
    services.publish(product, Actor(user=reviewer))
    assert product.live_version is draft
    assert live.status == VersionStatus.SUPERSEDED


def test_a_published_version_never_changes(make_product):
    product = make_product(state=ListingState.PUBLISHED)
    live = product.live_version

    live.summary = "Sneaky edit"
    with pytest.raises(FrozenVersion):
        db.session.flush()
    db.session.rollback()

    db.session.add(Designation(version=db.session.get(ProductVersion, live.id), **DESIGNATION))
    with pytest.raises(FrozenVersion):
        db.session.flush()


def test_reviewers_cannot_edit_and_vendors_cannot_publish(make_product, reviewer, vendor_staff):
    product = make_product(state=ListingState.SUBMITTED)

    with pytest.raises(PermissionDenied):
        editing.update_draft(product, {"summary": "x"}, Actor(user=reviewer))
    with pytest.raises(PermissionDenied):
        services.publish(product, Actor(user=vendor_staff))


def test_a_never_submitted_draft_is_not_found_by_the_operator(make_product, reviewer):
    draft = make_product()
    for verb in (services.publish, services.reinstate, services.withdraw):
        with pytest.raises(NotFound):
            verb(draft, Actor(user=reviewer))
    with pytest.raises(NotFound):
        services.delist(draft, "spam", Actor(user=reviewer))
    assert draft.state == ListingState.DRAFT


def test_transitions_outside_the_table_are_refused(make_product, vendor_staff, reviewer):
    published = make_product(state=ListingState.PUBLISHED)
    with pytest.raises(InvalidTransition):
        services.publish(published, Actor(user=reviewer))  # nothing submitted to publish
    with pytest.raises(InvalidTransition):
        services.reinstate(published, Actor(user=reviewer))
    with pytest.raises(InvalidTransition):
        services.submit(published, Actor(user=vendor_staff))


def test_a_listing_whose_designations_lapsed_expires(make_product, vendor_staff):
    product = make_product(state=ListingState.PUBLISHED)
    after_lapse = date(2100, 1, 1)

    assert services.effective_state(product, after_lapse) == ListingState.EXPIRED
    expired = services.expire_lapsed(Actor(user=None, is_system=True), after_lapse)

    assert expired == [product]
    assert product.state == ListingState.EXPIRED


def test_operators_suspend_reinstate_and_delist_with_reasons(make_product, reviewer):
    product = make_product(state=ListingState.PUBLISHED)
    operator = Actor(user=reviewer)

    with pytest.raises(ValidationFailed):
        services.suspend(product, "  ", operator)
    services.suspend(product, "Complaint about delivery times.", operator)
    assert (product.state, product.state_reason) == (
        ListingState.SUSPENDED,
        "Complaint about delivery times.",
    )
    services.reinstate(product, operator)
    assert (product.state, product.state_reason) == (ListingState.PUBLISHED, None)
    services.delist(product, "Designation revoked by MIIT.", operator)
    assert product.state == ListingState.DELISTED
    with pytest.raises(InvalidTransition):
        services.reinstate(product, operator)


def test_vendors_cannot_moderate_and_reviewers_cannot_withdraw(
    make_product, vendor_staff, reviewer
):
    product = make_product(state=ListingState.PUBLISHED)
    with pytest.raises(PermissionDenied):
        services.suspend(product, "x", Actor(user=vendor_staff))
    with pytest.raises(PermissionDenied):
        services.withdraw(product, Actor(user=reviewer))
    services.withdraw(product, Actor(user=vendor_staff))
    assert product.state == ListingState.WITHDRAWN


def test_a_listing_withdrawn_before_it_went_live_still_shows_its_last_draft(
    make_product, vendor_staff
):
    product = make_product(state=ListingState.SUBMITTED)

    services.withdraw(product, Actor(user=vendor_staff))

    assert product.working_version is None
    assert product.live_version is None
    assert product.current_version.status == VersionStatus.DISCARDED
    assert product.display_name == "五轴联动数控机床 / Five-axis CNC machining centre"


def test_another_vendor_cannot_touch_a_listing(make_product, make_org, make_user):
    from market.accounts.models import OrgKind, Role
    from market.core.errors import NotFound

    product = make_product()
    rival = make_user(make_org(kind=OrgKind.VENDOR), roles=(Role.STAFF,))

    with pytest.raises(NotFound):
        editing.update_draft(product, {"summary": "mine now"}, Actor(user=rival))
    with pytest.raises(NotFound):
        services.submit(product, Actor(user=rival))


def test_requesting_changes_returns_the_draft_with_feedback(make_product, vendor_staff, reviewer):
    product = make_product(state=ListingState.SUBMITTED)

    with pytest.raises(ValidationFailed):
        services.request_changes(product, "", Actor(user=reviewer))
    services.request_changes(product, "Attach the CNAS test report.", Actor(user=reviewer))

    assert product.state == ListingState.CHANGES_REQUESTED
    assert product.working_version.review_feedback == "Attach the CNAS test report."
    editing.update_draft(product, {"summary": "With the report."}, Actor(user=vendor_staff))
    services.submit(product, Actor(user=vendor_staff))
    assert product.state == ListingState.SUBMITTED
    assert product.working_version.review_feedback is None


def test_a_submitted_version_cannot_be_edited(make_product, vendor_staff):
    from market.core.errors import Conflict

    product = make_product(state=ListingState.SUBMITTED)
    with pytest.raises(Conflict, match="under review"):
        editing.update_draft(product, {"summary": "late change"}, Actor(user=vendor_staff))


def test_editing_a_copied_claim_sends_it_back_to_review(make_product, vendor_staff):
    product = make_product(state=ListingState.PUBLISHED)
    staff = Actor(user=vendor_staff)
    draft = editing.editable_version(product, staff)
    copied = draft.designations[0]
    assert copied.review_status == ReviewStatus.VERIFIED

    editing.update_claim(copied, {"catalogue_edition": "2025"}, staff)

    assert copied.review_status == ReviewStatus.UNVERIFIED
    assert product.live_version.designations[0].review_status == ReviewStatus.VERIFIED


def test_rejecting_a_claim_needs_a_reason(make_product, reviewer):
    product = make_product(state=ListingState.SUBMITTED)
    claim = product.working_version.designations[0]

    with pytest.raises(ValidationFailed):
        services.review_claim(claim, ReviewStatus.REJECTED, "", Actor(user=reviewer))
    services.review_claim(
        claim, ReviewStatus.REJECTED, "Number not in the 2024 catalogue.", Actor(user=reviewer)
    )

    assert claim.review_status == ReviewStatus.REJECTED
    with pytest.raises(ValidationFailed, match="Verify at least one"):
        services.publish(product, Actor(user=reviewer))


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"price_min_fen": -1}, "price_min_fen"),
        ({"price_min_fen": 900, "price_max_fen": 100}, "price_max_fen"),
        ({"unit_ordinal": 4}, "unit_ordinal"),
        ({"region": "999999"}, "region"),
        ({"version_number": "V1"}, "version_number"),  # not a field of equipment
        ({"name_en": ""}, "name_en"),
        ({"first_sale_date": date(2999, 1, 1)}, "first_sale_date"),
    ],
)
def test_bad_content_is_refused_field_by_field_and_nothing_changes(
    make_product, vendor_staff, changes, field
):
    product = make_product()
    before = product.working_version.summary

    with pytest.raises(ValidationFailed) as refused:
        editing.update_draft(product, {**changes, "summary": "changed"}, Actor(user=vendor_staff))

    assert field in refused.value.fields
    assert product.working_version.summary == before
