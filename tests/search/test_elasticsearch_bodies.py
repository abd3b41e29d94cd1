"""The Elasticsearch backend's request bodies, checked without a cluster (none can run here).

The contract suite (tests/search/test_contract_*.py) checks what the bodies *do* when
ELASTICSEARCH_URL names a cluster; these tests check what they *say*, always.
"""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, datetime
from typing import Any

import pytest

from search.elasticsearch_bodies import (
    FACET_FIELDS,
    MAPPING_FILE,
    MAPPING_VERSION,
    MAX_TEXT_PARTS,
    SUGGEST_CANDIDATES,
    SUGGEST_FIELDS,
    TEXT_FIELD_WEIGHTS,
    Tier,
    alias_swap_actions,
    delete_actions,
    document_source,
    facet_counts,
    flag_counts,
    has_vendor_tier,
    index_actions,
    index_mappings,
    index_settings,
    search_body,
    suggest_body,
    text_parts,
    trials_boost,
)
from search.model import (
    MAX_PER_PAGE,
    MAX_RESULT_WINDOW,
    Facet,
    FacetCount,
    Filters,
    SearchQuery,
    Sort,
)
from search.ranking import FIELD_WEIGHTS, OTHER_FIELDS_SHARE, evidence_multiplier, tie_key
from search.synonyms import expand
from search.tiers import Window
from tests.search.corpus import MATERIAL_CERAMIC, PUMP_MOLTEN_SALT, ROBOT_WELD

# The mapping


def test_the_mapping_file_is_versioned_and_valid_json() -> None:
    assert MAPPING_FILE.name == f"es_mapping_v{MAPPING_VERSION}.json"
    assert json.loads(MAPPING_FILE.read_text(encoding="utf-8"))["mappings"]["_meta"] == {
        "mapping_version": MAPPING_VERSION
    }


def test_text_is_indexed_with_standard_cjk_width_lowercase_and_cjk_bigram_with_unigrams() -> None:
    analysis = index_settings()["analysis"]
    analyzer = analysis["analyzer"]["pm_text"]

    assert analyzer == {
        "type": "custom",
        "tokenizer": "standard",
        "filter": ["cjk_width", "lowercase", "pm_cjk_bigram"],
    }
    assert analysis["filter"]["pm_cjk_bigram"] == {"type": "cjk_bigram", "output_unigrams": True}


def test_queries_are_analysed_into_pairs_only_so_characters_out_of_order_never_match() -> None:
    analysis = index_settings()["analysis"]

    assert analysis["analyzer"]["pm_text_search"]["filter"] == [
        "cjk_width",
        "lowercase",
        "pm_cjk_bigram_only",
    ]
    assert analysis["filter"]["pm_cjk_bigram_only"] == {
        "type": "cjk_bigram",
        "output_unigrams": False,
    }


def test_one_shard_so_equal_listings_score_equally_and_the_tie_key_orders_them() -> None:
    assert index_settings()["number_of_shards"] == 1


@pytest.mark.parametrize("field", list(TEXT_FIELD_WEIGHTS))
def test_every_text_field_has_an_english_sub_field(field: str) -> None:
    mapping = index_mappings()["properties"][field]

    assert mapping["type"] == "text"
    assert (mapping["analyzer"], mapping["search_analyzer"]) == ("pm_text", "pm_text_search")
    assert mapping["fields"] == {"en": {"type": "text", "analyzer": "english"}}


def test_filters_and_facets_use_keyword_fields_and_numbers_are_typed() -> None:
    properties = index_mappings()["properties"]

    for field in [*FACET_FIELDS.values(), "id"]:
        assert properties[field] == {"type": "keyword"}
    for field in ("verified", "verified_designation", "verified_test_report", "insured", "tried"):
        assert properties[field] == {"type": "boolean"}
    assert properties["price_min"]["type"] == properties["price_max"]["type"] == "long"
    assert properties["published_at"] == {"type": "date"}
    assert properties["trial_successes"] == {"type": "integer"}
    assert properties["trials_boost"] == {"type": "float"}
    assert properties["tie"] == {"type": "long"}


