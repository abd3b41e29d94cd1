"""Contract: ranking on the fixed corpus, the tie order, sorting, paging and highlights."""

from __future__ import annotations

import pytest

from search.model import MAX_PER_PAGE, Backend, SearchQuery, Sort
from search.ranking import tie_key
from tests.search.conftest import MakeBackend
from tests.search.corpus import BY_ID, CORPUS, FLANGES


def ranked(backend: Backend, text: str = "", **options: object) -> list[str]:
    query = SearchQuery(text=text, per_page=100, **options)  # type: ignore[arg-type]
    return [hit.id for hit in backend.search(query).hits]


def test_a_match_in_the_name_ranks_above_a_match_in_the_description(corpus: Backend) -> None:
    for text in ("robot", "机器人"):
        order = ranked(corpus, text)
        assert set(order[:2]) == {"robot-weld", "robot-cobot"}
        assert order[2] == "fume-extractor"


def test_verified_evidence_ranks_first_among_equal_matches(corpus: Backend) -> None:
    # The corpus gives the unverified twin the better tie key, so only evidence can explain it.
    assert tie_key("valve-twin-b") < tie_key("valve-twin-a")
    assert BY_ID["valve-twin-a"].verified_designation

    assert ranked(corpus, "valve") == ["valve-twin-a", "valve-twin-b"]
    assert ranked(corpus, "调节阀") == ["valve-twin-a", "valve-twin-b"]


def test_scores_come_in_descending_order(corpus: Backend) -> None:
    hits = corpus.search(SearchQuery(text="welding")).hits
    scores = [hit.score for hit in hits]

    assert len(hits) >= 2
    assert all(score is not None for score in scores)
    assert scores == sorted(scores, reverse=True)  # type: ignore[type-var]


FLANGES_BY_TIE_KEY = sorted((doc.id for doc in FLANGES), key=tie_key)


def test_equal_matches_are_ordered_by_the_tie_key_not_by_indexing_order(corpus: Backend) -> None:
    assert [doc.id for doc in FLANGES] != FLANGES_BY_TIE_KEY

    assert ranked(corpus, "flange") == FLANGES_BY_TIE_KEY
    assert ranked(corpus, "法兰") == FLANGES_BY_TIE_KEY


def test_the_tie_order_is_the_same_however_the_index_was_built(
    corpus: Backend, make_backend: MakeBackend
) -> None:
    rebuilt = make_backend()
    # Reversed, and in several batches (so in several segments), then one listing re-indexed.
    reversed_corpus = CORPUS[::-1]
    for start in range(0, len(reversed_corpus), 3):
        rebuilt.index_many(reversed_corpus[start : start + 3])
    rebuilt.index_many([FLANGES[-1]])

    for text in ("flange", "", "valve"):
        assert ranked(rebuilt, text) == ranked(corpus, text)


def test_newest_first_sorts_by_publication_then_by_tie_key(corpus: Backend) -> None:
    expected = sorted(CORPUS, key=lambda doc: (-doc.published_at.timestamp(), tie_key(doc.id)))

    assert ranked(corpus, sort=Sort.NEWEST) == [doc.id for doc in expected]
    assert ranked(corpus, "pump", sort=Sort.NEWEST) == ["pump-molten-salt", "pump-centrifugal"]


def test_most_trials_first_sorts_by_successful_trials_then_by_tie_key(corpus: Backend) -> None:
    order = ranked(corpus, sort=Sort.TRIALS)
    untried = sorted((doc.id for doc in CORPUS if not doc.trial_successes), key=tie_key)

    assert order == ["pump-molten-salt", "robot-weld", *untried]


def test_hits_sorted_by_a_column_carry_no_score(corpus: Backend) -> None:
    hits = corpus.search(SearchQuery(text="pump", sort=Sort.NEWEST)).hits

    assert [hit.score for hit in hits] == [None, None]


def test_pages_cover_the_whole_result_once_in_order(corpus: Backend) -> None:
    everything = ranked(corpus, "")
    pages = [
        corpus.search(SearchQuery(page=page, per_page=6)) for page in range(1, 5)
    ]  # 20 listings: 6 + 6 + 6 + 2

    assert [len(page.hits) for page in pages] == [6, 6, 6, 2]
    assert [hit.id for page in pages for hit in page.hits] == everything
    assert {page.total for page in pages} == {len(CORPUS)}
    assert [page.page for page in pages] == [1, 2, 3, 4]


@pytest.mark.parametrize("sort", list(Sort))
def test_a_page_past_the_end_is_empty_not_an_error(corpus: Backend, sort: Sort) -> None:
    for page in (5, 1_000, 10**9):
        result = corpus.search(SearchQuery(page=page, per_page=6, sort=sort))
        assert (result.hits, result.total) == ([], len(CORPUS))


def test_page_size_is_capped_and_page_numbers_start_at_one(corpus: Backend) -> None:
    query = SearchQuery(page=-3, per_page=10_000)

    assert (query.page, query.per_page) == (1, MAX_PER_PAGE)
    assert SearchQuery(per_page=0).per_page == 1
    assert len(corpus.search(query).hits) == len(CORPUS)


def highlights(backend: Backend, text: str) -> dict[str, dict[str, str]]:
    result = backend.search(SearchQuery(text=text, per_page=100))
    return {hit.id: hit.highlights for hit in result.hits}


def test_highlights_mark_the_original_text_of_chinese_matches(corpus: Backend) -> None:
    assert highlights(corpus, "泵")["pump-centrifugal"]["name_zh"] == "离心<mark>泵</mark>"
    weld = highlights(corpus, "机器人")["robot-weld"]
    assert weld["name_zh"] == "工业<mark>机器人</mark>焊接工作站"
    assert weld["tags"] == "焊接 · <mark>机器人</mark>"
    assert weld["summary"] == "六轴工业<mark>机器人</mark>与变位机一体化的焊接工作站"


def test_highlights_mark_english_words_as_written(corpus: Backend) -> None:
    found = highlights(corpus, "robot")

    assert found["robot-cobot"]["name_en"] == "Collaborative <mark>Robots</mark>"
    # The Chinese name of the same thing (search/synonyms) is marked too: it matched.
    assert found["fume-extractor"]["description"] == (
        "适用于<mark>机器人</mark>焊接工作站，also suitable for <mark>robot</mark> welding cells."
    )


def test_highlights_of_full_width_and_mixed_text(corpus: Backend) -> None:
    assert highlights(corpus, "abc")["servo-abc"] == {
        "name_zh": "<mark>ＡＢＣ</mark>型伺服电机",
        "name_en": "Servo Motor <mark>ＡＢＣ</mark>－２０",
    }
    machine = highlights(corpus, "五轴 CNC")["cnc-five-axis"]
    # 数控 is CNC in Chinese (search/synonyms): what matched is marked.
    assert machine["name_zh"] == "<mark>五轴</mark>联动<mark>数控</mark>机床"
    assert (
        machine["name_en"]
        == "<mark>Five</mark>-<mark>axis</mark> <mark>CNC</mark> Machining Centre"
    )


def test_highlights_escape_html_in_the_listing_text(corpus: Backend) -> None:
    assert highlights(corpus, "316L")["pump-centrifugal"]["summary"] == (
        "高效节能单级离心泵，&lt;b&gt;<mark>316L</mark>&lt;/b&gt; 不锈钢 &amp; 机械密封"
    )


def test_browsing_without_text_highlights_nothing(corpus: Backend) -> None:
    assert all(marks == {} for marks in highlights(corpus, "").values())
