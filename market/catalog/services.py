"""The listing's workflow verbs: submit, review, publish, suspend, reinstate, withdraw, delist,
expire. Each follows the two transition tables in ``market.catalog.models`` (the listing's and
the version's), checks who acts, writes an audit event and flushes; none commits.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from market.accounts.models import Organisation, OrgKind
from market.catalog import permissions
from market.catalog.evidence import Claim, Designation, EvidenceOf, ReviewStatus
from market.catalog.models import (
    LISTING_STATES,
    VERSION_STATES,
    ListingState,
    Product,
    ProductVersion,
    VersionStatus,
)
from market.core.audit import Actor, record_event
from market.core.db import business_today, db, utcnow
from market.core.errors import (
    Conflict,
    InvalidTransition,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from market.discovery.outbox import note_change


def submit(product: Product, actor: Actor) -> None:
    """Send the working draft to review. Raises NotFound, PermissionDenied, InvalidTransition,
    ValidationFailed (evidence: the draft has no designation and no test report)."""
    # Who may act, not in which state: submitting a withdrawn listing is a 409, not a 403.
    _require(
        actor, permissions.is_vendor_staff, product, _("Only the vendor's staff submit a listing.")
    )
    version = _working(product)
    # A move outside the tables is a 409 whatever the evidence, as in ``publish``.
    VERSION_STATES.target("submit", version.status)
    if product.live_version is None:
        LISTING_STATES.target("submit", product.state)
    # A reviewer can only verify what is there: without the evidence publishing needs, the
    # version would wait in the queue only to be sent back.
    if not has_core_evidence(version):
        problem = _("Add at least one designation or test report before submitting for review.")
        raise ValidationFailed(problem, {"evidence": [problem]})
    _move_version(version, "submit")
    version.submitted_at = utcnow()
    version.review_feedback = None
    if product.live_version is None:
        _move_listing(product, "submit")
    _done(actor, "product.submitted", product, version)


def request_changes(product: Product, feedback: str, actor: Actor) -> None:
    """Send the submitted version back to the vendor with feedback."""
    _require(actor, permissions.can_review, None, _("Only reviewers review listings."))
    if not feedback.strip():
        raise ValidationFailed(_("Say what to change."), {"feedback": [_("Required.")]})
    version = _working(product)
    _move_version(version, "request_changes")
    version.review_feedback = feedback.strip()
    if product.live_version is None:
        _move_listing(product, "request_changes")
    _done(actor, "product.changes_requested", product, version, feedback=feedback.strip())


def publish(product: Product, actor: Actor, today: date | None = None) -> None:
    """Put the submitted version live; the previous live version is superseded.

    Raises PermissionDenied, InvalidTransition, ValidationFailed (evidence: the reasons).
    """
    _require(actor, permissions.can_review, None, _("Only reviewers publish listings."))
    version = _working(product)
    # Refuse a move outside the tables before looking at the evidence, and before any change.
    VERSION_STATES.target("publish", version.status)
    target = LISTING_STATES.target("publish", product.state)
    problems = publication_problems(version, today or business_today())
    if problems:
        raise ValidationFailed(" ".join(problems), {"evidence": problems})
    _move_version(version, "publish")
    previous = product.live_version
    if previous is not None:
        _move_version(previous, "supersede")
    version.published_at = utcnow()
    product.live_version = version
    product.working_version = None
    # The version pointers are written in a second UPDATE (post_update breaks the
    # products <-> versions cycle); they must be in place before the state says "published".
    db.session.flush()
    product.state = target
    _done(
        actor,
        "product.published",
        product,
        version,
        superseded=previous.number if previous else None,
    )


def has_core_evidence(version: ProductVersion) -> bool:
    """At least one designation or test report, verified or not: what publishing rests on, so
    what submitting needs too (verifying it is the reviewer's part)."""
    return bool(version.designations or version.test_reports)


def publication_problems(version: ProductVersion, today: date) -> list[str]:
    """Why ``version`` cannot be published yet; empty when it can."""
    problems = []
    if not has_core_evidence(version):
        problems.append(_("A listing needs at least one designation or test report."))
    elif not any(c.is_verified for c in [*version.designations, *version.test_reports]):
        problems.append(_("Verify at least one designation or test report first."))
    unreviewed = [c for c in version.claims if c.review_status == ReviewStatus.UNVERIFIED]
    if unreviewed:
        problems.append(
            _("Verify or reject every claim first (%(n)d not reviewed).", n=len(unreviewed))
        )
    if designations_lapsed(version, today):
        problems.append(_("Every designation of this version has lapsed."))
    return problems


def suspend(product: Product, reason: str, actor: Actor) -> None:
    _require(actor, permissions.can_moderate, None, _("Only the operator suspends listings."))
    _moderate(product, "suspend", reason, actor)


def reinstate(product: Product, actor: Actor) -> None:
    _require(actor, permissions.can_moderate, None, _("Only the operator reinstates listings."))
    before = product.state
    _move_listing(product, "reinstate")
    product.state_reason = None
    _done(actor, "product.reinstated", product, None, before=before)


def delist(product: Product, reason: str, actor: Actor) -> None:
    _require(actor, permissions.can_moderate, None, _("Only the operator delists listings."))
    _moderate(product, "delist", reason, actor)


def withdraw(product: Product, actor: Actor) -> None:
    """The vendor takes the listing off the market for good."""
    _require(
        actor,
        permissions.is_vendor_staff,
        product,
        _("Only the vendor's staff withdraw a listing."),
    )
    before = product.state
    _move_listing(product, "withdraw")
    _discard_working(product)
    _done(actor, "product.withdrawn", product, None, before=before)


def expire(product: Product, actor: Actor, today: date) -> None:
    """Published → expired, when every designation of the live version has lapsed."""
    if product.live_version is None or not designations_lapsed(product.live_version, today):
        raise InvalidTransition(_("This listing has a valid designation."))
    _move_listing(product, "expire")
    _done(actor, "product.expired", product, None)


def expire_lapsed(actor: Actor, today: date) -> list[Product]:
    """Expire every published listing whose designations have all lapsed (``flask catalog
    expire``); returns them."""
    lapsed = list(
        db.session.scalars(
            sa.select(Product)
            .join(ProductVersion, Product.live_version_id == ProductVersion.id)
            .where(Product.state == ListingState.PUBLISHED, lapsed_clause(today))
        )
    )
    for product in lapsed:
        expire(product, actor, today)
    return lapsed


def review_claim(claim: Claim, status: ReviewStatus, note: str, actor: Actor) -> None:
    """Verify or reject a claim of a submitted version. Raises PermissionDenied, Conflict (the
    version is not in review; the claim already has this decision), ValidationFailed (note: a
    rejection needs a reason)."""
    _require(actor, permissions.can_review, None, _("Only reviewers review evidence."))
    version = claim.version
    if version.status != VersionStatus.SUBMITTED:
        raise InvalidTransition(_("Evidence is reviewed while its version is submitted."))
    if status == ReviewStatus.UNVERIFIED:
        raise ValidationFailed(_("Verify or reject."), {"status": [_("Verify or reject.")]})
    # A decision taken twice (a second click, a stale tab) changes nothing, so it records
    # nothing: the history shows each decision once, and who took it first.
    if claim.review_status == status:
        if status == ReviewStatus.VERIFIED:
            raise Conflict(_("This claim is already verified."))
        raise Conflict(_("This claim is already rejected."))
    if status == ReviewStatus.REJECTED and not note.strip():
        raise ValidationFailed(_("Say why the claim is rejected."), {"note": [_("Required.")]})
    before = {"review_status": claim.review_status}
    claim.review_status = status
    claim.review_note = note.strip() or None
    claim.reviewed_by_id = actor.user.id if actor.user else None
    claim.reviewed_at = utcnow()
    db.session.flush()
    record_event(
        actor,
        f"product.claim_{status.value}",
        version.product,
        before=before,
        after={"kind": claim.kind_slug, "claim": claim.id, "note": claim.review_note},
        organisation_id=version.product.vendor_id,
    )
    note_change(version.product)


TRANSITIONS: dict[str, Callable[..., None]] = {
    "submit": lambda p, a, reason: submit(p, a),
    "request_changes": lambda p, a, reason: request_changes(p, reason, a),
    "publish": lambda p, a, reason: publish(p, a),
    "suspend": lambda p, a, reason: suspend(p, reason, a),
    "reinstate": lambda p, a, reason: reinstate(p, a),
    "withdraw": lambda p, a, reason: withdraw(p, a),
    "delist": lambda p, a, reason: delist(p, reason, a),
}


def transition(product: Product, action: str, actor: Actor, reason: str = "") -> None:
    """Run ``action`` by name (the API's and the pages' single entry point)."""
    verb = TRANSITIONS.get(action)
    if verb is None:
        raise ValidationFailed(_("Unknown action."), {"action": [_("Unknown action.")]})
    verb(product, actor, reason)


# -- reading rules -------------------------------------------------------------------------------


def designations_lapsed(version: EvidenceOf, today: date) -> bool:
    """True when the version has designations and every one has ended before ``today``."""
    return bool(version.designations) and all(
        d.valid_until is not None and d.valid_until < today for d in version.designations
    )


def lapsed_clause(today: date) -> sa.ColumnElement[bool]:
    """SQL twin of ``designations_lapsed`` for the version joined as ProductVersion."""
    has_any = sa.exists().where(Designation.version_id == ProductVersion.id)
    has_valid = sa.exists().where(
        Designation.version_id == ProductVersion.id,
        sa.or_(Designation.valid_until.is_(None), Designation.valid_until >= today),
    )
    return sa.and_(has_any, ~has_valid)


def effective_state(product: Product, today: date) -> ListingState:
    """The state a reader should see: a published listing whose designations have all lapsed
    reads as expired even before ``flask catalog expire`` has run."""
    if (
        product.state == ListingState.PUBLISHED
        and product.live_version is not None
        and designations_lapsed(product.live_version, today)
    ):
        return ListingState.EXPIRED
    return product.state


# -- helpers -------------------------------------------------------------------------------------


def _require(
    actor: Actor, check: Callable[..., bool], product: Product | None, message: str
) -> None:
    if actor.is_system:
        return
    if product is not None:
        if not permissions.can_view_workings(actor.user, product):
            raise NotFound(_("No such listing."))
        allowed = check(actor.user, product)
    else:
        allowed = check(actor.user)
    if not allowed:
        raise PermissionDenied(message)


def _working(product: Product) -> ProductVersion:
    if product.working_version is None:
        raise InvalidTransition(_("There is no new version of this listing to act on."))
    return product.working_version


def _move_version(version: ProductVersion, action: str) -> None:
    version.status = VERSION_STATES.target(action, version.status)


def _move_listing(product: Product, action: str) -> None:
    product.state = LISTING_STATES.target(action, product.state)


def _moderate(product: Product, action: str, reason: str, actor: Actor) -> None:
    if not reason.strip():
        raise ValidationFailed(_("Say why."), {"reason": [_("A reason is required.")]})
    before = product.state
    _move_listing(product, action)
    product.state_reason = reason.strip()
    if action == "delist":
        _discard_working(product)
    verb = {"suspend": "product.suspended", "delist": "product.delisted"}[action]
    _done(actor, verb, product, None, before=before, reason=reason.strip())


def _discard_working(product: Product) -> None:
    if product.working_version is not None:
        _move_version(product.working_version, "discard")
        product.working_version = None


def _done(
    actor: Actor,
    verb: str,
    product: Product,
    version: ProductVersion | None,
    before: Any = None,
    **details: Any,
) -> None:
    product.updated_at = utcnow()
    db.session.flush()
    after: dict[str, Any] = {"state": product.state, **details}
    if version is not None:
        after |= {"version": version.number, "version_status": version.status}
    record_event(
        actor,
        verb,
        product,
        before={"state": before} if before is not None else None,
        after=after,
        organisation_id=product.vendor_id,
    )
    note_change(product)


def requeue_vendor_listings(org: Organisation) -> None:
    """A vendor suspended, reinstated or renamed: its published listings leave or rejoin search,
    or show the new name, so each is queued for the index in the same transaction (the drain
    re-reads the listing and whether it is searchable). Connected to
    ``accounts.services.organisation_changed``."""
    if org.kind != OrgKind.VENDOR:
        return
    published = sa.select(Product).where(
        Product.vendor_id == org.id, Product.state == ListingState.PUBLISHED
    )
    for product in db.session.scalars(published):
        note_change(product)