def test_suggestions_use_search_as_you_type() -> None:
    suggest = index_mappings()["properties"]["suggest"]

    assert suggest["type"] == "search_as_you_type"
    assert suggest["max_shingle_size"] == 3
    assert index_settings()["analysis"]["analyzer"][suggest["analyzer"]]["tokenizer"] == "standard"


def test_the_mapping_is_strict_and_covers_every_document_field() -> None:
    mappings = index_mappings()

    assert mappings["dynamic"] == "strict"
    assert set(document_source(ROBOT_WELD)) <= set(mappings["properties"])
    # The caller's payload is kept in _source and never indexed.
    assert mappings["properties"]["payload"] == {"type": "object", "enabled": False}


# Documents


def test_a_document_keeps_its_originals_codes_and_ranking_inputs() -> None:
    source = document_source(ROBOT_WELD)

    assert source["name_zh"] == "工业机器人焊接工作站"
    assert source["tags"] == ["焊接", "机器人"]
    assert source["vendor"] == ["v-huagong"]
    assert source["designation_kinds"] == ["first_set"]
    assert (source["verified"], source["insured"], source["tried"]) == (True, True, True)
    assert (source["price_min"], source["price_max"]) == (80_000_000, 120_000_000)
    assert source["published_at"] == "2024-05-10T09:30:00+00:00"
    assert source["tie"] == tie_key("robot-weld")
    assert source["suggest"] == ["工业机器人焊接工作站", "Industrial Robot Welding Cell"]


def test_missing_prices_and_empty_codes_are_left_out() -> None:
    source = document_source(MATERIAL_CERAMIC)

    assert "price_min" not in source
    assert "price_max" not in source
    assert source["region"] == ["BJ"]
    assert source["designation_kinds"] == []
    one_bound = document_source(PUMP_MOLTEN_SALT)
    assert one_bound["price_min"] == one_bound["price_max"] == 50_000_000


@pytest.mark.parametrize("trials", [0, 1, 3, 5, 1_000])
def test_the_stored_trials_boost_completes_the_evidence_multiplier(trials: int) -> None:
    doc = replace(ROBOT_WELD, trial_successes=trials)
    expected = evidence_multiplier(doc) - 1 - 0.15 - 0.10

    assert trials_boost(trials) == pytest.approx(expected)


# Bulk actions and the alias swap


def test_bulk_index_actions_replace_documents_by_id() -> None:
    actions = list(index_actions([ROBOT_WELD, PUMP_MOLTEN_SALT], "products"))

    assert [(a["_op_type"], a["_index"], a["_id"]) for a in actions] == [
        ("index", "products", "robot-weld"),
        ("index", "products", "pump-molten-salt"),
    ]
    assert actions[0]["_source"] == document_source(ROBOT_WELD)


def test_bulk_delete_actions_name_each_id_once() -> None:
    assert list(delete_actions(["a", "b", "a"], "products")) == [
        {"_op_type": "delete", "_index": "products", "_id": "a"},
        {"_op_type": "delete", "_index": "products", "_id": "b"},
    ]


def test_the_alias_moves_from_the_old_indexes_to_the_new_one_in_one_call() -> None:
    assert alias_swap_actions("products", ["products_v1_b", "products_v1_a"], "products_v1_c") == [
        {"remove": {"index": "products_v1_a", "alias": "products"}},
        {"remove": {"index": "products_v1_b", "alias": "products"}},
        {"add": {"index": "products_v1_c", "alias": "products", "is_write_index": True}},
    ]
    assert alias_swap_actions("products", [], "products_v1_a") == [
        {"add": {"index": "products_v1_a", "alias": "products", "is_write_index": True}}
    ]


# Queries


def body(text: str = "", **options: Any) -> dict[str, Any]:
    return search_body(SearchQuery(text=text, **options))


