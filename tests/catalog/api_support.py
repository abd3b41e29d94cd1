"""Helpers for the catalog API tests: request bodies, the error envelope, what was written."""

from __future__ import annotations

import io
from typing import Any

import sqlalchemy as sa

from market.catalog import editing, services
from market.catalog.evidence import Claim, Document, DocumentVisibility, ReviewStatus, StoredFile
from market.catalog.models import Product, ProductVersion
from market.core.audit import Actor, AuditEvent
from market.core.db import db

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXECUTABLES = {
    "windows": b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 120,
    "linux": b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 120,
}
ERROR_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    409: "invalid_transition",
    413: "too_large",
    422: "validation_failed",
}


def equipment_body(**overrides: Any) -> dict[str, Any]:
    """POST /api/v1/products for a first-set machine tool, as a client sends it."""
    return {
        "category": "equipment",
        "name_zh": "五轴联动数控机床",
        "name_en": "Five-axis CNC machining centre",
        "summary": "Five-axis simultaneous machining for aerospace structural parts.",
        "description_md": "## Specification\n\n- Travel X/Y/Z: 2000/1600/1000 mm",
        "technical_field": "cnc_machine_tools",
        "tags": ["五轴", "CNC"],
        "region": "320000",
        "price_min": "4500000.00",
        "price_max": "5200000.00",
        "unit_value": "4800000.00",
        "unit_ordinal": 1,
        **overrides,
    }


DESIGNATION_BODY = {
    "kind": "miit_catalogue",
    "authority": "工业和信息化部 MIIT",
    "document_number": "工信部装函〔2024〕123号",
    "catalogue_edition": "2024",
    "valid_from": "2024-09-01",
    "valid_until": "2099-08-31",
}
CLAIM_BODIES = {
    "designations": DESIGNATION_BODY,
    "test-reports": {
        "institution": "国家机床质量检验检测中心 National Machine Tool Quality Centre",
        "standard": "GB/T 20957.4-2007",
        "report_number": "NMTQ-2024-0456",
        "issued_on": "2024-06-18",
        "conclusion": "Positioning accuracy 0.006 mm; meets the standard.",
    },
    "ip-rights": {
        "kind": "invention_patent",
        "number": "ZL202110123456.7",
        "title": "五轴联动热误差补偿方法",
    },
    "references": {
        "customer": "Xi'an Aero Structures Co.",
        "year": 2023,
        "outcome": "Two machines in production since March 2023; 98.5% availability.",
    },
    "insurance": {
        "insurer": "中国人民财产保险 PICC",
        "policy_number": "PICC-SZ-2024-7788",
        "coverage": "首台套综合险 first-set comprehensive cover, 1 year",
        "valid_from": "2024-10-01",
        "valid_until": "2099-09-30",
    },
}


def assert_error(response: Any, status: int, code: str | None = None) -> dict[str, Any]:
    """The API's error envelope: {"error": {"code", "message", "fields"}} with a JSON body."""
    assert response.status_code == status, response.text
    assert response.is_json, response.text
    error = response.json["error"]
    assert error["code"] == (code or ERROR_CODES[status])
    assert error["message"]
    assert isinstance(error["fields"], dict)
    return error


def count(model: Any) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


def written() -> dict[str, int]:
    """Row counts of everything an API call could write; equal before and after = nothing."""
    from market.catalog.evidence import CLAIM_TYPES

    models = [Product, ProductVersion, Document, StoredFile, AuditEvent, *CLAIM_TYPES.values()]
    db.session.expire_all()
    return {model.__name__: count(model) for model in models}


def events(verb: str, product: Product) -> list[AuditEvent]:
    return list(
        db.session.scalars(
            sa.select(AuditEvent).where(
                AuditEvent.verb == verb, AuditEvent.object_id == str(product.id)
            )
        )
    )


def publish_directly(product: Product, staff: Any, reviewer: Any) -> None:
    """Submit, verify every claim and publish through the services (no HTTP)."""
    services.submit(product, Actor(user=staff))
    claims: list[Claim] = product.working_version.claims
    for claim in claims:
        services.review_claim(claim, ReviewStatus.VERIFIED, "", Actor(user=reviewer))
    services.publish(product, Actor(user=reviewer))
    db.session.commit()


def attach(
    product: Product,
    staff: Any,
    storage: Any,
    content: bytes = PDF_BYTES,
    visibility: DocumentVisibility = DocumentVisibility.PUBLIC,
    filename: str = "certificate.pdf",
) -> Document:
    document = editing.attach_document(
        product,
        stream=io.BytesIO(content),
        filename=filename,
        title="Type test certificate",
        visibility=visibility,
        storage_root=storage,
        max_bytes=1 << 20,
        actor=Actor(user=staff),
    )
    db.session.commit()
    return document


def download_file(client: Any, url: str) -> Any:
    """GET a document and close the response: send_file holds the file open until then."""
    response = client.get(url)
    response.get_data()
    response.close()
    return response
