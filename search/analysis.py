"""The one analysis rule every backend shares: text in, terms (with offsets) out.

The rule is modelled on Elasticsearch's ``standard + cjk_width + lowercase +
cjk_bigram(output_unigrams)`` with a Snowball English stemmer, so that an Elasticsearch index can
be made to agree; where the two differ in detail (NFKC folds more than cjk_width; the word rules
below approximate Unicode word segmentation), this module is the reference and the contract
tests in ``tests/search`` are the judge:

1. Fold each character with NFKC (full-width ``ＣＮＣ１２`` becomes ``CNC12``, ``，`` becomes ``,``)
   and lowercase it.
2. Runs of letters and digits of alphabetic scripts are words; a ``.``/``'``/``_`` between two word
   characters and a ``,`` between two digits stay inside the word (``3.5``, ``1,000``, ``e.g``), as
   in Unicode word segmentation. A trailing possessive ``'s`` is dropped; the word is then stemmed
   with the Snowball English stemmer (``robots`` -> ``robot``).
3. Runs of CJK characters become every single character plus every overlapping pair
   (``工业机器人`` -> 工 业 机 器 人 工业 业机 机器 器人), so a query of one character finds
   it inside a longer word and a query of several characters matches by pairs.
4. Everything else (spaces, punctuation, symbols) separates tokens and is dropped.

Folding is done per character and every token carries offsets into the *original* text, so a
highlighter can mark the text the user wrote, not the folded form.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from typing import NamedTuple

import snowballstemmer

# Han (with extension A, the compatibility block and the supplementary planes), kana and hangul:
# the scripts Elasticsearch's cjk_bigram pairs up. They are written without spaces, so a run of
# them is split into characters and pairs rather than treated as one word.
_CJK = (
    "\u3040-\u309f"  # hiragana
    "\u30a0-\u30ff"  # katakana
    "\u3400-\u4dbf"  # CJK extension A
    "\u4e00-\u9fff"  # CJK unified ideographs
    "\uac00-\ud7af"  # hangul syllables
    "\uf900-\ufaff"  # CJK compatibility ideographs
    "\U00020000-\U0003134f"  # CJK extensions B-H
)
_WORD_CHAR = rf"[^\W_{_CJK}]"
_COMBINING_MARKS = "\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff"
# Combining marks belong to the letter before them (lowercased "İ" is "i" + U+0307).
_WORD_PART = rf"(?:{_WORD_CHAR}[{_COMBINING_MARKS}]*)"
_WORD = rf"{_WORD_PART}+(?:(?:[.'_]|(?<=\d),(?=\d)){_WORD_PART}+)*"
_TOKEN_RE = re.compile(rf"(?P<cjk>[{_CJK}]+)|(?P<word>{_WORD})")
_WORD_RE = re.compile(_WORD)
# CJK runs and words of folded text, in order (groups ``cjk`` and ``word``): for callers that need
# the raw units of a text (completion's words), not its terms.
TOKEN_RE = _TOKEN_RE
# The indexing path (``indexed_text``) scans a text twice, each scan in C: for words and for CJK
# runs. The word scan is three times faster without the combining-mark suffix on every
# character, which is only needed when the text has a combining mark at all.
_COMBINING_RE = re.compile(f"[{_COMBINING_MARKS}]")
_WORD_CHAR_RE = re.compile(_WORD_CHAR)
_PLAIN_WORD_RE = re.compile(rf"{_WORD_CHAR}+(?:(?:[.'_]|(?<=\d),(?=\d)){_WORD_CHAR}+)*")
_CJK_CHAR_RE = re.compile(f"[{_CJK}]")
_CJK_RUN_RE = re.compile(f"[{_CJK}]+")
# Where completions may start: each CJK character, and each word.
_START_RE = re.compile(rf"(?P<cjk>[{_CJK}])|{_WORD}")


# A word longer than this is a hash, a URL fragment or junk: nobody searches for it, and very
# long terms only bloat the term dictionary.
MAX_WORD_LENGTH = 64

_STEMMER = snowballstemmer.stemmer("english")


class Token(NamedTuple):
    """One indexed term and the span ``[start, end)`` of the original text it came from."""

    term: str
    start: int
    end: int
    position: int


class Folded(NamedTuple):
    """Folded text plus, for each folded character, the span of original text it came from.

    ``starts``/``ends`` are ``None`` when folding kept every character in place (the common case),
    so the offsets need no mapping.
    """

    text: str
    starts: list[int] | None
    ends: list[int] | None


# Full-width ASCII variants (U+FF01-U+FF5E) and the ideographic space, as NFKC folds them.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_FULL_WIDTH_RE = re.compile("[\uff01-\uff5e\u3000]")


def _half_width(match: re.Match[str]) -> str:
    return chr(_FULL_WIDTH[ord(match.group())])


@lru_cache(maxsize=8192)
def _fold_char(char: str) -> str:
    return unicodedata.normalize("NFKC", char).lower()


def fold(text: str) -> Folded:
    """NFKC-fold and lowercase ``text`` character by character, keeping an offset map.

    Per character rather than over the whole string so that every folded character maps back to
    exactly one original character; a decomposed accent (``e`` + U+0301) therefore stays two
    characters, which only matters for text that was not NFC to begin with.
    """
    if text.isascii():
        return Folded(text.lower(), None, None)
    # Fast path for typical Chinese text, whose only foldable characters are full-width forms:
    # fold those with a table, and if what is left needs no NFKC change, each character folded
    # on its own (tests/search/test_analysis.py checks every code point against _fold_char).
    # (Replaced match by match: str.translate with a table walks a dict per character, 17 µs on
    # a 400-character text where Chinese punctuation gives a handful of matches.)
    quick = _FULL_WIDTH_RE.sub(_half_width, text).lower()
    if len(quick) == len(text) and unicodedata.is_normalized("NFKC", quick):
        return Folded(quick, None, None)
    pieces = [_fold_char(char) for char in text]
    folded = "".join(pieces)
    if len(folded) == len(text):
        return Folded(folded, None, None)
    starts: list[int] = []
    ends: list[int] = []
    for index, piece in enumerate(pieces):
        starts.extend([index] * len(piece))
        ends.extend([index + 1] * len(piece))
    return Folded(folded, starts, ends)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Snowball English stem of an already folded word (digits-only words pass through)."""
    if word.endswith("'s"):
        word = word[:-2]
    if not word.isalpha():
        return word
    return _STEMMER.stemWord(word)


