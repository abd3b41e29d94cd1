"""Contract: filters narrow, facets count, and a chosen facet value keeps its siblings' counts."""

from __future__ import annotations

from dataclasses import replace

import pytest

from search.model import Backend, Facet, FacetCount, Filters, SearchQuery
from tests.search.conftest import MakeBackend
from tests.search.corpus import CORPUS, YUAN


def narrow(backend: Backend, text: str = "", **filters: object) -> set[str]:
    query = SearchQuery(text=text, filters=Filters(**filters), per_page=100)  # type: ignore[arg-type]
    result = backend.search(query)
    assert result.total == len(result.hits)
    return {hit.id for hit in result.hits}


MATERIALS = {"material-carbon", "material-alloy", "material-ceramic"}
PUMPS = {"pump-centrifugal", "pump-molten-salt"}
VERIFIED = {"robot-weld", "material-carbon", "cnc-five-axis", "mes", "valve-twin-a"} | PUMPS


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        ({"category": {"material"}}, MATERIALS),
        ({"category": {"software", "material"}}, {"mes", "cad"} | MATERIALS),
        ({"technical_field": {"T04"}}, {"valve-twin-a", "valve-twin-b"} | PUMPS),
        ({"region": {"SH"}}, {"mes"} | PUMPS),
        ({"designation_kinds": {"provincial"}}, {"pump-molten-salt"}),
        (
            {"designation_kinds": {"first_batch", "first_version"}},
            {"material-carbon", "material-alloy", "mes", "cad"},
        ),
        ({"vendor": {"v-jingke"}}, {"cnc-five-axis", "cnc-three-axis"}),
        ({"insured": True}, {"robot-weld", "pump-centrifugal"}),
        ({"verified_only": True}, VERIFIED),
        # Tried successfully: an accepted trial on record (trial_successes > 0).
        ({"tried": True}, {"robot-weld", "pump-molten-salt"}),
    ],
)
def test_each_filter_keeps_only_matching_listings(
    corpus: Backend, filters: dict[str, object], expected: set[str]
) -> None:
    assert narrow(corpus, **filters) == expected


def test_filters_combine_with_each_other_and_with_text(corpus: Backend) -> None:
    assert narrow(corpus, category={"equipment"}, region={"SH"}) == {
        "pump-centrifugal",
        "pump-molten-salt",
    }
    assert narrow(corpus, "pump", verified_only=True, insured=True) == {"pump-centrifugal"}
    assert narrow(corpus, "泵", region={"GD"}) == set()


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        # Ranges overlap: the cobot costs 150k-200k, the centrifugal pump 30k-50k yuan.
        (100_000, 180_000, {"robot-cobot"}),
        (40_000, 150_000, {"robot-cobot", "pump-centrifugal"}),
        # The molten salt pump has a lower bound only, so it is priced at exactly 500k.
        (400_000, 600_000, {"pump-molten-salt"}),
        (None, 300, {"material-carbon"}),
        (1_100_000, None, {"robot-weld"}),
        (600_000, 700_000, set()),
    ],
)
def test_a_price_range_keeps_listings_whose_price_range_overlaps_it(
    corpus: Backend, low: int | None, high: int | None, expected: set[str]
) -> None:
    assert (
        narrow(
            corpus,
            price_min_fen=None if low is None else low * YUAN,
            price_max_fen=None if high is None else high * YUAN,
        )
        == expected
    )


def test_listings_without_a_price_never_match_a_price_filter(corpus: Backend) -> None:
    priced = narrow(corpus, price_min_fen=0)

    assert priced == {doc.id for doc in CORPUS if doc.price_min_fen or doc.price_max_fen}
    assert "flange-5" not in priced


def test_a_price_bound_beyond_any_price_is_an_answer_not_an_error(corpus: Backend) -> None:
    # Beyond the index's 64-bit columns: a hand-edited URL must not reach a backend as overflow.
    beyond = 10**30

    assert narrow(corpus, price_min_fen=beyond) == set()
    assert narrow(corpus, price_max_fen=beyond) == narrow(corpus, price_min_fen=0)
    assert narrow(corpus, price_max_fen=-beyond) == set()


def facets(backend: Backend, text: str = "", **filters: object) -> dict[str, list[FacetCount]]:
    query = SearchQuery(text=text, filters=Filters(**filters), facets=set(Facet))  # type: ignore[arg-type]
    return backend.search(query).facets


