"""Uploaded documents: type decided from the content, size-limited, stored once by SHA-256.

Files live under DOCUMENT_STORAGE (default ``instance/documents``) at ``ab/cd/<sha256>``. Bytes are
written before the database row; if the transaction then rolls back, the file stays behind, named
by no row and never served, until ``flask catalog files sweep`` removes it (``file_upkeep``).
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import tempfile
import unicodedata
import zipfile
from pathlib import Path
from typing import BinaryIO

from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from market.catalog.evidence import StoredFile
from market.core.db import db
from market.core.errors import ValidationFailed

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXTENSIONS = {PDF: ".pdf", PNG: ".png", JPEG: ".jpg", DOCX: ".docx", XLSX: ".xlsx"}
CHUNK = 1 << 16
# An upload's bytes on their way in, in the store's top folder (so the final rename stays on disk).
UPLOAD_PREFIX = ".upload-"


def sniff_media_type(path: Path) -> str | None:
    """The file's type from its first bytes (and, for Office files, the zip's parts)."""
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(path) as archive:
                names = set(archive.namelist())
        except (zipfile.BadZipFile, OSError):
            return None
        if "[Content_Types].xml" in names:
            if "word/document.xml" in names:
                return DOCX
            if "xl/workbook.xml" in names:
                return XLSX
    return None


def safe_filename(name: str, media_type: str) -> str:
    """A display name without any path, control characters or misleading extension."""
    name = unicodedata.normalize("NFC", name).replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C")
    name = re.sub(r'[<>:"|?*\s]+', " ", name).strip(" .")
    stem = name.rsplit(".", 1)[0] if "." in name else name
    stem = stem[:150].strip(" .") or "document"
    return stem + EXTENSIONS[media_type]


def store_upload(
    stream: BinaryIO | io.BytesIO, filename: str, root: Path, max_bytes: int
) -> tuple[StoredFile, str]:
    """Store an uploaded file once by its SHA-256; returns its row and a safe display name.

    Raises ValidationFailed (file): too large, empty, or not a PDF/PNG/JPEG/DOCX/XLSX by content.
    """
    root.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    fd, tmp_name = tempfile.mkstemp(dir=root, prefix=UPLOAD_PREFIX)
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "wb") as out:
            while chunk := stream.read(CHUNK):
                size += len(chunk)
                if size > max_bytes:
                    raise _rejected(_("The file is larger than %(limit)s.", limit=_size(max_bytes)))
                digest.update(chunk)
                out.write(chunk)
        if size == 0:
            raise _rejected(_("The file is empty."))
        media_type = sniff_media_type(tmp)
        if media_type is None:
            raise _rejected(
                _("Only PDF, PNG, JPEG, Word (.docx) and Excel (.xlsx) files are accepted.")
            )
        sha256 = digest.hexdigest()
        target = blob_path(root, sha256)
        try:
            # Bytes stored already: touched, a sweep running now leaves them (file_upkeep).
            os.utime(target)
        except FileNotFoundError:  # new bytes, or a store that lost them: (re)write them
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(tmp, target)
        return _stored_file_row(sha256, size, media_type), safe_filename(filename, media_type)
    finally:
        tmp.unlink(missing_ok=True)


def _stored_file_row(sha256: str, size: int, media_type: str) -> StoredFile:
    stored = db.session.get(StoredFile, sha256)
    if stored is not None:
        return stored
    try:
        # A SAVEPOINT: two first uploads of the same bytes at once must not fail the second.
        with db.session.begin_nested():
            stored = StoredFile(sha256=sha256, size=size, media_type=media_type)
            db.session.add(stored)
    except IntegrityError:
        stored = db.session.get(StoredFile, sha256)
        assert stored is not None
    return stored


def _size(n: int) -> str:
    return f"{n // (1024 * 1024)} MB" if n >= 1024 * 1024 else f"{max(n // 1024, 1)} KB"


def blob_path(root: Path, sha256: str) -> Path:
    return root / sha256[:2] / sha256[2:4] / sha256


def _rejected(message: str) -> ValidationFailed:
    return ValidationFailed(message, {"file": [message]})
