"""What only the tantivy backend has: index generations, the writer lock, the score tie nudge."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import tantivy

from search import tantivy_facets, tantivy_schema
from search.model import Facet, Filters, IndexBusy, IndexOutdated, SearchDocument, SearchQuery
from search.ranking import tie_key
from search.synonyms import expand
from search.tantivy_backend import TantivyBackend
from search.tantivy_query import Vocabulary, tier_queries
from search.tantivy_store import POINTER
from tests.search.corpus import CORPUS, FLANGES, PUMP_CENTRIFUGAL, ROBOT_COBOT, ROBOT_WELD


@pytest.fixture
def backend(tmp_path: Path) -> Iterator[TantivyBackend]:
    opened = TantivyBackend(tmp_path / "index")
    yield opened
    opened.close()


def ids(backend: TantivyBackend, text: str = "") -> list[str]:
    return [hit.id for hit in backend.search(SearchQuery(text=text, per_page=100)).hits]


def generations(root: Path) -> list[str]:
    return sorted(path.name for path in root.iterdir() if path.is_dir())


def test_searches_see_the_old_index_until_a_rebuild_completes(backend: TantivyBackend) -> None:
    backend.index_many(CORPUS)
    seen_during_rebuild: list[int] = []

    def slowly() -> Iterator[SearchDocument]:
        yield ROBOT_WELD
        seen_during_rebuild.append(backend.search(SearchQuery()).total)
        yield PUMP_CENTRIFUGAL

    backend.rebuild(slowly())

    assert seen_during_rebuild == [len(CORPUS)]
    assert backend.search(SearchQuery()).total == 2


def test_another_process_switches_to_a_rebuilt_index_on_its_next_search(tmp_path: Path) -> None:
    writer, reader = TantivyBackend(tmp_path), TantivyBackend(tmp_path)
    writer.index_many(CORPUS)
    assert reader.search(SearchQuery()).total == len(CORPUS)

    writer.rebuild([ROBOT_WELD])

    assert ids(reader) == ["robot-weld"]
    writer.close()
    reader.close()


def test_another_process_sees_committed_writes_soon(tmp_path: Path) -> None:
    writer, reader = TantivyBackend(tmp_path), TantivyBackend(tmp_path)
    assert reader.search(SearchQuery()).total == 0

    writer.index_many([ROBOT_WELD])

    # Readers reload on commit through tantivy's watcher of meta.json, which polls.
    deadline = time.monotonic() + 10
    while reader.search(SearchQuery()).total == 0 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert ids(reader) == ["robot-weld"]
    writer.close()
    reader.close()


def test_the_first_rebuild_does_not_make_other_processes_wait(tmp_path: Path) -> None:
    answers: list[int] = []

    def search_elsewhere() -> None:
        other = TantivyBackend(tmp_path)
        answers.append(other.search(SearchQuery()).total)
        other.close()

    def listings() -> Iterator[SearchDocument]:
        yield ROBOT_WELD
        # Another process's first search while the rebuild holds the folder's lock: it must
        # answer from an empty index rather than wait for the lock.
        thread = threading.Thread(target=search_elsewhere, daemon=True)
        thread.start()
        thread.join(timeout=10)
        yield PUMP_CENTRIFUGAL

    builder = TantivyBackend(tmp_path)
    builder.rebuild(listings())

    assert answers == [0]
    assert builder.search(SearchQuery()).total == 2
    builder.close()


def test_a_failed_rebuild_leaves_the_served_index_alone(backend: TantivyBackend) -> None:
    backend.index_many(CORPUS)
    before = generations(backend._store.root)

    def broken() -> Iterator[SearchDocument]:
        yield ROBOT_WELD
        raise RuntimeError("the database went away")

    with pytest.raises(RuntimeError):
        backend.rebuild(broken())

    assert backend.search(SearchQuery()).total == len(CORPUS)
    assert generations(backend._store.root) == before


def test_only_the_served_and_the_previous_generation_are_kept(backend: TantivyBackend) -> None:
    for _ in range(4):
        backend.rebuild([ROBOT_WELD])

    root = backend._store.root
    served = (root / POINTER).read_text()
    assert len(generations(root)) == 2
    assert served in generations(root)


def test_a_rebuild_keeps_the_last_of_duplicate_ids(backend: TantivyBackend) -> None:
    renamed = replace(ROBOT_WELD, name_en="Laser Welding Cell")

    assert backend.rebuild([ROBOT_WELD, renamed]) == 1

    assert ids(backend) == ["robot-weld"]
    assert ids(backend, "laser") == ["robot-weld"]


def test_a_writer_waits_for_another_then_gives_up(tmp_path: Path) -> None:
    backend = TantivyBackend(tmp_path, lock_timeout=0.2)
    backend.index_many([ROBOT_WELD])
    # Another process's writer, holding tantivy's lock.
    other = tantivy.Index.open(str(tmp_path / (tmp_path / POINTER).read_text()))
    tantivy_schema.register_tokenizers(other)
    held = other.writer(heap_size=15_000_000, num_threads=1)

    with pytest.raises(IndexBusy):
        backend.index_many([PUMP_CENTRIFUGAL])

    held.rollback()
    held.wait_merging_threads()  # releases the lock
    assert backend.index_many([PUMP_CENTRIFUGAL]) == 1
    backend.close()


def test_threads_and_processes_writing_at_once_all_succeed(tmp_path: Path) -> None:
    first, second = TantivyBackend(tmp_path), TantivyBackend(tmp_path)
    first.index_many([ROBOT_WELD])  # creates the index before the race
    errors: list[BaseException] = []

    def write(backend: TantivyBackend, doc: SearchDocument) -> None:
        try:
            backend.index_many([doc])
        except BaseException as error:  # reported by the assertion below
            errors.append(error)

    threads = [
        threading.Thread(target=write, args=(backend, replace(doc, id=f"{doc.id}-{n}")))
        for n, (backend, doc) in enumerate([(first, ROBOT_COBOT), (second, PUMP_CENTRIFUGAL)] * 3)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    first.close()
    second.close()
    fresh = TantivyBackend(tmp_path)
    assert fresh.search(SearchQuery()).total == 7
    fresh.close()


def test_an_index_of_another_schema_version_must_be_rebuilt(backend: TantivyBackend) -> None:
    backend.index_many([ROBOT_WELD])
    root = backend._store.root
    (root / "v0-1-1").mkdir()
    (root / POINTER).write_text("v0-1-1")
    backend.close()

    with pytest.raises(IndexOutdated):
        backend.search(SearchQuery())
    assert backend.stats()["outdated"] is True

    backend.rebuild([PUMP_CENTRIFUGAL])
    assert ids(backend) == ["pump-centrifugal"]


def test_exact_score_ties_are_paged_in_tie_key_order(
    backend: TantivyBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Without the nudge in the score, thirty identical listings tie exactly, so paging must
    # fetch past each page until the tie ends and order the tied hits itself.
    monkeypatch.setattr(tantivy_schema, "TIE_SHARE", 0.0)
    twins = [replace(FLANGES[0], id=f"flange-twin-{n:02d}") for n in range(30)]
    backend.index_many(twins[:10])
    backend.index_many(twins[10:])
    scores = {hit.score for hit in backend.search(SearchQuery(text="flange", per_page=30)).hits}

    pages = [
        backend.search(SearchQuery(text="flange", page=page, per_page=7)) for page in range(1, 6)
    ]

    assert len(scores) == 1
    assert [hit.id for page in pages for hit in page.hits] == sorted(
        (doc.id for doc in twins), key=tie_key
    )


def test_stats_describe_the_served_generation(backend: TantivyBackend) -> None:
    backend.index_many(CORPUS)

    stats = backend.stats()

    assert stats["backend"] == "tantivy"
    assert stats["documents"] == len(CORPUS)
    assert stats["generation"] == (backend._store.root / POINTER).read_text()
    assert stats["size_bytes"] > 0


def test_searches_from_many_threads_while_another_writes(backend: TantivyBackend) -> None:
    backend.index_many(CORPUS)
    errors: list[BaseException] = []
    writing = threading.Event()

    def search() -> None:
        try:
            while not writing.is_set():
                result = backend.search(SearchQuery(text="泵", facets={"region"}))  # type: ignore[arg-type]
                assert result.total >= 2
        except BaseException as error:  # reported by the assertion below
            errors.append(error)

    readers = [threading.Thread(target=search) for _ in range(4)]
    for reader in readers:
        reader.start()
    for number in range(5):
        backend.index_many([replace(PUMP_CENTRIFUGAL, id=f"pump-{number}")])
    writing.set()
    for reader in readers:
        reader.join()

    assert errors == []
    assert backend.search(SearchQuery(text="泵")).total == 7


def test_multi_valued_facets_count_the_same_when_their_sets_overflow(
    backend: TantivyBackend, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Kinds and flags are counted from one set value per listing; past SET_BUCKETS distinct
    # sets the multi-valued columns are counted instead, to the same result.
    backend.index_many(CORPUS)
    query = SearchQuery(
        filters=Filters(category={"equipment"}),
        facets={Facet.DESIGNATION_KINDS, Facet.CATEGORY},
        count_flags=True,
    )
    from_sets = backend.search(query)

    monkeypatch.setattr(tantivy_facets, "SET_BUCKETS", 1)
    recounted = []
    respecified = tantivy_facets._respecified
    monkeypatch.setattr(
        tantivy_facets, "_respecified", lambda spec: recounted.append(spec) or respecified(spec)
    )
    from_columns = backend.search(query)

    assert recounted, "the sets did not overflow"
    assert from_sets.facets == from_columns.facets
    assert from_sets.flags == from_columns.flags
    assert len(from_sets.facets["designation_kinds"]) > 1
    assert from_sets.flags["verified"] > 0


def test_a_code_holding_the_set_separator_is_refused_before_anything_is_written(
    backend: TantivyBackend,
) -> None:
    odd = replace(ROBOT_WELD, designation_kinds=("first_set", f"x{tantivy_schema.SET_SEPARATOR}y"))

    with pytest.raises(ValueError, match="must not contain"):
        backend.index_many([ROBOT_COBOT, odd])

    assert ids(backend) == []


def test_queries_ask_only_for_terms_the_index_holds(backend: TantivyBackend) -> None:
    """A clause on a term no listing has matches nothing: it is left out, and a vendor tier
    that no vendor name can fill is not asked at all (what kept synonym searches slow)."""
    backend.index_many(CORPUS)
    index, searcher = backend._searcher()
    held = Vocabulary(searcher)

    assert held.held_anywhere({"robot", "zzzunheld"}) == frozenset({"robot"})
    assert held.count("vendor_name", "华工") == 2
    no_vendor_word = tier_queries(index.schema, expand("robot"), held)
    assert no_vendor_word[1] is None
    by_vendor = tier_queries(index.schema, expand("华工 robot"), held)
    assert by_vendor[1] is not None
    unheld = tier_queries(index.schema, expand("zzzunheld"), Vocabulary(searcher))
    assert unheld[1] is None
    # The same answers as ever: nothing for the absent word, the vendor's listings by its name.
    assert ids(backend, "zzzunheld") == []
    assert set(ids(backend, "华工 robot")) >= {"robot-weld"}