def test_facets_count_the_matching_listings_per_value(corpus: Backend) -> None:
    counts = facets(corpus, "pump")

    assert counts["category"] == [("equipment", 2)]
    assert counts["region"] == [("SH", 2)]
    assert counts["technical_field"] == [("T04", 2)]
    assert counts["vendor"] == [("v-liuti", 2)]
    # A listing counts once under each of its designation kinds.
    assert counts["designation_kinds"] == [("first_set", 2), ("provincial", 1)]


def test_facet_values_are_ordered_by_count_then_value(corpus: Backend) -> None:
    assert facets(corpus)["category"] == [("equipment", 15), ("material", 3), ("software", 2)]
    assert facets(corpus)["region"] == [("BJ", 11), ("GD", 3), ("JS", 3), ("SH", 3)]


def test_a_chosen_value_keeps_its_siblings_counts_while_other_facets_narrow(
    corpus: Backend,
) -> None:
    counts = facets(corpus, category={"material"})

    # Category ignores its own filter, so a buyer can widen to a sibling in one click...
    assert counts["category"] == [("equipment", 15), ("material", 3), ("software", 2)]
    # ...while every other facet counts only the chosen materials.
    assert counts["region"] == [("JS", 2), ("BJ", 1)]
    assert counts["designation_kinds"] == [("first_batch", 2)]


def test_two_chosen_facets_each_ignore_only_their_own_filter(corpus: Backend) -> None:
    counts = facets(corpus, category={"equipment"}, region={"SH"})

    # Category counts within Shanghai; region counts within equipment.
    assert counts["category"] == [("equipment", 2), ("software", 1)]
    assert counts["region"] == [("BJ", 9), ("GD", 3), ("SH", 2), ("JS", 1)]


def test_a_chosen_value_that_matches_nothing_is_still_listed(corpus: Backend) -> None:
    counts = facets(corpus, "pump", category={"software"})

    assert ("software", 0) in counts["category"]
    assert ("equipment", 2) in counts["category"]


def test_facet_values_are_codes_never_syntax(make_backend: MakeBackend) -> None:
    backend = make_backend()
    odd = ['vendor "quoted"', "back\\slash", "a AND b", "x:*"]
    equipment = [doc for doc in CORPUS if doc.category == "equipment"][: len(odd)]
    backend.index_many(
        replace(doc, id=f"odd-{number}", vendor_id=vendor)
        for number, (doc, vendor) in enumerate(zip(equipment, odd, strict=True))
    )
    query = SearchQuery(
        filters=Filters(vendor=set(odd[:2]), category={"equipment"}),
        facets={Facet.VENDOR, Facet.CATEGORY},
    )

    result = backend.search(query)

    assert result.total == 2
    assert sorted(result.facets["vendor"]) == sorted(FacetCount(v, 1) for v in odd)
    assert result.facets["category"] == [("equipment", 2)]


def test_facets_are_counted_only_when_asked_for(corpus: Backend) -> None:
    result = corpus.search(SearchQuery(text="pump", facets={Facet.REGION}))

    assert set(result.facets) == {"region"}
    assert corpus.search(SearchQuery(text="pump")).facets == {}


def flagged(backend: Backend, text: str = "", **filters: object) -> dict[str, int]:
    query = SearchQuery(text=text, filters=Filters(**filters), count_flags=True)  # type: ignore[arg-type]
    return backend.search(query).flags


@pytest.mark.parametrize(
    ("text", "filters"),
    [
        ("", {}),
        ("pump", {}),
        ("", {"category": {"equipment"}, "region": {"SH"}}),
        ("", {"verified_only": True}),
        ("pump", {"insured": True}),
        ("robot", {"category": {"software"}}),
    ],
)
def test_flag_counts_are_the_totals_with_each_flag_switched_on(
    corpus: Backend, text: str, filters: dict[str, object]
) -> None:
    # What a buyer sees beside "Verified evidence" and "Insured": how many listings ticking
    # the box would leave, under everything else already chosen (chosen facet values included).
    expected = {
        "verified": len(narrow(corpus, text, **(filters | {"verified_only": True}))),
        "insured": len(narrow(corpus, text, **(filters | {"insured": True}))),
        "tried": len(narrow(corpus, text, **(filters | {"tried": True}))),
    }

    assert flagged(corpus, text, **filters) == expected


def test_flag_counts_are_given_only_when_asked_for(corpus: Backend) -> None:
    assert corpus.search(SearchQuery(text="pump")).flags == {}
    assert flagged(corpus)["insured"] == 2
    assert flagged(corpus)["verified"] == len(VERIFIED)
