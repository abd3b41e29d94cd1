"""Carry out the demo catalog's plans through the catalog's own verbs.

Every listing is created, evidenced, submitted, reviewed, published, revised, suspended, expired
or withdrawn by ``market.catalog.editing`` and ``market.catalog.services`` acting as the demo
vendors' staff and the operator's reviewer and admin, so its history, audit events and versions
are what the real workflow writes.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import sqlalchemy as sa
from flask import current_app

from market.accounts.models import Organisation, OrgKind, User
from market.catalog import editing, services
from market.catalog.evidence import Claim, ReviewStatus
from market.catalog.models import ListingState, Product
from market.core.audit import Actor
from market.core.db import business_today, db
from market.demo.accounts import DEMO_ORGS
from market.demo.catalog.generate import REJECTIONS, ListingPlan, PlannedClaim, plan_catalog
from market.demo.catalog.pdf import text_pdf

ADDRESS = "seed-demo"
# What ``flask catalog expire`` does each day, done once for the listings whose designations
# lapsed: the platform itself acts.
DAILY_EXPIRY = Actor(user=None, address=ADDRESS, is_system=True)
REPORT_EVERY = 30
_L = ListingState


@dataclass(frozen=True)
class Cast:
    """The demo people who act on listings, and the vendors they work for."""

    vendors: dict[str, Organisation]
    people: dict[str, Actor]  # by e-mail
    reviewer: Actor
    moderator: Actor

    def vendor_actor(self, plan: ListingPlan) -> Actor:
        return self.people[f"{plan.login}@{plan.vendor}.demo"]


def seed_catalog(
    today: date | None = None, report: Callable[[str], None] = lambda line: None
) -> int:
    """Create the demo catalog unless the demo vendors already list products; returns how many
    listings were created (0 when they were there already)."""
    cast = _cast()
    if cast is None or _catalog_present(cast):
        return 0
    today = today or business_today()
    plans = plan_catalog(today)
    storage = Path(current_app.config["DOCUMENT_STORAGE"])
    max_bytes = current_app.config["MAX_DOCUMENT_BYTES"]
    for done, plan in enumerate(plans, start=1):
        _carry_out(plan, cast, today, storage, max_bytes)
        if done % REPORT_EVERY == 0 or done == len(plans):
            report(f"catalog: {done}/{len(plans)}")
    return len(plans)


def _cast() -> Cast | None:
    vendors = {}
    for demo in DEMO_ORGS:
        if demo.kind == OrgKind.VENDOR:
            org = db.session.scalar(
                sa.select(Organisation).where(Organisation.credit_code == demo.credit_code)
            )
            if org is None:
                return None
            vendors[demo.key] = org
    domains = [f"%@{key}.demo" for key in (*vendors, "operator")]
    users = db.session.scalars(
        sa.select(User).where(sa.or_(*(User.email.like(d) for d in domains)))
    )
    people = {user.email: Actor(user=user, address=ADDRESS) for user in users}
    if "reviewer@operator.demo" not in people or "admin@operator.demo" not in people:
        return None
    return Cast(
        vendors=vendors,
        people=people,
        reviewer=people["reviewer@operator.demo"],
        moderator=people["admin@operator.demo"],
    )


def _catalog_present(cast: Cast) -> bool:
    vendor_ids = [org.id for org in cast.vendors.values()]
    return (
        db.session.scalar(sa.select(Product.id).where(Product.vendor_id.in_(vendor_ids)).limit(1))
        is not None
    )


def _carry_out(plan: ListingPlan, cast: Cast, today: date, storage: Path, max_bytes: int) -> None:
    vendor = cast.vendor_actor(plan)
    product = editing.create_product(cast.vendors[plan.vendor], plan.category, plan.content, vendor)
    claims = [
        (planned, editing.add_claim(product, planned.slug, planned.data, vendor))
        for planned in plan.claims
    ]
    if plan.document is not None:
        _attach_pdf(product, plan, vendor, storage, max_bytes)
    if plan.state == _L.DRAFT:
        return
    if plan.state == _L.WITHDRAWN and plan.story == "before_review":
        services.withdraw(product, vendor)
        return
    services.submit(product, vendor)
    if plan.state == _L.SUBMITTED:
        # The reviewer has started: the first claims are checked, the rest wait.
        for planned, claim in claims[: len(claims) // 2]:
            _review(claim, planned, cast)
        return
    if plan.state == _L.CHANGES_REQUESTED:
        for planned, claim in claims:
            if planned.slug == "designations":
                _review(claim, planned, cast)
        services.request_changes(product, plan.feedback, cast.reviewer)
        return
    if plan.story == "reworked":
        _rework(product, plan, claims, cast, vendor)
    for planned, claim in claims:
        if claim.review_status == ReviewStatus.UNVERIFIED:
            _review(claim, planned, cast)
    services.publish(product, cast.reviewer, today=plan.publish_on)
    _after_publication(product, plan, cast, vendor, today)


def _rework(
    product: Product,
    plan: ListingPlan,
    claims: list[tuple[PlannedClaim, Claim]],
    cast: Cast,
    vendor: Actor,
) -> None:
    """The reviewer rejects a test report and asks for changes; the vendor corrects the report
    number and submits again."""
    planned, report = next((p, c) for p, c in claims if p.slug == "test-reports")
    services.review_claim(report, ReviewStatus.REJECTED, REJECTIONS["test-reports"], cast.reviewer)
    services.request_changes(product, plan.feedback, cast.reviewer)
    # A digit was mistyped: the last one.
    corrected = re.sub(
        r"\d(?=\D*$)", lambda m: str((int(m.group()) + 1) % 10), planned.data["report_number"]
    )
    editing.update_claim(report, {"report_number": corrected}, vendor)
    services.submit(product, vendor)


def _after_publication(
    product: Product, plan: ListingPlan, cast: Cast, vendor: Actor, today: date
) -> None:
    if plan.state == _L.EXPIRED:
        services.expire(product, DAILY_EXPIRY, today)
    elif plan.state == _L.SUSPENDED:
        services.suspend(product, plan.reason, cast.moderator)
    elif plan.state == _L.WITHDRAWN:
        services.withdraw(product, vendor)
    elif plan.revision:
        editing.update_draft(product, plan.revision, vendor)
        if plan.story == "revision_draft":
            return
        added = []
        if plan.revision_claim is not None:
            planned = plan.revision_claim
            added.append((planned, editing.add_claim(product, planned.slug, planned.data, vendor)))
        services.submit(product, vendor)
        if plan.story == "revised":
            # Evidence copied from the live version keeps its review; only the new claim needs one.
            for planned, claim in added:
                _review(claim, planned, cast)
            services.publish(product, cast.reviewer)


def _review(claim: Claim, planned: PlannedClaim, cast: Cast) -> None:
    services.review_claim(claim, planned.review, planned.note, cast.reviewer)


def _attach_pdf(
    product: Product, plan: ListingPlan, vendor: Actor, storage: Path, max_bytes: int
) -> None:
    document = plan.document
    assert document is not None
    editing.attach_document(
        product,
        stream=io.BytesIO(text_pdf(document.lines)),
        filename=document.filename,
        title=document.title,
        visibility=document.visibility,
        storage_root=storage,
        max_bytes=max_bytes,
        actor=vendor,
    )
