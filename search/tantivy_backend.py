"""The embedded backend: a tantivy index in a local folder (DESIGN.md, "Search")."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import tantivy
from tantivy import Order, Query, Searcher

from search import completion, tiers
from search.analysis import fold_prefix
from search.highlight import Highlighter
from search.model import (
    MAX_RESULT_WINDOW,
    Hit,
    IndexOutdated,
    SearchDocument,
    SearchQuery,
    SearchResult,
    Sort,
)
from search.synonyms import expand, terms_of
from search.tantivy_facets import Counted, count_facets
from search.tantivy_query import Vocabulary, filter_queries, narrowed, tier_queries
from search.tantivy_schema import (
    SCHEMA_VERSION,
    SUGGEST_INNER_FIELD,
    SUGGEST_WHOLE_FIELD,
    SUGGEST_WORDS_FIELD,
    edge_term,
    read_source,
    to_tantivy,
)
from search.tantivy_store import IndexStore, acquire_writer

_SORT_FIELDS = {Sort.NEWEST: "newest_key", Sort.TRIALS: "trials_key"}
# Completion reads candidate listings in batches, and gives up after this many per pass: a
# prefix longer than the indexed edges may need checking past listings that only share its
# first characters.
_SUGGEST_BATCH = 20
_SUGGEST_SCAN = 200
# Facet counts run beside the search on this many threads (one aggregation per search).
_COUNTING_THREADS = 2
# A rebuild hands documents to tantivy this many at a time.
_ADD_BURST = 512


class TantivyBackend:
    """Search in an index folder. Safe to share between threads; several processes may open the
    same folder, and tantivy's writer lock lets one of them write at a time."""

    name = "tantivy"

    def __init__(
        self,
        path: str | Path,
        *,
        writer_heap_bytes: int = 64_000_000,
        rebuild_heap_bytes: int = 256_000_000,
        lock_timeout: float = 10.0,
    ) -> None:
        self._store = IndexStore(Path(path))
        self._writer_heap = writer_heap_bytes
        self._rebuild_heap = rebuild_heap_bytes
        self._lock_timeout = lock_timeout
        # Tantivy's lock already excludes other processes; this spares threads of this one from
        # polling it against each other.
        self._write_lock = threading.Lock()
        # Made on first use (and again after ``close``); its own lock, so a search never waits
        # for a write to get it.
        self._executor: ThreadPoolExecutor | None = None
        self._executor_lock = threading.Lock()

    # Writing

    def index_many(self, docs: Iterable[SearchDocument]) -> int:
        docs = list(docs)
        if not docs:
            return 0
        schema = self._store.current().index.schema
        prepared = [(doc.id, to_tantivy(doc, schema)) for doc in docs]

        def write(writer: tantivy.IndexWriter) -> None:
            for doc_id, document in prepared:
                # Delete-then-add in one commit replaces: tantivy applies a delete only to
                # documents added before it.
                writer.delete_documents_by_term("id", doc_id)
                writer.add_document(document)

        self._write(write)
        return len(prepared)

    def delete_many(self, ids: Iterable[str]) -> None:
        targets = list(dict.fromkeys(ids))
        if not targets:
            return

        def write(writer: tantivy.IndexWriter) -> None:
            for doc_id in targets:
                writer.delete_documents_by_term("id", doc_id)

        self._write(write)

    def _write(self, operations: Callable[[tantivy.IndexWriter], None]) -> None:
        with self._write_lock:
            index = self._store.current().index
            self._commit(index, self._writer_heap, 1, operations)
            index.reload()

    def _commit(
        self,
        index: tantivy.Index,
        heap_size: int,
        threads: int,
        operations: Callable[[tantivy.IndexWriter], None],
    ) -> None:
        """Run ``operations`` on a writer and commit them, or roll back; then release it."""
        writer = acquire_writer(index, heap_size, threads, self._lock_timeout)
        try:
            operations(writer)
            writer.commit()
        except BaseException:
            writer.rollback()
            raise
        finally:
            # Lets pending merges finish (dropping the writer would cancel them and leave
            # segments to pile up), then releases the writer lock.
            writer.wait_merging_threads()

    def rebuild(self, docs: Iterable[SearchDocument]) -> int:
        seen: set[str] = set()

        def fill(writer: tantivy.IndexWriter) -> None:
            # Documents are handed over in bursts: one at a time, tantivy's indexing threads
            # (faster than the Python making them) went to sleep and were woken for each one,
            # and the context switches cost an eighth of the build.
            burst: list[tantivy.Document] = []
            for doc in docs:
                if doc.id in seen:  # the same listing twice: the last one wins
                    # A delete applies to what was added before it, so the burst goes first.
                    _add_all(writer, burst)
                    writer.delete_documents_by_term("id", doc.id)
                seen.add(doc.id)
                burst.append(to_tantivy(doc, schema))
                if len(burst) == _ADD_BURST:
                    _add_all(writer, burst)
            _add_all(writer, burst)

        store = self._store
        with store.exclusive():
            previous = store.served()
            if previous is None:
                # Serve an empty index meanwhile, so that a first search elsewhere answers
                # (with nothing) instead of waiting for the lock this rebuild holds.
                previous, _ = store.create()
                store.publish(previous)
            name, index = store.create()
            schema = index.schema
            try:
                self._commit(index, self._rebuild_heap, 0, fill)
            except BaseException:
                del index
                store.discard(name)
                raise
            store.publish(name)
            store.prune({name, previous})
        return len(seen)

    # Reading

    def _searcher(self) -> tuple[tantivy.Index, Searcher]:
        index = self._store.current().index
        return index, index.searcher()

    def search(self, query: SearchQuery) -> SearchResult:
        index, searcher = self._searcher()
        schema = index.schema
        slots = expand(query.text)
        vocabulary = Vocabulary(searcher)
        # Text that analyses to nothing (only punctuation, say) matches nothing; no text at all
        # browses everything.
        matches_nothing = bool(query.text.strip()) and not slots
        if matches_nothing:
            content, vendor = Query.empty_query(), None
        else:
            content, vendor = tier_queries(schema, slots, vocabulary)
        filters = filter_queries(schema, query.filters)
        # Counted on the pool while the search ranks and highlights (tantivy lets go of the GIL):
        # the benchmark's faceted searches at 100,000 listings have a p95 of 4-5 ms this way and
        # 6-7 ms in one thread. The hand-over costs 0.2 to 0.6 ms of CPU, which under full load
        # is a tenth of a request.
        counting = None
        wants_counts = bool(query.facets or query.count_flags)
        if wants_counts:
            counting = self._pool().submit(count_facets, searcher, schema, content, query)
        content_total, ranked = self._ranked(
            searcher, narrowed(content, filters), query, query.offset, query.per_page
        )
        total = content_total
        if vendor is not None:
            _, window = tiers.windows(query.offset, query.per_page, content_total)
            vendor_total, more = self._ranked(
                searcher, narrowed(vendor, filters), query, window.offset, window.size
            )
            total += vendor_total
            ranked += more
        highlighter = Highlighter(vocabulary.held_anywhere(terms_of(slots)))
        hits = [self._hit(searcher, address, score, highlighter) for score, address in ranked]
        counted = Counted({}, {}) if counting is None else counting.result()
        if wants_counts and vendor is not None and content_total == 0 and total:
            # Nothing matches in its own text: the vendor tier is all there is, so it is counted.
            counted = count_facets(searcher, schema, vendor, query)
        return SearchResult(total, hits, counted.facets, query.page, query.per_page, counted.flags)

    def _ranked(
        self, searcher: Searcher, main: Query, query: SearchQuery, offset: int, size: int
    ) -> tuple[int, list[tuple[float | None, tantivy.DocAddress]]]:
        """How many ``main`` matches, and its hits ``offset`` to ``offset + size``."""
        if size <= 0 or offset >= MAX_RESULT_WINDOW:
            return searcher.search(main, limit=1).count or 0, []
        if query.sort is Sort.RELEVANCE:
            return self._by_relevance(searcher, main, offset, size)
        return self._by_field(searcher, main, query.sort, offset, size)

    def _by_relevance(
        self, searcher: Searcher, main: Query, offset: int, size: int
    ) -> tuple[int, list[tuple[float | None, tantivy.DocAddress]]]:
        end = min(offset + size, MAX_RESULT_WINDOW)
        # Fetch one hit past the page; if it ties with the page's last hit, unseen hits may tie
        # too, so fetch more until the tie is behind us. Then order ties by the tie key, which is
        # independent of which segment a document happens to sit in.
        limit = end + 1
        while True:
            result = searcher.search(main, limit=limit, weight_by_field="rank_weight")
            fetched = result.hits
            if len(fetched) < limit or fetched[-1][0] < fetched[end - 1][0]:
                break
            limit *= 2
        ties = searcher.fast_field_values("tie", [address for _, address in fetched])
        ordered = sorted(zip(fetched, ties, strict=True), key=lambda item: (-item[0][0], item[1]))
        page = [hit for hit, _ in ordered[offset:end]]
        return result.count or 0, page

    def _by_field(
        self, searcher: Searcher, main: Query, sort: Sort, offset: int, size: int
    ) -> tuple[int, list[tuple[float | None, tantivy.DocAddress]]]:
        result = searcher.search(
            main,
            limit=min(size, MAX_RESULT_WINDOW - offset),
            offset=offset,
            order_by_field=_SORT_FIELDS[sort],
            order=Order.Desc,
        )
        # Sorted by a column, hits have no relevance score.
        return result.count or 0, [(None, address) for _, address in result.hits]

    @staticmethod
    def _hit(
        searcher: Searcher, address: tantivy.DocAddress, score: float | None, marks: Highlighter
    ) -> Hit:
        source = read_source(searcher.doc(address).get_first("source"))
        return Hit(source["id"], score, marks.fields(source), source["payload"])

    def _pool(self) -> ThreadPoolExecutor:
        with self._executor_lock:
            if self._executor is None:
                self._executor = ThreadPoolExecutor(
                    max_workers=_COUNTING_THREADS, thread_name_prefix="search-facets"
                )
            return self._executor

    def suggest(self, prefix: str, limit: int = 10) -> list[str]:
        key = fold_prefix(prefix)
        if limit < 1 or not completion.completable(key):
            return []
        index, searcher = self._searcher()
        # Words: the word terms starting with the prefix, counted over the listings alive (a
        # term's own count would still hold deleted and replaced listings until a merge).
        found = searcher.terms_with_prefix(
            SUGGEST_WORDS_FIELD, key, filter_query=Query.all_query(), limit=completion.WORD_SCAN
        )
        words = completion.offered_words(found, key, complete=len(found) < completion.WORD_SCAN)
        wanted = completion.names_wanted(len(words), limit)
        lines = completion.Lines()
        seen: set[str] = set()
        # Names that start with the prefix first, then names with a later word that does; within
        # each, listings with more evidence first (rank_weight), then the tie order; read until
        # the list is full. (A vendor's models fold among the listings read.)
        for kind, field in (
            (completion.Match.WHOLE, SUGGEST_WHOLE_FIELD),
            (completion.Match.INNER, SUGGEST_INNER_FIELD),
        ):
            lookup = Query.term_query(index.schema, field, edge_term(key), index_option="basic")
            for offset in range(0, _SUGGEST_SCAN, _SUGGEST_BATCH):
                result = searcher.search(
                    lookup,
                    limit=_SUGGEST_BATCH,
                    offset=offset,
                    count=False,
                    order_by_field="rank_weight",
                    order=Order.Desc,
                )
                for _, address in result.hits:
                    source = read_source(searcher.doc(address).get_first("source"))
                    if source["id"] in seen:
                        continue
                    candidates = [source["name_zh"], source["name_en"], *source["suggest"]]
                    line = completion.listing_line(
                        source["id"], source.get("vendor_id", ""), candidates, key
                    )
                    if line is not None and line.match is kind:
                        seen.add(source["id"])
                        lines.add(line)
                        if len(lines) == wanted:
                            return completion.assemble(words, lines.suggestions(), limit)
                if len(result.hits) < _SUGGEST_BATCH:
                    break
        return completion.assemble(words, lines.suggestions(), limit)

    def stats(self) -> dict[str, Any]:
        try:
            generation = self._store.current()
        except IndexOutdated as error:
            return {"backend": self.name, "documents": 0, "outdated": True, "error": str(error)}
        searcher = generation.index.searcher()
        path = self._store.root / generation.name
        size = sum(entry.stat().st_size for entry in path.iterdir() if entry.is_file())
        return {
            "backend": self.name,
            "documents": searcher.num_docs,
            "segments": searcher.num_segments,
            "generation": generation.name,
            "schema_version": SCHEMA_VERSION,
            "path": str(path),
            "size_bytes": size,
        }

    def close(self) -> None:
        self._store.forget()
        with self._executor_lock:
            executor, self._executor = self._executor, None
        if executor is not None:
            executor.shutdown(wait=True)


def _add_all(writer: tantivy.IndexWriter, documents: list[tantivy.Document]) -> None:
    for document in documents:
        writer.add_document(document)
    documents.clear()
