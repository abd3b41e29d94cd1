"""The Elasticsearch backend (DESIGN.md, "Search"): for when one machine is not enough.

Searches and writes go through an alias (``products`` by default); the concrete index behind it
is ``<alias>_v<mapping version>_<time>``, created from ``search/es_mapping_v<N>.json``. A rebuild
fills a new concrete index and swaps the alias in one ``update_aliases`` call, then drops the old
index. Request bodies are built in ``search.elasticsearch_bodies``.

Highlights are made by ``search.highlight`` from the stored originals by default, so they mark
exactly what the tantivy backend marks; ``native_highlights=True`` asks Elasticsearch's unified
highlighter instead (fragments differ in detail: tags are not joined, snippets are cut by
Elasticsearch).
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

from elasticsearch import BadRequestError, Elasticsearch, NotFoundError, helpers

from search import completion, tiers
from search.analysis import fold_prefix
from search.elasticsearch_bodies import (
    FACET_FIELDS,
    MAPPING_VERSION,
    PAYLOAD_FIELD,
    SUGGEST_FIELD,
    Tier,
    alias_swap_actions,
    delete_actions,
    facet_counts,
    flag_counts,
    has_vendor_tier,
    index_actions,
    index_mappings,
    index_settings,
    search_body,
    suggest_body,
    suggested_words,
)
from search.highlight import TAG_SEPARATOR, Highlighter
from search.model import (
    Facet,
    Hit,
    IndexOutdated,
    SearchDocument,
    SearchError,
    SearchQuery,
    SearchResult,
    Sort,
)
from search.synonyms import expand, terms_of

DEFAULT_ALIAS = "products"


class ElasticsearchBackend:
    """Search in an Elasticsearch 8 or 9 cluster through the official client.

    Configure with the cluster's URL and optionally an API key, or a user name and password, and
    a CA certificate file; or hand over a ready ``client``.
    """

    name = "elasticsearch"

    def __init__(
        self,
        url: str | None = None,
        *,
        api_key: str | None = None,
        username: str | None = None,
        password: str | None = None,
        ca_cert: str | None = None,
        index_prefix: str = DEFAULT_ALIAS,
        client: Elasticsearch | None = None,
        request_timeout: float = 10.0,
        chunk_size: int = 500,
        max_retries: int = 3,
        initial_backoff: float = 1.0,
        native_highlights: bool = False,
        drop_on_close: bool = False,
    ) -> None:
        if client is None:
            if not url:
                raise ValueError("the Elasticsearch backend needs a URL (ELASTICSEARCH_URL)")
            options: dict[str, Any] = {
                "request_timeout": request_timeout,
                "retry_on_timeout": True,
                "max_retries": max_retries,
            }
            if api_key:
                options["api_key"] = api_key
            elif username:
                options["basic_auth"] = (username, password or "")
            if ca_cert:
                options["ca_certs"] = ca_cert
            client = Elasticsearch(url, **options)
        self.client = client
        self.alias = index_prefix
        self._chunk_size = chunk_size
        self._max_retries = max_retries
        self._initial_backoff = initial_backoff
        self._native_highlights = native_highlights
        # For throwaway indexes (the contract suite): close() deletes them.
        self._drop_on_close = drop_on_close
        self._ready = False

    # Indexes and the alias

    def _concrete_indexes(self) -> list[str]:
        """The indexes behind the alias (none before the first write)."""
        try:
            answer = self.client.indices.get_alias(name=self.alias)
        except NotFoundError:
            return []
        return sorted(answer.body)

    def _new_index_name(self) -> str:
        return f"{self.alias}_v{MAPPING_VERSION}_{time.time_ns():x}"

    def _create_index(self, name: str, *, with_alias: bool) -> None:
        body: dict[str, Any] = {"settings": index_settings(), "mappings": index_mappings()}
        if with_alias:
            body["aliases"] = {self.alias: {"is_write_index": True}}
        self.client.indices.create(index=name, **body)

    def _ensure_index(self) -> None:
        """Create the first index behind the alias; refuse one of another mapping version."""
        if self._ready:
            return
        existing = self._concrete_indexes()
        if not existing:
            try:
                self._create_index(self._new_index_name(), with_alias=True)
            except BadRequestError:
                # Another process created the first index (and the alias) meanwhile.
                existing = self._concrete_indexes()
                if not existing:
                    raise
        current = f"{self.alias}_v{MAPPING_VERSION}_"
        if existing and not all(name.startswith(current) for name in existing):
            raise IndexOutdated(
                f"the alias {self.alias!r} points at {existing}, not mapping version "
                f"{MAPPING_VERSION}: rebuild it (flask search reindex)"
            )
        self._ready = True

    # Writing

    def _bulk(self, actions: Iterable[dict[str, Any]], ignore_status: tuple[int, ...] = ()) -> int:
        """Send ``actions`` in chunks; items refused with 429 are retried with backoff.

        ``raise_on_error=False`` because with it on, the helper raises on the first refused item
        of a chunk instead of retrying it; failures left after the retries are raised here.
        """
        written = 0
        failures: list[dict[str, Any]] = []
        for ok, item in helpers.streaming_bulk(
            self.client,
            actions,
            chunk_size=self._chunk_size,
            max_retries=self._max_retries,
            initial_backoff=self._initial_backoff,
            raise_on_error=False,
        ):
            if ok:
                written += 1
                continue
            (result,) = item.values()
            if result.get("status") not in ignore_status:
                failures.append(item)
        if failures:
            raise SearchError(
                f"{len(failures)} bulk operation(s) failed on {self.alias!r}; first: {failures[0]}"
            )
        return written

    def _refresh(self, index: str) -> None:
        # Writes are visible to searches on return, as the Backend protocol promises.
        self.client.indices.refresh(index=index)

    def index_many(self, docs: Iterable[SearchDocument]) -> int:
        prepared = list(docs)
        if not prepared:
            return 0
        self._ensure_index()
        self._bulk(index_actions(prepared, self.alias))
        self._refresh(self.alias)
        return len(prepared)

    def delete_many(self, ids: Iterable[str]) -> None:
        targets = list(dict.fromkeys(ids))
        if not targets:
            return
        self._ensure_index()
        # Deleting an unknown id answers 404: nothing to do, not an error.
        self._bulk(delete_actions(targets, self.alias), ignore_status=(404,))
        self._refresh(self.alias)

    def rebuild(self, docs: Iterable[SearchDocument]) -> int:
        old = self._concrete_indexes()
        new = self._new_index_name()
        self._create_index(new, with_alias=False)
        seen: set[str] = set()

        def counted() -> Iterable[SearchDocument]:
            for doc in docs:
                seen.add(doc.id)
                yield doc

        try:
            # Bulk requests apply in order, so of an id given twice the last one stays.
            self._bulk(index_actions(counted(), new))
            self._refresh(new)
            self.client.indices.update_aliases(actions=alias_swap_actions(self.alias, old, new))
        except BaseException:
            self.client.indices.delete(index=new, ignore_unavailable=True)
            raise
        if old:
            self.client.indices.delete(index=",".join(old), ignore_unavailable=True)
        self._ready = True
        return len(seen)

    # Reading

    def search(self, query: SearchQuery) -> SearchResult:
        # The two tiers of search.tiers, one request each: the content tier with the counts;
        # then the vendor tier, for its total and whatever of the page the content left, and
        # for the counts when the content tier is empty.
        native = self._native_highlights
        answer = self._answer(search_body(query, native_highlights=native))
        highlighter = Highlighter(terms_of(expand(query.text)))
        hits = [self._hit(raw, query, highlighter) for raw in answer["hits"]["hits"]]
        total = content_total = int(answer["hits"]["total"]["value"])
        aggregations = answer.get("aggregations", {})
        if has_vendor_tier(query.text):
            _, window = tiers.windows(query.offset, query.per_page, content_total)
            counts = content_total == 0
            vendor = self._answer(
                search_body(
                    query, native_highlights=native, tier=Tier.VENDOR, window=window, counts=counts
                )
            )
            hits += [self._hit(raw, query, highlighter) for raw in vendor["hits"]["hits"]]
            total += int(vendor["hits"]["total"]["value"])
            if counts:
                aggregations = vendor.get("aggregations", {})
        facets = facet_counts(query, aggregations)
        flags = flag_counts(aggregations) if query.count_flags else {}
        return SearchResult(total, hits, facets, query.page, query.per_page, flags)

    def _answer(self, body: dict[str, Any]) -> dict[str, Any]:
        try:
            return dict(self.client.search(index=self.alias, body=body).body)
        except NotFoundError:
            # Nothing indexed yet: no alias, no index. Nothing to count either.
            return {"hits": {"total": {"value": 0}, "hits": []}}

    def _hit(self, raw: dict[str, Any], query: SearchQuery, marks: Highlighter) -> Hit:
        source = raw.get("_source", {})
        score = raw.get("_score") if query.sort is Sort.RELEVANCE else None
        if self._native_highlights:
            highlights = {
                field: TAG_SEPARATOR.join(fragments)
                for field, fragments in raw.get("highlight", {}).items()
            }
        else:
            highlights = marks.fields(source)
        return Hit(
            str(raw["_id"]),
            None if score is None else float(score),
            highlights,
            source.get(PAYLOAD_FIELD, {}),
        )

    def suggest(self, prefix: str, limit: int = 10) -> list[str]:
        key = fold_prefix(prefix)
        if limit < 1 or not completion.completable(key):
            return []
        try:
            answer = self.client.search(index=self.alias, body=suggest_body(key)).body
        except NotFoundError:
            return []
        found = suggested_words(answer)
        words = completion.offered_words(found, key, complete=len(found) < completion.WORD_SCAN)
        # One line per listing (a vendor's models folded), the names that start with the prefix
        # first, then those with a later word that does; the listings in Elasticsearch's order.
        lines = completion.Lines()
        for raw in answer["hits"]["hits"]:
            source = raw.get("_source", {})
            candidates = [
                source.get("name_zh", ""),
                source.get("name_en", ""),
                *source.get(SUGGEST_FIELD, []),
            ]
            vendor = source.get(FACET_FIELDS[Facet.VENDOR]) or [""]
            line = completion.listing_line(str(raw["_id"]), vendor[0], candidates, key)
            if line is not None:
                lines.add(line)
        return completion.assemble(words, lines.suggestions(), limit)

    def stats(self) -> dict[str, Any]:
        indexes = self._concrete_indexes()
        stats: dict[str, Any] = {
            "backend": self.name,
            "documents": 0,
            "alias": self.alias,
            "indexes": indexes,
            "mapping_version": MAPPING_VERSION,
        }
        if not indexes:
            return stats
        current = f"{self.alias}_v{MAPPING_VERSION}_"
        if not all(name.startswith(current) for name in indexes):
            return stats | {"outdated": True}
        try:
            stats["documents"] = int(self.client.count(index=self.alias).body["count"])
            store = self.client.indices.stats(index=self.alias, metric="store").body
            stats["size_bytes"] = int(store["_all"]["primaries"]["store"]["size_in_bytes"])
        except (NotFoundError, KeyError) as error:
            raise SearchError(f"could not read the stats of {self.alias!r}: {error}") from error
        return stats

    def drop(self) -> None:
        """Delete every index behind the alias, and the alias with them."""
        if indexes := self._concrete_indexes():
            self.client.indices.delete(index=",".join(indexes), ignore_unavailable=True)
        self._ready = False

    def close(self) -> None:
        try:
            if self._drop_on_close:
                self.drop()
        finally:
            self.client.close()
