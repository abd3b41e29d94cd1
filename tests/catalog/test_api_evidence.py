"""Evidence and documents through /api/v1: claims of every kind, their review, uploads that are
checked by content, safe names, size limits, and downloads only for those allowed."""

import io
import uuid

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import FileStorage
from werkzeug.test import stream_encode_multipart

from market.accounts.models import OrgKind, Role
from market.catalog import editing
from market.catalog.evidence import (
    CLAIM_TYPES,
    Document,
    DocumentVisibility,
    ReviewStatus,
    StoredFile,
)
from market.catalog.models import ListingState
from market.catalog.storage import blob_path
from market.catalog.taxonomy import Category
from market.core.audit import Actor
from market.core.db import db
from tests.catalog.api_support import (
    CLAIM_BODIES,
    DESIGNATION_BODY,
    EXECUTABLES,
    PDF_BYTES,
    assert_error,
    attach,
    count,
    download_file,
    events,
    publish_directly,
    written,
)
from tests.catalog.conftest import DESIGNATION
from tests.conftest import reload


@pytest.fixture
def config(app):
    """config(NAME=value): change the app's configuration for one test."""
    saved = {}

    def set_values(**values):
        for name, value in values.items():
            saved.setdefault(name, app.config[name])
            app.config[name] = value

    yield set_values
    app.config.update(saved)


@pytest.fixture
def buyer(make_org, make_user):
    return make_user(make_org(kind=OrgKind.BUYER), roles=(Role.REQUESTER,))


def claims_url(product, kind, claim=None):
    url = f"/api/v1/products/{product.id}/{kind}"
    return f"{url}/{claim.id if hasattr(claim, 'id') else claim}" if claim else url


# -- claims --------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", list(CLAIM_BODIES))
def test_a_vendor_adds_each_kind_of_evidence_unverified(
    api_client, make_product, vendor_staff, kind
):
    product = make_product()
    client = api_client(vendor_staff)

    response = client.post(claims_url(product, kind), json=CLAIM_BODIES[kind])

    assert response.status_code == 201, response.text
    claim = response.json
    assert claim["review_status"] == "unverified"
    assert claim["review_note"] is None
    for name, value in CLAIM_BODIES[kind].items():
        assert claim[name] == value
    listing = client.get(f"/api/v1/products/{product.id}").json
    key = kind.replace("-", "_")
    assert [c["id"] for c in listing["working_version"][key]] == [claim["id"]]
    assert db.session.get(CLAIM_TYPES[kind], uuid.UUID(claim["id"])) is not None


@pytest.mark.parametrize(
    ("kind", "body", "bad_field"),
    [
        pytest.param(
            "designations",
            DESIGNATION_BODY | {"valid_from": "2025-01-01", "valid_until": "2024-12-31"},
            "valid_until",
            id="designation-dates-out-of-order",
        ),
        pytest.param(
            "insurance",
            CLAIM_BODIES["insurance"] | {"valid_until": "2020-01-01"},
            "valid_until",
            id="insurance-dates-out-of-order",
        ),
        pytest.param(
            "designations", DESIGNATION_BODY | {"kind": "gold_medal"}, "kind", id="unknown-kind"
        ),
        pytest.param(
            "designations",
            DESIGNATION_BODY | {"review_status": "verified"},
            "review_status",
            id="vendor-cannot-verify",
        ),
        pytest.param(
            "designations", DESIGNATION_BODY | {"valid_from": 20240901}, "valid_from", id="type"
        ),
        pytest.param(
            "test-reports",
            CLAIM_BODIES["test-reports"] | {"issued_on": "2999-01-01"},
            "issued_on",
            id="report-from-the-future",
        ),
        pytest.param("references", CLAIM_BODIES["references"] | {"year": 1800}, "year", id="year"),
        pytest.param("ip-rights", {"kind": "invention_patent"}, "number", id="missing-fields"),
    ],
)
def test_bad_evidence_is_422_with_field_errors_and_nothing_is_written(
    api_client, make_product, vendor_staff, kind, body, bad_field
):
    product = make_product()
    client = api_client(vendor_staff)
    before = written()

    response = client.post(claims_url(product, kind), json=body)

    assert bad_field in assert_error(response, 422)["fields"]
    assert written() == before


