"""The API boundary of the catalog: what comes in is validated here, what goes out is shaped here.

Amounts are yuan (CNY) as decimal strings outside ("4500000.00") and integer fen inside; a field
``price_min`` loads into ``price_min_fen``. Unknown fields are refused (marshmallow's default).
The same schemas validate ``flask catalog import`` lines (``market.catalog.import_schema``, which
also takes a province by name and names the accepted columns when one is unknown).
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

import marshmallow as ma
from flask_smorest.fields import Upload
from marshmallow import ValidationError, fields, validate, validates_schema
from werkzeug.datastructures import FileStorage

from market.api.fields import read_version
from market.catalog.evidence import DocumentVisibility, ReviewStatus
from market.catalog.models import ListingState, PriceVisibility, VersionStatus
from market.catalog.services import TRANSITIONS
from market.catalog.taxonomy import (
    PROVINCES,
    Category,
    DeploymentModel,
    DesignationKind,
    IPKind,
    TechnicalField,
)
from market.core.money import fen_to_yuan, yuan_to_fen
from market.core.paging import MAX_PAGE

MAX_YUAN = Decimal("1000000000000")  # a trillion yuan: far above any listing, far below BIGINT
# API field → model column, for amounts; domain errors name the column, the API the field.
MONEY_FIELDS = {
    "price_min": "price_min_fen",
    "price_max": "price_max_fen",
    "unit_value": "unit_value_fen",
}


def api_field_names(errors: dict[str, Any]) -> dict[str, Any]:
    """Domain error fields (``price_min_fen``) under the names the API uses (``price_min``)."""
    columns = {column: name for name, column in MONEY_FIELDS.items()}
    return {columns.get(key, key): value for key, value in errors.items()}


class Money(fields.String):
    """An amount in yuan: a decimal string (or a whole number) outside, integer fen inside.

    JSON floats are refused: 0.1 + 0.2 is not money.
    """

    def __init__(self, **kwargs: Any) -> None:
        metadata = {"description": "CNY (yuan) as a decimal string", "example": "4500000.00"}
        super().__init__(**{**kwargs, "metadata": metadata | kwargs.get("metadata", {})})

    default_error_messages = {  # noqa: RUF012 (marshmallow merges these per class)
        "invalid": 'Give the amount in yuan as a decimal string, e.g. "4500000.00".',
        "negative": "Must not be negative.",
        "precision": "At most two decimal places (fen).",
        "too_large": "Too large.",
    }

    def _serialize(self, value: int | None, attr: str | None, obj: Any, **kwargs: Any) -> Any:
        return None if value is None else str(fen_to_yuan(value))

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise self.make_error("invalid")
        try:
            amount = Decimal(str(value).strip())
        except InvalidOperation:
            raise self.make_error("invalid") from None
        if not amount.is_finite():
            raise self.make_error("invalid")
        if amount < 0:
            raise self.make_error("negative")
        if amount != amount.quantize(Decimal("0.01")):
            raise self.make_error("precision")
        if amount > MAX_YUAN:
            raise self.make_error("too_large")
        return yuan_to_fen(amount)


class Text(fields.String):
    """A string with surrounding whitespace removed, so "   " counts as empty."""

    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> str:
        return super()._deserialize(value, attr, data, **kwargs).strip()


class FileUpload(Upload):
    def _deserialize(self, value: Any, attr: str | None, data: Any, **kwargs: Any) -> FileStorage:
        if not isinstance(value, FileStorage):
            raise ValidationError("Send the file as a multipart/form-data part.")
        return value


def _required(max_length: int) -> Text:
    return Text(required=True, validate=validate.Length(min=1, max=max_length))


def _optional(max_length: int | None = None) -> Text:
    return Text(allow_none=True, validate=validate.Length(max=max_length) if max_length else None)


def _in_order(data: dict[str, Any], start: str, end: str, message: str, field: str) -> None:
    if data.get(start) is not None and data.get(end) is not None and data[end] < data[start]:
        raise ValidationError(message, field_name=field)


# -- listings ------------------------------------------------------------------------------------


class ProductContentSchema(ma.Schema):
    """A version's content; PATCH loads it with ``partial=True``."""

    name_zh = _required(200)
    name_en = _required(200)
    summary = _required(500)
    description_md = Text(
        validate=validate.Length(max=20_000), metadata={"description": "Markdown"}
    )
    technical_field = fields.Enum(TechnicalField, by_value=True, required=True)
    tags = fields.List(
        Text(validate=validate.Length(min=1, max=40)), validate=validate.Length(max=20)
    )
    region = Text(
        required=True,
        validate=validate.OneOf(list(PROVINCES), error="Not a province code (e.g. 320000)."),
        metadata={"description": "Province, GB/T 2260 code"},
    )
    price_min = Money(attribute="price_min_fen", allow_none=True)
    price_max = Money(attribute="price_max_fen", allow_none=True)
    price_visibility = fields.Enum(PriceVisibility, by_value=True)
    first_sale_date = fields.Date(allow_none=True)
    trial_months = fields.Integer(allow_none=True, validate=validate.Range(min=1, max=120))
    performance_guarantee = _optional()
    support_terms = _optional()
    # equipment
    unit_value = Money(attribute="unit_value_fen", allow_none=True)
    unit_ordinal = fields.Integer(
        allow_none=True, validate=validate.Range(min=1, max=3), metadata={"description": "1–3"}
    )
    # material
    variety_spec = _optional(300)
    minimum_batch = _optional(100)
    # software
    version_number = _optional(40)
    first_release_date = fields.Date(allow_none=True)
    deployment_model = fields.Enum(DeploymentModel, by_value=True, allow_none=True)

    @validates_schema
    def _prices_in_order(self, data: dict[str, Any], **kwargs: Any) -> None:
        message = "The highest price is below the lowest."
        _in_order(data, "price_min_fen", "price_max_fen", message, field="price_max")


