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
from search.tantivy_schema import FACET_FIELDS, FLAGS_FIELD, SET_FIELDS, SET_SEPARATOR


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
    if _sets_incomplete(spec, answer):
        # More distinct sets than came back (never with the vocabularies of this catalogue):
        # counted again from the multi-valued columns, slower but whole.
        answer = searcher.aggregate(scope, _respecified(spec))

    facets: dict[str, list[FacetCount]] = {}
    flags: dict[str, int] = {}
    for number, group in enumerate(groups.values()):
        found = answer[f"g{number}"] if group.applied else answer
        if group.with_flags:
            counts = _buckets(found[FLAGS_FIELD], sets=True)
            flags = {flag.value: counts.get(flag.value, 0) for flag in Flag}
        for facet in group.facets:
            counts = _buckets(found[facet.value], sets=FACET_FIELDS[facet] in SET_FIELDS)
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


# Buckets asked for a set column: every set there is, in any catalogue this serves.
SET_BUCKETS = 10_000
_SET_COLUMNS = frozenset(SET_FIELDS.values())


def _terms_spec(group: _Group) -> dict[str, Any]:
    fields = {facet.value: FACET_FIELDS[facet] for facet in group.facets}
    if group.with_flags:
        fields[FLAGS_FIELD] = FLAGS_FIELD
    spec: dict[str, Any] = {}
    for name, field in fields.items():
        if field in SET_FIELDS:
            spec[name] = {"terms": {"field": SET_FIELDS[field], "size": SET_BUCKETS}}
        else:
            spec[name] = {"terms": {"field": field, "size": FACET_SIZE}}
    return spec


def _respecified(spec: dict[str, Any]) -> dict[str, Any]:
    """``spec`` counting the multi-valued columns themselves rather than their set twins."""
    plain = {set_field: field for field, set_field in SET_FIELDS.items()}
    result: dict[str, Any] = {}
    for name, part in spec.items():
        if "aggs" in part:
            result[name] = part | {"aggs": _respecified(part["aggs"])}
        elif part["terms"]["field"] in plain:
            result[name] = {"terms": {"field": plain[part["terms"]["field"]], "size": FACET_SIZE}}
        else:
            result[name] = part
    return result


def _sets_incomplete(spec: dict[str, Any], answer: dict[str, Any]) -> bool:
    """Whether a set column had more sets than ``SET_BUCKETS``."""
    for name, part in spec.items():
        if "aggs" in part:
            if _sets_incomplete(part["aggs"], answer[name]):
                return True
        elif part["terms"]["field"] in _SET_COLUMNS and answer[name]["sum_other_doc_count"] > 0:
            return True
    return False


def _buckets(answer: dict[str, Any], *, sets: bool) -> dict[str, int]:
    """Counts per value, the most frequent ``FACET_SIZE`` (as a terms aggregation of that size
    returns them). With ``sets``, each bucket is a set: it counts for each of its values (the
    multi-valued columns themselves, counted when the sets overflowed, give plain values)."""
    if not sets:
        return {bucket["key"]: bucket["doc_count"] for bucket in answer["buckets"]}
    counts: dict[str, int] = {}
    for bucket in answer["buckets"]:
        for value in bucket["key"].split(SET_SEPARATOR):
            counts[value] = counts.get(value, 0) + bucket["doc_count"]
    if len(counts) <= FACET_SIZE:
        return counts
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:FACET_SIZE])