def tokens(text: str) -> list[Token]:
    """All terms of ``text`` in order, with offsets into ``text`` itself."""
    folded, starts, ends = fold(text)
    result: list[Token] = []
    position = 0
    for match in _TOKEN_RE.finditer(folded):
        begin, finish = match.span()
        word = match.group("word")
        if word is not None:
            if len(word) <= MAX_WORD_LENGTH:
                start = begin if starts is None else starts[begin]
                end = finish if ends is None else ends[finish - 1]
                result.append(Token(stem(word), start, end, position))
                position += 1
            continue
        run = match.group("cjk")
        # A unigram and the pair that starts on it share a position, as cjk_bigram's unigrams
        # share one with the bigram they overlap.
        for offset, char in enumerate(run):
            here = begin + offset
            start = here if starts is None else starts[here]
            end = here + 1 if ends is None else ends[here]
            result.append(Token(char, start, end, position))
            if offset + 1 < len(run):
                pair_end = here + 2 if ends is None else ends[here + 1]
                result.append(Token(run[offset : offset + 2], start, pair_end, position))
            position += 1
    return result


def is_cjk_term(term: str) -> bool:
    """Whether ``term`` is a CJK character or pair (rather than a word)."""
    return _CJK_CHAR_RE.match(term) is not None


def terms(text: str) -> list[str]:
    """The terms of ``text``, the same as ``[t.term for t in tokens(text)]``, without offsets."""
    result: list[str] = []
    for run, word in _TOKEN_RE.findall(fold(text).text):
        if word:
            if len(word) <= MAX_WORD_LENGTH:
                result.append(stem(word))
        elif len(run) == 1:
            result.append(run)
        else:
            interleaved = [""] * (2 * len(run) - 1)
            interleaved[0::2] = run
            interleaved[1::2] = [run[i : i + 2] for i in range(len(run) - 1)]
            result.extend(interleaved)
    return result


class IndexedText(NamedTuple):
    """A text's terms as an index takes them: the stemmed words joined by spaces, and the runs of
    CJK characters, each to be cut into its characters and overlapping pairs (tantivy's n-gram
    tokenizer does that on its indexing threads). Together they are the same terms as
    ``terms(text)``, as many times each, less their order, which an index that keeps term
    frequencies but not positions never sees.

    This is the indexing path, and indexing speed is bound by it: two scans in C per text, where
    walking the tokens in Python cost twice as much and making the pairs here as much again.
    """

    words: str
    cjk_runs: list[str]


def indexed_text(text: str) -> IndexedText:
    return indexed_folded(fold(text).text)


def indexed_folded(folded: str) -> IndexedText:
    """``indexed_text`` of a text already folded (``fold(text).text``)."""
    scan = _PLAIN_WORD_RE if _COMBINING_RE.search(folded) is None else _WORD_RE
    words = scan.findall(folded)
    if words and max(map(len, words)) > MAX_WORD_LENGTH:
        words = [word for word in words if len(word) <= MAX_WORD_LENGTH]
    runs = [] if folded.isascii() else _CJK_RUN_RE.findall(folded)
    return IndexedText(" ".join(map(stem, words)), runs)


