"""Canonical bytes: whether an entry's bytes are RFC 8785 canonical JSON of a log record, and
the canonical bytes of its body (what signatures cover), in one parse and one serialisation."""

from __future__ import annotations

import json
import re
from typing import Any

import rfc8785

_LOGGED_AT = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z")
_RECORD_KEYS = frozenset({"seq", "prev_root", "logged_at", "kind", "body", "signer"})


class NotCanonical(ValueError):
    """Bytes that are not the RFC 8785 canonical JSON of what they parse to."""


class _ByReference(Exception):
    """A value the fast check leaves to ``rfc8785``: a float, an integer of 16 digits or more
    (past 2**53 JSON loses it), a character beyond the BMP (RFC 8785 orders keys by UTF-16)."""


def _small_int(text: str) -> int:
    if len(text) > 15:
        raise _ByReference
    return int(text)


def _no_float(_text: str) -> float:
    raise _ByReference


def _no_constant(text: str) -> Any:
    raise ValueError(f"{text} is not JSON")


# Without floats, large integers and characters beyond the BMP, RFC 8785 is exactly this: keys
# in code point order (the same as UTF-16's within the BMP), no whitespace, UTF-8, and the same
# escapes (", \, \b \f \n \r \t, other controls as \u00xx); rfc8785 copied them from here.
_ENCODE = json.JSONEncoder(
    ensure_ascii=False, separators=(",", ":"), sort_keys=True, allow_nan=False
).encode


def _beyond_bmp(data: bytes) -> bool:
    """Whether ``data`` has the lead byte of a 4-byte UTF-8 sequence (memchr is fastest)."""
    return (
        b"\xf0" in data
        or b"\xf1" in data
        or b"\xf2" in data
        or b"\xf3" in data
        or (b"\xf4" in data)
    )


_DECODE = json.JSONDecoder(
    parse_int=_small_int, parse_float=_no_float, parse_constant=_no_constant
).decode


def parse_entry(data: bytes) -> tuple[Any, bytes | None]:
    """What ``data`` holds, and the canonical bytes of its ``body`` (what signatures cover)
    when it is an object with one; NotCanonical unless ``rfc8785.dumps(json.loads(data)) ==
    data``. One parse and one serialisation, at the C json module's speed."""
    try:
        if _beyond_bmp(data):
            raise _ByReference
        value = _DECODE(data.decode())
        body = None
        if type(value) is dict and "body" in value:
            body = _ENCODE(value["body"])
            if min(value) == "body":  # a record: the body comes first, then the rest
                rest = _ENCODE({key: item for key, item in value.items() if key != "body"})
                canonical = ('{"body":' + body + ("}" if rest == "{}" else "," + rest[1:])).encode()
            else:
                canonical = _ENCODE(value).encode()
        else:
            canonical = _ENCODE(value).encode()
    except _ByReference:
        return _parse_by_reference(data)
    except (ValueError, RecursionError) as exc:  # not JSON, not UTF-8, a lone surrogate
        raise NotCanonical(f"not JSON ({exc})") from None
    if canonical != data:
        raise NotCanonical("not in RFC 8785 canonical form")
    return value, None if body is None else body.encode()


def _parse_by_reference(data: bytes) -> tuple[Any, bytes | None]:
    try:
        value = json.loads(data, parse_constant=_no_constant)
        canonical = rfc8785.dumps(value)
        body = rfc8785.dumps(value["body"]) if type(value) is dict and "body" in value else None
    except (ValueError, RecursionError) as exc:  # CanonicalizationError is a ValueError
        raise NotCanonical(f"not canonical JSON ({exc})") from None
    if canonical != data:
        raise NotCanonical("not in RFC 8785 canonical form")
    return value, body


def record_problem(record: Any) -> str | None:
    """Why ``record`` is not a log record, if it is not."""
    if type(record) is not dict or record.keys() != _RECORD_KEYS:
        return "it is not a log record {seq, prev_root, logged_at, kind, body, signer}"
    if (
        type(record["seq"]) is not int
        or type(record["prev_root"]) is not str
        or type(record["logged_at"]) is not str
        or type(record["kind"]) is not str
        or type(record["body"]) is not dict
        or not (record["signer"] is None or type(record["signer"]) is dict)
    ):
        return "a field of its record has the wrong type"
    if not _LOGGED_AT.fullmatch(record["logged_at"]):
        return f"its logged_at {record['logged_at']!r} is not YYYY-MM-DDTHH:MM:SS.ffffffZ"
    return None
