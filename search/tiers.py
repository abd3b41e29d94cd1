"""Two tiers of matches, the same in every backend (README, "A vendor's name in search").

A search text finds, first, the listings that match every word in their own text (name, tags,
summary, technical field, description): the *content* tier. Listings that match only because
some word is in their vendor's company name form the *vendor* tier, listed after every content
match, however their scores compare. Facet and flag counts describe the content tier, what the
buyer asked for; only when it is empty do they count the vendor tier, so that a buyer who types
a company's name finds its listings and can narrow them.

The page is cut across the two tiers as one list: the content tier's hits, then the vendor
tier's.
"""

from __future__ import annotations

from typing import NamedTuple

from search.model import MAX_RESULT_WINDOW


class Window(NamedTuple):
    offset: int
    size: int


def windows(offset: int, size: int, content_total: int) -> tuple[Window, Window]:
    """Which part of each tier a page of ``size`` hits from ``offset`` shows: (content, vendor).
    Nothing past ``MAX_RESULT_WINDOW`` of the whole list (a deeper page is empty)."""
    if offset >= MAX_RESULT_WINDOW:
        return Window(0, 0), Window(0, 0)
    size = min(size, MAX_RESULT_WINDOW - offset)
    if offset + size <= content_total:
        return Window(offset, size), Window(0, 0)
    if offset >= content_total:
        return Window(0, 0), Window(offset - content_total, size)
    shown = content_total - offset
    return Window(offset, shown), Window(0, size - shown)
