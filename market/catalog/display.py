"""How catalog values read on the pages: labels for states and vocabularies, prices, diffs.

Everything here is for templates (``template_helpers``); nothing decides who may see what — the
views ask ``market.catalog.permissions`` and pass the answers in.
"""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import Any

from flask_babel import lazy_gettext as _l

from market.catalog.evidence import DocumentVisibility, ReviewStatus
from market.catalog.models import ListingState, PriceVisibility, ProductVersion, VersionStatus
from market.catalog.taxonomy import (
    CATEGORY_LABELS,
    DEPLOYMENT_LABELS,
    DESIGNATION_LABELS,
    FIELD_LABELS,
    IP_LABELS,
    PROVINCES,
    Category,
    DeploymentModel,
    DesignationKind,
    IPKind,
    TechnicalField,
    label,
)
from market.core.labels import register
from market.core.money import format_cny

STATE_LABELS = {
    ListingState.DRAFT: _l("Draft"),
    ListingState.SUBMITTED: _l("In review"),
    ListingState.CHANGES_REQUESTED: _l("Changes requested"),
    ListingState.PUBLISHED: _l("Published"),
    ListingState.SUSPENDED: _l("Suspended"),
    ListingState.EXPIRED: _l("Expired"),
    ListingState.WITHDRAWN: _l("Withdrawn"),
    ListingState.DELISTED: _l("Delisted"),
}
STATE_STYLES = {
    ListingState.DRAFT: "secondary",
    ListingState.SUBMITTED: "info",
    ListingState.CHANGES_REQUESTED: "warning",
    ListingState.PUBLISHED: "success",
    ListingState.SUSPENDED: "danger",
    ListingState.EXPIRED: "dark",
    ListingState.WITHDRAWN: "secondary",
    ListingState.DELISTED: "danger",
}
VERSION_STATUS_LABELS = {
    VersionStatus.DRAFT: _l("draft"),
    VersionStatus.SUBMITTED: _l("in review"),
    VersionStatus.CHANGES_REQUESTED: _l("changes requested"),
    VersionStatus.PUBLISHED: _l("live"),
    VersionStatus.SUPERSEDED: _l("superseded"),
    VersionStatus.DISCARDED: _l("discarded"),
}
REVIEW_LABELS = {
    ReviewStatus.UNVERIFIED: _l("Not yet verified"),
    ReviewStatus.VERIFIED: _l("Verified"),
    ReviewStatus.REJECTED: _l("Rejected"),
}
REVIEW_STYLES = {
    ReviewStatus.UNVERIFIED: "secondary",
    ReviewStatus.VERIFIED: "success",
    ReviewStatus.REJECTED: "danger",
}
VISIBILITY_LABELS = {
    DocumentVisibility.PUBLIC: _l("public"),
    DocumentVisibility.BUYERS: _l("buyers only"),
}
# Evidence kinds by their URL slug: (one, many, the button that adds one).
CLAIM_KINDS = {
    "designations": (_l("Designation"), _l("Designations"), _l("Add designation")),
    "test-reports": (_l("Test report"), _l("Test reports"), _l("Add test report")),
    "ip-rights": (_l("IP right"), _l("IP rights"), _l("Add IP right")),
    "references": (
        _l("Reference deployment"),
        _l("Reference deployments"),
        _l("Add reference deployment"),
    ),
    "insurance": (_l("Insurance policy"), _l("Insurance policies"), _l("Add insurance policy")),
}
CLAIM_COLLECTIONS = {
    "designations": "designations",
    "test-reports": "test_reports",
    "ip-rights": "ip_rights",
    "references": "references",
    "insurance": "insurance_policies",
}
FIELD_TITLES = {
    "name_zh": _l("Name (Chinese)"),
    "name_en": _l("Name (English)"),
    "summary": _l("Summary"),
    "description_md": _l("Description"),
    "technical_field": _l("Technical field"),
    "tags": _l("Tags"),
    "region": _l("Region"),
    "price_min_fen": _l("Lowest price"),
    "price_max_fen": _l("Highest price"),
    "price_visibility": _l("Prices shown to"),
    "first_sale_date": _l("First sale"),
    "trial_months": _l("Trial length (months)"),
    "performance_guarantee": _l("Performance guarantee"),
    "support_terms": _l("Support"),
    "unit_value_fen": _l("Unit value"),
    "unit_ordinal": _l("Unit ordinal"),
    "variety_spec": _l("Variety and specification"),
    "minimum_batch": _l("Minimum batch"),
    "version_number": _l("Version number"),
    "first_release_date": _l("First release"),
    "deployment_model": _l("Deployment model"),
    "designations": _l("Designations"),
    "test_reports": _l("Test reports"),
    "ip_rights": _l("IP rights"),
    "references": _l("Reference deployments"),
    "insurance_policies": _l("Insurance policies"),
    "documents": _l("Documents"),
}
HISTORY_VERBS = {
    "product.created": _l("Listing created"),
    "product.edited": _l("Draft edited"),
    "product.revision_started": _l("New version started"),
    "product.claim_added": _l("Evidence added"),
    "product.claim_changed": _l("Evidence changed"),
    "product.claim_removed": _l("Evidence removed"),
    "product.claim_verified": _l("Evidence verified"),
    "product.claim_rejected": _l("Evidence rejected"),
    "product.document_attached": _l("Document uploaded"),
    "product.document_removed": _l("Document removed"),
    "product.submitted": _l("Submitted for review"),
    "product.changes_requested": _l("Changes requested"),
    "product.published": _l("Published"),
    "product.suspended": _l("Suspended"),
    "product.reinstated": _l("Reinstated"),
    "product.expired": _l("Expired"),
    "product.withdrawn": _l("Withdrawn"),
    "product.delisted": _l("Delisted"),
}
register(ListingState, STATE_LABELS)
register(VersionStatus, VERSION_STATUS_LABELS)
register(ReviewStatus, REVIEW_LABELS)
register(DocumentVisibility, VISIBILITY_LABELS)
MONEY_COLUMNS = frozenset({"price_min_fen", "price_max_fen", "unit_value_fen"})
VOCABULARIES: dict[type[enum.Enum], dict[Any, Any]] = {
    Category: CATEGORY_LABELS,
    TechnicalField: FIELD_LABELS,
    DeploymentModel: DEPLOYMENT_LABELS,
    DesignationKind: DESIGNATION_LABELS,
    IPKind: IP_LABELS,
}
ORDINALS = {1: _l("1st set"), 2: _l("2nd set"), 3: _l("3rd set")}


