"""Pages of a query, for every list the product shows: counted, capped, empty past the end."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import sqlalchemy as sa
from flask import request

from market.core.db import db

T = TypeVar("T")
MAX_PER_PAGE = 100
# The highest page number the API accepts (a 32-bit count: any page past the end is empty, but a
# larger number cannot be an offset in SQL or a safe integer in a JavaScript client).
MAX_PAGE = 2**31 - 1


@dataclass(frozen=True)
class Page(Generic[T]):
    items: list[T]
    total: int
    page: int
    per_page: int

    @property
    def pages(self) -> int:
        return max((self.total + self.per_page - 1) // self.per_page, 1)


def paginate(query: sa.Select[Any], page: int, per_page: int, *, rows: bool = False) -> Page[Any]:
    """One page of ``query``: its first column's values, or whole rows with ``rows``. Pages past
    the end are empty; ``per_page`` is capped at MAX_PER_PAGE."""
    page = max(page, 1)
    per_page = min(max(per_page, 1), MAX_PER_PAGE)
    counted = sa.select(sa.func.count()).select_from(query.order_by(None).subquery())
    total = db.session.scalar(counted) or 0
    offset = (page - 1) * per_page
    items: list[Any] = []
    # Past the end, nothing to read (and an offset of any size is never sent to the database).
    if offset < total:
        result = db.session.execute(query.limit(per_page).offset(offset))
        items = list(result.all() if rows else result.scalars())
    return Page(items=items, total=total, page=page, per_page=per_page)


def page_number() -> int:
    """The request's ``page`` argument: 1 when missing or not a number, at most MAX_PAGE."""
    return min(max(request.args.get("page", 1, type=int) or 1, 1), MAX_PAGE)
