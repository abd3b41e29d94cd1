"""The Elasticsearch side of issue 17's suggestions, without a cluster: the request body, the
mapping, and the answer read the way the tantivy backend reads its index.

A cluster's answer is played from the documents' own ``_source`` (what ``bool_prefix`` would
find, and the terms aggregation counted in Python), so the same listings give the same
suggestions as tantivy: the words in the same order, the same name lines.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from search import completion
from search.analysis import fold_prefix
from search.elasticsearch_backend import ElasticsearchBackend
from search.elasticsearch_bodies import (
    SUGGEST_WORDS_FIELD,
    WORDS_AGG,
    document_source,
    index_mappings,
    suggest_body,
)
from search.model import SearchDocument
from search.tantivy_backend import TantivyBackend
from tests.search.test_contract_suggest import LISTINGS
from tests.search.test_elasticsearch_backend import StandInCluster

PREFIXES = ["机", "机器", "rob", "ma", "cnc", "五轴加", "xk-5000", "five-axis sim", "three", "zz"]


def played_answer(docs: list[SearchDocument], body: dict[str, Any]) -> dict[str, Any]:
    """What a cluster answers ``suggest_body``: the listings with a phrase matching the prefix
    (in tie order, as equal scores are), and the word terms with the prefix, most listings
    first, then by term."""
    prefix = body["query"]["multi_match"]["query"]
    sources = [document_source(doc) for doc in docs]
    matching = [
        source
        for source in sources
        if any(completion.match(phrase, prefix) is not None for phrase in source["suggest"])
    ]
    matching.sort(key=lambda source: source["tie"])
    counted = Counter(
        term
        for source in sources
        for term in set(source[SUGGEST_WORDS_FIELD])
        if term.startswith(prefix)
    )
    terms = body["aggs"][WORDS_AGG]["aggs"][WORDS_AGG]["aggs"][WORDS_AGG]["terms"]
    buckets = sorted(counted.items(), key=lambda item: (-item[1], item[0]))[: terms["size"]]
    return {
        "hits": {
            "total": {"value": len(matching)},
            "hits": [
                {"_id": source["id"], "_source": {k: source[k] for k in body["_source"]}}
                for source in matching[: body["size"]]
            ],
        },
        "aggregations": {
            WORDS_AGG: {
                "doc_count": len(sources),
                WORDS_AGG: {
                    "doc_count": len({s["id"] for s in sources if s["id"]}),
                    WORDS_AGG: {
                        "buckets": [{"key": key, "doc_count": count} for key, count in buckets]
                    },
                },
            }
        },
    }


@pytest.fixture
def both(tmp_path: Path) -> Iterator[tuple[ElasticsearchBackend, TantivyBackend, StandInCluster]]:
    cluster = StandInCluster()
    elastic = ElasticsearchBackend(client=cluster.client(), index_prefix="products")
    tantivy = TantivyBackend(tmp_path / "index")
    elastic.index_many(LISTINGS)
    tantivy.index_many(LISTINGS)
    yield elastic, tantivy, cluster
    elastic.close()
    tantivy.close()


def test_the_suggest_body_asks_for_candidates_and_counts_words_over_every_listing() -> None:
    body = suggest_body("机器")

    assert body["query"]["multi_match"]["type"] == "bool_prefix"
    assert "vendor" in body["_source"]
    words = body["aggs"][WORDS_AGG]
    assert words["global"] == {}
    narrowed = words["aggs"][WORDS_AGG]
    assert narrowed["filter"] == {"prefix": {SUGGEST_WORDS_FIELD: "机器"}}
    assert narrowed["aggs"][WORDS_AGG]["terms"] == {
        "field": SUGGEST_WORDS_FIELD,
        "include": "机器.*",
        "size": completion.WORD_SCAN,
        "order": [{"_count": "desc"}, {"_key": "asc"}],
    }


def test_a_prefix_is_no_syntax_in_the_words_pattern() -> None:
    terms = suggest_body('a.b*(c" #')["aggs"][WORDS_AGG]["aggs"][WORDS_AGG]["aggs"][WORDS_AGG]

    assert terms["terms"]["include"] == 'a\\.b\\*\\(c\\" \\#.*'


def test_words_are_indexed_as_keywords_left_out_of_the_source() -> None:
    mappings = index_mappings()

    assert mappings["properties"][SUGGEST_WORDS_FIELD] == {"type": "keyword"}
    assert SUGGEST_WORDS_FIELD in mappings["_source"]["excludes"]
    source = document_source(LISTINGS[0])
    assert source[SUGGEST_WORDS_FIELD] == completion.word_terms(
        (LISTINGS[0].name_zh, LISTINGS[0].name_en),
        LISTINGS[0].tags,
        LISTINGS[0].technical_field_label,
    )


@pytest.mark.parametrize("prefix", PREFIXES)
def test_both_backends_suggest_the_same(
    both: tuple[ElasticsearchBackend, TantivyBackend, StandInCluster], prefix: str
) -> None:
    elastic, tantivy, cluster = both
    key = fold_prefix(prefix)
    cluster.search_answers.append(played_answer(LISTINGS, suggest_body(key)))

    # Room for every line: which names make a short list depends on each engine's ranking.
    from_elastic = elastic.suggest(prefix, limit=50)
    from_tantivy = tantivy.suggest(prefix, limit=50)

    def described(found: list[str]) -> list[tuple[str, str, int]]:
        return [(str(s), s.kind.value, s.listings) for s in found]  # type: ignore[attr-defined]

    words = [s for s in described(from_tantivy) if s[1] == "word"]
    # The words in the same order; the same name lines (in each engine's order within the
    # names that start with the prefix, and within those with a later word that does).
    assert [s for s in described(from_elastic) if s[1] == "word"] == words
    assert sorted(described(from_elastic)) == sorted(described(from_tantivy))


def test_an_answer_without_the_words_aggregation_still_gives_names(
    both: tuple[ElasticsearchBackend, TantivyBackend, StandInCluster],
) -> None:
    elastic, _, cluster = both
    answer = played_answer(LISTINGS, suggest_body("机"))
    del answer["aggregations"]
    cluster.search_answers.append(answer)

    suggestions = elastic.suggest("机")

    assert suggestions
    assert all(s.kind is completion.Kind.NAME for s in suggestions)  # type: ignore[attr-defined]
