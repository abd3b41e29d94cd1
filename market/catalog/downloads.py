"""Serving a document's bytes, the same for the pages and the API."""

from __future__ import annotations

from pathlib import Path

from flask import Response, current_app, send_file
from flask_babel import gettext as _

from market.accounts.models import User
from market.catalog import permissions
from market.catalog.evidence import Document, StoredFile
from market.catalog.storage import blob_path
from market.core.errors import NotFound


def send_document(document: Document | None, user: User | None) -> Response:
    """The file as an attachment under its safe name; NotFound for those who may not read it."""
    if document is None or not permissions.can_download(user, document):
        raise NotFound(_("No such document."))
    return send_stored(document.file, document.filename)


def send_stored(stored: StoredFile, filename: str) -> Response:
    """Stored bytes as an attachment named ``filename`` (the caller has checked the reader)."""
    path = blob_path(Path(current_app.config["DOCUMENT_STORAGE"]), stored.sha256)
    if not path.is_file():
        current_app.logger.error("stored file %s is missing", path)
        raise NotFound(_("No such document."))
    response = send_file(
        path,
        mimetype=stored.media_type,
        as_attachment=True,
        download_name=filename,
        max_age=0,
    )
    # Never rendered inline, never guessed at, never kept by a shared cache.
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response
