"""Where a query's terms occur in a text: the spans a highlighter marks.

The same spans as filtering ``analysis.tokens(text)`` by term, found faster: a highlighter asks
for every field of every hit, and most tokens are not wanted. It shares the analysis rule's own
patterns, so the two cannot drift apart (tests/search/test_analysis.py checks them on random
texts).
"""

from __future__ import annotations

from collections.abc import Collection
from functools import lru_cache

from search.analysis import (
    _COMBINING_RE,
    _WORD_CHAR_RE,
    _WORD_RE,
    MAX_WORD_LENGTH,
    fold,
    is_cjk_term,
    stem,
)


def find_terms(text: str, wanted: Collection[str]) -> list[tuple[int, int]]:
    """Spans of ``text`` (original offsets, in order) of the tokens whose term is in ``wanted``.

    The same spans as filtering ``tokens(text)``, found faster: a highlighter calls this for
    every field of every hit, and most tokens are not wanted. A CJK token is a character or a
    pair of neighbours within a run, so it is wherever the folded text contains it.
    """
    cjk, words, word_starts = _split_terms(frozenset(wanted))
    folded, starts, ends = fold(text)
    found: list[tuple[int, int]] = []
    for term in cjk:
        at = folded.find(term)
        while at >= 0:
            found.append((at, at + len(term)))
            at = folded.find(term, at + 1)
    if words:
        found += _find_words(folded, words, word_starts)
    found.sort()
    if starts is None or ends is None:
        return found
    return [(starts[start], ends[end - 1]) for start, end in found]


def _find_words(
    folded: str, words: frozenset[str], word_starts: tuple[str, ...]
) -> list[tuple[int, int]]:
    """Spans of the words of ``folded`` whose stem is in ``words``.

    Only where a word starts with one of ``word_starts`` (which every word of those stems
    does) is a word read: looking at every word of a hit's text cost 30 µs a hit for a query
    with a word in it. A one-letter stem starts with anything, so then every word is read.
    """
    if "" in word_starts:
        return [
            match.span()
            for match in _WORD_RE.finditer(folded)
            if len(match.group()) <= MAX_WORD_LENGTH and stem(match.group()) in words
        ]
    spans: set[tuple[int, int]] = set()
    for start in word_starts:
        at = folded.find(start)
        while at >= 0:
            if _starts_word(folded, at):
                match = _WORD_RE.match(folded, at)
                if match is not None:
                    word = match.group()
                    if len(word) <= MAX_WORD_LENGTH and stem(word) in words:
                        spans.add(match.span())
            at = folded.find(start, at + 1)
    return list(spans)


def _starts_word(text: str, at: int) -> bool:
    """Whether the word scan (``_WORD_RE`` from the left) would start a word at ``at``, given
    that a word character is there: not when the character before ends a word part, nor when a
    joiner (``.'_``, or ``,`` between digits) links the word before it to this one."""
    if at == 0:
        return True
    before = text[at - 1]
    if before.isspace():
        # Most words follow a space or a line break, which is neither a word part nor a joiner.
        return True
    if _ends_word_part(text, at - 1):
        return False
    if at >= 2 and _ends_word_part(text, at - 2):
        if before in ".'_":
            return False
        if before == "," and text[at - 2].isdecimal() and text[at].isdecimal():
            return False
    return True


def _ends_word_part(text: str, at: int) -> bool:
    """Whether ``text[at]`` is a word character, or a combining mark that belongs to one."""
    while at >= 0 and _COMBINING_RE.match(text, at):
        at -= 1
    return at >= 0 and _WORD_CHAR_RE.match(text, at) is not None


@lru_cache(maxsize=256)
def _split_terms(
    wanted: frozenset[str],
) -> tuple[tuple[str, ...], frozenset[str], tuple[str, ...]]:
    """The CJK terms, the word stems, and text one of the words must contain if any is there."""
    cjk = tuple(term for term in wanted if is_cjk_term(term))
    words = wanted.difference(cjk)
    return cjk, words, tuple(sorted({start for word in words for start in _word_starts(word)}))


def _word_starts(stem: str) -> list[str]:
    """What every word with this stem starts with, so that a text without any of them needs no
    word-by-word look (most fields of most hits do not contain a given word).

    A Snowball English stem is its word less a suffix, with a final ``y`` perhaps turned into
    ``i`` (``happy`` -> ``happi``); the irregular ``dying``/``lying``/``tying`` give
    ``die``/``lie``/``tie``. So a word starts with its stem less the last character, or for a
    stem ending in ``ie``, with that ``ie`` made ``y``. tests/search/test_analysis.py checks
    this against the stemmer.

    A stem that is not all letters is its word itself (less a possessive ``'s``): only
    alphabetic words are stemmed. So the whole stem is looked for, and a digit (``5`` of 五轴's
    synonym ``5-axis``) does not make every word of every hit be read, as its empty prefix did.
    """
    if not stem.isalpha():
        return [stem]
    starts = [stem[:-1]]
    if stem.endswith("ie"):
        starts.append(stem[:-2] + "y")
    return starts
