"""Keeping the index in step with the database: the backend, the outbox drain and rebuilds.

The database is the truth and the index is always rebuildable. A drain takes ready outbox rows
(``SKIP LOCKED`` on PostgreSQL, so concurrent drains take different rows), re-reads each product,
pushes the documents in bulk and only then deletes the rows: a crash in between leaves the rows,
and the next drain pushes the same documents again (writes are idempotent by id).
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask, current_app
from sqlalchemy import event, orm

from market.catalog.models import Product
from market.catalog.trial_records import successes_by_product
from market.core.audit import AuditEvent
from market.core.db import business_today, db, utcnow
from market.discovery.documents import all_documents, build_document, is_searchable, load_products
from market.discovery.models import SearchOutbox
from market.discovery.outbox import PENDING_KEY
from search.model import Backend, SearchDocument

log = logging.getLogger(__name__)

DEFAULT_BATCH = 500
# The drain right after a request pushes at most this many rows; the rest waits for the next.
REQUEST_BATCH = 100
BACKOFF_BASE = timedelta(seconds=5)
BACKOFF_MAX = timedelta(hours=1)
# Changes recorded this long before a rebuild started are replayed after it: a transaction open
# when the rebuild read the catalog may commit later, and a concurrent drain may have pushed it
# to the index being replaced.
REPLAY_SLACK = timedelta(minutes=10)
COMMITTED_KEY = "search_outbox_committed"


# -- the backend ---------------------------------------------------------------------------------


def create_backend(config: dict[str, Any]) -> Backend:
    """The backend named by ``SEARCH_BACKEND``."""
    name = config.get("SEARCH_BACKEND", "tantivy")
    if name == "tantivy":
        from search.tantivy_backend import TantivyBackend

        path = Path(config["SEARCH_INDEX_PATH"])
        path.mkdir(parents=True, exist_ok=True)
        return TantivyBackend(path)
    if name == "elasticsearch":
        from search.elasticsearch_backend import ElasticsearchBackend

        if not config.get("ELASTICSEARCH_URL"):
            raise ValueError("SEARCH_BACKEND=elasticsearch needs ELASTICSEARCH_URL")
        return ElasticsearchBackend(
            config["ELASTICSEARCH_URL"],
            api_key=config.get("ELASTICSEARCH_API_KEY"),
            username=config.get("ELASTICSEARCH_USERNAME"),
            password=config.get("ELASTICSEARCH_PASSWORD"),
            ca_cert=config.get("ELASTICSEARCH_CA_CERT"),
        )
    raise ValueError(f"unknown SEARCH_BACKEND {name!r}")


def get_backend() -> Backend:
    """This process's backend for the current configuration (one per index path)."""
    app = current_app
    backends: dict[tuple[str, str], Backend] = app.extensions.setdefault("discovery", {})
    key = (app.config.get("SEARCH_BACKEND", "tantivy"), str(app.config["SEARCH_INDEX_PATH"]))
    if key not in backends:
        backends[key] = create_backend(app.config)
    return backends[key]


def close_backends(app: Flask) -> None:
    for backend in app.extensions.pop("discovery", {}).values():
        backend.close()


# -- the drain -----------------------------------------------------------------------------------


@dataclass
class DrainResult:
    rows: int = 0  # outbox rows taken
    indexed: int = 0
    deleted: int = 0
    failed: int = 0  # rows put back for a later attempt
    error: str | None = None


def backoff(attempts: int) -> timedelta:
    # The exponent is capped first: 2**50 times five seconds overflows a timedelta.
    return min(BACKOFF_BASE * 2 ** min(max(attempts - 1, 0), 20), BACKOFF_MAX)


def drain(backend: Backend, batch: int = DEFAULT_BATCH, now: datetime | None = None) -> DrainResult:
    """Push one batch of ready outbox rows to ``backend`` and commit.

    A backend failure does not raise: the rows stay, with ``attempts`` counted, the error kept
    and ``not_before`` pushed back exponentially. Database errors do raise.
    """
    now = now or utcnow()
    query = (
        sa.select(SearchOutbox)
        .where(sa.or_(SearchOutbox.not_before.is_(None), SearchOutbox.not_before <= now))
        .order_by(SearchOutbox.id)
        .limit(batch)
    )
    postgresql = db.session.get_bind().dialect.name == "postgresql"
    if postgresql:
        # Another drain's rows are skipped, not waited for: it is pushing them already.
        query = query.with_for_update(skip_locked=True)
    rows = list(db.session.scalars(query))
    ids = list(dict.fromkeys(row.product_id for row in rows))
    if postgresql and ids:
        # One drain per product at a time, and no change to it until this push commits: else
        # a drain holding an older read could overwrite a newer one's document. A product
        # locked elsewhere (being changed or pushed) keeps its rows for the next drain.
        existing = set(db.session.scalars(sa.select(Product.id).where(Product.id.in_(ids))))
        locked = db.session.scalars(
            sa.select(Product.id).where(Product.id.in_(ids)).with_for_update(skip_locked=True)
        )
        busy = existing - set(locked)  # a product that is gone is not busy: its document goes
        rows = [row for row in rows if row.product_id not in busy]
        ids = [product_id for product_id in ids if product_id not in busy]
    result = DrainResult(rows=len(rows))
    if not rows:
        db.session.commit()
        return result
    products = load_products(ids)
    trials = successes_by_product(ids)
    today = business_today()
    documents: list[SearchDocument] = []
    gone: list[str] = []
    for product_id in map(str, ids):
        product = products.get(product_id)
        if product is not None and is_searchable(product, today):
            documents.append(build_document(product, today, trials.get(product_id, 0)))
        else:
            gone.append(product_id)
    try:
        result.indexed = backend.index_many(documents)
        backend.delete_many(gone)
        result.deleted = len(gone)
        db.session.execute(
            sa.delete(SearchOutbox).where(SearchOutbox.id.in_([row.id for row in rows]))
        )
        db.session.commit()
    except Exception as error:  # the backend's errors are many; every one means "try later"
        db.session.rollback()
        message = f"{type(error).__name__}: {error}"
        log.warning("search sync failed for %d products: %s", len(ids), message)
        _postpone([row.id for row in rows], message, now)
        result.indexed = result.deleted = 0
        result.failed, result.error = len(rows), message
    return result


