"""How the catalog's audit events read in the audit log (market.core.audit_display): the verbs,
the fields of listings and evidence, and a link to each listing its reader may open."""

from __future__ import annotations

import uuid
from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa
from flask import url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from market.catalog import permissions
from market.catalog.display import (
    CLAIM_KINDS,
    FIELD_TITLES,
    HISTORY_VERBS,
    MONEY_COLUMNS,
    province,
)
from market.catalog.evidence import ReviewStatus
from market.catalog.models import ListingState, PriceVisibility, Product, VersionStatus
from market.catalog.taxonomy import (
    Category,
    DeploymentModel,
    DesignationKind,
    IPKind,
    TechnicalField,
)
from market.core.audit_display import (
    ObjectRef,
    enum_values,
    register_fields,
    register_object,
    register_verbs,
)
from market.core.db import db
from market.core.money import format_cny

EVENT_FIELDS = {
    "state": _l("State"),
    "version": _l("Version"),
    "version_status": _l("Version status"),
    "superseded": _l("Version replaced"),
    "from": _l("Started from version"),
    "name": _l("Name"),
    "reason": _l("Reason"),
    "feedback": _l("Feedback to the vendor"),
    "note": _l("Reviewer's note"),
    "review_status": _l("Review"),
    "claim": _l("Evidence"),
    "kind": _l("Kind"),
    "document": _l("Document"),
    "sha256": _l("SHA-256"),
    "filename": _l("File name"),
    "category": _l("Category"),
    # Evidence, as its forms name the fields.
    "authority": _l("Issuing authority"),
    "document_number": _l("Document number"),
    "catalogue_edition": _l("Catalogue edition"),
    "valid_from": _l("Valid from"),
    "valid_until": _l("Valid until"),
    "institution": _l("Testing institution"),
    "standard": _l("Standard"),
    "report_number": _l("Report number"),
    "issued_on": _l("Issued on"),
    "conclusion": _l("Conclusion"),
    "number": _l("Number"),
    "title": _l("Title"),
    "customer": _l("Customer"),
    "year": _l("Year"),
    "outcome": _l("Outcome"),
    "insurer": _l("Insurer"),
    "policy_number": _l("Policy number"),
    "coverage": _l("Coverage"),
}


def _claim_kind(value: Any) -> str | None:
    kinds = CLAIM_KINDS.get(value) if isinstance(value, str) else None
    return str(kinds[0]) if kinds else None


def _money(value: Any) -> str | None:
    return format_cny(value) if isinstance(value, int) else None


def _province(value: Any) -> str | None:
    return province(value) if isinstance(value, str) else None


def listings(ids: Sequence[str], reader: Any) -> Mapping[str, ObjectRef]:
    """Each listing by its name, linked where the reader may open its page."""
    wanted = [uuid.UUID(object_id) for object_id in ids]
    products = db.session.scalars(
        sa.select(Product)
        .where(Product.id.in_(wanted))
        .options(
            selectinload(Product.versions),
            selectinload(Product.live_version),
            selectinload(Product.working_version),
            selectinload(Product.vendor),
        )
    )
    return {
        str(product.id): ObjectRef(
            title=product.display_name,
            url=url_for("catalog.product", product_id=product.id)
            if permissions.can_view_product(reader, product)
            else None,
        )
        for product in products
    }


def _register() -> None:
    """Once, when the module is first imported (the registries are per process)."""
    register_verbs(HISTORY_VERBS)
    formats = {
        "state": enum_values(ListingState),
        "version_status": enum_values(VersionStatus),
        "review_status": enum_values(ReviewStatus),
        "kind": _claim_kind,
        "technical_field": enum_values(TechnicalField),
        "category": enum_values(Category),
        "deployment_model": enum_values(DeploymentModel),
        "price_visibility": enum_values(PriceVisibility),
        "region": _province,
    }
    formats |= {column: _money for column in MONEY_COLUMNS}
    register_fields({**FIELD_TITLES, **EVENT_FIELDS}, formats)
    # A designation's or IP right's own kind, after the claim kinds above.
    register_fields({}, {"kind": enum_values(DesignationKind, IPKind)})
    register_object("Product", _l("Listing"), listings)


_register()
