"""/api/v1 endpoints of the catalog: listings, their versions, evidence, documents and workflow.

Each handler parses its input with a schema, finds the object the caller may see (a 404
otherwise, so drafts never leak), calls one verb of ``editing`` or ``services`` (which check who
may act: 403 for a visible listing the caller may not change) and presents the result with
``market.catalog.presenters``. The request boundary commits or rolls back (market.core.web).
"""

from __future__ import annotations

import uuid
from pathlib import Path
from typing import Any, ClassVar

import marshmallow as ma
import sqlalchemy as sa
from flask import Request, current_app
from flask_babel import gettext as _
from flask_login import current_user
from flask_smorest import Blueprint
from sqlalchemy.orm import selectinload
from webargs.flaskparser import FlaskParser
from werkzeug.datastructures import CombinedMultiDict

from market.accounts.models import OrgKind, User
from market.catalog import editing, permissions, presenters, queries, services
from market.catalog.downloads import send_document
from market.catalog.evidence import CLAIM_TYPES, Claim, Document
from market.catalog.models import Product, ProductVersion
from market.catalog.schemas import (
    CLAIM_SCHEMAS,
    CLAIM_UPDATE_SCHEMAS,
    EVIDENCE_KEYS,
    ClaimReviewSchema,
    DocumentSchema,
    DocumentUploadSchema,
    ListingPageSchema,
    ListingQuerySchema,
    ListingSchema,
    PageArgsSchema,
    ProductCreateSchema,
    ProductUpdateSchema,
    TransitionSchema,
    VersionDetailSchema,
    VersionPageSchema,
    api_field_names,
)
from market.core.db import business_today, db
from market.core.errors import (
    AuthenticationFailed,
    NotFound,
    PermissionDenied,
    ValidationFailed,
)
from market.core.paging import paginate
from market.core.web import current_actor, json_error, login_required_json


class _MultipartParser(FlaskParser):
    """webargs with a ``multipart`` location: the form fields and files of one upload."""

    __location_map__: ClassVar[dict[str, Any]] = {
        **FlaskParser.__location_map__,
        "multipart": "load_multipart",
    }

    def load_multipart(self, req: Request, schema: ma.Schema) -> Any:
        return self._makeproxy(CombinedMultiDict([req.form, req.files]), schema)


class CatalogBlueprint(Blueprint):
    ARGUMENTS_PARSER = _MultipartParser()
    DEFAULT_LOCATION_CONTENT_TYPE_MAPPING: ClassVar[dict[str, str]] = {
        **Blueprint.DEFAULT_LOCATION_CONTENT_TYPE_MAPPING,
        "multipart": "multipart/form-data",
    }


blp = CatalogBlueprint(
    "catalog_api",
    __name__,
    url_prefix="/products",
    description="Listings: versions, evidence, documents and the review workflow",
)
documents_blp = Blueprint(
    "catalog_documents_api", __name__, url_prefix="/documents", description="Documents"
)
# Reading the catalog needs no token; a token shows what its user may see besides.
OPTIONAL_AUTH = [{}, {"bearerAuth": []}]
EVIDENCE_LABELS = {
    "designations": "a designation",
    "test-reports": "a test report",
    "ip-rights": "an IP right",
    "references": "a reference deployment",
    "insurance": "an insurance policy",
}


@blp.errorhandler(ValidationFailed)
def _validation_failed(error: ValidationFailed) -> Any:
    # The domain rules name columns (price_min_fen); answer in the API's names (price_min).
    db.session.rollback()
    return json_error(error.status, error.code, error.message, api_field_names(error.fields))


# -- listings ------------------------------------------------------------------------------------


@blp.route("", methods=["GET"])
@blp.arguments(ListingQuerySchema, location="query")
@blp.response(200, ListingPageSchema)
@blp.doc(security=OPTIONAL_AUTH)
def list_products(args: dict[str, Any]) -> Any:
    """Published listings, for everyone; with ``mine=1``, your vendor's listings in every state.

    Filters: category, technical_field, vendor, region (published listings); state and
    category (``mine=1``).
    """
    user = _user()
    if args["mine"]:
        if user is None:
            raise AuthenticationFailed(_("Send a valid API token: Authorization: Bearer <token>."))
        if user.organisation is None or user.organisation.kind != OrgKind.VENDOR:
            raise PermissionDenied(_("Only vendors have listings of their own."))
        _refuse_filters(args, ("technical_field", "vendor", "region"), _("Not with mine=1."))
        query = queries.vendor_listings(user.organisation.id, args.get("state"))
        if "category" in args:
            query = query.where(Product.category == args["category"])
    else:
        _refuse_filters(args, ("state",), _("Only with mine=1: everyone sees published listings."))
        query = queries.public_listings(
            category=args.get("category"),
            technical_field=args.get("technical_field"),
            vendor_id=args.get("vendor"),
            region=args.get("region"),
        )
    page = paginate(query.options(*_listing_loads()), args["page"], args["per_page"])
    return {
        "items": [presenters.listing(product, user) for product in page.items],
        "total": page.total,
        "page": page.page,
        "per_page": page.per_page,
    }