class ProductCreateSchema(ProductContentSchema):
    category = fields.Enum(Category, by_value=True, required=True)


def partial_schema(schema: type[ma.Schema]) -> type[ma.Schema]:
    """``schema`` for PATCH: every field optional; its own name in the OpenAPI document."""
    name = schema.__name__.removesuffix("Schema") + "UpdateSchema"

    def __init__(self: ma.Schema, **kwargs: Any) -> None:
        schema.__init__(self, **{**kwargs, "partial": True})

    return type(name, (schema,), {"__init__": __init__, "__doc__": schema.__doc__})


ProductUpdateSchema = partial_schema(ProductContentSchema)


class PageArgsSchema(ma.Schema):
    page = fields.Integer(
        load_default=1,
        validate=validate.Range(min=1, max=MAX_PAGE),
        metadata={"description": "Pages past the end are empty"},
    )
    per_page = fields.Integer(
        load_default=20, validate=validate.Range(min=1), metadata={"description": "At most 100"}
    )


class ListingQuerySchema(PageArgsSchema):
    category = fields.Enum(Category, by_value=True)
    technical_field = fields.Enum(TechnicalField, by_value=True)
    vendor = fields.UUID(metadata={"description": "The vendor organisation's id"})
    region = Text()
    mine = fields.Boolean(
        load_default=False, metadata={"description": "Your own listings in every state (vendors)"}
    )
    state = fields.Enum(ListingState, by_value=True, metadata={"description": "With mine=1"})


class TransitionSchema(ma.Schema):
    action = fields.String(required=True, validate=validate.OneOf(list(TRANSITIONS)))
    reason = Text(
        load_default="",
        validate=validate.Length(max=2000),
        metadata={"description": "Feedback (request_changes) or reason (suspend, delist)"},
    )
    version = read_version()


# -- evidence ------------------------------------------------------------------------------------


class ClaimSchema(ma.Schema):
    """Review fields every claim shows; the vendor cannot send them."""

    id = fields.UUID(dump_only=True)
    review_status = fields.Enum(ReviewStatus, by_value=True, dump_only=True)
    review_note = fields.String(dump_only=True, allow_none=True)
    reviewed_at = fields.DateTime(dump_only=True, allow_none=True)


class DesignationSchema(ClaimSchema):
    kind = fields.Enum(DesignationKind, by_value=True, required=True)
    authority = _required(200)
    document_number = _required(100)
    catalogue_edition = _optional(100)
    valid_from = fields.Date(required=True)
    valid_until = fields.Date(allow_none=True)

    @validates_schema
    def _validity_in_order(self, data: dict[str, Any], **kwargs: Any) -> None:
        _in_order(data, "valid_from", "valid_until", "Ends before it starts.", "valid_until")


class TestReportSchema(ClaimSchema):
    __test__ = False  # not a pytest test class, despite the name

    institution = _required(200)
    standard = _required(200)
    report_number = _required(100)
    issued_on = fields.Date(required=True)
    conclusion = _required(5000)


class IPRightSchema(ClaimSchema):
    kind = fields.Enum(IPKind, by_value=True, required=True)
    number = _required(60)
    title = _required(300)


class ReferenceSchema(ClaimSchema):
    customer = _required(200)
    year = fields.Integer(required=True, validate=validate.Range(min=1949, max=2100))
    outcome = _required(5000)


class InsuranceSchema(ClaimSchema):
    insurer = _required(200)
    policy_number = _required(100)
    coverage = _required(300)
    valid_from = fields.Date(required=True)
    valid_until = fields.Date(required=True)

    @validates_schema
    def _cover_in_order(self, data: dict[str, Any], **kwargs: Any) -> None:
        _in_order(data, "valid_from", "valid_until", "Ends before it starts.", "valid_until")


