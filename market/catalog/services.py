"""The listing's workflow verbs: submit, review, publish, suspend, reinstate, withdraw, delist,
expire. Each takes its step through the listing's table in ``market.catalog.states`` (who acts,
from which state, with what evidence), moves the version by its table in ``market.catalog.models``,
writes an audit event and flushes; none commits.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, Literal

import sqlalchemy as sa
from flask_babel import gettext as _

from market.accounts.models import Organisation, OrgKind
from market.catalog import permissions
from market.catalog.evidence import Claim, ReviewStatus
from market.catalog.models import (
    VERSION_STATES,
    ListingState,
    Product,
    ProductVersion,
    VersionStatus,
)
from market.catalog.rules import designations_lapsed, lapsed_clause
from market.catalog.states import LISTING_STATES
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


def submit(product: Product, actor: Actor, read_version: int | None = None) -> None:
    """Send the working draft to review. Raises NotFound, PermissionDenied, InvalidTransition,
    ValidationFailed (evidence: the draft has no designation and no test report)."""

    def send_to_review() -> None:
        version = _working(product)
        _move_version(version, "submit")
        version.submitted_at = utcnow()
        version.review_feedback = None

    action = _of_listing_or_revision(product, "submit")
    _act(product, action, actor, send_to_review, "submitted", read_version=read_version)


def request_changes(
    product: Product, feedback: str, actor: Actor, read_version: int | None = None
) -> None:
    """Send the submitted version back to the vendor with feedback."""

    def send_back() -> None:
        if not feedback.strip():
            raise ValidationFailed(_("Say what to change."), {"feedback": [_("Required.")]})
        version = _working(product)
        _move_version(version, "request_changes")
        version.review_feedback = feedback.strip()

    _act(
        product,
        _of_listing_or_revision(product, "request_changes"),
        actor,
        send_back,
        "changes_requested",
        read_version=read_version,
        feedback=feedback.strip(),
    )


def publish(
    product: Product,
    actor: Actor,
    today: date | None = None,
    read_version: int | None = None,
) -> None:
    """Put the submitted version live; the previous live version is superseded.

    Raises PermissionDenied, InvalidTransition, ValidationFailed (evidence: the reasons).
    """
    previous = product.live_version

    def go_live() -> None:
        version = _working(product)
        _move_version(version, "publish")
        if previous is not None:
            _move_version(previous, "supersede")
        version.published_at = utcnow()
        product.live_version = version
        product.working_version = None
        # The version pointers are written in a second UPDATE (post_update breaks the
        # products <-> versions cycle); they must be in place before the state says "published".
        db.session.flush()

    _act(
        product,
        "publish",
        actor,
        go_live,
        "published",
        facts={"today": today or business_today()},
        moved_version=product.working_version,
        read_version=read_version,
        superseded=previous.number if previous else None,
    )


def suspend(product: Product, reason: str, actor: Actor, read_version: int | None = None) -> None:
    _moderate(product, "suspend", reason, actor, read_version)


def reinstate(product: Product, actor: Actor, read_version: int | None = None) -> None:
    def clear_reason() -> None:
        product.state_reason = None

    _act(
        product,
        "reinstate",
        actor,
        clear_reason,
        "reinstated",
        moved_version=None,
        read_version=read_version,
    )


def delist(product: Product, reason: str, actor: Actor, read_version: int | None = None) -> None:
    _moderate(product, "delist", reason, actor, read_version)


def withdraw(product: Product, actor: Actor, read_version: int | None = None) -> None:
    """The vendor takes the listing off the market for good."""
    _act(
        product,
        "withdraw",
        actor,
        lambda: _discard_working(product),
        "withdrawn",
        moved_version=None,
        read_version=read_version,
    )


def expire(product: Product, actor: Actor, today: date) -> None:
    """Published → expired, when every designation of the live version has lapsed."""
    if product.live_version is None or not designations_lapsed(product.live_version, today):
        raise InvalidTransition(_("This listing has a valid designation."))
    _act(product, "expire", actor, None, "expired", moved_version=None)


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
    if not actor.is_system and not permissions.can_review(actor.user):
        raise PermissionDenied(_("Only reviewers review evidence."))
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
    "submit": lambda p, a, reason, v: submit(p, a, read_version=v),
    "request_changes": lambda p, a, reason, v: request_changes(p, reason, a, read_version=v),
    "publish": lambda p, a, reason, v: publish(p, a, read_version=v),
    "suspend": lambda p, a, reason, v: suspend(p, reason, a, read_version=v),
    "reinstate": lambda p, a, reason, v: reinstate(p, a, read_version=v),
    "withdraw": lambda p, a, reason, v: withdraw(p, a, read_version=v),
    "delist": lambda p, a, reason, v: delist(p, reason, a, read_version=v),
}


def transition(
    product: Product,
    action: str,
    actor: Actor,
    reason: str = "",
    read_version: int | None = None,
) -> None:
    """Run ``action`` by name (the API's and the pages' single entry point). ``read_version`` is
    the listing's version the caller acted on, when it says: an older one is a 409 (stale)."""
    verb = TRANSITIONS.get(action)
    if verb is None:
        raise ValidationFailed(_("Unknown action."), {"action": [_("Unknown action.")]})
    verb(product, actor, reason, read_version)