def completion_starts(text: str) -> tuple[str, list[int]]:
    """``text`` folded with whitespace collapsed, and where each word and CJK character starts.

    Completion matches a typed prefix against the folded text from any of these starts, so 机器
    completes 工业机器人 and "robot" completes "Industrial Robot Arm".
    """
    folded = fold_prefix(text)
    return folded, starts_of_folded(folded)


def starts_of_folded(folded: str) -> list[int]:
    """Where each word and each CJK character of a folded text starts."""
    return [match.start() for match in _START_RE.finditer(folded)]


@lru_cache(maxsize=4)
def _edge_patterns(cjk_chars: int, word_chars: int) -> tuple[re.Pattern[str], re.Pattern[str]]:
    # A lookahead captures the edge at each start; the word pattern then consumes the word, so
    # the next start is looked for after it, as the token scan does.
    return (
        re.compile(f"(?=([{_CJK}].{{0,{cjk_chars - 1}}}))", re.DOTALL),
        re.compile(f"(?=(.{{1,{word_chars}}}))(?:{_WORD})", re.DOTALL),
    )


def edges_of_folded(folded: str, cjk_chars: int, word_chars: int) -> tuple[str, list[str]]:
    """The text from each start of ``starts_of_folded`` cut to ``cjk_chars`` characters where a
    CJK character starts it, else to ``word_chars``: the first start's, and the later ones'
    (those in no particular order). Two scans in C rather than a slice per start in Python.
    """
    first = _START_RE.search(folded)
    if first is None:
        return "", []
    cjk_edges, word_edges = _edge_patterns(cjk_chars, word_chars)
    cjk = cjk_edges.findall(folded)
    words = word_edges.findall(folded)
    if first.group("cjk") is not None:
        return cjk[0], cjk[1:] + words
    return words[0], cjk + words[1:]


def fold_prefix(text: str) -> str:
    """Folded text with whitespace collapsed: how typed prefixes and completions compare."""
    return " ".join(fold(text).text.split())


class TermGroup(NamedTuple):
    """Terms of which at least ``minimum_match`` must occur (in any searched field)."""

    terms: tuple[str, ...]
    minimum_match: int


# A CJK query of several characters matches by its overlapping pairs; a document may miss a
# quarter of them (工业机器人 still finds 工业焊接机器人), as Elasticsearch's "75%"
# minimum_should_match would allow (2 of 3 pairs: 工业软件 finds 工业设计软件). Runs of one or two
# pairs must match them all.
_PAIR_SHARE = 0.75


class Unit(NamedTuple):
    """One word or one run of CJK characters of a search text, in order: what a condition is made
    of, and what a synonym (``search.synonyms``) is matched against."""

    text: str  # folded, as written ("robots")
    term: str  # the stem of a word ("robot"); a CJK run itself
    cjk: bool


def units(text: str) -> list[Unit]:
    """The words and CJK runs of ``text``, folded, in order (over-long words left out)."""
    result: list[Unit] = []
    for match in _TOKEN_RE.finditer(fold(text).text):
        word = match.group("word")
        if word is None:
            run = match.group("cjk")
            result.append(Unit(run, run, True))
        elif len(word) <= MAX_WORD_LENGTH:
            result.append(Unit(word, stem(word), False))
    return result


def unit_group(unit: Unit) -> TermGroup:
    """The condition one unit makes.

    A word is a group of its stem; a lone CJK character is a group of itself; a longer CJK run is
    one group of its pairs. The single characters of a longer run are left out: the pairs carry
    its meaning, and adding the characters would let 人 anywhere in a text count towards 机器人.
    """
    run = unit.term
    if not unit.cjk or len(run) == 1:
        return TermGroup((run,), 1)
    pairs = tuple(dict.fromkeys(run[i : i + 2] for i in range(len(run) - 1)))
    needed = len(pairs) if len(pairs) <= 2 else max(1, int(len(pairs) * _PAIR_SHARE))
    return TermGroup(pairs, needed)


def query_groups(text: str) -> list[TermGroup]:
    """How a search text matches as typed (before synonyms): every group must match (so words
    are ANDed), one group per unit."""
    # The same word twice ("pump pump") is one condition, not two.
    return list(dict.fromkeys(unit_group(unit) for unit in units(text)))


def query_terms(text: str) -> frozenset[str]:
    """Every term a search text can match on: what a highlighter marks."""
    return frozenset(term for group in query_groups(text) for term in group.terms)
