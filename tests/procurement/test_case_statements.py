"""The case pages issue a fixed number of SQL statements, whatever the number of cases in the
organisation or of products on a shortlist (no N+1): counted per request, not timed."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from market.catalog.models import ListingState
from market.core.db import db
from market.procurement import raising
from market.procurement.cases import CaseState
from tests.procurement.conftest import advance, need


@contextmanager
def counted(app) -> Iterator[list[str]]:
    seen: list[str] = []

    def record(conn, cursor, statement, *args) -> None:
        seen.append(statement)

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", record)


def statements(client, url: str) -> int:
    client.get(url)  # the first request also loads the session's user and warms caches
    flask_client = getattr(client, "client", client)  # an API client wraps a test client
    with counted(flask_client.application) as seen:
        assert client.get(url).status_code == 200
    return len(seen)


def raise_with(buyer, products, state=CaseState.COLLECTIVE_DECISION):
    case = raising.raise_case(
        buyer.actor(buyer.requester), need(), products=[p.id for p in products]
    )
    advance(case, buyer, state)
    db.session.commit()
    return case


@pytest.fixture
def more_products(make_product):
    return [
        make_product(ListingState.PUBLISHED, name_zh=f"焊接机器人{n}", name_en=f"Welder {n}")
        for n in range(4)
    ]


def test_a_case_page_reads_the_same_with_two_products_or_six(
    as_user, api_client, buyer, more_products
):
    small = raise_with(buyer, buyer.products)
    large = raise_with(buyer, [*buyer.products, *more_products])
    officer = as_user(buyer.officer)
    assert statements(officer, f"/cases/{small.id}") == statements(officer, f"/cases/{large.id}")
    api = api_client(buyer.officer)
    assert statements(api, f"/api/v1/cases/{small.id}") == statements(
        api, f"/api/v1/cases/{large.id}"
    )


def test_the_list_and_the_inbox_read_the_same_with_two_cases_or_twelve(
    as_user, api_client, buyer, case_in
):
    for state in (CaseState.REQUESTED, CaseState.TECHNICAL_EVALUATION):
        case_in(state)
    officer, api = as_user(buyer.officer), api_client(buyer.officer)
    before = [
        statements(officer, "/cases"),
        statements(officer, "/"),
        statements(api, "/api/v1/cases"),
    ]
    for state in (CaseState.REQUESTED, CaseState.TECHNICAL_EVALUATION) * 5:
        case_in(state)
    after = [
        statements(officer, "/cases"),
        statements(officer, "/"),
        statements(api, "/api/v1/cases"),
    ]
    assert after == before
