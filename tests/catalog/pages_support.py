"""Helpers for the catalog page tests: the people of the permission matrix, listings with
documents, and reading a page the way a user does (its text, not its markup)."""

from __future__ import annotations

import io
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from market.accounts.models import OrgKind, Role, User
from market.catalog import editing, services
from market.catalog.evidence import Designation, Document, DocumentVisibility, ReviewStatus
from market.catalog.models import Product
from market.core.audit import Actor
from market.core.db import db
from tests.catalog.conftest import DESIGNATION


def tiny_pdf(line: str = "Type test report") -> bytes:
    """A valid one-page PDF showing ``line``, with a correct cross-reference table."""
    stream = f"BT /F1 18 Tf 72 720 Td ({line}) Tj ET".encode("ascii")
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]/Contents 4 0 R"
        b"/Resources<</Font<</F1 5 0 R>>>>>>",
        b"<</Length %d>>stream\n%s\nendstream" % (len(stream), stream),
        b"<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


PDF_BYTES = tiny_pdf()
WINDOWS_EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 100

ROLES = ("anonymous", "buyer", "own_staff", "other_vendor", "reviewer", "operator_admin")


def people(make_org: Any, make_user: Any, vendor_staff: User, reviewer: User) -> dict[str, Any]:
    """One user per row of the permission matrix (``None`` is the anonymous visitor)."""
    return {
        "anonymous": None,
        "buyer": make_user(make_org(kind=OrgKind.BUYER), roles=(Role.REQUESTER,)),
        "own_staff": vendor_staff,
        "other_vendor": make_user(make_org(kind=OrgKind.VENDOR), roles=(Role.STAFF,)),
        "reviewer": reviewer,
        "operator_admin": make_user(make_org(kind=OrgKind.OPERATOR), roles=(Role.ADMIN,)),
    }


def attach(
    product: Product,
    staff: User,
    storage: Path,
    *,
    title: str = "Type test report",
    visibility: DocumentVisibility = DocumentVisibility.PUBLIC,
    content: bytes = PDF_BYTES,
    filename: str = "report.pdf",
) -> Document:
    return editing.attach_document(
        product,
        stream=io.BytesIO(content),
        filename=filename,
        title=title,
        visibility=visibility,
        storage_root=storage,
        max_bytes=1024 * 1024,
        actor=Actor(user=staff),
    )


def publish_now(product: Product, staff: User, reviewer: User) -> None:
    """Submit the working draft, verify its claims (adding a designation if it has none),
    publish it, and commit."""
    staff_actor, reviewer_actor = Actor(user=staff), Actor(user=reviewer)
    if not product.working_version.designations:
        editing.add_claim(product, "designations", dict(DESIGNATION), staff_actor)
    services.submit(product, staff_actor)
    for claim in product.working_version.claims:
        services.review_claim(claim, ReviewStatus.VERIFIED, "", reviewer_actor)
    services.publish(product, reviewer_actor)
    db.session.commit()


def designation_of(product: Product) -> Designation:
    return product.current_version.designations[0]


class _TextOf(HTMLParser):
    SKIP = frozenset({"script", "style", "head", "title"})

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP and self.skipping:
            self.skipping -= 1

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def text(response_or_html: Any) -> str:
    """What a reader sees of the page: its text, whitespace collapsed."""
    html = getattr(response_or_html, "text", response_or_html)
    parser = _TextOf()
    parser.feed(html)
    return re.sub(r"\s+", " ", " ".join(parser.parts)).strip()


def section(response: Any, element_id: str) -> str:
    """The text of the element with ``element_id`` (up to its matching closing tag)."""
    return text(element_html(response, element_id))


def element_html(response: Any, element_id: str) -> str:
    """The markup of the element with ``element_id``, up to its matching closing tag."""
    html = response.text
    match = re.search(rf'<(\w+)[^>]*\bid="{re.escape(element_id)}"', html)
    if match is None:
        return ""
    tag, start = match.group(1), match.start()
    depth, position = 0, start
    pattern = re.compile(rf"<(/?){tag}\b[^>]*>")
    for found in pattern.finditer(html, start):
        depth += -1 if found.group(1) else 1
        if depth == 0:
            position = found.end()
            break
    return html[start:position]


def download(client: Any, url: str) -> Any:
    """GET a document and close the response: send_file holds the file open until then."""
    response = client.get(url)
    response.get_data()
    response.close()
    return response


def field_error(response: Any, field_id: str) -> str | None:
    """The message shown under the form field ``field_id`` (within its own form group)."""
    html = response.text
    found = re.search(rf'id="{re.escape(field_id)}"', html)
    if found is None:
        return None
    following = re.search(r'<div class="mb-3|<fieldset|</form>', html[found.end() :])
    group = html[found.end() : found.end() + following.start()] if following else html
    message = re.search(r'<div class="invalid-feedback d-block">([^<]+)</div>', group)
    return message.group(1).strip() if message else None


def select_options(response: Any, field_id: str) -> list[tuple[str, str, bool]]:
    """The options of the select ``field_id`` as (value, text, selected), in order."""
    html = response.text
    found = re.search(rf'<select[^>]*\bid="{re.escape(field_id)}"[^>]*>(.*?)</select>', html, re.S)
    if found is None:
        return []
    return [
        (value, text(label), bool(re.search(r"\bselected\b", attrs)))
        for attrs, value, label in (
            (m.group(0), m.group("value"), m.group("label"))
            for m in re.finditer(
                r'<option(?=[^>]*\bvalue="(?P<value>[^"]*)")[^>]*>(?P<label>.*?)</option>',
                found.group(1),
                re.S,
            )
        )
    ]
