"""Completion (suggest-as-you-type), backend-independent parts: what is offered, what matches.

A listing offers its names in both languages and any extra phrases ``market`` gives it. A typed
prefix matches a phrase when the folded phrase continues it from the phrase's start (listed
first) or from the start of a later word or CJK character.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable

from search.analysis import completion_starts

# Longer phrases are cut: a completion list shows names, not paragraphs.
MAX_PHRASE_CHARS = 80


class Match(enum.IntEnum):
    """How a phrase matches a prefix; a lower value is listed first."""

    WHOLE = 0
    INNER = 1


def phrases(candidates: Iterable[str]) -> list[str]:
    """The distinct non-empty phrases, whitespace collapsed and cut to ``MAX_PHRASE_CHARS``."""
    cleaned = (" ".join(phrase.split())[:MAX_PHRASE_CHARS] for phrase in candidates)
    return list(dict.fromkeys(phrase for phrase in cleaned if phrase))


def match(phrase: str, folded_prefix: str) -> Match | None:
    """How ``phrase`` matches a prefix already folded with ``fold_prefix``, if it does."""
    folded, starts = completion_starts(phrase)
    if not starts:
        return None
    if folded.startswith(folded_prefix, starts[0]):
        return Match.WHOLE
    if any(folded.startswith(folded_prefix, start) for start in starts[1:]):
        return Match.INNER
    return None