@blp.route("", methods=["POST"])
@login_required_json
@blp.arguments(ProductCreateSchema)
@blp.response(201, ListingSchema)
def create_product(body: dict[str, Any]) -> Any:
    """Create a listing (vendor staff and admins): a draft with its first version."""
    user = _user()
    if user is None or user.organisation is None or not permissions.can_list_products(user):
        raise PermissionDenied(_("Only an approved vendor's staff create listings."))
    category = body.pop("category")
    product = editing.create_product(user.organisation, category, body, current_actor())
    return presenters.listing(product, user)


@blp.route("/<uuid:product_id>", methods=["GET"])
@blp.response(200, ListingSchema)
@blp.doc(security=OPTIONAL_AUTH)
def get_product(product_id: uuid.UUID) -> Any:
    """A listing: its live version, and for the vendor and the operator its workings."""
    return presenters.listing(_product(product_id), _user())


@blp.route("/<uuid:product_id>", methods=["PATCH"])
@login_required_json
@blp.arguments(ProductUpdateSchema)
@blp.response(200, ListingSchema)
def update_product(changes: dict[str, Any], product_id: uuid.UUID) -> Any:
    """Change the working draft; editing a published listing starts a new version."""
    product = _product(product_id)
    _refuse_empty(changes)
    editing.update_draft(product, changes, current_actor())
    return presenters.listing(product, _user())


@blp.route("/<uuid:product_id>/transitions", methods=["POST"])
@login_required_json
@blp.arguments(TransitionSchema)
@blp.response(200, ListingSchema)
def transition_product(body: dict[str, Any], product_id: uuid.UUID) -> Any:
    """Move the listing: submit, withdraw (vendor); request_changes, publish (reviewers);
    suspend, reinstate, delist (operator). ``reason`` is the feedback or the reason."""
    product = _product(product_id)
    services.transition(
        product, body["action"], current_actor(), body["reason"], read_version=body["version"]
    )
    return presenters.listing(product, _user())


# -- versions ------------------------------------------------------------------------------------


@blp.route("/<uuid:product_id>/versions", methods=["GET"])
@login_required_json
@blp.arguments(PageArgsSchema, location="query")
@blp.response(200, VersionPageSchema)
def list_versions(args: dict[str, Any], product_id: uuid.UUID) -> Any:
    """Every version of the listing, newest first (the vendor and the operator)."""
    product = _workings(product_id)
    query = (
        sa.select(ProductVersion)
        .where(ProductVersion.product_id == product.id)
        .order_by(ProductVersion.number.desc())
    )
    page = paginate(query, args["page"], args["per_page"])
    return {"items": page.items, "total": page.total, "page": page.page, "per_page": page.per_page}


@blp.route("/<uuid:product_id>/versions/<int:number>", methods=["GET"])
@login_required_json
@blp.response(200, VersionDetailSchema)
def get_version(product_id: uuid.UUID, number: int) -> Any:
    """One version in full, with what changed since the version before it."""
    product = _workings(product_id)
    by_number = {version.number: version for version in product.versions}
    version = by_number.get(number)
    if version is None:
        raise NotFound(_("No such version."))
    previous = by_number.get(number - 1)
    buyer_only = permissions.sees_buyer_only(_user(), product)
    data = presenters.version_data(version, business_today(), buyer_only=buyer_only, workings=True)
    return data | {
        "changes_from": previous.number if previous else None,
        "changes": presenters.changes(previous, version),
    }


# -- evidence ------------------------------------------------------------------------------------


def _claim_endpoints(slug: str, schema: type[ma.Schema], update_schema: type[ma.Schema]) -> None:
    """POST, PATCH, DELETE and review for one kind of claim, documented under its own schema."""
    name, label = EVIDENCE_KEYS[slug], EVIDENCE_LABELS[slug]
    one = f"/<uuid:product_id>/{slug}/<uuid:claim_id>"

    @blp.route(f"/<uuid:product_id>/{slug}", methods=["POST"], endpoint=f"add_{name}")
    @login_required_json
    @blp.arguments(schema)
    @blp.response(201, schema)
    @blp.doc(summary=f"Add {label} to the working draft (unverified until reviewed)")
    def add(body: dict[str, Any], product_id: uuid.UUID) -> Any:
        return editing.add_claim(_product(product_id), slug, body, current_actor())

    @blp.route(one, methods=["PATCH"], endpoint=f"update_{name}")
    @login_required_json
    @blp.arguments(update_schema)
    @blp.response(200, schema)
    @blp.doc(summary=f"Change {label} of the working draft (it needs review again)")
    def update(body: dict[str, Any], product_id: uuid.UUID, claim_id: uuid.UUID) -> Any:
        claim = _claim(_product(product_id), slug, claim_id)
        _refuse_empty(body)
        return editing.update_claim(claim, body, current_actor())

    @blp.route(one, methods=["DELETE"], endpoint=f"remove_{name}")
    @login_required_json
    @blp.response(204)
    @blp.doc(summary=f"Remove {label} from the working draft")
    def remove(product_id: uuid.UUID, claim_id: uuid.UUID) -> None:
        editing.remove_claim(_claim(_product(product_id), slug, claim_id), current_actor())

    @blp.route(f"{one}/review", methods=["POST"], endpoint=f"review_{name}")
    @login_required_json
    @blp.arguments(ClaimReviewSchema)
    @blp.response(200, schema)
    @blp.doc(summary=f"Verify or reject {label} of a submitted version (reviewers)")
    def review(body: dict[str, Any], product_id: uuid.UUID, claim_id: uuid.UUID) -> Any:
        claim = _claim(_product(product_id), slug, claim_id)
        services.review_claim(claim, body["status"], body["note"], current_actor())
        return claim


