"""Highlights on the original text: the analysis tokens say where each matched term came from.

Backend-independent on purpose: a backend hands over the stored original texts and the query's
terms, so every backend marks exactly the same characters.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Mapping, Sequence
from html import escape

from search.term_spans import find_terms

MARK_OPEN = "<mark>"
MARK_CLOSE = "</mark>"
ELLIPSIS = "…"

# Fields a hit may carry highlights for, and how much of each is shown. Names and labels are
# short and shown whole; long texts are cut to a window around the densest run of matches.
SNIPPET_CHARS: dict[str, int | None] = {
    "name_zh": None,
    "name_en": None,
    "tags": None,
    "summary": 160,
    "vendor_name": None,
    "technical_field_label": None,
    "description": 160,
}
TAG_SEPARATOR = " · "
# What html.escape changes.
_HTML_SPECIAL = re.compile("[&<>\"']")
# How much text to show before the first mark of a snippet, as a share of the window.
_LEAD_SHARE = 0.25


def _window(text: str, spans: Sequence[tuple[int, int]], max_chars: int) -> tuple[int, int]:
    """The ``max_chars`` window of ``text`` holding the most spans (earliest on a tie)."""
    best_first, best_count = 0, 0
    for first, (start, _) in enumerate(spans):
        count = sum(1 for other, _ in spans[first:] if other < start + max_chars)
        if count > best_count:
            best_first, best_count = first, count
    begin = max(0, spans[best_first][0] - int(max_chars * _LEAD_SHARE))
    end = min(len(text), begin + max_chars)
    return max(0, end - max_chars), end


class Highlighter:
    """Marks the terms of one query; make one per search and reuse it for every hit."""

    def __init__(self, terms: Collection[str]) -> None:
        self.terms = frozenset(terms)

    def spans(self, text: str) -> list[tuple[int, int]]:
        """Spans of ``text`` whose tokens are query terms, merged where they overlap or touch."""
        if not self.terms:
            return []
        merged: list[tuple[int, int]] = []
        for start, end in find_terms(text, self.terms):
            if merged and start <= merged[-1][1]:
                merged[-1] = (merged[-1][0], max(merged[-1][1], end))
            else:
                merged.append((start, end))
        return merged

    def _by_piece(self, pieces: list[str]) -> dict[int, list[tuple[int, int]]]:
        """The merged spans of each piece with a match (by its number), offsets in the piece.

        One analysis pass over all the pieces joined by line breaks, which no term spans (a
        word or CJK pair never contains one): a pass per field cost twice as much per hit. The
        spans come in order, so they are merged and told apart by piece in the same walk.
        """
        marked: dict[int, list[tuple[int, int]]] = {}
        number, begin, stop = -1, 0, -1  # the piece being walked: its number, where it lies
        inside: list[tuple[int, int]] = []
        for start, end in find_terms("\n".join(pieces), self.terms):
            if inside and start - begin <= inside[-1][1]:
                if end - begin > inside[-1][1]:
                    inside[-1] = (inside[-1][0], end - begin)
                continue
            while start >= stop:  # the span is in a later piece
                number += 1
                begin = stop + 1
                stop = begin + len(pieces[number])
                inside = []
            if not inside:
                marked[number] = inside
            inside.append((start - begin, end - begin))
        return marked

    def highlight(self, text: str, max_chars: int | None = None) -> str | None:
        """``text`` HTML-escaped with ``<mark>`` around matched words, or ``None`` without a match.

        With ``max_chars``, a longer text is cut to the window with the most matches, and an
        ellipsis shows where it was cut.
        """
        return _marked(text, self.spans(text), max_chars)

    def fields(self, originals: Mapping[str, str | Sequence[str]]) -> dict[str, str]:
        """Highlights for every field of ``SNIPPET_CHARS`` in ``originals`` that has a match.

        ``tags`` is a list: it is shown joined, each tag marked on its own.
        """
        if not self.terms:
            return {}
        names: list[str] = []  # the field of each piece; each tag is a piece of its own
        pieces: list[str] = []
        for name in SNIPPET_CHARS:
            value = originals.get(name)
            if value:
                if isinstance(value, str):
                    names.append(name)
                    pieces.append(value)
                else:
                    names += [name] * len(value)
                    pieces += value
        marked = self._by_piece(pieces)
        if not marked:
            return {}
        result: dict[str, str] = {}
        for number, inside in marked.items():
            name = names[number]
            if name in result:
                continue
            if isinstance(originals[name], str):
                result[name] = _marked(pieces[number], inside, SNIPPET_CHARS[name])  # type: ignore[assignment]
            else:
                result[name] = TAG_SEPARATOR.join(
                    _marked(pieces[n], marked[n]) if n in marked else escape(pieces[n])  # type: ignore[misc]
                    for n in range(len(pieces))
                    if names[n] == name
                )
        return {name: result[name] for name in SNIPPET_CHARS if name in result}


def _marked(
    text: str, spans: Sequence[tuple[int, int]], max_chars: int | None = None
) -> str | None:
    """``text`` escaped with ``spans`` marked (cut to a window if longer than ``max_chars``)."""
    if not spans:
        return None
    begin, end = 0, len(text)
    if max_chars is not None and len(text) > max_chars:
        begin, end = _window(text, spans, max_chars)
    elif _HTML_SPECIAL.search(text) is None:
        # Most texts are shown whole and hold nothing to escape: then the slices go in as they
        # are, without a call per slice to escape it nor clipping to a window (a hit has about
        # six texts marked).
        return _plain_marked(text, spans)
    # Most texts hold nothing to escape: then the pieces need no escaping one by one.
    safe = escape if _HTML_SPECIAL.search(text, begin, end) else str
    parts = [ELLIPSIS] if begin > 0 else []
    cursor = begin
    for start, stop in spans:
        start, stop = max(start, begin), min(stop, end)
        if start >= stop:
            continue
        parts += [safe(text[cursor:start]), MARK_OPEN, safe(text[start:stop]), MARK_CLOSE]
        cursor = stop
    parts.append(safe(text[cursor:end]))
    if end < len(text):
        parts.append(ELLIPSIS)
    return "".join(parts)


def _plain_marked(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """``_marked`` of a whole text with nothing to escape (spans are non-empty and in order)."""
    parts: list[str] = []
    cursor = 0
    for start, stop in spans:
        parts += (text[cursor:start], MARK_OPEN, text[start:stop], MARK_CLOSE)
        cursor = stop
    parts.append(text[cursor:])
    return "".join(parts)


def highlight(text: str, terms: Collection[str], max_chars: int | None = None) -> str | None:
    """One-off ``Highlighter(terms).highlight(text, max_chars)``."""
    return Highlighter(terms).highlight(text, max_chars)