def inner(query_body: dict[str, Any]) -> dict[str, Any]:
    """The bool query inside the function_score."""
    return query_body["query"]["function_score"]["query"]["bool"]  # type: ignore[no-any-return]


def matches(node: Any) -> list[dict[str, Any]]:
    """Every ``multi_match`` body in a clause or a list of clauses, in order."""
    if isinstance(node, list):
        return [found for item in node for found in matches(item)]
    if not isinstance(node, dict):
        return []
    found = [node["multi_match"]] if "multi_match" in node else []
    return found + [match for value in node.values() for match in matches(value)]


def typed(clause: dict[str, Any]) -> dict[str, Any]:
    """The clause of what was typed, without its synonyms (the first of a ``dis_max``)."""
    return clause["dis_max"]["queries"][0] if "dis_max" in clause else clause


def test_a_word_is_matched_across_weighted_fields_and_their_english_sub_fields() -> None:
    (clause,) = inner(body("Robots"))["must"]
    match = typed(clause)["multi_match"]

    assert match["query"] == "robots"
    assert match["type"] == "cross_fields"
    assert match["operator"] == "and"
    assert match["tie_breaker"] == OTHER_FIELDS_SHARE
    assert "name_zh^6" in match["fields"]
    assert "name_en.en^6" in match["fields"]
    assert "description.en^1" in match["fields"]
    assert f"tags^{FIELD_WEIGHTS['tags']:g}" in match["fields"]
    assert f"technical_field_label^{FIELD_WEIGHTS['technical_field_label']:g}" in match["fields"]


def test_field_weights_follow_the_ranking_module() -> None:
    weights = {name: FIELD_WEIGHTS[name] for name in FIELD_WEIGHTS if name != "name"}
    weights |= {"name_zh": FIELD_WEIGHTS["name"], "name_en": FIELD_WEIGHTS["name"]}

    assert weights == TEXT_FIELD_WEIGHTS


def test_every_word_and_chinese_run_of_a_query_must_match() -> None:
    parts = text_parts("五轴 CNC 工业机器人 泵")

    assert [(part.text, part.minimum_should_match) for part in parts] == [
        ("五轴", None),
        ("cnc", None),
        # Four pairs: three must match, as search.analysis.query_groups says.
        ("工业 业机 机器 器人", 3),
        ("泵", None),
    ]
    # Chinese is matched on the main fields only: the english analyzer makes no pairs.
    chinese = [parts[0], *parts[2:]]
    assert all(".en" not in field for part in chinese for field in part.fields)
    musts = inner(body("五轴 CNC 工业机器人"))["must"]
    assert len(musts) == 3
    assert typed(musts[2])["multi_match"]["minimum_should_match"] == 3
    assert "operator" not in typed(musts[2])["multi_match"]


def test_a_pasted_page_of_text_is_cut_to_a_bounded_number_of_clauses() -> None:
    text = " ".join(f"word{number}" for number in range(500))

    assert len(inner(body(text))["must"]) == MAX_TEXT_PARTS


def test_full_width_text_is_folded_before_it_is_sent() -> None:
    assert [part.text for part in text_parts("ＣＮＣ ＡＢＣ－２０")] == ["cnc", "abc", "20"]


@pytest.mark.parametrize(
    "text", ['"pump', "pump:", "(pump", "pump*", "\\pump", "+pump -", "name:pump", "pump~2"]
)
def test_syntax_characters_are_never_sent_as_syntax(text: str) -> None:
    query_body = body(text)
    serialised = json.dumps(query_body)

    assert "query_string" not in serialised
    assert "simple_query_string" not in serialised
    texts = [match["query"] for match in matches(inner(query_body)["must"])]
    assert all(char not in "".join(texts) for char in '"():*\\+-~')
    assert "pump" in texts


@pytest.mark.parametrize(("text", "expected"), [("", "match_all"), ("  ", "match_all")])
def test_no_text_matches_everything(text: str, expected: str) -> None:
    assert inner(body(text))["must"] == [{expected: {}}]