# URL slug (evidence.CLAIM_TYPES) → schema, and the key of the list in a version's JSON.
CLAIM_SCHEMAS: dict[str, type[ClaimSchema]] = {
    "designations": DesignationSchema,
    "test-reports": TestReportSchema,
    "ip-rights": IPRightSchema,
    "references": ReferenceSchema,
    "insurance": InsuranceSchema,
}
CLAIM_UPDATE_SCHEMAS = {slug: partial_schema(schema) for slug, schema in CLAIM_SCHEMAS.items()}
EVIDENCE_KEYS = {slug: slug.replace("-", "_") for slug in CLAIM_SCHEMAS}


class ClaimReviewSchema(ma.Schema):
    status = fields.Enum(
        ReviewStatus,
        by_value=True,
        required=True,
        validate=validate.OneOf([ReviewStatus.VERIFIED, ReviewStatus.REJECTED]),
    )
    note = Text(load_default="", validate=validate.Length(max=2000))


class DocumentUploadSchema(ma.Schema):
    file = FileUpload(required=True, metadata={"description": "PDF, PNG, JPEG, DOCX or XLSX"})
    title = _required(200)
    visibility = fields.Enum(
        DocumentVisibility, by_value=True, load_default=DocumentVisibility.PUBLIC
    )


class DocumentSchema(ma.Schema):
    id = fields.UUID()
    title = fields.String()
    filename = fields.String()
    media_type = fields.String()
    size = fields.Integer(metadata={"description": "Bytes"})
    sha256 = fields.String()
    visibility = fields.Enum(DocumentVisibility, by_value=True)
    created_at = fields.DateTime()
    download_url = fields.String()


# -- what goes out -------------------------------------------------------------------------------


class BadgeSchema(ma.Schema):
    code = fields.String(
        metadata={"description": "designation_verified | test_report_verified | insured"}
    )
    label = fields.String()
    valid_until = fields.Date(allow_none=True)


class VersionSummarySchema(ma.Schema):
    number = fields.Integer()
    status = fields.Enum(VersionStatus, by_value=True)
    created_at = fields.DateTime()
    submitted_at = fields.DateTime(allow_none=True)
    published_at = fields.DateTime(allow_none=True)


class VersionSchema(VersionSummarySchema, ProductContentSchema):
    """A version's content and evidence as the reader may see it (prices may be hidden)."""

    category = fields.Enum(Category, by_value=True)
    description_html = fields.String(metadata={"description": "The Markdown, rendered, safe"})
    review_feedback = fields.String(allow_none=True)
    designations = fields.List(fields.Nested(DesignationSchema))
    test_reports = fields.List(fields.Nested(TestReportSchema))
    ip_rights = fields.List(fields.Nested(IPRightSchema))
    references = fields.List(fields.Nested(ReferenceSchema))
    insurance = fields.List(fields.Nested(InsuranceSchema))
    documents = fields.List(fields.Nested(DocumentSchema))
    badges = fields.List(fields.Nested(BadgeSchema))


class FieldChangeSchema(ma.Schema):
    field = fields.String()
    before = fields.Raw(allow_none=True)
    after = fields.Raw(allow_none=True)


class VersionDetailSchema(VersionSchema):
    changes_from = fields.Integer(
        allow_none=True, metadata={"description": "The version number compared against"}
    )
    changes = fields.List(fields.Nested(FieldChangeSchema))


class VendorSchema(ma.Schema):
    id = fields.UUID()
    name_zh = fields.String()
    name_en = fields.String()


class ListingSchema(ma.Schema):
    id = fields.UUID()
    vendor = fields.Nested(VendorSchema)
    category = fields.Enum(Category, by_value=True)
    state = fields.Enum(
        ListingState, by_value=True, metadata={"description": "Lapsed listings read as expired"}
    )
    state_reason = fields.String(allow_none=True)
    live_version = fields.Nested(VersionSchema, allow_none=True)
    working_version = fields.Nested(
        VersionSchema, allow_none=True, metadata={"description": "Vendor and operator only"}
    )
    versions = fields.List(
        fields.Nested(VersionSummarySchema), metadata={"description": "Vendor and operator only"}
    )
    created_at = fields.DateTime()
    updated_at = fields.DateTime()
    version = fields.Integer(
        metadata={"description": "Moves on with every change; send it back with a transition"}
    )
    actions = fields.List(
        fields.String(),
        metadata={"description": "The transitions you may take now (the product page's buttons)"},
    )


class PageSchema(ma.Schema):
    total = fields.Integer()
    page = fields.Integer()
    per_page = fields.Integer()


class ListingPageSchema(PageSchema):
    items = fields.List(fields.Nested(ListingSchema))


class VersionPageSchema(PageSchema):
    items = fields.List(fields.Nested(VersionSummarySchema))
