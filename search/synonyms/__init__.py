"""Synonyms and abbreviations, as reviewed data: one ``*.txt`` file per technical field here.

A line is a set of phrases that mean the same thing, separated by commas (the Solr/Elasticsearch
"equivalent synonyms" format), for example ``PLC, 可编程逻辑控制器, programmable logic
controller``; ``#`` starts a comment. A one-way line, ``broader => narrower, ...`` (as Solr
writes it), makes typing a broader term ask for its kinds too (氢能 => 燃料电池) but not the other
way round: a buyer typing 燃料电池 wants fuel cells, not all of hydrogen energy. Phrases are
compared after the shared analysis
(``search.analysis``): folded, lowercased, English words stemmed, so ``Fibres`` and ``fibre``
are one phrase.

A search text is expanded at query time, never at indexing time, so a new line takes effect on
the next search without a reindex, in both backends alike: ``expand`` turns the text into
``Slot``s, each a typed part with the alternatives the dictionary gives it, and each backend
asks for "the typed part, or any alternative at a lower weight" (``search.ranking.SYNONYM_WEIGHT``)
in its own query language. Matching works on the analysis units:

- a phrase of words (``tunnel boring machine``) matches the same words in a row;
- a phrase of CJK characters matches inside a longer run too (伺服 in 伺服电机 gives
  ``servo 电机``), the longest phrase first, as Chinese is written without spaces;
- a mixed phrase (``5G基站``) matches its units exactly.
"""

from __future__ import annotations

import itertools
import logging
import re
from collections.abc import Iterable
from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple

from search.analysis import TermGroup, Unit, unit_group, units
from search.ranking import SYNONYM_WEIGHT

FOLDER = Path(__file__).parent
logger = logging.getLogger(__name__)
# A slot is asked with at most this many alternatives, and a whole search text with at most
# MAX_QUERY_ALTERNATIVES (the first slots keep theirs): each alternative is a clause per field,
# and a pasted paragraph must not grow into thousands of clauses.
MAX_ALTERNATIVES = 8
MAX_QUERY_ALTERNATIVES = 24
_SEPARATOR = re.compile(r"[,，]")


class DictionaryError(ValueError):
    """A line of a synonym file that is not well-formed, named by file and line."""


Phrase = tuple[Unit, ...]
_Key = tuple[tuple[bool, str], ...]


class Entry(NamedTuple):
    """One line: phrases that mean the same (``narrower`` empty), or, for a one-way line
    (``broader => narrower``), broader terms each of which also asks for the narrower ones."""

    source: str  # "cnc_machine_tools.txt:12"
    phrases: tuple[Phrase, ...]
    narrower: tuple[Phrase, ...] = ()


def _key(phrase: Iterable[Unit]) -> _Key:
    return tuple((unit.cjk, unit.term) for unit in phrase)


def _text(phrase: Phrase) -> str:
    return " ".join(unit.text for unit in phrase)