@pytest.mark.parametrize(
    ("category", "kind", "fits"),
    [
        (Category.EQUIPMENT, "miit_catalogue", True),
        (Category.EQUIPMENT, "samr_first_set", True),
        (Category.EQUIPMENT, "provincial", True),
        (Category.EQUIPMENT, "first_batch_material", False),
        (Category.EQUIPMENT, "first_version_software", False),
        (Category.MATERIAL, "first_batch_material", True),
        (Category.MATERIAL, "provincial", True),
        (Category.MATERIAL, "miit_catalogue", False),
        (Category.SOFTWARE, "first_version_software", True),
        (Category.SOFTWARE, "provincial", True),
        (Category.SOFTWARE, "samr_first_set", False),
    ],
    ids=str,
)
def test_a_designation_must_be_of_a_kind_the_category_can_hold(
    api_client, make_product, vendor_staff, category, kind, fits
):
    product = make_product(category=category)
    client = api_client(vendor_staff)
    before = written()

    response = client.post(
        claims_url(product, "designations"), json=DESIGNATION_BODY | {"kind": kind}
    )

    if fits:
        assert response.status_code == 201, response.text
    else:
        error = assert_error(response, 422)
        assert "Not a designation for this kind of product" in error["fields"]["kind"][0]
        assert written() == before


def test_a_designation_cannot_be_changed_to_a_kind_the_category_cannot_hold(
    api_client, make_product, vendor_staff
):
    product = make_product()
    client = api_client(vendor_staff)
    claim = client.post(claims_url(product, "designations"), json=DESIGNATION_BODY).json

    response = client.patch(
        claims_url(product, "designations", claim["id"]), json={"kind": "first_batch_material"}
    )

    assert "kind" in assert_error(response, 422)["fields"]
    assert reload(product).working_version.designations[0].kind == "miit_catalogue"


def test_an_unknown_kind_of_evidence_is_404(api_client, make_product, vendor_staff):
    product = make_product()

    response = api_client(vendor_staff).post(claims_url(product, "medals"), json={})

    assert_error(response, 404)


def test_changing_a_claim_sends_it_back_to_review_and_removing_deletes_it(
    api_client, make_product, vendor_staff
):
    product = make_product(state=ListingState.PUBLISHED)
    client = api_client(vendor_staff)
    client.patch(f"/api/v1/products/{product.id}", json={"summary": "Revised."})
    draft = reload(product).working_version
    [copied] = draft.designations
    assert copied.review_status == ReviewStatus.VERIFIED

    changed = client.patch(
        claims_url(product, "designations", copied),
        json={"document_number": "工信部装函〔2025〕7号"},
    )
    assert changed.status_code == 200, changed.text
    assert changed.json["review_status"] == "unverified"
    assert changed.json["document_number"] == "工信部装函〔2025〕7号"
    assert_error(client.patch(claims_url(product, "designations", copied), json={}), 422)
    bad = client.patch(
        claims_url(product, "designations", copied), json={"valid_until": "2000-01-01"}
    )
    assert "valid_until" in assert_error(bad, 422)["fields"]

    removed = client.delete(claims_url(product, "designations", copied))
    assert removed.status_code == 204
    assert reload(product).working_version.designations == []
    assert len(reload(product).live_version.designations) == 1  # the live version keeps its own


def test_evidence_of_the_live_version_cannot_be_changed_in_place(
    api_client, make_product, vendor_staff
):
    product = make_product(state=ListingState.PUBLISHED)
    [live_claim] = product.live_version.designations

    response = api_client(vendor_staff).patch(
        claims_url(product, "designations", live_claim), json={"authority": "Someone else"}
    )

    assert_error(response, 409, "conflict")
    assert reload(live_claim).authority == DESIGNATION_BODY["authority"]


def test_a_claim_is_found_only_under_its_own_listing(api_client, make_product, vendor_staff):
    first, second = make_product(state=ListingState.SUBMITTED), make_product()
    [claim] = first.working_version.designations
    client = api_client(vendor_staff)

    assert_error(
        client.patch(claims_url(second, "designations", claim), json={"authority": "x"}), 404
    )
    assert_error(client.delete(claims_url(first, "test-reports", claim.id)), 404)
    assert_error(client.delete(claims_url(first, "designations", uuid.uuid4())), 404)


