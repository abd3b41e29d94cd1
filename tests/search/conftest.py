"""Backends for the contract suite: tantivy always, Elasticsearch when ELASTICSEARCH_URL is set.

Nothing here touches ``market`` or the database fixtures: the search package stands alone, so
this suite runs once, not once per database.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from search.model import Backend
from search.tantivy_backend import TantivyBackend
from tests.search.corpus import CORPUS

# The contract runs on Elasticsearch only where a cluster is given (none can run on this machine);
# its request bodies are tested always (test_elasticsearch_bodies.py).
BACKEND_KINDS = ["tantivy"] + (["elasticsearch"] if os.environ.get("ELASTICSEARCH_URL") else [])

MakeBackend = Callable[[], Backend]


def _factory(kind: str, folder: Path) -> MakeBackend:
    """A callable opening a new, empty backend of ``kind`` each time it is called."""
    if kind == "tantivy":
        return lambda: TantivyBackend(folder / uuid.uuid4().hex)
    if not os.environ.get("ELASTICSEARCH_URL"):
        pytest.skip("ELASTICSEARCH_URL is not set: no Elasticsearch cluster to run the contract on")
    try:
        from search.elasticsearch_backend import ElasticsearchBackend
    except ImportError as error:  # the client is not installed
        pytest.skip(f"ELASTICSEARCH_URL is set but the Elasticsearch backend can't load: {error}")
    url = os.environ["ELASTICSEARCH_URL"]
    # One throwaway alias (and index) per call, deleted again when the backend is closed.
    return lambda: ElasticsearchBackend(
        url,
        api_key=os.environ.get("ELASTICSEARCH_API_KEY"),
        username=os.environ.get("ELASTICSEARCH_USERNAME"),
        password=os.environ.get("ELASTICSEARCH_PASSWORD"),
        ca_cert=os.environ.get("ELASTICSEARCH_CA_CERT"),
        index_prefix=f"pm-test-{uuid.uuid4().hex[:12]}",
        drop_on_close=True,
    )


@pytest.fixture(scope="session", params=BACKEND_KINDS)
def backend_kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture
def make_backend(backend_kind: str, tmp_path: Path) -> Iterator[MakeBackend]:
    """Empty backends for tests that write; all are closed at the end of the test."""
    opened: list[Backend] = []
    factory = _factory(backend_kind, tmp_path)

    def make() -> Backend:
        backend = factory()
        opened.append(backend)
        return backend

    yield make
    for backend in opened:
        backend.close()


@pytest.fixture(scope="session")
def corpus(backend_kind: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Backend]:
    """The fixed corpus, indexed once per backend; tests using it must not write."""
    backend = _factory(backend_kind, tmp_path_factory.mktemp("corpus"))()
    backend.index_many(CORPUS)
    yield backend
    backend.close()
