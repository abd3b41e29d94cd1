"""Completion (suggest-as-you-type), backend-independent parts: what is offered, what matches.

A suggestion list has two parts, words first:

* **Words** that start with the typed prefix (机 -> 机器人, 机床), ranked by how many listings
  have them. A listing's words (``word_terms``) are its tags and the Chinese runs of its
  technical field's label, whole; the Latin words of its names (by the analysis word rule, less
  model numbers); and every 2 to 5 character stretch of the Chinese runs of its names. There is
  no segmenter: a stretch counts as a word (``offered_words``) when it is 2 to 4 characters long,
  at least ``MIN_WORD_LISTINGS`` listings have it, and it is not always followed by the same
  character (机器 is always followed by 人, so 机器人 is the word; 高温 is followed by many).
  Every backend indexes these terms in a field of their own and asks it for the terms starting
  with the prefix and how many listings hold each.
* **Listings**, one line each (``listing_line``): the name that matched, in the language it
  matched in; a name that starts with the prefix before one with a later word that does. A
  vendor's listings whose matched names differ only in their model numbers (XK-5000 / XK-5000A
  / XK-5000B 五轴加工中心) fold into one line: the shared name, and how many models it stands for.

A typed prefix matches a phrase when the folded phrase continues it from the phrase's start or
from the start of a later word or CJK character. Lines are cut at a word boundary.
"""

from __future__ import annotations

import enum
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from functools import lru_cache
from typing import NamedTuple

from search.analysis import (
    TOKEN_RE,
    completion_starts,
    fold_prefix,
    is_cjk_term,
    starts_of_folded,
    stem,
)

# A line longer than this is cut at a word boundary, with an ellipsis: a completion list shows
# names, not paragraphs.
MAX_LINE_CHARS = 48
ELLIPSIS = "…"
# A word has to be had by this many listings: one listing is reached by its name.
MIN_WORD_LISTINGS = 2
# Chinese stretches of names are indexed up to WORD_GRAM_CHARS characters and offered up to
# MAX_CJK_WORD_CHARS: the one more character tells whether a 4-character stretch is always
# followed by the same character (then it is a piece of a longer word, not a word).
MAX_CJK_WORD_CHARS = 4
WORD_GRAM_CHARS = MAX_CJK_WORD_CHARS + 1
# A word term given whole (a tag, a label, a Latin word) is its folded form, this separator, and
# the form it is shown in; a Chinese stretch of a name is the stretch alone.
WORD_SEPARATOR = "\x1f"
# A tag or label longer than this is a sentence, not a word.
MAX_GIVEN_WORD_CHARS = 24
# Backends fetch at most this many word terms for a prefix (the most frequent first).
WORD_SCAN = 200
# Of a full list, words take at most this share; listings fill the rest (and words fill what the
# listings leave).
WORD_SHARE = 0.5

# A model number: letters and digits, perhaps joined by - _ . /, with a digit, 3 characters or
# more (so 3D and 5G stay words). Read on NFKC text, where ＡＢＣ－２０ is ABC-20.
_CODE_RE = re.compile(r"(?<![0-9A-Za-z])[0-9A-Za-z]+(?:[-_./][0-9A-Za-z]+)*(?![0-9A-Za-z])")
_DIGIT_RE = re.compile(r"\d")
# Where a line may be cut: anywhere but inside a run of Latin letters and digits.
_WORD_CHAR_RE = re.compile(r"[^\W_]")
_TRAILING_RE = re.compile(r"[\W_]+$")


class Match(enum.IntEnum):
    """How a phrase matches a prefix; a lower value is listed first."""

    WHOLE = 0
    INNER = 1


class Kind(enum.StrEnum):
    WORD = "word"
    NAME = "name"


class Suggestion(str):
    """One completion: its text (what goes into the search box) is the string itself.

    ``kind`` says whether it is a word or a listing's name; ``listings`` is how many listings
    have the word, or how many models of one vendor a name line stands for (1 for one listing).
    A ``str``, so that a list of them is the backend protocol's ``list[str]``.
    """

    kind: Kind
    listings: int

    def __new__(cls, text: str, kind: Kind = Kind.NAME, listings: int = 1) -> Suggestion:
        made = super().__new__(cls, text)
        made.kind = kind
        made.listings = listings
        return made

    def __repr__(self) -> str:
        return f"Suggestion({str(self)!r}, {self.kind.value}, {self.listings})"


def completable(folded_prefix: str) -> bool:
    """Whether a folded prefix has anything to complete (a word or a CJK character)."""
    return bool(completion_starts(folded_prefix)[1])


def phrases(candidates: Iterable[str]) -> list[str]:
    """The distinct non-empty phrases, whitespace collapsed (kept whole: lines are cut later)."""
    cleaned = (" ".join(phrase.split()) for phrase in candidates)
    return list(dict.fromkeys(phrase for phrase in cleaned if phrase))


def match(phrase: str, folded_prefix: str) -> Match | None:
    """How ``phrase`` matches a prefix already folded with ``fold_prefix``, if it does."""
    found = _match_at(phrase, folded_prefix)
    return None if found is None else found[0]