def test_reviewers_verify_and_reject_claims_with_reasons(api_client, make_product, reviewer):
    product = make_product(state=ListingState.SUBMITTED)
    [claim] = product.working_version.designations
    client = api_client(reviewer)
    url = claims_url(product, "designations", claim) + "/review"

    no_reason = client.post(url, json={"status": "rejected"})
    assert "note" in assert_error(no_reason, 422)["fields"]
    assert "status" in assert_error(client.post(url, json={"status": "unverified"}), 422)["fields"]
    rejected = client.post(url, json={"status": "rejected", "note": "Number not in the catalogue."})

    assert rejected.status_code == 200, rejected.text
    assert rejected.json["review_status"] == "rejected"
    assert rejected.json["review_note"] == "Number not in the catalogue."
    assert reload(claim).reviewed_by_id == reviewer.id
    assert len(events("product.claim_rejected", product)) == 1


def test_a_repeated_decision_is_409_and_records_nothing(api_client, make_product, reviewer):
    product = make_product(state=ListingState.SUBMITTED)
    [claim] = product.working_version.designations
    client = api_client(reviewer)
    url = claims_url(product, "designations", claim) + "/review"
    assert client.post(url, json={"status": "verified"}).status_code == 200
    before = written()

    again = client.post(url, json={"status": "verified", "note": "Checked twice."})

    assert "already verified" in assert_error(again, 409, "conflict")["message"]
    assert written() == before
    assert len(events("product.claim_verified", product)) == 1
    assert reload(claim).review_note is None
    # Changing one's mind is a decision of its own, and so is changing it back.
    changed = client.post(url, json={"status": "rejected", "note": "Wrong edition."})
    assert changed.status_code == 200
    repeated = client.post(url, json={"status": "rejected", "note": "Wrong edition."})
    assert "already rejected" in assert_error(repeated, 409, "conflict")["message"]
    assert client.post(url, json={"status": "verified"}).status_code == 200
    assert len(events("product.claim_verified", product)) == 2
    assert len(events("product.claim_rejected", product)) == 1


def test_only_reviewers_review_and_only_submitted_versions(
    api_client, make_product, vendor_staff, reviewer
):
    submitted = make_product(state=ListingState.SUBMITTED)
    [claim] = submitted.working_version.designations
    url = claims_url(submitted, "designations", claim) + "/review"

    assert_error(api_client(vendor_staff).post(url, json={"status": "verified"}), 403)
    assert reload(claim).review_status == ReviewStatus.UNVERIFIED

    sent_back = make_product(state=ListingState.CHANGES_REQUESTED)
    [draft_claim] = sent_back.working_version.designations
    url = claims_url(sent_back, "designations", draft_claim) + "/review"
    assert_error(api_client(reviewer).post(url, json={"status": "verified"}), 409)


# -- documents -----------------------------------------------------------------------------------


def upload(client, product, content=PDF_BYTES, filename="certificate.pdf", **form):
    data = {"title": "Type test certificate", **form}
    if content is not None:
        data["file"] = FileStorage(io.BytesIO(content), filename, content_type="application/pdf")
    # Encoded in memory: the test client's own encoder leaves a temporary file open past 500 KB.
    body, length, boundary = stream_encode_multipart(data, use_tempfile=False)
    return client.post(
        f"/api/v1/products/{product.id}/documents",
        input_stream=body,
        content_length=length,
        content_type=f"multipart/form-data; boundary={boundary}",
    )