@pytest.mark.parametrize("text", ['"', "(*:\\)", "，。！", "\x00"])
def test_text_without_words_matches_nothing(text: str) -> None:
    assert inner(body(text))["must"] == [{"match_none": {}}]


def test_evidence_boosts_multiply_the_score_like_the_ranking_module() -> None:
    function_score = body("pump")["query"]["function_score"]

    assert function_score["score_mode"] == "sum"
    assert function_score["boost_mode"] == "multiply"
    assert function_score["functions"] == [
        {"weight": 1.0},
        {"filter": {"term": {"verified_designation": True}}, "weight": 0.15},
        {"filter": {"term": {"verified_test_report": True}}, "weight": 0.10},
        {"field_value_factor": {"field": "trials_boost", "missing": 0.0}},
    ]


@pytest.mark.parametrize(
    ("filters", "clause"),
    [
        ({"verified_only": True}, {"term": {"verified": True}}),
        ({"insured": True}, {"term": {"insured": True}}),
        ({"tried": True}, {"term": {"tried": True}}),
        ({"price_max_fen": 500}, {"range": {"price_min": {"lte": 500}}}),
        ({"price_min_fen": 100}, {"range": {"price_max": {"gte": 100}}}),
    ],
)
def test_non_facet_filters_are_filter_clauses_of_the_query(
    filters: dict[str, Any], clause: dict[str, Any]
) -> None:
    query_body = body("pump", filters=Filters(**filters))

    assert inner(query_body)["filter"] == [clause]
    assert "post_filter" not in query_body


def test_a_price_range_needs_both_overlap_conditions() -> None:
    query_body = body(filters=Filters(price_min_fen=100, price_max_fen=500))

    assert inner(query_body)["filter"] == [
        {"range": {"price_min": {"lte": 500}}},
        {"range": {"price_max": {"gte": 100}}},
    ]


@pytest.mark.parametrize("facet", list(Facet))
def test_each_facet_filter_is_a_terms_post_filter(facet: Facet) -> None:
    query_body = body(filters=Filters(**{facet.value: {"b", "a"}}))

    assert query_body["post_filter"] == {
        "bool": {"filter": [{"terms": {FACET_FIELDS[facet]: ["a", "b"]}}]}
    }
    assert "filter" not in inner(query_body)


def test_each_facet_is_counted_under_every_filter_but_its_own() -> None:
    filters = Filters(category={"equipment"}, region={"SH"}, insured=True)
    query_body = body("pump", filters=filters, facets={Facet.CATEGORY, Facet.REGION, Facet.VENDOR})
    aggs = query_body["aggs"]

    # The hits get both chosen facets, after the aggregations have counted.
    assert query_body["post_filter"] == {
        "bool": {"filter": [{"terms": {"category": ["equipment"]}}, {"terms": {"region": ["SH"]}}]}
    }
    # Non-facet filters narrow the query itself, so every count.
    assert inner(query_body)["filter"] == [{"term": {"insured": True}}]
    assert aggs["category"]["filter"] == {"bool": {"filter": [{"terms": {"region": ["SH"]}}]}}
    assert aggs["region"]["filter"] == {
        "bool": {"filter": [{"terms": {"category": ["equipment"]}}]}
    }
    assert aggs["vendor"]["filter"] == query_body["post_filter"]
    assert aggs["vendor"]["aggs"]["values"]["terms"] == {
        "field": "vendor",
        "size": 50,
        "order": [{"_count": "desc"}, {"_key": "asc"}],
    }
    # A chosen value is counted on its own too, so it is listed even with no match.
    assert aggs["region"]["aggs"]["chosen"] == {
        "filters": {"filters": {"SH": {"term": {"region": "SH"}}}}
    }
    assert "chosen" not in aggs["vendor"]["aggs"]


def test_a_facet_without_a_chosen_value_elsewhere_counts_everything() -> None:
    aggs = body(facets={Facet.CATEGORY})["aggs"]

    assert aggs["category"]["filter"] == {"match_all": {}}
    assert "aggs" not in body()


