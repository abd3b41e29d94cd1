"""Uploaded files: the type comes from the bytes, the size is capped, the name is made safe,
and the same bytes are stored once."""

import io
import zipfile

import pytest
import sqlalchemy as sa

from market.catalog.evidence import StoredFile
from market.catalog.storage import (
    DOCX,
    JPEG,
    PDF,
    PNG,
    XLSX,
    blob_path,
    safe_filename,
    store_upload,
)
from market.core.db import db
from market.core.errors import ValidationFailed

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def office_file(part: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(part, "<x/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("content", "media_type"),
    [
        (PDF_BYTES, PDF),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 20, PNG),
        (b"\xff\xd8\xff\xe0" + b"\x00" * 20, JPEG),
        (office_file("word/document.xml"), DOCX),
        (office_file("xl/workbook.xml"), XLSX),
    ],
)
def test_accepted_types_are_recognised_by_content(db_session, tmp_path, content, media_type):
    stored, name = store_upload(io.BytesIO(content), "upload.bin", tmp_path, 1 << 20)

    assert stored.media_type == media_type
    assert name.startswith("upload.")
    assert blob_path(tmp_path, stored.sha256).read_bytes() == content


@pytest.mark.parametrize(
    "content",
    [
        b"MZ\x90\x00" + b"\x00" * 60,  # a Windows executable
        b"\x7fELF\x02\x01\x01" + b"\x00" * 60,  # a Linux executable
        b"<html><script>alert(1)</script></html>",
        office_file("evil/macro.bin"),  # a zip that is not an Office document
    ],
)
def test_anything_else_is_refused_whatever_its_name(db_session, tmp_path, content):
    with pytest.raises(ValidationFailed) as refused:
        store_upload(io.BytesIO(content), "certificate.pdf", tmp_path, 1 << 20)

    assert "Only PDF, PNG, JPEG" in refused.value.fields["file"][0]
    assert list(tmp_path.rglob("*")) == []  # nothing left behind


def test_a_file_over_the_limit_is_refused(db_session, tmp_path):
    with pytest.raises(ValidationFailed, match="larger than 1 MB"):
        store_upload(io.BytesIO(PDF_BYTES + b"0" * (1 << 20)), "big.pdf", tmp_path, 1 << 20)
    assert list(tmp_path.rglob("*")) == []


def test_an_empty_file_is_refused(db_session, tmp_path):
    with pytest.raises(ValidationFailed, match="empty"):
        store_upload(io.BytesIO(b""), "empty.pdf", tmp_path, 1 << 20)


def test_the_same_bytes_are_stored_once(db_session, tmp_path):
    first, _ = store_upload(io.BytesIO(PDF_BYTES), "a.pdf", tmp_path, 1 << 20)
    db.session.flush()
    second, _ = store_upload(io.BytesIO(PDF_BYTES), "b.pdf", tmp_path, 1 << 20)

    assert first is second
    assert db.session.scalar(sa.select(sa.func.count()).select_from(StoredFile)) == 1
    assert len([p for p in tmp_path.rglob("*") if p.is_file()]) == 1


@pytest.mark.parametrize(
    ("given", "safe"),
    [
        ("../../etc/passwd", "passwd.pdf"),
        ("..\\..\\windows\\system32\\evil.exe", "evil.pdf"),
        ("检测报告 2024.pdf", "检测报告 2024.pdf"),
        ("report\x00.pdf.exe", "report.pdf.pdf"),
        ("", "document.pdf"),
        ("...", "document.pdf"),
        ('a<b>c:"d|e?.pdf', "a b c d e.pdf"),
    ],
)
def test_file_names_lose_paths_and_keep_a_truthful_extension(given, safe):
    assert safe_filename(given, PDF) == safe


def test_bytes_lost_from_the_store_are_written_again(db_session, tmp_path):
    stored, _ = store_upload(io.BytesIO(PDF_BYTES), "a.pdf", tmp_path, 1 << 20)
    db.session.flush()
    blob_path(tmp_path, stored.sha256).unlink()

    store_upload(io.BytesIO(PDF_BYTES), "a.pdf", tmp_path, 1 << 20)

    assert blob_path(tmp_path, stored.sha256).read_bytes() == PDF_BYTES
