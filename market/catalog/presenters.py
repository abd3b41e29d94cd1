"""What a reader is shown of a listing, as plain data for the API's schemas.

The rules (``market.catalog.permissions``): everyone sees the live version; the vendor and the
operator also see the working version, the version history and reviewer feedback; buyer-only
prices (and the equipment's unit value, which is a price) and buyer-only documents are left out
for those who may not see them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from flask import url_for

from market.accounts.models import User
from market.catalog import permissions, queries, services
from market.catalog.editing import CONTENT_FIELDS
from market.catalog.evidence import Document, DocumentVisibility
from market.catalog.models import PriceVisibility, Product, ProductVersion
from market.catalog.schemas import MONEY_FIELDS
from market.catalog.states import offered_actions
from market.core.db import business_today
from market.core.markdown import render_markdown
from market.core.money import fen_to_yuan

DocumentUrl = Callable[[Document], str]


def api_document_url(document: Document) -> str:
    return url_for("catalog_documents_api.download_document", document_id=document.id)


def listing(
    product: Product,
    user: User | None,
    today: date | None = None,
    document_url: DocumentUrl = api_document_url,
) -> dict[str, Any]:
    today = today or business_today()
    workings = permissions.can_view_workings(user, product)
    buyer_only = permissions.sees_buyer_only(user, product)

    def present(version: ProductVersion | None) -> dict[str, Any] | None:
        if version is None:
            return None
        return version_data(
            version, today, buyer_only=buyer_only, workings=workings, document_url=document_url
        )

    data: dict[str, Any] = {
        "id": product.id,
        "vendor": product.vendor,
        "category": product.category,
        "state": services.effective_state(product, today),
        "live_version": present(product.live_version),
        "created_at": product.created_at,
        "updated_at": product.updated_at,
        "version": product.lock_version,
        "actions": sorted(offered_actions(user, product)),
    }
    if workings:
        data |= {
            "state_reason": product.state_reason,
            "working_version": present(product.working_version),
            "versions": product.versions,
        }
    return data


def version_data(
    version: ProductVersion,
    today: date,
    *,
    buyer_only: bool,
    workings: bool,
    document_url: DocumentUrl = api_document_url,
) -> dict[str, Any]:
    data: dict[str, Any] = {name: getattr(version, name) for name in CONTENT_FIELDS}
    if version.price_visibility == PriceVisibility.BUYERS and not buyer_only:
        data |= dict.fromkeys(MONEY_FIELDS.values())
    data |= {
        "number": version.number,
        "status": version.status,
        "category": version.category,
        "description_html": str(render_markdown(version.description_md)),
        "created_at": version.created_at,
        "submitted_at": version.submitted_at,
        "published_at": version.published_at,
        "designations": version.designations,
        "test_reports": version.test_reports,
        "ip_rights": version.ip_rights,
        "references": version.references,
        "insurance": version.insurance_policies,
        "documents": [
            document_data(d, document_url)
            for d in version.documents
            if buyer_only or d.visibility == DocumentVisibility.PUBLIC
        ],
        "badges": queries.badges(version, today),
    }
    if workings:
        data["review_feedback"] = version.review_feedback
    return data


def document_data(document: Document, document_url: DocumentUrl = api_document_url) -> dict:
    return {
        "id": document.id,
        "title": document.title,
        "filename": document.filename,
        "media_type": document.file.media_type,
        "size": document.file.size,
        "sha256": document.sha256,
        "visibility": document.visibility,
        "created_at": document.created_at,
        "download_url": document_url(document),
    }


def changes(old: ProductVersion | None, new: ProductVersion) -> list[dict[str, Any]]:
    """``queries.version_diff`` in the API's names and units (yuan strings, ISO dates)."""
    columns = {column: name for name, column in MONEY_FIELDS.items()}
    found = []
    for change in queries.version_diff(old, new):
        plain = _yuan if change.field in columns else _plain
        name = columns.get(change.field, change.field)
        found.append({"field": name, "before": plain(change.before), "after": plain(change.after)})
    return found


def _yuan(fen: int | None) -> str | None:
    return None if fen is None else str(fen_to_yuan(fen))


def _plain(value: Any) -> Any:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if hasattr(value, "value") and isinstance(value.value, str):
        return value.value
    return value
