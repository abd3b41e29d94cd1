"""Facet and flag counts for a tantivy search: one aggregation over the search's matches.

A facet with a chosen value is counted without its own filter, so its other values keep their
counts (what ticking one more box would give); every other count is taken under every filter.
Rather than run the query once per distinct set of filters (three times for a search with two
chosen facets), the aggregation runs it once under the filters that are not facets (evidence,
price) and narrows inside with ``filter`` sub-aggregations for the chosen facet values: half
the time of the separate aggregations on a 100,000-listing index.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any, NamedTuple

from tantivy import Query, Schema, Searcher

from search.model import FACET_SIZE, Facet, FacetCount, Flag, SearchQuery
from search.tantivy_query import facet_filter, facet_query_string, filter_queries, narrowed
from search.tantivy_schema import FACET_FIELDS, FLAGS_FIELD


class Counted(NamedTuple):
    facets: dict[str, list[FacetCount]]
    flags: dict[str, int]


class _Group(NamedTuple):
    """Counts taken under the same chosen facets: where they sit in the aggregation's answer."""

    applied: frozenset[Facet]
    facets: list[Facet]
    with_flags: bool


def count_facets(searcher: Searcher, schema: Schema, text: Query, query: SearchQuery) -> Counted:
    """The counts ``query`` asks for (``query.facets``, and the flags if ``count_flags``)."""
    filters = query.filters
    chosen = frozenset(facet for facet in Facet if filters.values(facet))
    groups: dict[frozenset[Facet], _Group] = {}
    for facet in sorted(query.facets):
        applied = chosen - {facet}
        group = groups.setdefault(applied, _Group(applied, [], False))
        group.facets.append(facet)
    if query.count_flags:
        group = groups.get(chosen, _Group(chosen, [], False))
        groups[chosen] = group._replace(with_flags=True)
    if not groups:  # nothing asked for
        return Counted({}, {})
    unfaceted = replace(filters, **{facet.value: frozenset() for facet in Facet})
    scope = narrowed(text, filter_queries(schema, unfaceted))
    # Counts under no chosen facet sit at the top of the answer, the others in a filter each.
    spec: dict[str, Any] = {}
    for number, group in enumerate(groups.values()):
        if group.applied:
            query_string = facet_query_string(filters, group.applied)
            spec[f"g{number}"] = {"filter": query_string, "aggs": _terms_spec(group)}
        else:
            spec |= _terms_spec(group)
    answer = searcher.aggregate(scope, spec)

    facets: dict[str, list[FacetCount]] = {}
    flags: dict[str, int] = {}
    for number, group in enumerate(groups.values()):
        found = answer[f"g{number}"] if group.applied else answer
        if group.with_flags:
            counts = _buckets(found[FLAGS_FIELD])
            flags = {flag.value: counts.get(flag.value, 0) for flag in Flag}
        for facet in group.facets:
            counts = _buckets(found[facet.value])
            for value in filters.values(facet) - counts.keys():
                # A chosen value beyond the top buckets (or matching nothing) is still listed.
                only = [facet_filter(schema, f, filters.values(f)) for f in group.applied]
                only.append(facet_filter(schema, facet, frozenset({value})))
                counts[value] = searcher.search(narrowed(scope, only), limit=1).count or 0
            facets[facet.value] = sorted(
                (FacetCount(value, count) for value, count in counts.items()),
                key=lambda item: (-item.count, item.value),
            )
    return Counted(facets, flags)


def _terms_spec(group: _Group) -> dict[str, Any]:
    spec: dict[str, Any] = {
        facet.value: {"terms": {"field": FACET_FIELDS[facet], "size": FACET_SIZE}}
        for facet in group.facets
    }
    if group.with_flags:
        spec[FLAGS_FIELD] = {"terms": {"field": FLAGS_FIELD, "size": len(Flag)}}
    return spec


def _buckets(answer: dict[str, Any]) -> dict[str, int]:
    return {bucket["key"]: bucket["doc_count"] for bucket in answer["buckets"]}
