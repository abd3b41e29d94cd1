"""Turning a ``SearchQuery`` into tantivy queries, from analysed terms only.

No query parser is involved, so nothing a user types (``"``, ``:``, ``(``, ``*``, ``\\``) can be
a syntax error: it is text, and the analysis drops what is not a word.

The text queries are built for one searcher, from the terms its index holds (``Vocabulary``): a
clause on a term that no document has in that field matches nothing and scores nothing, so it is
left out, and so is every condition that needs it (a synonym of absent words, a vendor tier no
listing can be in). The same documents match with the same scores; tantivy only no longer sets
up and merges the empty clauses, and the vendor tier of the benchmark's searches is mostly not
run at all.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Mapping

from tantivy import FieldType, Occur, Query, Schema, Searcher

from search.analysis import TermGroup
from search.model import Facet, Filters, flag_filters
from search.ranking import CONTENT_FIELD_WEIGHTS, FIELD_WEIGHTS, OTHER_FIELDS_SHARE, VENDOR_FIELD
from search.synonyms import Slot
from search.tantivy_schema import FACET_FIELDS, FLAGS_FIELD, text_field

Weights = Mapping[str, float]
# The vendor tier is asked clause by clause inside its vendor-name condition (``_vendor_tier``)
# when that condition holds for at most this share of the listings: then every clause is a
# short intersection. A common vendor word (科技, in most company names) would instead be read
# once per clause. (At 100,000 listings: "works 5", 70 vendor-name matches, 1.1 -> 0.6 ms; at
# one listing in twenty, 华工, both ways cost the same.)
_SPARSE_VENDOR_SHARE = 1 / 64


class Vocabulary:
    """Which text fields of one searcher's index hold each term, and in how many documents;
    asked once per term.

    Only for the searcher it was made with, and so only for one search: a write may add a term.
    A term whose documents are all deleted still counts as held (tantivy's ``doc_freq`` counts
    them until a merge), which only keeps a clause that matches nothing, as before.
    """

    def __init__(self, searcher: Searcher) -> None:
        self._searcher = searcher
        self._found: dict[str, dict[str, tuple[str, int]]] = {}

    @property
    def documents(self) -> int:
        return self._searcher.num_docs

    def where(self, term: str) -> Mapping[str, tuple[str, int]]:
        """The text fields (of ``FIELD_WEIGHTS``) holding ``term``: each one's tantivy field and
        how many documents have the term there."""
        found = self._found.get(term)
        if found is None:
            found = self._found[term] = {}
            for name in FIELD_WEIGHTS:
                tantivy_field = text_field(name, term)
                documents = self._searcher.doc_freq(tantivy_field, term)
                if documents:
                    found[name] = (tantivy_field, documents)
        return found

    def count(self, name: str, term: str) -> int:
        """The documents with ``term`` in text field ``name``."""
        held = self.where(term).get(name)
        return 0 if held is None else held[1]

    def held_anywhere(self, terms: Iterable[str]) -> frozenset[str]:
        """The ``terms`` some document has in some text field: the only ones a hit's texts can
        show (the highlighted texts are the indexed ones), so a highlighter looks for no other."""
        return frozenset(term for term in terms if self.where(term))


@dataclasses.dataclass(frozen=True)
class _Asking:
    """How text conditions are asked: in which fields (and weighed how), of which index, and
    inside which unscored condition (None: none), given to every term clause."""

    schema: Schema
    held: Vocabulary
    weights: Weights
    within: Query | None = None
    # Each term's query once: a term recurs across a slot's synonyms (machine in both of CNC
    # machine tool's), and a tantivy query can sit in several others.
    _terms: dict[str, Query | None] = dataclasses.field(
        default_factory=dict, init=False, compare=False
    )

    def term(self, term: str) -> Query | None:
        """A term in any of the text fields, scored by its best field (weighted) plus a share of
        the rest; None if no document has it in any of them."""
        if term in self._terms:
            return self._terms[term]
        held = self.held.where(term)
        per_field = [
            Query.boost_query(self._clause(held[name][0], term), weight)
            for name, weight in self.weights.items()
            if name in held
        ]
        query = None
        if per_field:
            query = Query.disjunction_max_query(per_field, tie_breaker=OTHER_FIELDS_SHARE)
        self._terms[term] = query
        return query

    def _clause(self, tantivy_field: str, term: str) -> Query:
        query = Query.term_query(self.schema, tantivy_field, term, index_option="freq")
        if self.within is None:
            return query
        # Scored as the term alone: the condition is unscored (0), and x + 0 is x.
        return Query.boolean_query([(Occur.Must, query), (Occur.Must, self.within)])

    def group(self, group: TermGroup) -> Query | None:
        """At least ``minimum_match`` of the group's terms; None if fewer are held. A missing
        term's clause would match nothing and add nothing to a score: leaving it out asks the
        same of the others."""
        present = [query for query in map(self.term, group.terms) if query is not None]
        needed = min(group.minimum_match, len(group.terms))
        if len(present) < needed:
            return None
        if len(present) == 1:
            return present[0]
        if needed >= len(present):
            # Every term: an intersection, which tantivy walks from the rarest term, where a
            # minimum-match over the same terms visits every posting of each.
            return Query.boolean_query([(Occur.Must, query) for query in present])
        return Query.boolean_query(
            [(Occur.Should, query) for query in present], minimum_number_should_match=needed
        )

    def all_of(self, groups: tuple[TermGroup, ...]) -> Query | None:
        return _every([self.group(group) for group in groups])

    def slot(self, slot: Slot) -> Query | None:
        """The typed part, or any of its synonyms at a lower weight: a listing scores by the best
        of them (a disjunction max), so one that has both is not counted twice. None if neither
        the typed part nor any synonym can match."""
        typed = self.all_of(slot.typed_groups)
        if not slot.alternatives:
            return typed
        choices = [] if typed is None else [typed]
        for groups, boost in slot.alternative_groups():
            alternative = self.all_of(groups)
            if alternative is not None:
                choices.append(Query.boost_query(alternative, boost))
        return Query.disjunction_max_query(choices) if choices else None

    def text(self, slots: list[Slot]) -> Query | None:
        """Every slot must match; None if some slot cannot."""
        return _every([self.slot(slot) for slot in slots])


def _every(queries: list[Query | None]) -> Query | None:
    """All of ``queries`` (None if one is None: it matches nothing)."""
    if any(query is None for query in queries):
        return None
    if len(queries) == 1:
        return queries[0]
    return Query.boolean_query([(Occur.Must, query) for query in queries])


def _browse() -> Query:
    # Wrapped, because a bare all_query under a boolean query loses its score of 1 (tantivy
    # optimises it away), and the evidence boosts multiply that score.
    return Query.const_score_query(Query.all_query(), 1.0)


def text_query(
    schema: Schema, slots: list[Slot], held: Vocabulary, weights: Weights = FIELD_WEIGHTS
) -> Query | None:
    """Every slot must match (in the fields of ``weights``); an empty list matches everything
    (browsing with filters only). None if some slot cannot match."""
    if not slots:
        return _browse()
    return _Asking(schema, held, weights).text(slots)


def tier_queries(schema: Schema, slots: list[Slot], held: Vocabulary) -> tuple[Query, Query | None]:
    """The content tier and the vendor tier of ``search.tiers`` (None: browsing has no vendor
    tier, or no listing can be in it): every slot in the listing's own text; every slot
    somewhere, but not all in it."""
    if not slots:
        return _browse(), None
    content = text_query(schema, slots, held, CONTENT_FIELD_WEIGHTS)
    return content or Query.empty_query(), _vendor_tier(schema, slots, held)


def _vendor_tier(schema: Schema, slots: list[Slot], held: Vocabulary) -> Query | None:
    """Every slot anywhere, some slot not in the listing's own text: then some term is in the
    vendor's name. Only the terms some vendor's name holds can be; without one, no listing is
    in the tier."""
    named = {slot: _in_vendor_names(slot, held) for slot in slots}
    named = {slot: terms for slot, terms in named.items() if terms}
    if not named:
        return None
    vendor_terms = sorted({term for terms in named.values() for term in terms})
    in_vendor_name = _unscored(_any_term(schema, VENDOR_FIELD, vendor_terms))
    anywhere = _Asking(schema, held, FIELD_WEIGHTS)
    own_text = _Asking(schema, held, CONTENT_FIELD_WEIGHTS)
    clauses: list[tuple[Occur, Query]] = []
    listings = sum(held.count(VENDOR_FIELD, term) for term in vendor_terms)
    if listings <= held.documents * _SPARSE_VENDOR_SHARE:
        # Few listings have such a vendor name: each term clause is asked inside that condition,
        # so tantivy walks short intersections instead of every posting of every term (what the
        # condition beside the text query cost: tantivy's unions read all their postings
        # however few documents the intersection needs). The same documents, the same scores.
        anywhere = dataclasses.replace(anywhere, within=in_vendor_name)
        own_text = dataclasses.replace(own_text, within=in_vendor_name)
    else:
        # Said outright, so that tantivy drives the intersection from the vendor names' postings.
        clauses.append((Occur.Must, in_vendor_name))
    everywhere = anywhere.text(slots)
    if everywhere is None:
        return None
    clauses.append((Occur.Must, everywhere))
    # "Not every slot in the listing's own text", asked of the slots with a term in some vendor's
    # name only: a slot without one has no clause on the vendor's name, so every listing that
    # matches it anywhere matches it in its own text.
    not_all_own = own_text.text(list(named))
    if not_all_own is not None:
        clauses.append((Occur.MustNot, not_all_own))
    return _every_clause(clauses)


def _any_term(schema: Schema, name: str, terms: list[str]) -> Query:
    queries = [Query.term_query(schema, text_field(name, term), term) for term in terms]
    if len(queries) == 1:
        # Not wrapped: this condition may be copied into every term clause of a tier.
        return queries[0]
    return Query.boolean_query([(Occur.Should, query) for query in queries])


def _every_clause(clauses: list[tuple[Occur, Query]]) -> Query:
    if len(clauses) == 1 and clauses[0][0] is Occur.Must:
        return clauses[0][1]
    return Query.boolean_query(clauses)


def _in_vendor_names(slot: Slot, held: Vocabulary) -> list[str]:
    return sorted(term for term in slot.terms() if VENDOR_FIELD in held.where(term))


def _unscored(query: Query) -> Query:
    # A filter must not move the ranking: a term query on a keyword field would otherwise add a
    # BM25 score that favours rare categories.
    return Query.const_score_query(query, 0.0)


def facet_filter(schema: Schema, facet: Facet, values: frozenset[str]) -> Query:
    """Any of ``values``, as term queries rather than a term set: tantivy answers a term set on a
    fast field by scanning the whole column (0.2 ms at 100,000 listings, however few listings
    the search matches), where a term query reads only its postings (0.02 ms)."""
    field = FACET_FIELDS[facet]
    terms = [
        Query.term_query(schema, field, value, index_option="basic") for value in sorted(values)
    ]
    if len(terms) == 1:
        return _unscored(terms[0])
    return _unscored(Query.boolean_query([(Occur.Should, term) for term in terms]))


def facet_query_string(filters: Filters, facets: Iterable[Facet]) -> str:
    """The chosen values of ``facets`` as tantivy query syntax (for a filter aggregation, which
    takes nothing else): any of each facet's values, all facets. Values are quoted, so no code
    can be read as syntax. ORed terms, not ``IN [...]``: a set is a column scan here too (0.4 ms
    in a filter aggregation at 100,000 listings)."""
    return " AND ".join(
        _any_of(FACET_FIELDS[facet], filters.values(facet)) for facet in sorted(facets)
    )


def _any_of(field: str, values: frozenset[str]) -> str:
    return "(" + " OR ".join(f"{field}:{_quoted(value)}" for value in sorted(values)) + ")"


def _quoted(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def filter_queries(schema: Schema, filters: Filters) -> list[Query]:
    queries = [
        facet_filter(schema, facet, filters.values(facet))
        for facet in Facet
        if filters.values(facet)
    ]
    for flag, wanted in flag_filters(filters):
        if wanted:
            queries.append(_unscored(Query.term_query(schema, FLAGS_FIELD, flag.value)))
    # Price ranges overlap when each starts before the other ends.
    if filters.price_max_fen is not None:
        queries.append(
            _unscored(
                Query.range_query(
                    schema, "price_min", FieldType.Integer, upper_bound=filters.price_max_fen
                )
            )
        )
    if filters.price_min_fen is not None:
        queries.append(
            _unscored(
                Query.range_query(
                    schema, "price_max", FieldType.Integer, lower_bound=filters.price_min_fen
                )
            )
        )
    return queries


def narrowed(text: Query, filters: list[Query]) -> Query:
    if not filters:
        return text
    return Query.boolean_query([(Occur.Must, query) for query in [text, *filters]])
