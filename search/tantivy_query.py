"""Turning a ``SearchQuery`` into tantivy queries, from analysed terms only.

No query parser is involved, so nothing a user types (``"``, ``:``, ``(``, ``*``, ``\\``) can be
a syntax error: it is text, and the analysis drops what is not a word.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from tantivy import FieldType, Occur, Query, Schema

from search.analysis import TermGroup
from search.model import Facet, Filters, flag_filters
from search.ranking import CONTENT_FIELD_WEIGHTS, FIELD_WEIGHTS, OTHER_FIELDS_SHARE, VENDOR_FIELD
from search.synonyms import Slot, terms_of
from search.tantivy_schema import FACET_FIELDS, FLAGS_FIELD, text_field

Weights = Mapping[str, float]


def _term_anywhere(schema: Schema, term: str, weights: Weights) -> Query:
    """A term in any of the text fields ``weights`` names, scored by its best field (weighted)
    plus a share of the rest."""
    per_field = [
        Query.boost_query(
            Query.term_query(schema, text_field(name, term), term, index_option="freq"), weight
        )
        for name, weight in weights.items()
    ]
    return Query.disjunction_max_query(per_field, tie_breaker=OTHER_FIELDS_SHARE)


def _group(schema: Schema, group: TermGroup, weights: Weights) -> Query:
    if len(group.terms) == 1:
        return _term_anywhere(schema, group.terms[0], weights)
    if group.minimum_match >= len(group.terms):
        # Every term: an intersection, which tantivy walks from the rarest term, where a
        # minimum-match over the same terms visits every posting of each.
        return Query.boolean_query(
            [(Occur.Must, _term_anywhere(schema, term, weights)) for term in group.terms]
        )
    return Query.boolean_query(
        [(Occur.Should, _term_anywhere(schema, term, weights)) for term in group.terms],
        minimum_number_should_match=group.minimum_match,
    )


def _all_groups(schema: Schema, groups: tuple[TermGroup, ...], weights: Weights) -> Query:
    if len(groups) == 1:
        return _group(schema, groups[0], weights)
    return Query.boolean_query([(Occur.Must, _group(schema, group, weights)) for group in groups])


def _slot(schema: Schema, slot: Slot, weights: Weights) -> Query:
    """The typed part, or any of its synonyms at a lower weight: a listing scores by the best
    of them (a disjunction max), so one that has both is not counted twice."""
    typed = _all_groups(schema, slot.typed_groups, weights)
    if not slot.alternatives:
        return typed
    alternatives = [
        Query.boost_query(_all_groups(schema, groups, weights), boost)
        for groups, boost in slot.alternative_groups()
    ]
    return Query.disjunction_max_query([typed, *alternatives])


def text_query(schema: Schema, slots: list[Slot], weights: Weights = FIELD_WEIGHTS) -> Query:
    """Every slot must match (in the fields of ``weights``); an empty list matches everything
    (browsing with filters only)."""
    if not slots:
        # Wrapped, because a bare all_query under a boolean query loses its score of 1 (tantivy
        # optimises it away), and the evidence boosts multiply that score.
        return Query.const_score_query(Query.all_query(), 1.0)
    if len(slots) == 1:
        return _slot(schema, slots[0], weights)
    return Query.boolean_query([(Occur.Must, _slot(schema, slot, weights)) for slot in slots])


def tier_queries(schema: Schema, slots: list[Slot]) -> tuple[Query, Query | None]:
    """The content tier and the vendor tier of ``search.tiers`` (None: browsing has no vendor
    tier): every slot in the listing's own text; every slot somewhere, but not all in it."""
    if not slots:
        return text_query(schema, slots), None
    content = text_query(schema, slots, CONTENT_FIELD_WEIGHTS)
    # Some term is then in the vendor's name: said outright (unscored), so that tantivy drives
    # the intersection from the vendor names' short postings instead of walking every match.
    in_vendor_name = Query.boolean_query(
        [
            (Occur.Should, Query.term_query(schema, text_field(VENDOR_FIELD, term), term))
            for term in sorted(terms_of(slots))
        ]
    )
    vendor = Query.boolean_query(
        [
            (Occur.Must, _unscored(in_vendor_name)),
            (Occur.Must, text_query(schema, slots)),
            (Occur.MustNot, content),
        ]
    )
    return content, vendor


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
