"""flask search sync | reindex | status."""

from __future__ import annotations

import pytest

from market.catalog.models import ListingState
from search.tantivy_store import POINTER
from tests.discovery.conftest import ROBOT, found_ids


def test_sync_drains_the_outbox_and_status_reports_it(app, index, make_product):
    product = make_product(ListingState.PUBLISHED, **ROBOT)
    runner = app.test_cli_runner()

    before = runner.invoke(args=["search", "status"])
    assert "Documents indexed: 0" in before.output
    assert "Outbox backlog: 0" not in before.output

    synced = runner.invoke(args=["search", "sync"])
    assert synced.exit_code == 0, synced.output
    assert "1 indexed" in synced.output
    assert found_ids(index, "机器人") == {str(product.id)}

    after = runner.invoke(args=["search", "status"])
    assert "Documents indexed: 1" in after.output
    assert "Outbox backlog: 0" in after.output
    assert "Last error: none" in after.output


def test_reindex_rebuilds_from_the_database(app, index, make_product):
    product = make_product(ListingState.PUBLISHED, **ROBOT)
    make_product(ListingState.DRAFT, **ROBOT)

    result = app.test_cli_runner().invoke(args=["search", "reindex"])

    assert result.exit_code == 0, result.output
    assert "Reindexed 1 listings." in result.output
    assert found_ids(index, "机器人") == {str(product.id)}


def outdate(index) -> None:
    """Serve an index folder of a schema version this code does not know (an older release's)."""
    root = index._store.root
    (root / "v0-1-1").mkdir()
    (root / POINTER).write_text("v0-1-1")
    index.close()


def test_sync_rebuilds_an_index_of_an_older_layout_first(app, index, make_product):
    product = make_product(ListingState.PUBLISHED, **ROBOT)
    outdate(index)

    result = app.test_cli_runner().invoke(args=["search", "sync"])

    assert result.exit_code == 0, result.output
    assert "older layout: rebuilding" in result.output
    assert found_ids(index, "机器人") == {str(product.id)}


def test_while_the_index_is_outdated_search_says_so_instead_of_failing(client, index):
    outdate(index)

    page = client.get("/search?q=pump")
    assert page.status_code == 503
    assert "Search is unavailable for a moment" in page.get_data(as_text=True)
    api = client.get("/api/v1/search?q=pump")
    assert api.status_code == 503
    assert api.json["error"]["code"] == "service_unavailable"
    assert client.get("/api/v1/search/suggest?q=pu").json == {"suggestions": [], "items": []}


def test_the_backend_follows_search_backend(tmp_path):
    from market.discovery.sync import create_backend
    from search.elasticsearch_backend import ElasticsearchBackend
    from search.tantivy_backend import TantivyBackend

    tantivy = create_backend({"SEARCH_BACKEND": "tantivy", "SEARCH_INDEX_PATH": str(tmp_path)})
    elastic = create_backend(
        {"SEARCH_BACKEND": "elasticsearch", "ELASTICSEARCH_URL": "http://127.0.0.1:9"}
    )

    assert isinstance(tantivy, TantivyBackend)
    assert isinstance(elastic, ElasticsearchBackend)
    tantivy.close()
    elastic.close()
    with pytest.raises(ValueError, match="ELASTICSEARCH_URL"):
        create_backend({"SEARCH_BACKEND": "elasticsearch"})
    with pytest.raises(ValueError, match="unknown SEARCH_BACKEND"):
        create_backend({"SEARCH_BACKEND": "solr"})
