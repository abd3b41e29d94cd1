"""The vendor's verbs: create a listing, edit its draft, add and remove evidence and documents.

Edits always land on the listing's working version. A published listing has none until the
vendor edits it: the first edit copies the live version (evidence and documents included) into a
new draft, which is reviewed while the live version stays visible.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any, BinaryIO

from flask_babel import gettext as _

from market.accounts.models import Organisation
from market.catalog import permissions
from market.catalog.evidence import CLAIM_TYPES, Claim, Document, DocumentVisibility, ReviewStatus
from market.catalog.models import (
    EDITABLE_VERSION_STATUSES,
    ListingState,
    Product,
    ProductVersion,
    VersionStatus,
)
from market.catalog.storage import store_upload
from market.catalog.taxonomy import CATEGORY_LABELS, DESIGNATION_KINDS, PROVINCES, Category
from market.core.audit import Actor, record_event
from market.core.db import business_today, db
from market.core.errors import Conflict, NotFound, PermissionDenied, ValidationFailed
from market.discovery.outbox import note_change

COMMON_FIELDS = (
    "name_zh",
    "name_en",
    "summary",
    "description_md",
    "technical_field",
    "tags",
    "region",
    "price_min_fen",
    "price_max_fen",
    "price_visibility",
    "first_sale_date",
    "trial_months",
    "performance_guarantee",
    "support_terms",
)
CATEGORY_FIELDS: dict[Category, tuple[str, ...]] = {
    Category.EQUIPMENT: ("unit_value_fen", "unit_ordinal"),
    Category.MATERIAL: ("variety_spec", "minimum_batch"),
    Category.SOFTWARE: ("version_number", "first_release_date", "deployment_model"),
}
REQUIRED_FIELDS: dict[Category, tuple[str, ...]] = {
    Category.EQUIPMENT: ("unit_value_fen", "unit_ordinal"),
    Category.MATERIAL: ("variety_spec",),
    Category.SOFTWARE: ("version_number", "deployment_model"),
}
REQUIRED_COMMON = ("name_zh", "name_en", "summary", "technical_field", "region")
# What a draft imported from a published list holds at least (``create_product(complete=False)``);
# the vendor completes the rest before submitting (catalog.states, CONTENT_COMPLETE).
REQUIRED_IN_IMPORTED_DRAFT = ("name_zh", "technical_field")
# Text columns an incomplete draft holds empty rather than NULL.
EMPTY_TEXT_FIELDS = ("name_en", "summary", "region")
ALL_CATEGORY_FIELDS = tuple(f for fields in CATEGORY_FIELDS.values() for f in fields)
CONTENT_FIELDS = COMMON_FIELDS + ALL_CATEGORY_FIELDS


def create_product(
    vendor: Organisation,
    category: Category,
    content: dict[str, Any],
    actor: Actor,
    *,
    complete: bool = True,
) -> Product:
    """A new listing in ``draft`` with version 1. Raises PermissionDenied, ValidationFailed.

    ``complete=False`` is the operator's import of a published list: the draft needs only
    ``REQUIRED_IN_IMPORTED_DRAFT``, and its vendor completes it before submitting.
    """
    if not actor.is_system and (
        not permissions.can_list_products(actor.user) or actor.organisation_id != vendor.id
    ):
        raise PermissionDenied(_("Only an approved vendor's staff create listings."))
    if not complete and not actor.is_system:
        raise PermissionDenied(_("Only the operator's import creates incomplete drafts."))
    check_content(category, content, required=None if complete else REQUIRED_IN_IMPORTED_DRAFT)
    product = Product(vendor=vendor, category=category, state=ListingState.DRAFT)
    version = ProductVersion(
        product=product,
        number=1,
        status=VersionStatus.DRAFT,
        category=category,
        created_by_id=actor.user.id if actor.user else None,
        **_with_defaults(content),
    )
    product.working_version = version
    db.session.add_all([product, version])
    db.session.flush()
    _record(actor, "product.created", product, after={"version": 1, "name": version.short_name})
    return product


def update_draft(product: Product, changes: dict[str, Any], actor: Actor) -> ProductVersion:
    """Apply ``changes`` to the working draft, starting one from the live version if needed.

    Raises NotFound, PermissionDenied, Conflict (under review), ValidationFailed.
    """
    version = editable_version(product, actor)
    unknown = set(changes) - set(CONTENT_FIELDS)
    if unknown:
        raise ValidationFailed(
            _("Unknown fields."), {name: [_("Not a field of a listing.")] for name in unknown}
        )
    current = {name: getattr(version, name) for name in CONTENT_FIELDS}
    # An edit may leave an imported draft's missing fields missing, never empty a given one.
    required = [
        name
        for name in required_fields(product.category)
        if name in changes or not _blank(current[name])
    ]
    check_content(product.category, current | changes, required=required)
    before = {name: current[name] for name in changes}
    for name, value in changes.items():
        setattr(version, name, value)
    db.session.flush()
    _record(
        actor,
        "product.edited",
        product,
        before=before,
        after={"version": version.number, **changes},
    )
    return version


def closed_message() -> str:
    return _("This listing is withdrawn or delisted: it can no longer change.")


def editable_version(product: Product, actor: Actor) -> ProductVersion:
    """The draft the vendor may change now; starts a revision of a live listing when needed."""
    if not actor.is_system and not permissions.can_view_workings(actor.user, product):
        raise NotFound(_("No such listing."))
    # Who may act first, then whether the state allows it: editing a withdrawn listing is a
    # 409, as submitting one is.
    if not actor.is_system and not permissions.is_vendor_staff(actor.user, product):
        raise PermissionDenied(_("Only the vendor's staff edit a listing."))
    if permissions.is_closed(product):
        raise Conflict(closed_message())
    version = product.working_version
    if version is None:
        return _start_revision(product, actor)
    if version.status not in EDITABLE_VERSION_STATUSES:
        raise Conflict(_("This version is under review; wait for the reviewer's decision."))
    return version


def _start_revision(product: Product, actor: Actor) -> ProductVersion:
    live = product.live_version
    if live is None:
        raise Conflict(_("This listing has no version to edit."))
    number = max(v.number for v in product.versions) + 1
    content = {name: getattr(live, name) for name in CONTENT_FIELDS}
    claims, documents = live.claims, list(live.documents)
    with db.session.no_autoflush:
        draft = ProductVersion(
            product=product,
            number=number,
            status=VersionStatus.DRAFT,
            category=live.category,
            created_by_id=actor.user.id if actor.user else None,
            **content,
        )
        db.session.add(draft)
        for claim in claims:
            db.session.add(claim.copy_to(draft))
        for document in documents:
            db.session.add(document.copy_to(draft))
        product.working_version = draft
    db.session.flush()
    _record(
        actor, "product.revision_started", product, after={"version": number, "from": live.number}
    )
    return draft


def add_claim(product: Product, kind: str, data: dict[str, Any], actor: Actor) -> Claim:
    """Attach a claim (designation, test report, ...) to the working draft, unverified.

    Raises NotFound (unknown kind), PermissionDenied, Conflict, ValidationFailed.
    """
    claim_type = CLAIM_TYPES.get(kind)
    if claim_type is None:
        raise NotFound(_("No such kind of evidence."))
    version = editable_version(product, actor)
    check_claim(claim_type, data, product.category)
    claim = claim_type(version=version, review_status=ReviewStatus.UNVERIFIED, **data)
    db.session.add(claim)
    db.session.flush()
    _record(actor, "product.claim_added", product, after={"kind": kind, "claim": claim.id, **data})
    return claim


def update_claim(claim: Claim, data: dict[str, Any], actor: Actor) -> Claim:
    """Change a claim of the working draft; it needs review again."""
    product = claim.version.product
    version = editable_version(product, actor)
    if claim.version_id != version.id:
        raise Conflict(_("Only evidence of the draft can change."))
    check_claim(type(claim), claim.content() | data, product.category)
    before = claim.content()
    for name, value in data.items():
        setattr(claim, name, value)
    claim.review_status = ReviewStatus.UNVERIFIED
    claim.review_note = claim.reviewed_by_id = claim.reviewed_at = None
    db.session.flush()
    _record(
        actor, "product.claim_changed", product, before=before, after={"claim": claim.id, **data}
    )
    return claim


def remove_claim(claim: Claim, actor: Actor) -> None:
    product = claim.version.product
    version = editable_version(product, actor)
    if claim.version_id != version.id:
        raise Conflict(_("Only evidence of the draft can change."))
    content = claim.content()
    db.session.delete(claim)
    db.session.flush()
    _record(actor, "product.claim_removed", product, before={"kind": claim.kind_slug, **content})


def attach_document(
    product: Product,
    *,
    stream: BinaryIO,
    filename: str,
    title: str,
    visibility: DocumentVisibility,
    storage_root: Path,
    max_bytes: int,
    actor: Actor,
) -> Document:
    """Store an upload and attach it to the working draft.

    Raises PermissionDenied, Conflict, ValidationFailed (file: type, size; title).
    """
    version = editable_version(product, actor)
    if not title.strip():
        raise ValidationFailed(_("Give the document a title."), {"title": [_("Required.")]})
    stored, safe_name = store_upload(stream, filename, storage_root, max_bytes)
    document = Document(
        version=version,
        file=stored,
        sha256=stored.sha256,
        filename=safe_name,
        title=title.strip()[:200],
        visibility=visibility,
        uploaded_by_id=actor.user.id if actor.user else None,
    )
    db.session.add(document)
    db.session.flush()
    _record(
        actor,
        "product.document_attached",
        product,
        after={"document": document.id, "sha256": stored.sha256, "filename": safe_name},
    )
    return document


def remove_document(document: Document, actor: Actor) -> None:
    product = document.version.product
    version = editable_version(product, actor)
    if document.version_id != version.id:
        raise Conflict(_("Only documents of the draft can be removed."))
    db.session.delete(document)
    db.session.flush()
    _record(actor, "product.document_removed", product, before=document.content())


# -- rules ---------------------------------------------------------------------------------------


def required_fields(category: Category) -> tuple[str, ...]:
    """What a listing of ``category`` must hold to be submitted."""
    return REQUIRED_COMMON + REQUIRED_FIELDS[category]


def missing_fields(version: ProductVersion) -> list[str]:
    """The required fields ``version`` lacks: only an imported draft lacks any."""
    return [name for name in required_fields(version.category) if _blank(getattr(version, name))]


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def check_content(
    category: Category, content: dict[str, Any], *, required: Iterable[str] | None = None
) -> None:
    """Cross-field rules of a version's content, with ``required`` (default: every field
    ``required_fields`` names) present. Raises ValidationFailed with field messages."""
    errors: dict[str, list[str]] = {}
    for name in required_fields(category) if required is None else required:
        if _blank(content.get(name)):
            errors[name] = [_("Required for this kind of product.")]
    for name in set(ALL_CATEGORY_FIELDS) - set(CATEGORY_FIELDS[category]):
        if content.get(name) not in (None, ""):
            errors[name] = [_("Not a field of a %(category)s product.", category=category.value)]
    low, high = content.get("price_min_fen"), content.get("price_max_fen")
    for name in ("price_min_fen", "price_max_fen", "unit_value_fen"):
        if content.get(name) is not None and content[name] < 0:
            errors[name] = [_("Must not be negative.")]
    if low is not None and high is not None and low > high:
        errors["price_max_fen"] = [_("The highest price is below the lowest.")]
    if content.get("region") and content["region"] not in PROVINCES:
        errors["region"] = [_("Not a province code.")]
    ordinal = content.get("unit_ordinal")
    if ordinal is not None and ordinal not in (1, 2, 3):
        errors["unit_ordinal"] = [_("First-set equipment is the 1st, 2nd or 3rd unit.")]
    today = business_today()
    for name in ("first_sale_date", "first_release_date"):
        if content.get(name) is not None and content[name] > today:
            errors[name] = [_("This date is in the future.")]
    if content.get("trial_months") is not None and content["trial_months"] <= 0:
        errors["trial_months"] = [_("Must be at least one month.")]
    if errors:
        raise ValidationFailed(_("Please correct the marked fields."), errors)


def check_claim(claim_type: type[Claim], data: dict[str, Any], category: Category) -> None:
    """Rules of a claim's content on a listing of ``category``. Raises ValidationFailed."""
    errors: dict[str, list[str]] = {}
    kind = data.get("kind")
    if claim_type.kind_slug == "designations" and kind not in DESIGNATION_KINDS[category]:
        # Each policy designates its own kind of product (taxonomy.DESIGNATION_KINDS).
        errors["kind"] = [
            _(
                "Not a designation for this kind of product (%(category)s).",
                category=CATEGORY_LABELS[category][1],
            )
        ]
    start, end = data.get("valid_from"), data.get("valid_until")
    if start is not None and end is not None and end < start:
        errors["valid_until"] = [_("Ends before it starts.")]
    if claim_type.kind_slug == "insurance" and end is None:
        errors["valid_until"] = [_("Required.")]
    year = data.get("year")
    if year is not None and not 1949 <= year <= business_today().year:
        errors["year"] = [_("Not a plausible year.")]
    issued = data.get("issued_on")
    if issued is not None and issued > business_today():
        errors["issued_on"] = [_("This date is in the future.")]
    if errors:
        raise ValidationFailed(_("Please correct the marked fields."), errors)


def _with_defaults(content: dict[str, Any]) -> dict[str, Any]:
    values = {name: content.get(name) for name in CONTENT_FIELDS}
    values["tags"] = content.get("tags") or []
    values["description_md"] = content.get("description_md") or ""
    for name in EMPTY_TEXT_FIELDS:
        values[name] = values[name] or ""
    if content.get("price_visibility") is not None:
        values["price_visibility"] = content["price_visibility"]
    else:
        values.pop("price_visibility")
    return values


def _record(actor: Actor, verb: str, product: Product, **changes: Any) -> None:
    """Every catalog change is an event in the listing's history (and its vendor's audit log)."""
    record_event(actor, verb, product, organisation_id=product.vendor_id, **changes)
    note_change(product)
