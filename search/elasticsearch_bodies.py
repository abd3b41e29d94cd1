"""Request bodies of the Elasticsearch backend, as plain dicts: mapping, documents, queries.

Pure functions, so the bodies are tested without a cluster
(tests/search/test_elasticsearch_bodies.py). No query parser is ever used (never
``query_string``): a search text is split by the shared analysis rule (``search.analysis``) and
each part is sent as the text of a ``multi_match``, so nothing a user types (``"``, ``:``,
``(``, ``*``, ``\\``) is syntax.
"""

from __future__ import annotations

import enum
import json
import math
from collections.abc import Iterable, Iterator, Mapping
from functools import cache
from pathlib import Path
from typing import Any, NamedTuple

from search import completion
from search.analysis import Unit, unit_group
from search.highlight import MARK_CLOSE, MARK_OPEN, SNIPPET_CHARS
from search.model import (
    FACET_SIZE,
    MAX_RESULT_WINDOW,
    Facet,
    FacetCount,
    Filters,
    Flag,
    SearchDocument,
    SearchQuery,
    Sort,
    flag_filters,
)
from search.ranking import (
    FIELD_WEIGHTS,
    OTHER_FIELDS_SHARE,
    TRIALS_BOOST_CAP,
    TRIALS_BOOST_PER_DOUBLING,
    VENDOR_FIELD,
    VERIFIED_DESIGNATION_BOOST,
    VERIFIED_TEST_REPORT_BOOST,
    tie_key,
)
from search.synonyms import Slot, expand, phrase_group
from search.tiers import Window

# Bump together with a new search/es_mapping_v<N>.json: a rebuild creates the new layout.
MAPPING_VERSION = 4  # 3: the "tried" flag (a successful trial on record); 4: completion words
MAPPING_FILE = Path(__file__).with_name(f"es_mapping_v{MAPPING_VERSION}.json")

# Text fields as stored (the originals highlights are made from) and the ranking weight of each;
# both names share the weight of "name".
TEXT_FIELD_WEIGHTS: dict[str, float] = {
    "name_zh": FIELD_WEIGHTS["name"],
    "name_en": FIELD_WEIGHTS["name"],
    "tags": FIELD_WEIGHTS["tags"],
    "summary": FIELD_WEIGHTS["summary"],
    "vendor_name": FIELD_WEIGHTS["vendor_name"],
    "technical_field_label": FIELD_WEIGHTS["technical_field_label"],
    "description": FIELD_WEIGHTS["description"],
}
# The listing's own text: every field but the vendor's name (the content tier, search.tiers).
CONTENT_TEXT_FIELD_WEIGHTS = {
    name: weight for name, weight in TEXT_FIELD_WEIGHTS.items() if name != VENDOR_FIELD
}
# English stemming lives in each text field's ``.en`` sub-field (the ``english`` analyzer).
ENGLISH_SUFFIX = ".en"
# Keyword fields that filters and facets use.
FACET_FIELDS: dict[Facet, str] = {
    Facet.CATEGORY: "category",
    Facet.TECHNICAL_FIELD: "technical_field",
    Facet.REGION: "region",
    Facet.DESIGNATION_KINDS: "designation_kinds",
    Facet.VENDOR: "vendor",
}
SUGGEST_FIELD = "suggest"
# The caller's payload: kept in _source, not indexed (the mapping disables it).
PAYLOAD_FIELD = "payload"
# search_as_you_type's shingle sub-fields (max_shingle_size 3), as bool_prefix expects them.
SUGGEST_FIELDS = [SUGGEST_FIELD, f"{SUGGEST_FIELD}._2gram", f"{SUGGEST_FIELD}._3gram"]
# Listings fetched per completion request; their phrases are then matched and ordered in Python
# (search.completion), as the tantivy backend does.
SUGGEST_CANDIDATES = 50
# A listing's completion words (search.completion.word_terms), a keyword each, indexed but left
# out of _source (the mapping excludes them); a terms aggregation counts those with a prefix.
SUGGEST_WORDS_FIELD = "suggest_words"
WORDS_AGG = "words"
# A search text is cut to this many parts (words and CJK runs): each part is a clause per field,
# and a pasted page of text must not exceed the cluster's clause limit and turn into an error.
MAX_TEXT_PARTS = 32
SORT_FIELDS = {Sort.NEWEST: "published_at", Sort.TRIALS: "trial_successes"}
TIE_FIELD = "tie"
# Aggregation names inside a facet's filtered aggregation.
VALUES_AGG = "values"
CHOSEN_AGG = "chosen"
# The aggregation counting each ``Flag`` among the hits, and the boolean field of each flag.
FLAGS_AGG = "flags"
FLAG_FIELDS = {Flag.VERIFIED: "verified", Flag.INSURED: "insured", Flag.TRIED: "tried"}