for _slug, _schema in CLAIM_SCHEMAS.items():
    _claim_endpoints(_slug, _schema, CLAIM_UPDATE_SCHEMAS[_slug])


# -- documents -----------------------------------------------------------------------------------


@blp.route("/<uuid:product_id>/documents", methods=["POST"])
@login_required_json
@blp.arguments(DocumentUploadSchema, location="multipart")
@blp.response(201, DocumentSchema)
def upload_document(body: dict[str, Any], product_id: uuid.UUID) -> Any:
    """Attach a file (multipart/form-data: file, title, visibility) to the working draft.

    The type is read from the content (PDF, PNG, JPEG, DOCX, XLSX), never from the name.
    """
    product = _product(product_id)
    upload = body["file"]
    document = editing.attach_document(
        product,
        stream=upload.stream,
        filename=upload.filename or "",
        title=body["title"],
        visibility=body["visibility"],
        storage_root=Path(current_app.config["DOCUMENT_STORAGE"]),
        max_bytes=current_app.config["MAX_DOCUMENT_BYTES"],
        actor=current_actor(),
    )
    return presenters.document_data(document)


@blp.route("/<uuid:product_id>/documents/<uuid:document_id>", methods=["DELETE"])
@login_required_json
@blp.response(204)
def remove_document(product_id: uuid.UUID, document_id: uuid.UUID) -> None:
    """Remove a document from the working draft."""
    product = _product(product_id)
    document = db.session.get(Document, document_id)
    if document is None or document.version.product_id != product.id:
        raise NotFound(_("No such document."))
    if not permissions.can_view_version(_user(), document.version):
        raise NotFound(_("No such document."))
    editing.remove_document(document, current_actor())


@documents_blp.route("/<uuid:document_id>", methods=["GET"])
@documents_blp.response(200, description="The file, as an attachment")
@documents_blp.doc(security=OPTIONAL_AUTH)
def download_document(document_id: uuid.UUID) -> Any:
    """Download a document; buyer-only documents need a buyer's (or the vendor's) token."""
    return send_document(db.session.get(Document, document_id), _user())


# -- helpers -------------------------------------------------------------------------------------


def _user() -> User | None:
    return current_user._get_current_object() if current_user.is_authenticated else None


def _product(product_id: uuid.UUID) -> Product:
    return queries.product_for(_user(), product_id)


def _workings(product_id: uuid.UUID) -> Product:
    """The listing with its drafts and history: the vendor's and the operator's only."""
    product = db.session.get(Product, product_id)
    if product is None or not permissions.can_view_workings(_user(), product):
        raise NotFound(_("No such listing."))
    return product


def _claim(product: Product, slug: str, claim_id: uuid.UUID) -> Claim:
    claim = db.session.get(CLAIM_TYPES[slug], claim_id)
    if (
        claim is None
        or claim.version.product_id != product.id
        or not permissions.can_view_version(_user(), claim.version)
    ):
        raise NotFound(_("No such evidence."))
    return claim


def _refuse_empty(changes: dict[str, Any]) -> None:
    if not changes:
        raise ValidationFailed(_("Nothing to change."), {"_schema": [_("Send a field to change.")]})


def _refuse_filters(args: dict[str, Any], names: tuple[str, ...], message: str) -> None:
    given = [name for name in names if name in args]
    if given:
        raise ValidationFailed(message, {name: [message] for name in given})


def _listing_loads() -> list[Any]:
    """Load what a page of listings shows in a few queries instead of several per listing."""
    evidence = [
        selectinload(relationship)
        for relationship in (
            ProductVersion.designations,
            ProductVersion.test_reports,
            ProductVersion.ip_rights,
            ProductVersion.references,
            ProductVersion.insurance_policies,
        )
    ]
    documents = selectinload(ProductVersion.documents).selectinload(Document.file)
    return [
        selectinload(Product.vendor),
        selectinload(Product.live_version).options(*evidence, documents),
        selectinload(Product.working_version).options(*evidence, documents),
    ]