# -- reading rules -------------------------------------------------------------------------------


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


def _of_listing_or_revision(product: Product, action: str) -> str:
    """A listing never published moves with its version; a live one stays as it is while its
    revision is submitted and reviewed (the ``*_revision`` transitions)."""
    if product.live_version is None:
        return action
    return f"{action}_revision"


def _act(
    product: Product,
    action: str,
    actor: Actor,
    effects: Callable[[], None] | None,
    verb: str,
    *,
    facts: dict[str, Any] | None = None,
    moved_version: ProductVersion | Literal["working"] | None = "working",
    read_version: int | None = None,
    **details: Any,
) -> None:
    """Take ``action`` through the listing's table (role, state, guards, then ``effects``), with
    its audit event ``product.<verb>`` naming the version it moved; queue it for the index."""
    # A listing the actor may not see is a 404 before anything else, so a draft never leaks.
    if not actor.is_system and not permissions.can_view_product(actor.user, product):
        raise NotFound(_("No such listing."))
    moved = product.working_version if moved_version == "working" else moved_version

    def effects_then_touch() -> None:
        if effects is not None:
            effects()
        product.updated_at = utcnow()

    def what_happened() -> dict[str, Any]:
        if moved is None:
            return details
        return details | {"version": moved.number, "version_status": moved.status}

    LISTING_STATES.apply(
        product,
        action,
        actor,
        effects=effects_then_touch,
        facts=facts,
        version=read_version,
        after=what_happened,
        verb=f"product.{verb}",
    )
    note_change(product)


def _working(product: Product) -> ProductVersion:
    if product.working_version is None:
        raise InvalidTransition(_("There is no new version of this listing to act on."))
    return product.working_version


def _move_version(version: ProductVersion, action: str) -> None:
    version.status = VERSION_STATES.target(action, version.status)


def _moderate(
    product: Product, action: str, reason: str, actor: Actor, read_version: int | None
) -> None:
    def record_reason() -> None:
        if not reason.strip():
            raise ValidationFailed(_("Say why."), {"reason": [_("A reason is required.")]})
        product.state_reason = reason.strip()
        if action == "delist":
            _discard_working(product)

    verb = {"suspend": "suspended", "delist": "delisted"}[action]
    _act(
        product,
        action,
        actor,
        record_reason,
        verb,
        moved_version=None,
        read_version=read_version,
        reason=reason.strip(),
    )


def _discard_working(product: Product) -> None:
    if product.working_version is not None:
        _move_version(product.working_version, "discard")
        product.working_version = None


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
