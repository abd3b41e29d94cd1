"""The values handed to and returned by a backend check themselves."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

import pytest

from search.model import Facet, Filters, SearchQuery, Sort
from tests.search.corpus import PUMP_CENTRIFUGAL


def test_a_document_needs_an_id_and_an_aware_publication_time() -> None:
    with pytest.raises(ValueError, match="id"):
        replace(PUMP_CENTRIFUGAL, id="")
    with pytest.raises(ValueError, match="timezone"):
        replace(PUMP_CENTRIFUGAL, published_at=datetime(2024, 1, 1))  # noqa: DTZ001


def test_a_document_price_range_must_not_be_upside_down() -> None:
    with pytest.raises(ValueError, match="price"):
        replace(PUMP_CENTRIFUGAL, price_min_fen=200, price_max_fen=100)


def test_a_document_refuses_a_bare_string_where_a_list_belongs() -> None:
    with pytest.raises(TypeError, match="tags"):
        replace(PUMP_CENTRIFUGAL, tags="泵")


def test_list_fields_become_tuples() -> None:
    doc = replace(PUMP_CENTRIFUGAL, tags=["泵", "流体"])

    assert doc.tags == ("泵", "流体")
    assert hash(doc)


def test_filters_take_one_value_or_several() -> None:
    filters = Filters(category="material", region=["SH", "BJ"])

    assert filters.values(Facet.CATEGORY) == {"material"}
    assert filters.values(Facet.REGION) == {"SH", "BJ"}
    assert filters.without(Facet.REGION).values(Facet.REGION) == frozenset()
    assert filters.without(Facet.REGION).values(Facet.CATEGORY) == {"material"}


def test_a_query_accepts_names_for_its_sort_and_facets() -> None:
    query = SearchQuery(sort="newest", facets={"region", Facet.CATEGORY})  # type: ignore[arg-type]

    assert query.sort is Sort.NEWEST
    assert query.facets == {Facet.REGION, Facet.CATEGORY}
    assert SearchQuery(page=3, per_page=20).offset == 40