@cache
def _mapping_file() -> dict[str, Any]:
    return json.loads(MAPPING_FILE.read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def index_settings() -> dict[str, Any]:
    """The ``settings`` of a new concrete index (analyzers, one shard)."""
    return json.loads(json.dumps(_mapping_file()["settings"]))  # type: ignore[no-any-return]


def index_mappings() -> dict[str, Any]:
    return json.loads(json.dumps(_mapping_file()["mappings"]))  # type: ignore[no-any-return]


def trials_boost(trial_successes: int) -> float:
    """The trials share of ``search.ranking.evidence_multiplier``, stored for function_score."""
    if trial_successes <= 0:
        return 0.0
    return min(TRIALS_BOOST_CAP, TRIALS_BOOST_PER_DOUBLING * math.log2(1 + trial_successes))


def document_source(doc: SearchDocument) -> dict[str, Any]:
    """The ``_source`` of a listing: the originals (texts are analysed by the mapping) plus the
    keyword, numeric and date fields filters, facets, boosts and sorts use."""
    source: dict[str, Any] = {
        "id": doc.id,
        "name_zh": doc.name_zh,
        "name_en": doc.name_en,
        "tags": list(doc.tags),
        "summary": doc.summary,
        "vendor_name": doc.vendor_name,
        "technical_field_label": doc.technical_field_label,
        "description": doc.description,
        # Empty codes are left out, so no facet lists an empty value.
        "category": [doc.category] if doc.category else [],
        "technical_field": [doc.technical_field] if doc.technical_field else [],
        "region": [doc.region] if doc.region else [],
        "designation_kinds": [kind for kind in doc.designation_kinds if kind],
        "vendor": [doc.vendor_id] if doc.vendor_id else [],
        "verified_designation": doc.verified_designation,
        "verified_test_report": doc.verified_test_report,
        "verified": doc.verified,
        "insured": doc.insured,
        "tried": doc.tried,
        "published_at": doc.published_at.isoformat(),
        "trial_successes": doc.trial_successes,
        "trials_boost": trials_boost(doc.trial_successes),
        TIE_FIELD: tie_key(doc.id),
        SUGGEST_FIELD: completion.phrases([doc.name_zh, doc.name_en, *doc.suggest]),
        SUGGEST_WORDS_FIELD: completion.word_terms(
            (doc.name_zh, doc.name_en), doc.tags, doc.technical_field_label
        ),
        PAYLOAD_FIELD: dict(doc.payload),
    }
    # A listing without a price has no price fields, so no price range matches it; one with a
    # single bound is priced at that one value (as in the tantivy backend).
    prices = [price for price in (doc.price_min_fen, doc.price_max_fen) if price is not None]
    if prices:
        source["price_min"] = min(prices)
        source["price_max"] = max(prices)
    return source


def index_actions(docs: Iterable[SearchDocument], index: str) -> Iterator[dict[str, Any]]:
    """``helpers.streaming_bulk`` actions that add or replace each listing by id."""
    for doc in docs:
        yield {"_op_type": "index", "_index": index, "_id": doc.id, "_source": document_source(doc)}


def delete_actions(ids: Iterable[str], index: str) -> Iterator[dict[str, Any]]:
    """Bulk deletes, each id once; a 404 (unknown id) is ignored by the caller."""
    for doc_id in dict.fromkeys(ids):
        yield {"_op_type": "delete", "_index": index, "_id": doc_id}


def alias_swap_actions(alias: str, old: Iterable[str], new: str) -> list[dict[str, Any]]:
    """One ``update_aliases`` call: the alias leaves the old indexes and joins the new one
    atomically, so every search sees either the old index or the complete new one."""
    actions: list[dict[str, Any]] = [
        {"remove": {"index": name, "alias": alias}} for name in sorted(old)
    ]
    actions.append({"add": {"index": new, "alias": alias, "is_write_index": True}})
    return actions


# Queries


class TextPart(NamedTuple):
    """One condition of a search text: its text, the fields searched, and how many of its
    analysed terms must match (``None``: all of them)."""

    text: str
    fields: tuple[str, ...]
    minimum_should_match: int | None


class Tier(enum.StrEnum):
    """Which tier of ``search.tiers`` a request asks for."""

    CONTENT = "content"  # every word in the listing's own text
    VENDOR = "vendor"  # every word somewhere, but some only in the vendor's name


def _weighted(english: bool, weights: Mapping[str, float]) -> tuple[str, ...]:
    fields = [f"{name}^{weight:g}" for name, weight in weights.items()]
    if english:
        fields += [f"{name}{ENGLISH_SUFFIX}^{weight:g}" for name, weight in weights.items()]
    return tuple(fields)


def _unit_part(unit: Unit, weights: Mapping[str, float], whole: bool = False) -> TextPart:
    """A word is sent as written (folded), to the plain fields and the ``.en`` sub-fields (so
    "robots" finds "robot"); a CJK run is sent as its pairs (the fields' search analyzer keeps
    pairs only), of which a share must match; a lone CJK character is sent as itself."""
    if not unit.cjk:
        return TextPart(unit.text, _weighted(True, weights), None)
    group = phrase_group(unit) if whole else unit_group(unit)
    needed = None if group.minimum_match >= len(group.terms) else group.minimum_match
    return TextPart(" ".join(group.terms), _weighted(False, weights), needed)


def _parts(
    units: Iterable[Unit], weights: Mapping[str, float], whole: bool = False
) -> list[TextPart]:
    """``whole``: the units of a synonym, whose CJK runs need all their pairs."""
    return list(dict.fromkeys(_unit_part(unit, weights, whole) for unit in units))


def text_parts(text: str, weights: Mapping[str, float] = TEXT_FIELD_WEIGHTS) -> list[TextPart]:
    """The typed parts of a search text, following ``search.analysis.query_groups``: every part
    must match (synonyms aside: see ``text_clauses``)."""
    return [part for slot in _slots(text) for part in _parts(slot.typed, weights)]


def _slots(text: str) -> list[Slot]:
    return expand(text)[:MAX_TEXT_PARTS]


def _part_query(part: TextPart) -> dict[str, Any]:
    body: dict[str, Any] = {
        "query": part.text,
        # Term-centric, like the tantivy backend: each term scores in its best field plus a
        # share of the others, and the terms may sit in different fields.
        "type": "cross_fields",
        "fields": list(part.fields),
        "tie_breaker": OTHER_FIELDS_SHARE,
    }
    if part.minimum_should_match is None:
        body["operator"] = "and"
    else:
        body["minimum_should_match"] = part.minimum_should_match
    return {"multi_match": body}


def _all_parts(parts: list[TextPart], boost: float | None = None) -> dict[str, Any]:
    if len(parts) == 1 and boost is None:
        return _part_query(parts[0])
    query: dict[str, Any] = {"must": [_part_query(part) for part in parts]}
    if boost is not None:
        query["boost"] = boost
    return {"bool": query}


def _slot_clause(slot: Slot, weights: Mapping[str, float]) -> dict[str, Any]:
    """The typed part, or any of its synonyms (``search.synonyms``) at a lower weight: the best
    of them scores (``dis_max``), as in the tantivy backend."""
    typed = _all_parts(_parts(slot.typed, weights))
    if not slot.alternatives:
        return typed
    alternatives = [
        _all_parts(_parts(alternative, weights, whole=True), round(boost, 6))
        for alternative, (_, boost) in zip(
            slot.alternatives, slot.alternative_groups(), strict=True
        )
    ]
    return {"dis_max": {"queries": [typed, *alternatives]}}


def text_clauses(
    text: str, weights: Mapping[str, float] = TEXT_FIELD_WEIGHTS
) -> list[dict[str, Any]]:
    """The scoring part of a search, as ``must`` clauses: every slot must match; no text
    matches everything; text that analyses to nothing (only punctuation) matches nothing."""
    slots = _slots(text)
    if not slots:
        return [{"match_none": {}} if text.strip() else {"match_all": {}}]
    return [_slot_clause(slot, weights) for slot in slots]


def has_vendor_tier(text: str) -> bool:
    """Browsing (no words) and text that analyses to nothing have one tier only."""
    return bool(text_parts(text))


def tier_clauses(text: str, tier: Tier) -> list[dict[str, Any]]:
    content = text_clauses(text, CONTENT_TEXT_FIELD_WEIGHTS)
    if tier is Tier.CONTENT:
        return content
    return [{"bool": {"must": text_clauses(text), "must_not": [{"bool": {"must": content}}]}}]


def facet_filter(facet: Facet, values: Iterable[str]) -> dict[str, Any]:
    return {"terms": {FACET_FIELDS[facet]: sorted(values)}}


def other_filters(filters: Filters) -> list[dict[str, Any]]:
    """The filters that are no facet: they narrow the hits and every facet count alike."""
    clauses: list[dict[str, Any]] = []
    for flag, wanted in flag_filters(filters):
        if wanted:
            clauses.append({"term": {FLAG_FIELDS[flag]: True}})
    # Price ranges overlap when each starts before the other ends.
    if filters.price_max_fen is not None:
        clauses.append({"range": {"price_min": {"lte": filters.price_max_fen}}})
    if filters.price_min_fen is not None:
        clauses.append({"range": {"price_max": {"gte": filters.price_min_fen}}})
    return clauses


def facet_filters(filters: Filters, *, without: Facet | None = None) -> list[dict[str, Any]]:
    return [
        facet_filter(facet, filters.values(facet))
        for facet in Facet
        if facet is not without and filters.values(facet)
    ]


def _all_of(clauses: list[dict[str, Any]]) -> dict[str, Any]:
    return {"bool": {"filter": clauses}} if clauses else {"match_all": {}}


def scored_query(text: str, filters: Filters, tier: Tier = Tier.CONTENT) -> dict[str, Any]:
    """The text query under the non-facet filters, its score multiplied by the evidence
    multiplier of ``search.ranking`` (1 + verified designation + verified test report + trials
    share, summed by ``function_score``)."""
    query: dict[str, Any] = {"bool": {"must": tier_clauses(text, tier)}}
    if clauses := other_filters(filters):
        query["bool"]["filter"] = clauses
    return {
        "function_score": {
            "query": query,
            "functions": [
                {"weight": 1.0},
                {
                    "filter": {"term": {"verified_designation": True}},
                    "weight": VERIFIED_DESIGNATION_BOOST,
                },
                {
                    "filter": {"term": {"verified_test_report": True}},
                    "weight": VERIFIED_TEST_REPORT_BOOST,
                },
                {"field_value_factor": {"field": "trials_boost", "missing": 0.0}},
            ],
            "score_mode": "sum",
            "boost_mode": "multiply",
        }
    }


def facet_aggregations(query: SearchQuery) -> dict[str, Any]:
    """One filtered aggregation per facet asked for: the chosen values of every *other* facet
    narrow it (the hits get them all through ``post_filter``), so a chosen value keeps its
    siblings' counts. Chosen values are also counted one by one, so each is listed even when it
    is beyond the top buckets or matches nothing."""
    aggs: dict[str, Any] = {}
    for facet in sorted(query.facets):
        field = FACET_FIELDS[facet]
        inner: dict[str, Any] = {
            VALUES_AGG: {
                "terms": {
                    "field": field,
                    "size": FACET_SIZE,
                    "order": [{"_count": "desc"}, {"_key": "asc"}],
                }
            }
        }
        chosen = sorted(query.filters.values(facet))
        if chosen:
            inner[CHOSEN_AGG] = {
                "filters": {"filters": {value: {"term": {field: value}} for value in chosen}}
            }
        aggs[facet.value] = {
            "filter": _all_of(facet_filters(query.filters, without=facet)),
            "aggs": inner,
        }
    return aggs


def flag_aggregation(filters: Filters) -> dict[str, Any]:
    """How many hits have each flag: under every filter, the facets' ones included (the query
    carries the others; the hits get the facets' through ``post_filter``)."""
    return {
        "filter": _all_of(facet_filters(filters)),
        "aggs": {flag.value: {"filter": {"term": {FLAG_FIELDS[flag]: True}}} for flag in Flag},
    }


def flag_counts(aggregations: Mapping[str, Any]) -> dict[str, int]:
    answer = aggregations.get(FLAGS_AGG, {})
    return {flag.value: int(answer.get(flag.value, {}).get("doc_count", 0)) for flag in Flag}


def sort_clause(sort: Sort) -> list[dict[str, Any]]:
    """Every order ends with the tie key, so equal hits never depend on shard or insertion."""
    tie = {TIE_FIELD: {"order": "asc"}}
    if sort is Sort.RELEVANCE:
        return [{"_score": {"order": "desc"}}, tie]
    return [{SORT_FIELDS[sort]: {"order": "desc"}}, tie]


def highlight_clause() -> dict[str, Any]:
    """The unified highlighter, marking with ``<mark>`` on HTML-escaped text; short fields are
    shown whole, long ones as one snippet of ``SNIPPET_CHARS``."""
    fields: dict[str, Any] = {}
    for name, max_chars in SNIPPET_CHARS.items():
        fields[name] = (
            {"number_of_fragments": 0}
            if max_chars is None
            else {"fragment_size": max_chars, "number_of_fragments": 1, "no_match_size": 0}
        )
    return {
        "type": "unified",
        "pre_tags": [MARK_OPEN],
        "post_tags": [MARK_CLOSE],
        "encoder": "html",
        "require_field_match": False,
        "fields": fields,
    }


def page_window(query: SearchQuery) -> tuple[int, int]:
    """``from`` and ``size``: never past ``MAX_RESULT_WINDOW`` (a deeper page is empty)."""
    if query.offset >= MAX_RESULT_WINDOW:
        return 0, 0
    return query.offset, min(query.per_page, MAX_RESULT_WINDOW - query.offset)


def search_body(
    query: SearchQuery,
    *,
    native_highlights: bool = False,
    tier: Tier = Tier.CONTENT,
    window: Window | None = None,
    counts: bool = True,
) -> dict[str, Any]:
    """One tier's request: its page ``window`` (by default the query's own page) and, with
    ``counts``, the facet and flag aggregations."""
    start, size = page_window(query) if window is None else window
    body: dict[str, Any] = {
        "query": scored_query(query.text, query.filters, tier),
        "from": start,
        "size": size,
        "track_total_hits": True,
        "sort": sort_clause(query.sort),
        "_source": {"excludes": [SUGGEST_FIELD]},
    }
    if query.sort is Sort.RELEVANCE:
        body["track_scores"] = True
    if chosen := facet_filters(query.filters):
        body["post_filter"] = _all_of(chosen)
    if query.facets and counts:
        body["aggs"] = facet_aggregations(query)
    if query.count_flags and counts:
        body.setdefault("aggs", {})[FLAGS_AGG] = flag_aggregation(query.filters)
    if native_highlights and query.text.strip():
        body["highlight"] = highlight_clause()
    return body


def facet_counts(
    query: SearchQuery, aggregations: Mapping[str, Any]
) -> dict[str, list[FacetCount]]:
    """(value, count) per facet from the response, by count descending, then value."""
    counts: dict[str, list[FacetCount]] = {}
    for facet in query.facets:
        answer = aggregations.get(facet.value, {})
        found = {
            str(bucket["key"]): int(bucket["doc_count"])
            for bucket in answer.get(VALUES_AGG, {}).get("buckets", [])
        }
        for value, bucket in answer.get(CHOSEN_AGG, {}).get("buckets", {}).items():
            found[value] = int(bucket["doc_count"])
        for value in query.filters.values(facet):  # listed even with no answer (no index yet)
            found.setdefault(value, 0)
        counts[facet.value] = sorted(
            (FacetCount(value, count) for value, count in found.items()),
            key=lambda item: (-item.count, item.value),
        )
    return counts


def suggest_body(prefix: str) -> dict[str, Any]:
    """Listings with a word starting with ``prefix`` (search_as_you_type, ``bool_prefix``), and
    over every listing, the word terms starting with it with how many listings have each (most
    first, then by term: what tantivy's ``terms_with_prefix`` answers)."""
    return {
        "size": SUGGEST_CANDIDATES,
        "_source": ["name_zh", "name_en", SUGGEST_FIELD, FACET_FIELDS[Facet.VENDOR]],
        "query": {
            "multi_match": {
                "query": prefix,
                "type": "bool_prefix",
                "fields": SUGGEST_FIELDS,
                "operator": "and",
            }
        },
        "sort": [{"_score": {"order": "desc"}}, {TIE_FIELD: {"order": "asc"}}],
        "aggs": {
            WORDS_AGG: {
                "global": {},
                "aggs": {
                    WORDS_AGG: {
                        "filter": {"prefix": {SUGGEST_WORDS_FIELD: prefix}},
                        "aggs": {
                            WORDS_AGG: {
                                "terms": {
                                    "field": SUGGEST_WORDS_FIELD,
                                    "include": f"{_regexp_escaped(prefix)}.*",
                                    "size": completion.WORD_SCAN,
                                    "order": [{"_count": "desc"}, {"_key": "asc"}],
                                }
                            }
                        },
                    }
                },
            }
        },
    }


# Lucene's regular expression syntax: every other character stands for itself.
_REGEXP_SPECIALS = frozenset('.?+*|{}[]()"\\#@&<>~')


def _regexp_escaped(text: str) -> str:
    return "".join(f"\\{char}" if char in _REGEXP_SPECIALS else char for char in text)


def suggested_words(answer: Mapping[str, Any]) -> list[tuple[str, int]]:
    """The (term, listings) pairs of a ``suggest_body`` answer's words aggregation."""
    words = answer.get("aggregations", {}).get(WORDS_AGG, {}).get(WORDS_AGG, {})
    buckets = words.get(WORDS_AGG, {}).get("buckets", [])
    return [(str(bucket["key"]), int(bucket["doc_count"])) for bucket in buckets]