def test_facet_counts_are_read_from_the_aggregations_and_ordered() -> None:
    query = SearchQuery(filters=Filters(category={"software"}), facets={Facet.CATEGORY})
    aggregations = {
        "category": {
            "doc_count": 20,
            "values": {"buckets": [{"key": "material", "doc_count": 3}]},
            "chosen": {"buckets": {"software": {"doc_count": 0}}},
        }
    }

    assert facet_counts(query, aggregations) == {
        "category": [FacetCount("material", 3), FacetCount("software", 0)]
    }


def test_flags_are_counted_under_every_filter_facets_included() -> None:
    filters = Filters(category={"equipment"}, verified_only=True)
    query_body = body("pump", filters=filters, count_flags=True)

    # The query carries the verified filter; the flag count adds the chosen facet values the
    # hits get through post_filter, so the counts describe exactly the hits shown.
    assert inner(query_body)["filter"] == [{"term": {"verified": True}}]
    assert query_body["aggs"]["flags"] == {
        "filter": {"bool": {"filter": [{"terms": {"category": ["equipment"]}}]}},
        "aggs": {
            "verified": {"filter": {"term": {"verified": True}}},
            "insured": {"filter": {"term": {"insured": True}}},
            "tried": {"filter": {"term": {"tried": True}}},
        },
    }
    assert "aggs" not in body("pump", filters=filters)


def test_flag_counts_are_read_from_the_aggregations() -> None:
    aggregations = {"flags": {"doc_count": 9, "verified": {"doc_count": 6}, "insured": {}}}

    assert flag_counts(aggregations) == {"verified": 6, "insured": 0, "tried": 0}


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (Sort.RELEVANCE, [{"_score": {"order": "desc"}}, {"tie": {"order": "asc"}}]),
        (Sort.NEWEST, [{"published_at": {"order": "desc"}}, {"tie": {"order": "asc"}}]),
        (Sort.TRIALS, [{"trial_successes": {"order": "desc"}}, {"tie": {"order": "asc"}}]),
    ],
)
def test_every_sort_ends_with_the_stable_tie_key(
    sort: Sort, expected: list[dict[str, Any]]
) -> None:
    query_body = body("pump", sort=sort)

    assert query_body["sort"] == expected
    assert query_body.get("track_scores", False) is (sort is Sort.RELEVANCE)