def _postpone(row_ids: list[int], message: str, now: datetime) -> None:
    for row in db.session.scalars(sa.select(SearchOutbox).where(SearchOutbox.id.in_(row_ids))):
        row.attempts += 1
        row.last_error = message[:2000]
        row.not_before = now + backoff(row.attempts)
    db.session.commit()


def drain_all(
    backend: Backend,
    batch: int = DEFAULT_BATCH,
    progress: Callable[[DrainResult], None] | None = None,
) -> DrainResult:
    """Drain until no ready row is left or a batch fails; the totals."""
    total = DrainResult()
    while True:
        result = drain(backend, batch)
        total.rows += result.rows
        total.indexed += result.indexed
        total.deleted += result.deleted
        total.failed += result.failed
        total.error = result.error or total.error
        if progress is not None and result.rows:
            progress(result)
        if not result.rows or result.failed:
            return total


# -- rebuilding ----------------------------------------------------------------------------------


def reindex(
    backend: Backend,
    progress: Callable[[int], None] | None = None,
    documents: Iterable[SearchDocument] | None = None,
) -> int:
    """Rebuild the index from the database without a gap, then replay what changed meanwhile.

    Changes made during the rebuild either are in the documents read or leave an outbox row and
    an audit event; the replay re-pushes every product with an event since the rebuild started
    (less ``REPLAY_SLACK``), then drains the outbox. Returns the documents in the new index.
    """
    started = utcnow()
    count = backend.rebuild(_counting(documents or all_documents(), progress))
    db.session.commit()  # end the read transaction: the replay must see later commits
    since = started - REPLAY_SLACK
    changed = db.session.scalars(
        sa.select(AuditEvent.object_id)
        .where(AuditEvent.object_type == "Product", AuditEvent.occurred_at >= since)
        .distinct()
    )
    push_products([uuid.UUID(value) for value in changed], backend)
    drain_all(backend)
    return count


def push_products(ids: list[uuid.UUID], backend: Backend) -> None:
    """Index or delete these products as they are now."""
    today = business_today()
    for start in range(0, len(ids), DEFAULT_BATCH):
        chunk = ids[start : start + DEFAULT_BATCH]
        products = load_products(chunk)
        trials = successes_by_product(chunk)
        documents, gone = [], []
        for product_id in map(str, chunk):
            product = products.get(product_id)
            if product is not None and is_searchable(product, today):
                documents.append(build_document(product, today, trials.get(product_id, 0)))
            else:
                gone.append(product_id)
        backend.index_many(documents)
        backend.delete_many(gone)
    db.session.commit()


def _counting(
    documents: Iterable[SearchDocument], progress: Callable[[int], None] | None
) -> Iterator[SearchDocument]:
    for count, document in enumerate(documents, start=1):
        if progress is not None and count % 1000 == 0:
            progress(count)
        yield document


def needs_rebuild(backend: Backend) -> bool:
    """Whether the index was built with an older layout (schema or mapping version) and must be
    rebuilt from the database before it can be searched or written."""
    return bool(backend.stats().get("outdated"))


# -- status --------------------------------------------------------------------------------------


def status(backend: Backend) -> dict[str, Any]:
    backlog = db.session.scalar(sa.select(sa.func.count()).select_from(SearchOutbox)) or 0
    failing = db.session.scalars(
        sa.select(SearchOutbox)
        .where(SearchOutbox.last_error.is_not(None))
        .order_by(SearchOutbox.not_before.desc())
        .limit(1)
    ).first()
    return {
        **backend.stats(),
        "outbox_backlog": backlog,
        "last_error": failing.last_error if failing else None,
    }


# -- the drain after each request ----------------------------------------------------------------


def init_app(app: Flask) -> None:
    if not event.contains(orm.Session, "after_commit", _note_commit):
        event.listen(orm.Session, "after_commit", _note_commit)
        event.listen(orm.Session, "after_rollback", _forget_pending)

    @app.teardown_request
    def _drain_after_request(error: BaseException | None) -> None:
        # Runs after market.core.web committed the request; a failure here must not turn a
        # saved change into an error page, so it is logged and left to `flask search sync`.
        if not db.session.info.pop(COMMITTED_KEY, False):
            return
        if error is not None or not app.config["SEARCH_DRAIN_AFTER_REQUEST"]:
            return
        try:
            drain(get_backend(), REQUEST_BATCH)
        except Exception:
            app.logger.exception("search: drain after request failed")
            db.session.rollback()


def _note_commit(session: orm.Session) -> None:
    if session.info.pop(PENDING_KEY, False):
        session.info[COMMITTED_KEY] = True


def _forget_pending(session: orm.Session) -> None:
    session.info.pop(PENDING_KEY, None)
