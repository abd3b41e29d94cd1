"""Evidence and documents through the vendor's pages: claims of every kind, and uploads that
are checked by their content and stored under safe names."""

import io

import pytest
import sqlalchemy as sa

from market.catalog.evidence import Designation, Document, StoredFile
from market.catalog.storage import blob_path
from market.catalog.taxonomy import Category, DesignationKind
from market.core.db import db
from tests.catalog.pages_support import (
    PDF_BYTES,
    WINDOWS_EXECUTABLE,
    attach,
    download,
    field_error,
    section,
    select_options,
    text,
)

DESIGNATION_FORM = {
    "kind": "miit_catalogue",
    "authority": "工业和信息化部 MIIT",
    "document_number": "工信部装函〔2024〕123号",
    "catalogue_edition": "2024",
    "valid_from": "2024-09-01",
    "valid_until": "2099-08-31",
}


@pytest.fixture
def staff_browser(as_user, vendor_staff):
    return as_user(vendor_staff)


def test_a_vendor_adds_and_removes_evidence(staff_browser, make_product):
    product = make_product()

    added = staff_browser.post(
        f"/products/{product.id}/evidence/designations/new", data=DESIGNATION_FORM
    )

    assert added.status_code == 302
    evidence = staff_browser.get(f"/products/{product.id}/evidence")
    claims = section(evidence, "designations")
    assert "工信部装函〔2024〕123号" in claims
    assert "Not yet verified" in claims
    designation = db.session.scalars(sa.select(Designation)).one()

    removed = staff_browser.post(
        f"/products/{product.id}/evidence/designations/{designation.id}/remove"
    )

    assert removed.status_code == 302
    assert db.session.scalars(sa.select(Designation)).all() == []


def test_evidence_with_dates_out_of_order_is_refused(staff_browser, make_product):
    product = make_product()

    response = staff_browser.post(
        f"/products/{product.id}/evidence/designations/new",
        data={**DESIGNATION_FORM, "valid_until": "2020-01-01"},
    )

    assert response.status_code == 422
    assert field_error(response, "valid_until") == "Ends before it starts."
    assert db.session.scalars(sa.select(Designation)).all() == []


@pytest.mark.parametrize(
    ("category", "offered"),
    [
        (Category.EQUIPMENT, ["miit_catalogue", "samr_first_set", "provincial"]),
        (Category.MATERIAL, ["first_batch_material", "provincial"]),
        (Category.SOFTWARE, ["first_version_software", "provincial"]),
    ],
    ids=str,
)
def test_the_designation_form_offers_the_kinds_the_category_can_hold(
    staff_browser, make_product, category, offered
):
    product = make_product(category=category)
    url = f"/products/{product.id}/evidence/designations/new"

    form = staff_browser.get(url)

    assert [value for value, _label, _selected in select_options(form, "kind")] == offered
    other = next(kind for kind in DesignationKind if kind not in offered)
    refused = staff_browser.post(url, data={**DESIGNATION_FORM, "kind": other})
    assert refused.status_code == 422
    assert field_error(refused, "kind") == "Not a valid choice."
    assert db.session.scalars(sa.select(Designation)).all() == []


def test_each_kind_of_evidence_has_a_form(staff_browser, make_product):
    product = make_product()
    forms = {
        "test-reports": {
            "institution": "国家机床质量检验检测中心",
            "standard": "GB/T 20957.4",
            "report_number": "NCMT-1",
            "issued_on": "2024-08-15",
            "conclusion": "Pass",
        },
        "ip-rights": {
            "kind": "invention_patent",
            "number": "ZL202310000001.X",
            "title": "Thermal compensation",
        },
        "references": {"customer": "中国商飞 COMAC", "year": "2024", "outcome": "3 units run"},
        "insurance": {
            "insurer": "PICC",
            "policy_number": "P-1",
            "coverage": "Quality risk",
            "valid_from": "2025-01-01",
            "valid_until": "2026-12-31",
        },
    }
    for kind, data in forms.items():
        assert staff_browser.get(f"/products/{product.id}/evidence/{kind}/new").status_code == 200
        response = staff_browser.post(f"/products/{product.id}/evidence/{kind}/new", data=data)
        assert response.status_code == 302, kind

    evidence = text(staff_browser.get(f"/products/{product.id}/evidence"))
    for expected in ("NCMT-1", "ZL202310000001.X", "中国商飞 COMAC", "P-1"):
        assert expected in evidence
    assert staff_browser.get(f"/products/{product.id}/evidence/rumours/new").status_code == 404


def test_an_executable_renamed_pdf_is_refused_with_a_field_error(
    staff_browser, make_product, storage
):
    product = make_product()

    response = staff_browser.post(
        f"/products/{product.id}/documents",
        data={
            "file": (io.BytesIO(WINDOWS_EXECUTABLE), "datasheet.pdf"),
            "title": "Datasheet",
            "visibility": "public",
        },
        content_type="multipart/form-data",
    )

    assert response.status_code == 422
    assert "Only PDF, PNG, JPEG" in (field_error(response, "file") or "")
    assert db.session.scalars(sa.select(Document)).all() == []
    assert not any(p.is_file() for p in storage.rglob("*")) if storage.exists() else True


def test_a_path_in_the_file_name_is_stored_safely(staff_browser, make_product, storage):
    product = make_product()

    response = staff_browser.post(
        f"/products/{product.id}/documents",
        data={
            "file": (io.BytesIO(PDF_BYTES), "../../etc/passwd"),
            "title": "Sneaky",
            "visibility": "public",
        },
        content_type="multipart/form-data",
    )

    assert response.status_code == 302
    document = db.session.scalars(sa.select(Document)).one()
    assert document.filename == "passwd.pdf"
    stored = blob_path(storage, document.sha256)
    assert stored.read_bytes() == PDF_BYTES
    assert stored.resolve().is_relative_to(storage.resolve())
    assert not (storage.parent.parent / "etc" / "passwd").exists()
    assert "passwd.pdf" in section(
        staff_browser.get(f"/products/{product.id}/evidence"), "document-list"
    )


def test_a_real_pdf_is_accepted_and_downloads_as_an_attachment(
    staff_browser, as_user, make_product, storage
):
    product = make_product()

    response = staff_browser.post(
        f"/products/{product.id}/documents",
        data={
            "file": (io.BytesIO(PDF_BYTES), "型式试验报告 type test.pdf"),
            "title": "Type test report",
            "visibility": "public",
        },
        content_type="multipart/form-data",
        follow_redirects=True,
    )

    assert response.status_code == 200
    assert "uploaded." in text(response)
    document = db.session.scalars(sa.select(Document)).one()
    assert db.session.get(StoredFile, document.sha256).media_type == "application/pdf"
    fetched = download(staff_browser, f"/documents/{document.id}")
    assert fetched.status_code == 200
    assert fetched.data == PDF_BYTES
    assert fetched.mimetype == "application/pdf"
    disposition = fetched.headers["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "type%20test.pdf" in disposition or "type test.pdf" in disposition
    assert fetched.headers["X-Content-Type-Options"] == "nosniff"
    # A draft's documents are the vendor's until the listing is published.
    assert download(as_user(None), f"/documents/{document.id}").status_code == 404


def test_a_vendor_removes_a_document_from_the_draft(
    staff_browser, make_product, storage, vendor_staff
):
    product = make_product()
    document = attach(product, vendor_staff, storage)
    db.session.commit()

    response = staff_browser.post(f"/products/{product.id}/documents/{document.id}/remove")

    assert response.status_code == 302
    assert db.session.scalars(sa.select(Document)).all() == []
