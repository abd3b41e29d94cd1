"""A one-page PDF of plain text, written by hand: enough for a demo document, no dependency.

The text is set in Helvetica, one of the fonts every PDF reader has, so it must be Latin-1;
Chinese is left out and a few symbols are spelled in ASCII.
"""

from __future__ import annotations

import unicodedata

_ASCII = {
    "±": "+/-", "×": "x", "≥": ">=", "≤": "<=", "Φ": "dia. ", "μ": "u", "°": " deg", "–": "-",
    "—": "-", "·": ".", "（": "(", "）": ")", "²": "2", "³": "3", "⁵": "^5", "½": "^1/2",
}  # fmt: skip


def plain(text: str) -> str:
    """Printable ASCII only, with PDF's string delimiters escaped."""
    text = "".join(_ASCII.get(c, c) for c in unicodedata.normalize("NFKC", text))
    text = "".join(c for c in text if " " <= c <= "~")
    text = " ".join(text.split())
    return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def text_pdf(lines: list[str]) -> bytes:
    """A valid single-page A4 PDF showing ``lines``."""
    shown = " ".join(f"({plain(line)}) Tj T*" for line in lines[:50])
    stream = f"BT /F1 10 Tf 14 TL 56 790 Td {shown} ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842]"
        b" /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)
