"""The public side of the catalog: the catalogue, the product page and document downloads.

Everyone reads published listings without signing in; the vendor and the operator also see a
listing's drafts, reviewer feedback, versions and history on the same page.
"""

from __future__ import annotations

import contextlib
import uuid
from typing import Any

import sqlalchemy as sa
from flask import render_template, request
from flask_babel import gettext as _
from sqlalchemy.orm import selectinload

from market.accounts.models import Organisation, User
from market.catalog import permissions, queries, services
from market.catalog.downloads import send_document
from market.catalog.editing import missing_fields
from market.catalog.evidence import Document, DocumentVisibility
from market.catalog.forms import ActionForm
from market.catalog.models import (
    ListingState,
    Product,
    ProductVersion,
)
from market.catalog.states import CONTENT_LABELS, offered_actions
from market.catalog.taxonomy import PROVINCES, Category, TechnicalField
from market.catalog.views import PER_PAGE, bp, viewer, visible_product
from market.core.db import business_today, db
from market.core.errors import NotFound
from market.core.markdown import render_markdown
from market.core.paging import page_number, paginate

# The workflow buttons of the product page; each posts an ActionForm with this prefix.
PRODUCT_ACTIONS = ("submit", "withdraw", "suspend", "reinstate", "delist")


@bp.get("/catalogue")
def catalogue() -> Any:
    filters = {key: request.args.get(key, "").strip() for key in ("category", "field", "region")}
    filters["vendor"] = request.args.get("vendor", "").strip()
    query = queries.public_listings(
        category=_enum_or_none(Category, filters["category"]),
        technical_field=_enum_or_none(TechnicalField, filters["field"]),
        region=filters["region"] if filters["region"] in PROVINCES else None,
        vendor_id=_uuid_or_none(filters["vendor"]),
    ).options(
        selectinload(Product.vendor),
        selectinload(Product.live_version).selectinload(ProductVersion.designations),
        selectinload(Product.live_version).selectinload(ProductVersion.test_reports),
        selectinload(Product.live_version).selectinload(ProductVersion.insurance_policies),
    )
    page = paginate(query, page_number(), PER_PAGE)
    vendors = db.session.scalars(
        sa.select(Organisation)
        .where(
            Organisation.id.in_(
                sa.select(Product.vendor_id).where(Product.state == ListingState.PUBLISHED)
            )
        )
        .order_by(Organisation.name_en)
    )
    user, today = viewer(), business_today()
    return render_template(
        "catalog/catalogue.html",
        page=page,
        filters=filters,
        vendors=list(vendors),
        categories=list(Category),
        fields=list(TechnicalField),
        provinces=PROVINCES,
        buyer_only={p.id: permissions.sees_buyer_only(user, p) for p in page.items},
        badges={p.id: queries.badges(p.live_version, today) for p in page.items},
    )


@bp.get("/products/<uuid:product_id>")
def product(product_id: uuid.UUID) -> Any:
    listing = visible_product(product_id)
    return render_product(listing, request.args.get("version", type=int))


def render_product(
    product: Product,
    number: int | None = None,
    forms: dict[str, ActionForm] | None = None,
    status: int = 200,
) -> Any:
    """The product page, showing the live version (or version ``number`` to those who may)."""
    user = viewer()
    today = business_today()
    workings = permissions.can_view_workings(user, product)
    version = _shown_version(product, number, workings)
    buyer_only = permissions.sees_buyer_only(user, product)
    documents = [
        d for d in version.documents if buyer_only or d.visibility == DocumentVisibility.PUBLIC
    ]
    working = product.working_version
    action_forms = {
        action: ActionForm(prefix=action, formdata=None, version=product.lock_version)
        for action in PRODUCT_ACTIONS
    }
    action_forms |= forms or {}
    context: dict[str, Any] = {
        "product": product,
        "version": version,
        "state": services.effective_state(product, today),
        "workings": workings,
        "buyer_only": buyer_only,
        "badges": queries.badges(version, today),
        "description_html": render_markdown(version.description_md),
        "documents": documents,
        "hidden_documents": len(version.documents) - len(documents),
        "working": working if workings else None,
        # An imported draft's gaps, named as the editor names them, before Submit refuses.
        "missing": [CONTENT_LABELS[n] for n in missing_fields(working)]
        if workings and working
        else [],
        "can_edit": permissions.can_edit(user, product),
        # The buttons: what the listing's table lets this user do now.
        "actions": offered_actions(user, product),
        "action_forms": action_forms,
    }
    if workings:
        events = queries.history(product)
        context["history"] = events
        context["actors"] = _names_of({e.actor_user_id for e in events if e.actor_user_id})
    return render_template("catalog/product.html", **context), status


@bp.get("/documents/<uuid:document_id>")
def download(document_id: uuid.UUID) -> Any:
    """A document as an attachment under its safe name; 404 for those who may not read it."""
    return send_document(db.session.get(Document, document_id), viewer())


def _shown_version(product: Product, number: int | None, workings: bool) -> ProductVersion:
    if number is not None and workings:
        for candidate in product.versions:
            if candidate.number == number:
                return candidate
        raise NotFound(_("No such version."))
    if workings:
        return product.live_version or product.current_version
    assert product.live_version is not None  # a public listing has a live version
    return product.live_version


def _names_of(user_ids: set[uuid.UUID]) -> dict[uuid.UUID, str]:
    if not user_ids:
        return {}
    users = db.session.scalars(sa.select(User).where(User.id.in_(user_ids)))
    return {u.id: u.name for u in users}


def _enum_or_none(enum_type: type, value: str) -> Any:
    with contextlib.suppress(ValueError):
        return enum_type(value) if value else None
    return None


def _uuid_or_none(value: str) -> uuid.UUID | None:
    with contextlib.suppress(ValueError):
        return uuid.UUID(value) if value else None
    return None
