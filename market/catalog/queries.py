"""Reading the catalog: listings a user may see, the review queue, badges, history, diffs."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from market.accounts.models import Organisation, OrgStatus, User
from market.catalog import permissions
from market.catalog.editing import CONTENT_FIELDS
from market.catalog.evidence import EvidenceOf
from market.catalog.models import ListingState, Product, ProductVersion, VersionStatus
from market.catalog.rules import lapsed_clause
from market.catalog.taxonomy import Category, TechnicalField
from market.core.audit import AuditEvent
from market.core.db import business_today, db
from market.core.errors import NotFound


def public_listings(
    *,
    category: Category | None = None,
    technical_field: TechnicalField | None = None,
    vendor_id: uuid.UUID | None = None,
    region: str | None = None,
    today: date | None = None,
) -> sa.Select[tuple[Product]]:
    """Published listings of active vendors whose designations have not all lapsed, newest
    first."""
    query = (
        sa.select(Product)
        .join(ProductVersion, Product.live_version_id == ProductVersion.id)
        .join(Organisation, Product.vendor_id == Organisation.id)
        .where(
            Product.state == ListingState.PUBLISHED,
            Organisation.status == OrgStatus.ACTIVE,
            ~lapsed_clause(today or business_today()),
        )
        .order_by(ProductVersion.published_at.desc(), Product.id)
    )
    if category is not None:
        query = query.where(Product.category == category)
    if technical_field is not None:
        query = query.where(ProductVersion.technical_field == technical_field)
    if vendor_id is not None:
        query = query.where(Product.vendor_id == vendor_id)
    if region:
        query = query.where(ProductVersion.region == region)
    return query


def vendor_listings(
    vendor_id: uuid.UUID, state: ListingState | None = None
) -> sa.Select[tuple[Product]]:
    """A vendor's own listings in every state, most recently changed first."""
    query = (
        sa.select(Product)
        .where(Product.vendor_id == vendor_id)
        .order_by(Product.updated_at.desc(), Product.id)
    )
    if state is not None:
        query = query.where(Product.state == state)
    return query


def review_queue() -> sa.Select[tuple[Product]]:
    """Listings with a version waiting for review, oldest submission first."""
    return (
        sa.select(Product)
        .join(ProductVersion, Product.working_version_id == ProductVersion.id)
        .where(ProductVersion.status == VersionStatus.SUBMITTED)
        .order_by(ProductVersion.submitted_at, Product.id)
    )


def product_for(user: User | None, product_id: uuid.UUID) -> Product:
    """The listing if ``user`` may see it; NotFound otherwise (also for drafts of others)."""
    product = db.session.get(Product, product_id)
    if product is None or not permissions.can_view_product(user, product):
        raise NotFound(_("No such listing."))
    return product


def history(product: Product) -> list[AuditEvent]:
    """Every recorded change of the listing, oldest first."""
    return list(
        db.session.scalars(
            sa.select(AuditEvent)
            .where(AuditEvent.object_type == "Product", AuditEvent.object_id == str(product.id))
            .order_by(AuditEvent.occurred_at, AuditEvent.id)
        )
    )


# Looked up when shown: a search result computes badges for every hit, and most callers (the
# API, the search index) only read the code.
BADGE_LABELS = {
    "designation_verified": _l("Designation verified"),
    "test_report_verified": _l("Test report verified"),
    "insured": _l("Insured"),
}


@dataclass(frozen=True, slots=True)
class Badge:
    code: str  # a key of BADGE_LABELS
    valid_until: date | None

    @property
    def label(self) -> str:
        return str(BADGE_LABELS[self.code])


def badges(version: EvidenceOf, today: date | None = None) -> list[Badge]:
    """The evidence badges a buyer sees: verified and currently valid claims only."""
    today = today or business_today()
    found: list[Badge] = []
    designations = [d for d in version.designations if d.is_verified and d.is_valid_on(today)]
    if designations:
        until = [d.valid_until for d in designations]
        latest = None if None in until else max(u for u in until if u is not None)
        found.append(Badge("designation_verified", latest))
    if any(r.is_verified for r in version.test_reports):
        found.append(Badge("test_report_verified", None))
    policies = [p for p in version.insurance_policies if p.is_verified and p.is_valid_on(today)]
    if policies:
        found.append(Badge("insured", max(p.valid_until for p in policies)))
    return found


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: Any
    after: Any


def version_diff(old: ProductVersion | None, new: ProductVersion) -> list[FieldChange]:
    """Content fields and evidence that differ between the live version and a new one."""
    changes = [
        FieldChange(name, getattr(old, name) if old else None, getattr(new, name))
        for name in CONTENT_FIELDS
        if old is None or getattr(old, name) != getattr(new, name)
    ]
    for name in (
        "designations",
        "test_reports",
        "ip_rights",
        "references",
        "insurance_policies",
        "documents",
    ):
        before = sorted(_describe(item) for item in getattr(old, name)) if old else []
        after = sorted(_describe(item) for item in getattr(new, name))
        if before != after:
            changes.append(FieldChange(name, before, after))
    return [c for c in changes if c.before not in (None, "", []) or c.after not in (None, "", [])]


def _describe(item: Any) -> str:
    return " · ".join(str(value) for value in item.content().values() if value not in (None, ""))
