"""Contract: writes (index, replace, delete, rebuild), suggestions and stats."""

from __future__ import annotations

from dataclasses import replace

from search.model import Backend, Facet, Filters, SearchQuery
from tests.search.conftest import MakeBackend
from tests.search.corpus import CORPUS, PUMP_CENTRIFUGAL, ROBOT_COBOT, ROBOT_WELD


def ids(backend: Backend, text: str = "") -> list[str]:
    return [hit.id for hit in backend.search(SearchQuery(text=text, per_page=100)).hits]


def test_indexed_documents_are_searchable_at_once(make_backend: MakeBackend) -> None:
    backend = make_backend()

    assert backend.index_many([ROBOT_WELD, PUMP_CENTRIFUGAL]) == 2
    assert ids(backend, "pump") == ["pump-centrifugal"]
    assert backend.stats()["documents"] == 2


def test_an_empty_index_counts_nothing_but_lists_what_was_chosen(
    make_backend: MakeBackend,
) -> None:
    query = SearchQuery(
        text="pump", filters=Filters(region="SH"), facets={Facet.REGION}, count_flags=True
    )

    result = make_backend().search(query)

    assert (result.total, result.hits) == (0, [])
    assert result.facets == {"region": [("SH", 0)]}
    assert result.flags == {"verified": 0, "insured": 0, "tried": 0}


def test_each_hit_brings_back_its_payload_as_indexed(make_backend: MakeBackend) -> None:
    backend = make_backend()
    payload = {"name": "离心泵", "claims": [["verified", "2024-01-01", None]], "count": 3}
    backend.index_many([replace(PUMP_CENTRIFUGAL, payload=payload), ROBOT_WELD])

    hits = {hit.id: hit for hit in backend.search(SearchQuery(per_page=100)).hits}

    assert hits["pump-centrifugal"].payload == payload
    assert hits["robot-weld"].payload == {}
    # The payload is never searched.
    assert ids(backend, "claims") == []


def test_indexing_a_document_again_replaces_it(make_backend: MakeBackend) -> None:
    backend = make_backend()
    backend.index_many(CORPUS)
    renamed = replace(PUMP_CENTRIFUGAL, name_zh="磁力泵", name_en="Magnetic Drive Pump")

    backend.index_many([renamed])
    backend.index_many([renamed])

    assert ids(backend, "magnetic") == ["pump-centrifugal"]
    assert ids(backend, "centrifugal") == []
    assert ids(backend, "pump").count("pump-centrifugal") == 1
    assert backend.search(SearchQuery()).total == len(CORPUS)
    assert backend.stats()["documents"] == len(CORPUS)


def test_the_same_id_twice_in_one_batch_keeps_the_last(make_backend: MakeBackend) -> None:
    backend = make_backend()
    renamed = replace(ROBOT_COBOT, name_en="Dual-arm Robot")

    backend.index_many([ROBOT_COBOT, renamed])

    assert ids(backend, "dual") == ["robot-cobot"]
    assert ids(backend, "collaborative") == []


def test_deleted_documents_disappear_from_results_facets_and_suggestions(
    make_backend: MakeBackend,
) -> None:
    backend = make_backend()
    backend.index_many(CORPUS)

    backend.delete_many(["robot-cobot", "no-such-listing", "robot-cobot"])

    assert "robot-cobot" not in ids(backend, "robot")
    assert "robot-cobot" not in ids(backend)
    assert backend.search(SearchQuery()).total == len(CORPUS) - 1
    assert backend.suggest("协作") == []
    assert backend.stats()["documents"] == len(CORPUS) - 1


def test_empty_writes_are_harmless(make_backend: MakeBackend) -> None:
    backend = make_backend()

    assert backend.index_many([]) == 0
    backend.delete_many([])
    assert backend.search(SearchQuery(text="pump")).total == 0


def test_rebuild_replaces_everything(make_backend: MakeBackend) -> None:
    backend = make_backend()
    backend.index_many(CORPUS)

    assert backend.rebuild(iter([ROBOT_WELD, PUMP_CENTRIFUGAL])) == 2

    assert sorted(ids(backend)) == ["pump-centrifugal", "robot-weld"]
    assert ids(backend, "cobot") == []
    assert backend.stats()["documents"] == 2
    # Writes after a rebuild go to the new index.
    backend.index_many([ROBOT_COBOT])
    assert ids(backend, "cobot") == ["robot-cobot"]


def test_suggestions_complete_names_in_both_languages(corpus: Backend) -> None:
    assert corpus.suggest("离心") == ["离心泵"]
    assert corpus.suggest("Centri") == ["Centrifugal Pump"]
    # The word both names share first (tests/search/test_contract_suggest.py), then the names.
    assert corpus.suggest("机器")[0] == "机器人"
    assert set(corpus.suggest("机器")[1:]) == {"工业机器人焊接工作站", "协作机器人"}


def test_suggestions_complete_later_words_and_fold_the_prefix(corpus: Backend) -> None:
    # "robot" starts a later word of both English names.
    assert set(corpus.suggest("robot")) == {"Industrial Robot Welding Cell", "Collaborative Robots"}
    # One line a listing: 三轴CNC雕铣机 / Three-axis CNC Engraving Machine shows its Chinese name.
    assert set(corpus.suggest("ＣＮＣ")) == {"Five-axis CNC Machining Centre", "三轴CNC雕铣机"}
    # Both names of the servo motor hold ABC: listed once, by the one that starts with it.
    assert corpus.suggest("abc") == ["ＡＢＣ型伺服电机"]


def test_long_prefixes_complete_in_full(corpus: Backend) -> None:
    # Longer than any edge an index may keep: what is typed is checked, not only its start.
    assert corpus.suggest("工业机器人焊接") == ["工业机器人焊接工作站"]
    assert corpus.suggest("机器人焊接工") == ["工业机器人焊接工作站"]
    assert corpus.suggest("工业机器人焊工") == []
    assert corpus.suggest("industrial robot weld") == ["Industrial Robot Welding Cell"]


def test_names_that_start_with_the_prefix_come_first(corpus: Backend) -> None:
    # 三轴CNC雕铣机 and 三维CAD设计软件 start with 三; 氮化硅陶瓷基板 has no 三 at all.
    suggestions = corpus.suggest("三")

    assert set(suggestions[:2]) == {"三轴CNC雕铣机", "三维CAD设计软件"}


def test_suggestions_respect_the_limit_and_ignore_empty_prefixes(corpus: Backend) -> None:
    assert len(corpus.suggest("s", limit=3)) == 3
    assert corpus.suggest("", limit=5) == []
    assert corpus.suggest("   ") == []
    assert corpus.suggest('"(*') == corpus.suggest("(") == []
    assert corpus.suggest("zeppelin") == []


def test_stats_name_the_backend_and_count_documents(corpus: Backend) -> None:
    stats = corpus.stats()

    assert stats["documents"] == len(CORPUS)
    assert isinstance(stats["backend"], str)