class Dictionary:
    """What each phrase may be replaced by, looked up by the phrase's units."""

    def __init__(self, entries: Iterable[Entry]) -> None:
        self.entries = list(entries)
        # Each phrase's line of equals, and where each phrase was given as a broader term: a
        # phrase may be each once (PLC's equals, and the kinds of PLC), never twice the same way.
        equals: dict[_Key, Entry] = {}
        broader: dict[_Key, Entry] = {}
        for entry in self.entries:
            seen = broader if entry.narrower else equals
            for phrase in entry.phrases:
                key = _key(phrase)
                if key in seen:
                    how = "a broader term" if entry.narrower else "a phrase"
                    raise DictionaryError(
                        f"{entry.source}: {_text(phrase)!r} is already {how} of "
                        f"{seen[key].source}; merge the two lines"
                    )
                seen[key] = entry
        # A phrase's equals first, then the kinds of it or of any of its equals (the kinds of
        # 工程塑料 are the kinds of "engineering plastic").
        alternatives: dict[_Key, list[Phrase]] = {}
        for key in equals.keys() | broader.keys():
            line = equals.get(key)
            family = [_key(phrase) for phrase in line.phrases] if line else [key]
            found = [phrase for phrase in line.phrases if _key(phrase) != key] if line else []
            for member in family:  # in the line's order, so every process asks the same
                if member in broader:
                    found.extend(broader[member].narrower)
            alternatives[key] = found
        # A phrase of one CJK run is looked for inside longer runs; the others unit by unit.
        self._by_run = {key[0][1]: found for key, found in alternatives.items() if _is_run(key)}
        self._by_units = {key: found for key, found in alternatives.items() if not _is_run(key)}
        self._longest_units = max((len(key) for key in self._by_units), default=0)
        self._longest_run = max((len(run) for run in self._by_run), default=0)

    def __len__(self) -> int:
        return len(self.entries)

    def expand(self, text: str) -> list[Slot]:
        """The slots of a search text: every slot must match, by its typed units or by one of
        its alternatives. A text without synonyms gives one slot per unit, no alternatives."""
        typed = units(text)
        slots: list[Slot] = []
        position = 0
        while position < len(typed):
            found = self._phrase_at(typed, position)
            if found is not None:
                length, alternatives = found
                slots.append(_slot(tuple(typed[position : position + length]), alternatives))
                position += length
                continue
            unit = typed[position]
            slots.append(self._inside_run(unit) if unit.cjk else Slot((unit,), ()))
            position += 1
        # The same word twice ("pump pump") is one condition, not two.
        budget = MAX_QUERY_ALTERNATIVES
        kept: list[Slot] = []
        for slot in dict.fromkeys(slots):
            kept.append(slot._replace(alternatives=slot.alternatives[:budget]))
            budget -= len(kept[-1].alternatives)
        return kept

    def _phrase_at(self, typed: list[Unit], position: int) -> tuple[int, list[Phrase]] | None:
        """The longest phrase of words (or of words and runs) starting at ``position``."""
        for length in range(min(self._longest_units, len(typed) - position), 0, -1):
            found = self._by_units.get(_key(typed[position : position + length]))
            if found is not None:
                return length, found
        return None

    def _inside_run(self, unit: Unit) -> Slot:
        """A CJK run with each phrase found in it (longest first, left to right) replaceable by
        its alternatives."""
        run = unit.term
        pieces: list[list[Phrase | str]] = []
        plain_from = start = 0
        while start < len(run):
            for length in range(min(self._longest_run, len(run) - start), 0, -1):
                found = self._by_run.get(run[start : start + length])
                if found is not None:
                    break
            else:
                start += 1
                continue
            if plain_from < start:
                pieces.append([run[plain_from:start]])
            pieces.append([run[start : start + length], *found])
            start += length
            plain_from = start
        if not any(len(piece) > 1 for piece in pieces):
            return Slot((unit,), ())
        if plain_from < len(run):
            pieces.append([run[plain_from:]])
        # Every choice of a phrase per piece but the one that is the typed run itself; fewer
        # replacements first (they stay closer to what was typed).
        choices = sorted(
            itertools.islice(itertools.product(*pieces), 1, None),
            key=lambda choice: sum(isinstance(piece, tuple) for piece in choice),
        )
        return _slot((unit,), [_joined(choice) for choice in choices])


def _is_run(key: _Key) -> bool:
    return len(key) == 1 and key[0][0]


def _joined(choice: Iterable[tuple[Unit, ...] | str]) -> tuple[Unit, ...]:
    """Pieces as units: neighbouring CJK text joins into one run, as it would be typed."""
    result: list[Unit] = []
    for piece in choice:
        for unit in (Unit(piece, piece, True),) if isinstance(piece, str) else piece:
            if unit.cjk and result and result[-1].cjk:
                joined = result[-1].term + unit.term
                result[-1] = Unit(joined, joined, True)
            else:
                result.append(unit)
    return tuple(result)


class Slot(NamedTuple):
    """A typed part of a search text and what may stand in for it."""

    typed: tuple[Unit, ...]
    alternatives: tuple[tuple[Unit, ...], ...]

    # The groups and terms are worked out once per slot (a search asks for them several times,
    # once per tier and for its highlights): a slot is immutable, and a process sees the same
    # few slots again and again.

    @property
    def typed_groups(self) -> tuple[TermGroup, ...]:
        return _typed_groups(self.typed)

    def alternative_groups(self) -> tuple[tuple[tuple[TermGroup, ...], float], ...]:
        """Each alternative's groups (all must match) and the weight its score is given."""
        return _alternative_groups(self)

    def terms(self) -> frozenset[str]:
        return _slot_terms(self)


@lru_cache(maxsize=4096)
def _typed_groups(typed: tuple[Unit, ...]) -> tuple[TermGroup, ...]:
    return tuple(dict.fromkeys(unit_group(unit) for unit in typed))