def vocabulary(value: Any) -> str:
    """'中文 / English' for a category, technical field, deployment model, ... value."""
    labels = VOCABULARIES.get(type(value))
    return label(labels, value) if labels else str(value)


def province(code: str | None) -> str:
    if not code or code not in PROVINCES:
        return "—"
    return label(PROVINCES, code)


def format_value(field: str, value: Any) -> str:
    """A content value as a reader sees it (in diffs and detail tables)."""
    if value is None or value == "" or value == []:
        return "—"
    if field in MONEY_COLUMNS:
        return format_cny(value)
    if field == "region":
        return province(value)
    if field == "unit_ordinal":
        return str(ORDINALS.get(value, value))
    if field == "price_visibility":
        return str(
            _l("everyone") if value == PriceVisibility.PUBLIC else _l("signed-in buyers only")
        )
    if isinstance(value, enum.Enum):
        return vocabulary(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(str(v) for v in value)
    return str(value)


def price_range(version: ProductVersion, buyer_only: bool) -> str | None:
    """The indicative price as shown to this reader; None when it is for buyers only."""
    if version.price_visibility == PriceVisibility.BUYERS and not buyer_only:
        return None
    low, high = version.price_min_fen, version.price_max_fen
    if low is None and high is None:
        return str(_l("Price on request"))
    if low is None or high is None or low == high:
        return format_cny(low if low is not None else high)  # type: ignore[arg-type]
    return f"{format_cny(low)} – {format_cny(high)}"


def prices_hidden(version: ProductVersion, buyer_only: bool) -> bool:
    """Buyer-only prices (and the equipment's unit value, a price too) this reader may not see."""
    return version.price_visibility == PriceVisibility.BUYERS and not buyer_only


def template_helpers() -> dict[str, Any]:
    return {
        "state_labels": STATE_LABELS,
        "state_styles": STATE_STYLES,
        "version_status_labels": VERSION_STATUS_LABELS,
        "review_labels": REVIEW_LABELS,
        "review_styles": REVIEW_STYLES,
        "visibility_labels": VISIBILITY_LABELS,
        "claim_kinds": CLAIM_KINDS,
        "claim_collections": CLAIM_COLLECTIONS,
        "field_titles": FIELD_TITLES,
        "history_verbs": HISTORY_VERBS,
        "vocabulary": vocabulary,
        "province": province,
        "format_value": format_value,
        "price_range": price_range,
        "prices_hidden": prices_hidden,
        "cny": format_cny,
        "ordinals": ORDINALS,
    }