def _match_at(phrase: str, folded_prefix: str) -> tuple[Match, int, str] | None:
    """How ``phrase`` matches, where in its folded form, and that folded form."""
    folded = fold_prefix(phrase)
    # Most phrases read do not hold the prefix at all (the other language's name): told apart
    # before their starts are found.
    if folded_prefix not in folded:
        return None
    starts = starts_of_folded(folded)
    if not starts:
        return None
    if folded.startswith(folded_prefix, starts[0]):
        return Match.WHOLE, starts[0], folded
    for start in starts[1:]:
        if folded.startswith(folded_prefix, start):
            return Match.INNER, start, folded
    return None


# -- words ----------------------------------------------------------------------------------------


def _is_model_number(code: str) -> bool:
    return len(code) >= 3 and _DIGIT_RE.search(code) is not None


# Tags and labels recur across listings: each is made a term once.
@lru_cache(maxsize=16384)
def _given(text: str) -> str | None:
    """The term of a word given whole (a tag, a label, a Latin word), if it is one."""
    shown = " ".join(unicodedata.normalize("NFKC", text).split())
    folded = fold_prefix(shown)
    if not folded or len(folded) > MAX_GIVEN_WORD_CHARS or not completion_starts(folded)[1]:
        return None
    return f"{folded}{WORD_SEPARATOR}{shown}"


def word_terms(names: Sequence[str], tags: Sequence[str] = (), label: str = "") -> list[str]:
    """The word terms of a listing with these names, tags and technical field label."""
    terms: list[str] = []
    for tag in tags:
        if given := _given(tag):
            terms.append(given)
    terms += _label_terms(label)
    for name in names:
        shown = unicodedata.normalize("NFKC", name)
        for run, word in TOKEN_RE.findall(shown):
            if word:
                # Read on the NFKC text, which keeps the case the word is shown in.
                if len(word) >= 2 and not _is_model_number(word) and not word.isdigit():
                    terms.append(f"{word.lower()}{WORD_SEPARATOR}{word}")
                continue
            run = run.lower()
            last = len(run)
            terms += [
                run[start:end]
                for start in range(last - 1)
                for end in range(start + 2, min(start + WORD_GRAM_CHARS, last) + 1)
            ]
    return list(dict.fromkeys(terms))


@lru_cache(maxsize=1024)
def _label_terms(label: str) -> list[str]:
    """The Chinese runs of a technical field's label, each a word (read only)."""
    runs = (run for run, _ in TOKEN_RE.findall(fold_prefix(label)) if run)
    return [given for run in runs if (given := _given(run))]


class Word(NamedTuple):
    folded: str
    text: str
    listings: int


def offered_words(
    found: Iterable[tuple[str, int]], folded_prefix: str, *, complete: bool = True
) -> list[Word]:
    """The words among ``found`` (word terms starting with the prefix and how many listings have
    each), most listings first, then by folded text. ``complete`` is false when ``found`` is
    only the most frequent terms: a stretch as frequent as the least frequent of them may have
    lost its longer stretch to the cut, so it can't be told a word and is left out."""
    found = list(found)
    floor = 0 if complete or not found else min(count for _, count in found)
    stretches: dict[str, int] = {}
    longest_follower: dict[str, int] = {}
    for term, count in found:
        if WORD_SEPARATOR not in term:
            stretches[term] = count
            if len(term) > 2:
                shorter = term[:-1]
                longest_follower[shorter] = max(longest_follower.get(shorter, 0), count)
    best: dict[str, Word] = {}

    def offer(group: str, folded: str, text: str, count: int) -> None:
        held = best.get(group)
        if held is None or (count, -len(text)) > (held.listings, -len(held.text)):
            best[group] = Word(folded, text, count)

    for term, count in found:
        if count < MIN_WORD_LISTINGS:
            continue
        if WORD_SEPARATOR in term:
            folded, text = term.split(WORD_SEPARATOR, 1)
            # Robot and robots are one word (the search finds both by either).
            group = folded if is_cjk_term(folded) or " " in folded else stem(folded)
            offer(group, folded, text, count)
        elif (
            2 <= len(term) <= MAX_CJK_WORD_CHARS
            and longest_follower.get(term, 0) < count
            and count > floor
        ):
            offer(term, term, term, count)
    words = [word for word in best.values() if word.folded != folded_prefix]
    # One text once: the first of two groups showing the same text (a tag 机器人 and the
    # stretch 机器人) keeps the larger count.
    unique: dict[str, Word] = {}
    for word in sorted(words, key=lambda word: (-word.listings, word.folded, word.text)):
        unique.setdefault(word.folded, word)
    return list(unique.values())


# -- listing lines --------------------------------------------------------------------------------


class Line(NamedTuple):
    """A listing's line: how it matched, its text, and what folds it with its vendor's models."""

    match: Match
    text: str
    # Listings with the same fold key are one line; a listing alone keys on its id.
    fold_key: tuple[str, str]
    # The text of the line that stands for several models.
    shared: str


