"""The listing workflow, verb by verb: what is allowed, what is refused and why."""

from datetime import date

import pytest
import sqlalchemy as sa

from market.catalog import editing, services
from market.catalog.evidence import Designation, ReviewStatus
from market.catalog.immutability import FrozenVersion
from market.catalog.models import ListingState, ProductVersion, VersionStatus
from market.core.audit import Actor, AuditEvent
from market.core.db import db
from market.core.errors import InvalidTransition, PermissionDenied, ValidationFailed
from tests.catalog.conftest import DESIGNATION


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


def test_publishing_needs_a_verified_designation_or_test_report(
    make_product, reviewer, vendor_staff
):
    product = make_product(state=ListingState.DRAFT)
    services.submit(product, Actor(user=vendor_staff))

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

    with pytest.raises(Exception) as edit:
        editing.update_draft(product, {"summary": "x"}, Actor(user=reviewer))
    assert edit.type.__name__ in ("PermissionDenied", "NotFound")
    with pytest.raises(PermissionDenied):
        services.publish(product, Actor(user=vendor_staff))


def test_transitions_outside_the_table_are_refused(make_product, vendor_staff, reviewer):
    draft = make_product()
    with pytest.raises(InvalidTransition):
        services.publish(draft, Actor(user=reviewer))
    with pytest.raises(InvalidTransition):
        services.reinstate(draft, Actor(user=reviewer))
    published = make_product(state=ListingState.PUBLISHED)
    with pytest.raises(InvalidTransition):
        services.submit(published, Actor(user=vendor_staff))


def test_a_listing_whose_designations_lapsed_expires(make_product, vendor_staff):
    product = make_product(state=ListingState.PUBLISHED)
    after_lapse = date(2100, 1, 1)

    assert services.effective_state(product, after_lapse) == ListingState.EXPIRED
    expired = services.expire_lapsed(Actor(user=None, is_system=True), after_lapse)

    assert expired == [product]
    assert product.state == ListingState.EXPIRED