def test_a_pdf_is_stored_once_by_its_sha256(api_client, make_product, vendor_staff, storage):
    product = make_product()
    client = api_client(vendor_staff)

    first = upload(client, product, visibility="buyers")
    again = upload(client, product, filename="copy.pdf")

    assert first.status_code == again.status_code == 201, first.text
    document = first.json
    assert document["media_type"] == "application/pdf"
    assert document["size"] == len(PDF_BYTES)
    assert document["visibility"] == "buyers"
    assert document["filename"] == "certificate.pdf"
    assert document["download_url"] == f"/api/v1/documents/{document['id']}"
    assert again.json["sha256"] == document["sha256"]
    assert count(StoredFile) == 1
    assert count(Document) == 2
    assert blob_path(storage, document["sha256"]).read_bytes() == PDF_BYTES
    assert [p.name for p in storage.rglob("*") if p.is_file()] == [document["sha256"]]


def test_an_upload_is_received_whole_before_the_request_queries_the_database(
    app, api_client, make_product, vendor_staff, storage
):
    product = make_product()
    with app.app_context():
        engine = db.engine
    client = api_client(vendor_staff)
    seen: list[str] = []

    class Arriving(io.BytesIO):
        """The request body as the server reads it, noting each read."""

        def read(self, *args):
            seen.append("body")
            return super().read(*args)

        def readinto(self, buffer):
            seen.append("body")
            return super().readinto(buffer)

        def readline(self, *args):
            seen.append("body")
            return super().readline(*args)

    def statement(*_args):
        seen.append("sql")

    data = {"title": "Type test certificate"}
    data["file"] = FileStorage(io.BytesIO(PDF_BYTES), "c.pdf", content_type="application/pdf")
    body, length, boundary = stream_encode_multipart(data, use_tempfile=False)
    url = f"/api/v1/products/{product.id}/documents"
    sa.event.listen(engine, "before_cursor_execute", statement)
    try:
        response = client.post(
            url,
            input_stream=Arriving(body.read()),
            content_length=length,
            content_type=f"multipart/form-data; boundary={boundary}",
        )
    finally:
        sa.event.remove(engine, "before_cursor_execute", statement)

    assert response.status_code == 201, response.text
    assert "sql" in seen
    last_read = max(i for i, what in enumerate(seen) if what == "body")
    assert "sql" not in seen[:last_read]


@pytest.mark.parametrize("executable", list(EXECUTABLES))
def test_an_executable_named_pdf_is_refused(
    api_client, make_product, vendor_staff, storage, executable
):
    product = make_product()
    client = api_client(vendor_staff)
    before = written()

    response = upload(client, product, content=EXECUTABLES[executable], filename="report.pdf")

    error = assert_error(response, 422)
    assert "Only PDF, PNG, JPEG" in error["fields"]["file"][0]
    assert written() == before
    assert not storage.exists() or [p for p in storage.rglob("*") if p.is_file()] == []


def test_a_file_over_the_document_limit_is_refused(
    api_client, make_product, vendor_staff, storage, config
):
    config(MAX_DOCUMENT_BYTES=1024 * 1024)
    product = make_product()
    client = api_client(vendor_staff)
    before = written()

    response = upload(client, product, content=PDF_BYTES + b"0" * (1024 * 1024))

    assert "larger than 1 MB" in assert_error(response, 422)["fields"]["file"][0]
    assert written() == before


def test_a_request_over_the_body_limit_is_413_json(
    api_client, make_product, vendor_staff, storage, config
):
    config(MAX_CONTENT_LENGTH=4096)
    product = make_product()
    client = api_client(vendor_staff)
    before = written()

    response = upload(client, product, content=PDF_BYTES + b"0" * 8192)

    assert_error(response, 413)
    assert written() == before


def test_a_path_in_the_file_name_is_dropped(api_client, make_product, vendor_staff, storage):
    product = make_product(state=ListingState.DRAFT)
    client = api_client(vendor_staff)

    response = upload(client, product, filename="../../etc/passwd")

    assert response.status_code == 201, response.text
    assert response.json["filename"] == "passwd.pdf"
    download = download_file(client, response.json["download_url"])
    assert download.status_code == 200
    assert download.headers["Content-Disposition"] == "attachment; filename=passwd.pdf"
    assert not (storage.parent / "etc").exists()