def _has_model_number(phrase: str) -> bool:
    if _DIGIT_RE.search(phrase) is None:
        return False
    shown = unicodedata.normalize("NFKC", phrase)
    return any(_is_model_number(code) for code in _CODE_RE.findall(shown))


def strip_model_numbers(phrase: str) -> str:
    """``phrase`` without its model numbers (NFKC, whitespace collapsed)."""
    shown = unicodedata.normalize("NFKC", phrase)
    kept = _CODE_RE.sub(lambda m: " " if _is_model_number(m.group()) else m.group(), shown)
    return " ".join(kept.split()).strip(" -_/.,;:")


def listing_line(
    listing_id: str, vendor_id: str, candidates: Sequence[str], folded_prefix: str
) -> Line | None:
    """The line of a listing whose names (zh, en, then its extra phrases) are ``candidates``.

    Of several matching names, the one that starts with the prefix, else the first: the name in
    the language the buyer is typing (a line also has to contain what was typed, or a browser's
    list hides it), and of a Chinese and an English name that both match (CNC), the Chinese,
    the listing's own name on this market.
    """
    best: tuple[Match, int, str, int, str] | None = None
    for order, phrase in enumerate(phrases(candidates)):
        found = _match_at(phrase, folded_prefix)
        if found is not None and (best is None or (found[0], order) < (best[0], best[3])):
            best = (found[0], found[1], found[2], order, phrase)
    if best is None:
        return None
    kind, start, folded, _, phrase = best
    text = cut(phrase, start if len(folded) == len(phrase) else 0, len(folded_prefix))
    key, shared = (listing_id, ""), text
    if vendor_id:
        # A vendor's listings of the same name (less model numbers) are one line, but only when
        # what was typed is still in that name: a buyer typing a model number is after that
        # model, and gets each one.
        if _has_model_number(phrase):
            shared = strip_model_numbers(phrase)
            shared_match = _match_at(shared, folded_prefix)
            if shared_match is not None:
                key = (vendor_id, shared_match[2])
                shared = cut(shared, shared_match[1], len(folded_prefix))
        else:
            key = (vendor_id, folded)
    return Line(kind, text, key, shared)


def cut(text: str, start: int = 0, typed: int = 0, limit: int = MAX_LINE_CHARS) -> str:
    """``text`` cut to ``limit`` characters at a word boundary (between two CJK characters or
    where a Latin word ends), with an ellipsis. If what was typed (``typed`` characters at
    ``start``) would be cut off, the line starts at it, after an ellipsis."""
    if len(text) <= limit:
        return text
    lead = ""
    if start + typed > limit - 1:
        text, lead = text[start:], ELLIPSIS
        if len(text) + 1 <= limit:
            return lead + text
        limit -= 1
    room = limit - 1
    at = room
    # Back to a place that is not inside a Latin word (a CJK character is a word boundary).
    while at > 0 and _inside_word(text, at):
        at -= 1
    if at == 0:  # one word longer than the line: cut it anyway
        at = room
    kept = _TRAILING_RE.sub("", text[:at]) or text[:at]
    return f"{lead}{kept}{ELLIPSIS}"


def _inside_word(text: str, at: int) -> bool:
    before, after = text[at - 1], text[at]
    return (
        _WORD_CHAR_RE.match(before) is not None
        and _WORD_CHAR_RE.match(after) is not None
        and not is_cjk_term(before)
        and not is_cjk_term(after)
    )


# -- the list -------------------------------------------------------------------------------------


class Lines:
    """Listing lines gathered in order, folded by key."""

    def __init__(self) -> None:
        self._lines: dict[tuple[str, str], list[Line]] = {}

    def add(self, line: Line) -> None:
        self._lines.setdefault(line.fold_key, []).append(line)

    def __len__(self) -> int:
        return len(self._lines)

    def suggestions(self) -> list[Suggestion]:
        made = []
        for folded in self._lines.values():
            if len(folded) == 1:
                made.append((folded[0].match, Suggestion(folded[0].text)))
            else:
                best = min(line.match for line in folded)
                made.append((best, Suggestion(folded[0].shared, Kind.NAME, len(folded))))
        # Names that start with the prefix first; otherwise in the order found (stable).
        return [suggestion for _, suggestion in sorted(made, key=lambda item: item[0])]


def names_wanted(words: int, limit: int) -> int:
    """How many listing lines a list of ``limit`` with ``words`` words found has room for."""
    return limit - min(words, math.ceil(limit * WORD_SHARE))


def assemble(words: Sequence[Word], names: Sequence[Suggestion], limit: int) -> list[Suggestion]:
    """Words first (up to ``WORD_SHARE`` of the list, more if names are few), then names; one
    text once."""
    if limit < 1:
        return []
    taken = min(len(words), max(math.ceil(limit * WORD_SHARE), limit - len(names)))
    result: dict[str, Suggestion] = {}
    for word in words[:taken]:
        result.setdefault(word.folded, Suggestion(word.text, Kind.WORD, word.listings))
    for name in names:
        if len(result) == limit:
            break
        result.setdefault(fold_prefix(name), name)
    return list(result.values())[:limit]
