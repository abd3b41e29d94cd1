"""The catalog's HTML blueprint and what its page modules share.

The routes live in ``public_views`` (catalogue, product page, downloads), ``vendor_views`` (the
vendor's dashboard, editor, evidence and workflow buttons, and the operator's moderation) and
``review_views`` (the review queue). ``market.catalog.init_app`` imports them and registers
``bp``.
"""

from __future__ import annotations

import uuid
from typing import Any

from flask import Blueprint
from flask_babel import gettext as _
from flask_login import current_user

from market.accounts.models import User
from market.catalog import display, editing, permissions, queries
from market.catalog.models import Product
from market.core.errors import Conflict, NotFound, PermissionDenied

bp = Blueprint("catalog", __name__)

FORM_ERROR = 422  # a form shown again with its errors; the request boundary writes nothing
PER_PAGE = 20


@bp.context_processor
def _catalog_helpers() -> dict[str, Any]:
    return display.template_helpers()


def viewer() -> User | None:
    return current_user if current_user.is_authenticated else None


def visible_product(product_id: uuid.UUID) -> Product:
    """The listing if the current user may see it at all; 404 otherwise."""
    return queries.product_for(viewer(), product_id)


def workings_product(product_id: uuid.UUID) -> Product:
    """The listing if the current user may see its drafts and history (vendor, operator)."""
    product = visible_product(product_id)
    if not permissions.can_view_workings(viewer(), product):
        raise NotFound(_("No such listing."))
    return product


def editable_product(product_id: uuid.UUID) -> Product:
    """The listing if the current user is its vendor's staff and it may still change.

    404 for those who may not see its workings; 403 for those who may (a reviewer reads a
    listing but never changes its content); 409 for its staff once it is withdrawn or delisted.
    """
    product = workings_product(product_id)
    if not permissions.is_vendor_staff(viewer(), product):
        raise PermissionDenied(_("Only the vendor's staff edit a listing."))
    if permissions.is_closed(product):
        raise Conflict(editing.closed_message())
    return product