@pytest.mark.parametrize(
    ("page", "per_page", "window"),
    [
        (1, 20, (0, 20)),
        (3, 6, (12, 6)),
        (1, 10_000, (0, MAX_PER_PAGE)),
        # The last page inside the result window is cut short; past it, nothing is fetched.
        (MAX_RESULT_WINDOW // 30 + 1, 30, (9_990, 10)),
        (10**9, 50, (0, 0)),
    ],
)
def test_paging_uses_from_and_size_within_the_result_window(
    page: int, per_page: int, window: tuple[int, int]
) -> None:
    query_body = body(page=page, per_page=per_page)

    assert (query_body["from"], query_body["size"]) == window
    assert query_body["from"] + query_body["size"] <= MAX_RESULT_WINDOW
    assert query_body["track_total_hits"] is True


def test_the_unified_highlighter_marks_with_mark_tags_on_escaped_text() -> None:
    highlight = search_body(SearchQuery(text="pump"), native_highlights=True)["highlight"]

    assert highlight["type"] == "unified"
    assert (highlight["pre_tags"], highlight["post_tags"]) == (["<mark>"], ["</mark>"])
    assert highlight["encoder"] == "html"
    assert highlight["fields"]["name_zh"] == {"number_of_fragments": 0}
    assert highlight["fields"]["description"]["fragment_size"] == 160
    # Browsing without text marks nothing; by default highlights are made by search.highlight.
    assert "highlight" not in search_body(SearchQuery(), native_highlights=True)
    assert "highlight" not in body("pump")


def test_hits_carry_the_originals_but_not_the_suggestion_phrases() -> None:
    assert body()["_source"] == {"excludes": ["suggest"]}


def test_suggestions_ask_search_as_you_type_with_bool_prefix() -> None:
    suggest = suggest_body("离心")

    assert suggest["size"] == SUGGEST_CANDIDATES
    assert suggest["query"] == {
        "multi_match": {
            "query": "离心",
            "type": "bool_prefix",
            "fields": SUGGEST_FIELDS,
            "operator": "and",
        }
    }
    assert SUGGEST_FIELDS == ["suggest", "suggest._2gram", "suggest._3gram"]
    assert suggest["sort"][-1] == {"tie": {"order": "asc"}}


def test_published_at_is_sent_with_its_time_zone() -> None:
    doc = replace(ROBOT_WELD, published_at=datetime(2025, 1, 2, 3, 4, 5, tzinfo=UTC))

    assert document_source(doc)["published_at"] == "2025-01-02T03:04:05+00:00"


# The two tiers (search.tiers): a word found only in a vendor's name


def _fields(clauses: list[dict[str, Any]]) -> set[str]:
    return {field for match in matches(clauses) for field in match["fields"]}


def test_the_content_tier_searches_everything_but_the_vendors_name() -> None:
    fields = _fields(inner(body("泵 pump"))["must"])

    assert "name_zh^6" in fields
    assert "summary^3" in fields
    assert not any(field.startswith("vendor_name") for field in fields)


def test_the_vendor_tier_needs_every_word_somewhere_but_not_all_in_the_listings_own_text() -> None:
    vendor = search_body(SearchQuery(text="泵 pump"), tier=Tier.VENDOR, window=Window(3, 17))

    (tier,) = inner(vendor)["must"]
    anywhere, (own_text,) = tier["bool"]["must"], tier["bool"]["must_not"]
    assert any(field.startswith("vendor_name") for field in _fields(anywhere))
    assert not any(field.startswith("vendor_name") for field in _fields(own_text["bool"]["must"]))
    assert (vendor["from"], vendor["size"]) == (3, 17)


def test_a_tier_asked_without_counts_carries_no_aggregations() -> None:
    query = SearchQuery(text="泵", facets={Facet.REGION}, count_flags=True)

    assert set(search_body(query)["aggs"]) == {"region", "flags"}
    assert "aggs" not in search_body(query, tier=Tier.VENDOR, counts=False)


@pytest.mark.parametrize(("text", "tiers"), [("泵", True), ("", False), ("!!!", False)])
def test_only_a_search_with_words_has_a_vendor_tier(text: str, tiers: bool) -> None:
    assert has_vendor_tier(text) is tiers


# Synonyms (search/synonyms): the same expansion as the tantivy backend, in the request body


def test_a_synonym_is_asked_beside_what_was_typed_at_a_lower_weight() -> None:
    (clause,) = inner(body("PLC"))["must"]
    typed_clause, *alternatives = clause["dis_max"]["queries"]

    assert typed_clause["multi_match"]["query"] == "plc"
    texts = [[match["query"] for match in matches(alt)] for alt in alternatives]
    assert ["可编 编程 程逻 逻辑 辑控 控制 制器"] in texts
    assert ["programmable", "logic", "controller"] in texts
    boosts = [alt["bool"]["boost"] for alt in alternatives]
    assert all(0 < boost < 1 for boost in boosts)


def test_the_body_asks_exactly_the_alternatives_the_shared_expansion_gives() -> None:
    text = "伺服电机 TBM 隧道"
    slots = expand(text)
    clauses = inner(body(text))["must"]

    assert len(clauses) == len(slots)
    for slot, clause in zip(slots, clauses, strict=True):
        asked = clause["dis_max"]["queries"][1:] if slot.alternatives else []
        assert [alt["bool"]["boost"] for alt in asked] == [
            round(boost, 6) for _, boost in slot.alternative_groups()
        ]


def test_a_word_without_synonyms_is_asked_as_before() -> None:
    (clause,) = inner(body("zeppelin"))["must"]

    assert clause["multi_match"]["query"] == "zeppelin"
