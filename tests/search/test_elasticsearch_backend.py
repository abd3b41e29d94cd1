"""The Elasticsearch backend's conversation with a cluster, against a recording stand-in.

No Elasticsearch can run on this machine, so ``StandInCluster`` plays one at the HTTP level
(through elastic_transport's ``node_class``): the real client serialises every request, and the
stand-in records it and keeps just enough state (indexes, aliases, documents) to answer. It does
not search: search answers are scripted per test. What searches *find* is the contract suite's
job when ELASTICSEARCH_URL is set.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from typing import Any, NamedTuple
from urllib.parse import parse_qs, urlsplit

import certifi
import pytest
from elastic_transport import ApiResponseMeta, BaseNode, HttpHeaders
from elastic_transport._node import NodeApiResponse
from elasticsearch import Elasticsearch

from search.elasticsearch_backend import ElasticsearchBackend
from search.elasticsearch_bodies import MAPPING_VERSION, document_source, index_mappings
from search.model import Facet, Filters, IndexOutdated, SearchError, SearchQuery, Sort
from tests.search.corpus import PUMP_CENTRIFUGAL, PUMP_MOLTEN_SALT, ROBOT_COBOT, ROBOT_WELD


class Request(NamedTuple):
    method: str
    path: str
    params: dict[str, list[str]]
    body: Any


class StandInCluster:
    """A stand-in for an Elasticsearch cluster (which can't run here): records requests."""

    def __init__(self) -> None:
        self.requests: list[Request] = []
        self.indexes: dict[str, dict[str, Any]] = {}
        self.aliases: dict[str, set[str]] = {}
        self.search_answers: list[dict[str, Any]] = []
        # Bulk items to refuse with 429 (too many requests) before accepting any.
        self.reject_items = 0
        self.reject_status = 429

    def client(self) -> Elasticsearch:
        cluster = self

        class StandInNode(BaseNode):
            def perform_request(  # type: ignore[override]
                self, method: str, target: str, body: bytes | None = None, **_: Any
            ) -> NodeApiResponse:
                status, answer = cluster.answer(method, target, body)
                meta = ApiResponseMeta(
                    status=status,
                    http_version="1.1",
                    headers=HttpHeaders(
                        {"content-type": "application/json", "x-elastic-product": "Elasticsearch"}
                    ),
                    duration=0.0,
                    node=self.config,
                )
                return NodeApiResponse(meta, json.dumps(answer).encode())

        return Elasticsearch("http://stand-in:9200", node_class=StandInNode)

    def calls(self, method: str, suffix: str = "") -> list[Request]:
        return [r for r in self.requests if r.method == method and r.path.endswith(suffix)]

    def created(self) -> list[Request]:
        """Index creations (``PUT /<index>``)."""
        return [r for r in self.calls("PUT") if "/_" not in r.path]

    def _resolve(self, name: str) -> list[str]:
        if name in self.aliases:
            return sorted(self.aliases[name])
        return [part for part in name.split(",") if part in self.indexes]

    def answer(self, method: str, target: str, raw: bytes | None) -> tuple[int, Any]:
        url = urlsplit(target)
        path, params = url.path, parse_qs(url.query)
        if raw and path.endswith("/_bulk"):
            body: Any = [json.loads(line) for line in raw.decode().splitlines() if line]
        else:
            body = json.loads(raw) if raw else None
        self.requests.append(Request(method, path, params, body))
        parts = path.strip("/").split("/")
        missing = (404, {"error": {"type": "index_not_found_exception"}, "status": 404})
        if parts[-1] == "_bulk":
            return 200, self._bulk(body)
        if method == "GET" and parts[0] == "_alias":
            if parts[1] not in self.aliases:
                return missing
            return 200, {index: {"aliases": {parts[1]: {}}} for index in self.aliases[parts[1]]}
        if method == "PUT" and len(parts) == 1:
            self.indexes[parts[0]] = {"body": body, "docs": {}}
            for alias in (body or {}).get("aliases", {}):
                self.aliases.setdefault(alias, set()).add(parts[0])
            return 200, {"acknowledged": True, "index": parts[0]}
        if method == "DELETE" and len(parts) == 1:
            for name in parts[0].split(","):
                self.indexes.pop(name, None)
                for members in self.aliases.values():
                    members.discard(name)
            return 200, {"acknowledged": True}
        if parts[-1] == "_aliases":
            for action in body["actions"]:
                ((kind, spec),) = action.items()
                members = self.aliases.setdefault(spec["alias"], set())
                (members.add if kind == "add" else members.discard)(spec["index"])
            return 200, {"acknowledged": True}
        if parts[-1] == "_refresh":
            return 200, {"_shards": {"failed": 0}}
        if parts[-1] == "_search":
            if not self._resolve(parts[0]):
                return missing
            if self.search_answers:
                return 200, self.search_answers.pop(0)
            return 200, {"hits": {"total": {"value": 0}, "hits": []}}
        if parts[-1] == "_count":
            names = self._resolve(parts[0])
            return 200, {"count": sum(len(self.indexes[name]["docs"]) for name in names)}
        if parts[-2:] == ["_stats", "store"]:
            return 200, {"_all": {"primaries": {"store": {"size_in_bytes": 1234}}}}
        raise AssertionError(f"the stand-in does not know {method} {target}")

    def _bulk(self, lines: list[dict[str, Any]]) -> dict[str, Any]:
        items = []
        queue = iter(lines)
        for header in queue:
            ((op, meta),) = header.items()
            (index,) = self._resolve(meta["_index"])
            docs = self.indexes[index]["docs"]
            if self.reject_items:
                self.reject_items -= 1
                next(queue)
                items.append({op: {"_id": meta["_id"], "status": self.reject_status}})
            elif op == "index":
                docs[meta["_id"]] = next(queue)
                items.append({op: {"_id": meta["_id"], "status": 201}})
            else:
                found = docs.pop(meta["_id"], None) is not None
                items.append({op: {"_id": meta["_id"], "status": 200 if found else 404}})
        failed = any(status >= 300 for item in items for status in self._statuses(item))
        return {"errors": failed, "items": items}

    @staticmethod
    def _statuses(item: dict[str, Any]) -> list[int]:
        return [int(result["status"]) for result in item.values()]


@pytest.fixture
def cluster() -> StandInCluster:
    return StandInCluster()


@pytest.fixture
def backend(cluster: StandInCluster) -> Iterator[ElasticsearchBackend]:
    opened = ElasticsearchBackend(client=cluster.client(), index_prefix="products")
    yield opened
    opened.close()


def test_configuration_from_a_url_with_api_key_or_basic_auth() -> None:
    with pytest.raises(ValueError, match="URL"):
        ElasticsearchBackend()
    keyed = ElasticsearchBackend("https://es.example:9200", api_key="c2VjcmV0")
    basic = ElasticsearchBackend("http://es.example:9200", username="market", password="pw")

    assert keyed.client.transport.node_pool.get().base_url == "https://es.example:9200"
    assert keyed.client._headers["authorization"] == "ApiKey c2VjcmV0"
    assert basic.client._headers["authorization"].startswith("Basic ")
    trusted = ElasticsearchBackend("https://es.example:9200", ca_cert=certifi.where())
    assert trusted.client.transport.node_pool.get().config.ca_certs == certifi.where()
    for backend in (keyed, basic, trusted):
        backend.close()


def test_a_first_index_created_meanwhile_by_another_process_is_used(
    cluster: StandInCluster, backend: ElasticsearchBackend
) -> None:
    answer = cluster.answer

    def racing(method: str, target: str, raw: bytes | None) -> tuple[int, Any]:
        if method == "PUT" and "/_" not in target and not cluster.indexes:
            cluster.indexes[f"products_v{MAPPING_VERSION}_other"] = {"body": {}, "docs": {}}
            cluster.aliases["products"] = {f"products_v{MAPPING_VERSION}_other"}
            return 400, {"error": {"type": "invalid_alias_name_exception"}, "status": 400}
        return answer(method, target, raw)

    cluster.answer = racing  # type: ignore[method-assign]

    assert backend.index_many([ROBOT_WELD]) == 1
    assert set(cluster.indexes[f"products_v{MAPPING_VERSION}_other"]["docs"]) == {"robot-weld"}


def test_the_first_write_creates_a_versioned_index_behind_the_alias(
    cluster: StandInCluster, backend: ElasticsearchBackend
) -> None:
    assert backend.index_many([ROBOT_WELD, PUMP_CENTRIFUGAL]) == 2

    (create,) = cluster.created()
    assert create.path.startswith(f"/products_v{MAPPING_VERSION}_")
    assert create.body["mappings"] == index_mappings()
    assert create.body["aliases"] == {"products": {"is_write_index": True}}
    (bulk,) = cluster.calls("PUT", "/_bulk")
    assert bulk.body == [
        {"index": {"_index": "products", "_id": "robot-weld"}},
        document_source(ROBOT_WELD),
        {"index": {"_index": "products", "_id": "pump-centrifugal"}},
        document_source(PUMP_CENTRIFUGAL),
    ]
    # Refreshed, so the documents are searchable on return.
    assert [r.path for r in cluster.calls("POST", "/_refresh")] == ["/products/_refresh"]
    assert backend.stats()["documents"] == 2


def test_bulk_items_refused_as_too_many_requests_are_retried(cluster: StandInCluster) -> None:
    backend = ElasticsearchBackend(client=cluster.client(), max_retries=2, initial_backoff=0.001)
    cluster.reject_items = 1

    assert backend.index_many([ROBOT_WELD, ROBOT_COBOT]) == 2

    first, retry = cluster.calls("PUT", "/_bulk")
    assert len(first.body) == 4
    assert retry.body == [
        {"index": {"_index": "products", "_id": "robot-weld"}},
        document_source(ROBOT_WELD),
    ]
    assert backend.stats()["documents"] == 2
    backend.close()


def test_bulk_items_that_still_fail_raise_a_search_error(
    cluster: StandInCluster, backend: ElasticsearchBackend
) -> None:
    cluster.reject_items, cluster.reject_status = 1, 400

    with pytest.raises(SearchError, match="1 bulk operation"):
        backend.index_many([ROBOT_WELD, ROBOT_COBOT])


def test_empty_writes_send_nothing(cluster: StandInCluster, backend: ElasticsearchBackend) -> None:
    assert backend.index_many([]) == 0
    backend.delete_many([])

    assert cluster.requests == []


def test_deletes_are_bulk_deletes_and_unknown_ids_are_no_error(
    cluster: StandInCluster, backend: ElasticsearchBackend
) -> None:
    backend.index_many([ROBOT_WELD, ROBOT_COBOT])

    backend.delete_many(["robot-cobot", "no-such-listing", "robot-cobot"])

    bulk = cluster.calls("PUT", "/_bulk")
    assert bulk[-1].body == [
        {"delete": {"_index": "products", "_id": "robot-cobot"}},
        {"delete": {"_index": "products", "_id": "no-such-listing"}},
    ]
    assert backend.stats()["documents"] == 1


def test_an_index_of_another_mapping_version_is_refused_until_rebuilt(
    cluster: StandInCluster, backend: ElasticsearchBackend
) -> None:
    cluster.indexes["products_v0_1"] = {"body": {}, "docs": {}}
    cluster.aliases["products"] = {"products_v0_1"}

    with pytest.raises(IndexOutdated):
        backend.index_many([ROBOT_WELD])
    assert backend.stats()["outdated"] is True
    backend.rebuild([ROBOT_WELD])
    assert "outdated" not in backend.stats()
    assert backend.index_many([ROBOT_COBOT]) == 1


def test_rebuild_fills_a_new_index_then_swaps_the_alias_atomically_and_drops_the_old(
    cluster: StandInCluster, backend: ElasticsearchBackend
) -> None:
    backend.index_many([ROBOT_WELD, ROBOT_COBOT])
    (old,) = cluster.aliases["products"]
    cluster.requests.clear()

    count = backend.rebuild(iter([PUMP_CENTRIFUGAL, PUMP_MOLTEN_SALT, PUMP_CENTRIFUGAL]))

    assert count == 2
    (create,) = cluster.created()
    new = create.path.strip("/")
    assert new != old
    assert new.startswith(f"products_v{MAPPING_VERSION}_")
    assert "aliases" not in create.body  # not served until it is complete
    (swap,) = cluster.calls("POST", "/_aliases")
    assert swap.body == {
        "actions": [
            {"remove": {"index": old, "alias": "products"}},
            {"add": {"index": new, "alias": "products", "is_write_index": True}},
        ]
    }
    # In order: fill, refresh, swap, drop the old index.
    order = [(r.method, r.path) for r in cluster.requests if r.method != "GET"]
    assert order[1:] == [
        ("PUT", "/_bulk"),
        ("POST", f"/{new}/_refresh"),
        ("POST", "/_aliases"),
        ("DELETE", f"/{old}"),
    ]
    assert set(cluster.indexes) == {new}
    assert set(cluster.indexes[new]["docs"]) == {"pump-centrifugal", "pump-molten-salt"}


def test_a_failed_rebuild_drops_the_half_built_index_and_keeps_serving_the_old(
    cluster: StandInCluster, backend: ElasticsearchBackend
) -> None:
    backend.index_many([ROBOT_WELD])
    (old,) = cluster.aliases["products"]

    def broken() -> Iterator[Any]:
        yield PUMP_CENTRIFUGAL
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        backend.rebuild(broken())

    assert set(cluster.indexes) == {old}
    assert cluster.aliases["products"] == {old}


def test_a_search_before_anything_was_indexed_finds_nothing(backend: ElasticsearchBackend) -> None:
    query = SearchQuery(
        text="pump", filters=Filters(region="SH"), facets={Facet.REGION}, count_flags=True
    )
    result = backend.search(query)

    assert (result.total, result.hits) == (0, [])
    # Counted as an empty index would be: the chosen value listed, every flag at zero.
    assert result.facets == {"region": [("SH", 0)]}
    assert result.flags == {"verified": 0, "insured": 0, "tried": 0}
    assert backend.suggest("pu") == []
    assert backend.stats()["documents"] == 0


def test_search_sends_the_body_and_reads_hits_highlights_and_facets(
    cluster: StandInCluster, backend: ElasticsearchBackend
) -> None:
    backend.index_many([PUMP_CENTRIFUGAL])
    cluster.search_answers.append(
        {
            "hits": {
                "total": {"value": 7},
                "hits": [
                    {
                        "_id": "pump-centrifugal",
                        "_score": 2.5,
                        "_source": document_source(PUMP_CENTRIFUGAL),
                    }
                ],
            },
            "aggregations": {
                "region": {
                    "doc_count": 7,
                    "values": {"buckets": [{"key": "SH", "doc_count": 7}]},
                    "chosen": {"buckets": {"SH": {"doc_count": 7}}},
                }
            },
        }
    )
    query = SearchQuery(text="泵", filters=Filters(region="SH"), facets={Facet.REGION}, page=2)

    result = backend.search(query)

    # The content tier with the counts, then the vendor tier (search.tiers): its total, and the
    # page's remainder past the content tier's 7 hits.
    request, vendor_tier = cluster.calls("POST", "/_search")
    assert request.path == "/products/_search"
    assert request.body["from"] == 20
    assert request.body["post_filter"] == {"bool": {"filter": [{"terms": {"region": ["SH"]}}]}}
    assert (vendor_tier.body["from"], vendor_tier.body["size"]) == (13, 20)
    assert vendor_tier.body["post_filter"] == request.body["post_filter"]
    assert "aggs" not in vendor_tier.body  # the content tier had matches: it alone is counted
    assert result.total == 7
    assert result.page == 2
    (hit,) = result.hits
    assert (hit.id, hit.score) == ("pump-centrifugal", 2.5)
    # Marked on the original text by search.highlight, exactly as the tantivy backend does.
    assert hit.highlights["name_zh"] == "离心<mark>泵</mark>"
    assert result.facets == {"region": [("SH", 7)]}


def test_hits_sorted_by_a_column_carry_no_score(
    cluster: StandInCluster, backend: ElasticsearchBackend
) -> None:
    backend.index_many([PUMP_CENTRIFUGAL])
    source = document_source(PUMP_CENTRIFUGAL)
    cluster.search_answers.append(
        {"hits": {"total": {"value": 1}, "hits": [{"_id": "pump-centrifugal", "_source": source}]}}
    )

    (hit,) = backend.search(SearchQuery(text="pump", sort=Sort.NEWEST)).hits

    assert hit.score is None


def test_search_reads_the_flag_counts_and_each_hits_payload(
    cluster: StandInCluster, backend: ElasticsearchBackend
) -> None:
    pump = replace(PUMP_CENTRIFUGAL, payload={"card": ["离心泵", 3]})
    backend.index_many([pump])
    cluster.search_answers.append(
        {
            "hits": {
                "total": {"value": 4},
                "hits": [
                    {"_id": "pump-centrifugal", "_score": 1.0, "_source": document_source(pump)}
                ],
            },
            "aggregations": {
                "flags": {
                    "doc_count": 4,
                    "verified": {"doc_count": 3},
                    "insured": {"doc_count": 1},
                    "tried": {"doc_count": 2},
                }
            },
        }
    )

    result = backend.search(SearchQuery(text="pump", count_flags=True))

    request, *_vendor_tier = cluster.calls("POST", "/_search")
    assert set(request.body["aggs"]) == {"flags"}
    assert result.flags == {"verified": 3, "insured": 1, "tried": 2}
    assert result.hits[0].payload == {"card": ["离心泵", 3]}


def test_native_highlights_come_from_the_unified_highlighter(cluster: StandInCluster) -> None:
    backend = ElasticsearchBackend(client=cluster.client(), native_highlights=True)
    backend.index_many([ROBOT_WELD])
    cluster.search_answers.append(
        {
            "hits": {
                "total": {"value": 1},
                "hits": [
                    {
                        "_id": "robot-weld",
                        "_score": 1.0,
                        "_source": document_source(ROBOT_WELD),
                        "highlight": {"tags": ["焊接", "<mark>机器</mark><mark>人</mark>"]},
                    }
                ],
            }
        }
    )

    (hit,) = backend.search(SearchQuery(text="机器人")).hits

    assert cluster.calls("POST", "/_search")[0].body["highlight"]["type"] == "unified"
    assert hit.highlights == {"tags": "焊接 · <mark>机器</mark><mark>人</mark>"}
    backend.close()


def test_suggestions_fetch_candidates_then_order_whole_matches_first(
    cluster: StandInCluster, backend: ElasticsearchBackend
) -> None:
    backend.index_many([ROBOT_WELD, ROBOT_COBOT])
    cluster.search_answers.append(
        {
            "hits": {
                "total": {"value": 2},
                "hits": [
                    {"_id": doc.id, "_source": {"suggest": document_source(doc)["suggest"]}}
                    for doc in (ROBOT_WELD, ROBOT_COBOT)
                ],
            }
        }
    )

    suggestions = backend.suggest("ＲＯＢＯＴ", limit=5)

    (request,) = cluster.calls("POST", "/_search")
    assert request.body["query"]["multi_match"]["query"] == "robot"
    assert request.body["query"]["multi_match"]["type"] == "bool_prefix"
    assert suggestions == ["Industrial Robot Welding Cell", "Collaborative Robots"]


def test_prefixes_without_words_ask_nothing(
    cluster: StandInCluster, backend: ElasticsearchBackend
) -> None:
    assert backend.suggest('"(*') == backend.suggest("   ") == []
    assert cluster.requests == []


def test_close_can_drop_throwaway_indexes(cluster: StandInCluster) -> None:
    backend = ElasticsearchBackend(client=cluster.client(), drop_on_close=True)
    backend.index_many([ROBOT_WELD])

    backend.close()

    assert cluster.indexes == {}


def test_with_no_match_in_the_listings_own_text_the_vendor_tier_is_counted(
    cluster: StandInCluster, backend: ElasticsearchBackend
) -> None:
    backend.index_many([PUMP_CENTRIFUGAL])
    cluster.search_answers += [
        {"hits": {"total": {"value": 0}, "hits": []}, "aggregations": {}},
        {
            "hits": {
                "total": {"value": 1},
                "hits": [
                    {
                        "_id": "pump-centrifugal",
                        "_score": 1.0,
                        "_source": document_source(PUMP_CENTRIFUGAL),
                    }
                ],
            },
            "aggregations": {
                "region": {"doc_count": 1, "values": {"buckets": [{"key": "SH", "doc_count": 1}]}}
            },
        },
    ]

    result = backend.search(SearchQuery(text="博泵重工", facets={Facet.REGION}))

    _content, vendor_tier = cluster.calls("POST", "/_search")
    assert set(vendor_tier.body["aggs"]) == {"region"}
    assert (vendor_tier.body["from"], vendor_tier.body["size"]) == (0, 20)
    assert [hit.id for hit in result.hits] == ["pump-centrifugal"]
    assert result.total == 1
    assert result.facets == {"region": [("SH", 1)]}