@lru_cache(maxsize=4096)
def _alternative_groups(slot: Slot) -> tuple[tuple[tuple[TermGroup, ...], float], ...]:
    typed_terms = _term_count(slot.typed_groups)
    result = []
    for alternative in slot.alternatives:
        groups = tuple(dict.fromkeys(phrase_group(unit) for unit in alternative))
        result.append((groups, synonym_boost(typed_terms, _term_count(groups))))
    return tuple(result)


@lru_cache(maxsize=4096)
def _slot_terms(slot: Slot) -> frozenset[str]:
    groups = [*slot.typed_groups, *(g for gs, _ in slot.alternative_groups() for g in gs)]
    return frozenset(term for group in groups for term in group.terms)


def phrase_group(unit: Unit) -> TermGroup:
    """The condition a unit of an alternative makes: like a typed one (``unit_group``), but a
    CJK run needs all its pairs. A dictionary phrase is a fixed term, not a typed guess, and the
    leniency for typed Chinese (a quarter of the pairs may miss) let a synonym match loosely and
    cost a minimum-match walk over every pair's postings."""
    group = unit_group(unit)
    return group._replace(minimum_match=len(group.terms))


def _term_count(groups: Iterable[TermGroup]) -> int:
    return sum(len(group.terms) for group in groups)


def synonym_boost(typed_terms: int, alternative_terms: int) -> float:
    """The weight of an alternative: ``SYNONYM_WEIGHT`` of what its typed part would score.

    A match scores about one unit per term, and an alternative may have more or fewer terms than
    what was typed (可编程逻辑控制器 is seven pairs, PLC one word), so its score is scaled by the
    ratio: otherwise typing PLC would rank the long Chinese name above PLC itself.
    """
    return SYNONYM_WEIGHT * typed_terms / max(1, alternative_terms)


def _slot(typed: tuple[Unit, ...], alternatives: Iterable[tuple[Unit, ...]]) -> Slot:
    typed_key = _key(typed)
    kept = [a for a in dict.fromkeys(alternatives) if a and _key(a) != typed_key]
    return Slot(typed, tuple(kept[:MAX_ALTERNATIVES]))


def terms_of(slots: Iterable[Slot]) -> frozenset[str]:
    """Every term the slots can match on, synonyms included: what a highlighter marks."""
    return frozenset(term for slot in slots for term in slot.terms())


def parse(text: str, name: str) -> list[Entry]:
    """The entries of one file's text; raises DictionaryError naming the first bad line."""
    entries = []
    for number, line in enumerate(text.splitlines(), start=1):
        content = line.split("#", 1)[0].strip()
        if not content:
            continue
        source = f"{name}:{number}"
        if "=>" in content:
            broader, narrower = content.split("=>", 1)
            entry = Entry(source, _phrases(broader, source), _phrases(narrower, source))
        else:
            entry = Entry(source, _phrases(content, source))
            if len(entry.phrases) < 2:
                raise DictionaryError(
                    f"{source}: a line needs two phrases or more, comma-separated"
                )
        entries.append(entry)
    return entries


def _phrases(written: str, source: str) -> tuple[Phrase, ...]:
    phrases: list[Phrase] = []
    for part in _SEPARATOR.split(written):
        phrase = tuple(units(part))
        if not phrase:
            raise DictionaryError(f"{source}: {part.strip()!r} has no word to match")
        if any(_key(phrase) == _key(other) for other in phrases):
            raise DictionaryError(f"{source}: {part.strip()!r} is written twice")
        phrases.append(phrase)
    return tuple(phrases)


def load(folder: Path = FOLDER) -> Dictionary:
    """Every ``*.txt`` file of ``folder``, in name order."""
    entries: list[Entry] = []
    for path in sorted(folder.glob("*.txt")):
        entries.extend(parse(path.read_text(encoding="utf-8"), path.name))
    return Dictionary(entries)


@cache
def dictionary() -> Dictionary:
    """The dictionary of this package, read once per process. A file broken by hand on a server
    is logged and searching goes on without synonyms: fewer matches, never an error page (the
    suite refuses such a file before it is committed: tests/search/test_synonyms.py)."""
    try:
        return load()
    except DictionaryError:
        logger.exception("the synonym dictionary is not well-formed; searching without synonyms")
        return Dictionary([])


def expand(text: str) -> list[Slot]:
    return dictionary().expand(text)
