"""Search fixtures: an index in a temporary folder, and the catalog's listing factories."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from market.catalog.models import ListingState
from market.catalog.taxonomy import TechnicalField
from market.discovery import sync
from search.model import SearchQuery
from search.tantivy_backend import TantivyBackend
from tests.catalog.conftest import (  # noqa: F401 (fixtures)
    make_product,
    reviewer,
    vendor,
    vendor_staff,
)

ROBOT = {
    "name_zh": "六轴工业机器人",
    "name_en": "Six-axis industrial robot",
    "summary": "Payload 20 kg welding robot for car bodies.",
    "technical_field": TechnicalField.INDUSTRIAL_ROBOTS,
    "tags": ["焊接", "robot"],
    "region": "310000",
}


@pytest.fixture
def index(app, db_session, tmp_path) -> Iterator[TantivyBackend]:
    """The index the app searches and drains into for this test, in ``tmp_path``; the drain
    after each request is on."""
    path = tmp_path / "search"
    saved = {k: app.config[k] for k in ("SEARCH_INDEX_PATH", "SEARCH_DRAIN_AFTER_REQUEST")}
    app.config.update(SEARCH_INDEX_PATH=str(path), SEARCH_DRAIN_AFTER_REQUEST=True)
    backend = sync.create_backend(app.config)
    key = (app.config["SEARCH_BACKEND"], str(path))
    app.extensions.setdefault("discovery", {})[key] = backend
    yield backend
    app.extensions["discovery"].pop(key, None)
    backend.close()
    app.config.update(saved)


@pytest.fixture
def robot(index, make_product):  # noqa: F811 (the imported fixture, asked for)
    """The ROBOT listing, published and indexed."""
    product = make_product(ListingState.PUBLISHED, **ROBOT)
    sync.drain(index)
    return product


def found_ids(backend, text: str = "", **query) -> set[str]:
    return {hit.id for hit in backend.search(SearchQuery(text=text, per_page=100, **query)).hits}