@pytest.mark.parametrize(
    ("form", "content", "bad_field"),
    [
        ({}, None, "file"),
        ({"title": ""}, PDF_BYTES, "title"),
        ({"visibility": "secret"}, PDF_BYTES, "visibility"),
        ({"colour": "red"}, PDF_BYTES, "colour"),
        ({"file": "not a file"}, None, "file"),
    ],
    ids=str,
)
def test_bad_uploads_are_422(
    api_client, make_product, vendor_staff, storage, form, content, bad_field
):
    product = make_product()
    client = api_client(vendor_staff)
    before = written()

    response = upload(client, product, content=content, **form)

    assert bad_field in assert_error(response, 422)["fields"]
    assert written() == before


def test_only_the_vendor_uploads(api_client, make_product, reviewer, buyer, storage):
    submitted, published = (
        make_product(state=ListingState.SUBMITTED),
        make_product(state=ListingState.PUBLISHED),
    )

    assert_error(upload(api_client(None), published), 401)
    assert_error(upload(api_client(buyer), published), 404)
    assert_error(upload(api_client(reviewer), submitted), 403)
    assert count(Document) == 0


def test_the_vendor_removes_a_document_of_its_draft(
    api_client, make_product, vendor_staff, storage
):
    product = make_product()
    document = attach(product, vendor_staff, storage)
    client = api_client(vendor_staff)

    assert (
        client.delete(f"/api/v1/products/{product.id}/documents/{uuid.uuid4()}").status_code == 404
    )
    response = client.delete(f"/api/v1/products/{product.id}/documents/{document.id}")

    assert response.status_code == 204
    assert reload(product).working_version.documents == []


# -- downloads -----------------------------------------------------------------------------------


@pytest.fixture
def published_documents(make_product, vendor_staff, reviewer, storage):
    """A published listing with a public and a buyer-only document, and a draft's document."""
    product = make_product()
    public = attach(product, vendor_staff, storage, filename="brochure.pdf")
    buyers_only = attach(
        product,
        vendor_staff,
        storage,
        content=PDF_BYTES + b"% price list\n",
        visibility=DocumentVisibility.BUYERS,
        filename="价格表.pdf",
    )
    editing.add_claim(product, "designations", dict(DESIGNATION), Actor(user=vendor_staff))
    publish_directly(product, vendor_staff, reviewer)
    draft = make_product()
    return {
        "product": product,
        "public": public,
        "buyers": buyers_only,
        "draft": attach(draft, vendor_staff, storage),
    }


def test_anyone_downloads_a_public_document_as_an_attachment(api_client, published_documents):
    document = published_documents["public"]

    response = download_file(api_client(None), f"/api/v1/documents/{document.id}")

    assert response.status_code == 200
    assert response.data == PDF_BYTES
    assert response.mimetype == "application/pdf"
    assert response.headers["Content-Disposition"] == "attachment; filename=brochure.pdf"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_buyer_only_documents_are_for_buyers(api_client, published_documents, buyer):
    document = published_documents["buyers"]
    url = f"/api/v1/documents/{document.id}"
    listing_url = f"/api/v1/products/{published_documents['product'].id}"

    assert_error(download_file(api_client(None), url), 404)
    for_buyer = download_file(api_client(buyer), url)
    assert for_buyer.status_code == 200
    assert for_buyer.data.endswith(b"% price list\n")
    assert (
        "filename*=UTF-8''%E4%BB%B7%E6%A0%BC%E8%A1%A8.pdf"
        in for_buyer.headers["Content-Disposition"]
    )
    public_titles = [
        d["filename"] for d in api_client(None).get(listing_url).json["live_version"]["documents"]
    ]
    buyer_titles = [
        d["filename"] for d in api_client(buyer).get(listing_url).json["live_version"]["documents"]
    ]
    assert public_titles == ["brochure.pdf"]
    assert sorted(buyer_titles) == ["brochure.pdf", "价格表.pdf"]


def test_a_drafts_documents_are_for_its_vendor(
    api_client, published_documents, vendor_staff, buyer, reviewer
):
    url = f"/api/v1/documents/{published_documents['draft'].id}"

    for outsider in (None, buyer, reviewer):
        assert_error(download_file(api_client(outsider), url), 404)
    assert download_file(api_client(vendor_staff), url).status_code == 200
    assert_error(api_client(vendor_staff).get(f"/api/v1/documents/{uuid.uuid4()}"), 404)
