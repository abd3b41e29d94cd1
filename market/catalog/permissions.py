"""Who may see, edit and review which listing. Every catalog view and endpoint asks these.

- Anyone sees published listings (their live version), public prices and public documents.
- Signed-in buyers also see buyer-only prices and documents.
- A vendor's admins and staff see all of their own listings, every version, and edit them.
- Operator reviewers and admins see every listing that has been submitted at least once
  (``was_submitted``), in whatever state it is now; one never submitted is the vendor's alone,
  even once withdrawn. Only reviewers review; operator reviewers and admins suspend, reinstate
  and delist.
- Everything else is a 404, so a draft's existence never leaks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from market.accounts.models import OrgKind, Role
from market.catalog.models import ListingState

if TYPE_CHECKING:
    from market.accounts.models import User
    from market.catalog.evidence import Document
    from market.catalog.models import Product, ProductVersion

PUBLIC_STATES = frozenset({ListingState.PUBLISHED})


def is_vendor_member(user: User | None, product: Product) -> bool:
    return user is not None and user.organisation_id == product.vendor_id


def can_list_products(user: User | None) -> bool:
    """Vendors with an approved organisation create listings (admins and staff)."""
    return user is not None and (
        user.has_role(Role.STAFF, OrgKind.VENDOR) or user.has_role(Role.ADMIN, OrgKind.VENDOR)
    )


def is_operator_staff(user: User | None) -> bool:
    return user is not None and (
        user.has_role(Role.REVIEWER, OrgKind.OPERATOR)
        or user.has_role(Role.ADMIN, OrgKind.OPERATOR)
    )


def can_review(user: User | None) -> bool:
    return user is not None and user.has_role(Role.REVIEWER, OrgKind.OPERATOR)


def can_moderate(user: User | None) -> bool:
    """Suspend, reinstate, delist."""
    return is_operator_staff(user)


def is_public(product: Product) -> bool:
    """Published, with a live version, by a vendor the operator has not suspended."""
    return (
        product.state in PUBLIC_STATES
        and product.live_version is not None
        and product.vendor.is_active
    )


def can_view_product(user: User | None, product: Product) -> bool:
    """The listing page: its live version for everyone, its workings for those involved."""
    return is_public(product) or can_view_workings(user, product)


def can_view_workings(user: User | None, product: Product) -> bool:
    """Drafts, version history, reviewer feedback, the listing in any state."""
    if is_vendor_member(user, product) and user is not None and user.organisation is not None:
        return True
    return is_operator_staff(user) and was_submitted(product)


def was_submitted(product: Product) -> bool:
    """Whether the vendor has sent the listing to review at least once: some version of it
    carries a submission time (``submit`` sets it; nothing clears it). A listing with a live
    version went through review, so it is answered without loading the versions."""
    return product.live_version_id is not None or any(
        version.submitted_at is not None for version in product.versions
    )


def can_view_version(user: User | None, version: ProductVersion) -> bool:
    product = version.product
    if can_view_workings(user, product):
        return True
    return is_public(product) and product.live_version_id == version.id


def is_vendor_staff(user: User | None, product: Product) -> bool:
    """The listing's own vendor staff and admins, whatever its state (the verbs check that)."""
    return is_vendor_member(user, product) and can_list_products(user)


CLOSED_STATES = frozenset({ListingState.WITHDRAWN, ListingState.DELISTED})


def is_closed(product: Product) -> bool:
    """A withdrawn or delisted listing is over: its content never changes again."""
    return product.state in CLOSED_STATES


def can_edit(user: User | None, product: Product) -> bool:
    return is_vendor_staff(user, product) and not is_closed(product)


def sees_buyer_only(user: User | None, product: Product) -> bool:
    """Buyer-only prices and documents: signed-in buyers, the vendor itself, the operator."""
    if user is None or user.organisation is None or not user.organisation.is_active:
        return False
    return (
        user.organisation.kind == OrgKind.BUYER
        or is_vendor_member(user, product)
        or is_operator_staff(user)
    )


def can_download(user: User | None, document: Document) -> bool:
    from market.catalog.evidence import DocumentVisibility

    version = document.version
    if not can_view_version(user, version):
        return False
    if document.visibility == DocumentVisibility.BUYERS:
        return sees_buyer_only(user, version.product)
    return True
