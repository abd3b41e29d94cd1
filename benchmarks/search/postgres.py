"""The PostgreSQL baseline: the same listings and the same searches as PostgreSQL full-text search.

Stock PostgreSQL has no Chinese parser (no zhparser here), and its English one does not stem or
split as ours does, so PostgreSQL is given the product's own analysis rather than its own:

- each listing's ``tsvector`` is written as a literal from ``search.analysis.terms`` of each
  text field (stemmed words, CJK characters and overlapping pairs: what the tantivy index holds),
  weighted A (names), B (tags, summary), C (vendor name, technical field label), D (description),
  as the engine weighs the fields 6 / 4, 3 / 2, 1.5 / 1;
- each search's ``tsquery`` is written from the engine's own expansion of the text
  (``search.synonyms.expand``, built on ``search.analysis``): every slot must match, by its
  typed groups or by one of its synonyms' groups; a group of CJK pairs that needs k of its n
  pairs is the OR of every k-pair AND (2 of 工业 业软 软件 for 工业软件).

So neither parser nor dictionary of PostgreSQL is involved and both sides answer the same
matching question over the same terms: the run counts the searches whose totals agree. Filters
map to columns (category, region, technical field, verified, insured, price); facets are not
asked of either side. PostgreSQL returns the top page by ``ts_rank`` (or newest first) and the
total; the engine's page also carries highlights and the stored card.
"""

from __future__ import annotations

import itertools
import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import psycopg
from psycopg import sql

from search.analysis import TermGroup, terms
from search.model import SearchDocument, SearchQuery, Sort
from search.synonyms import expand

# ts_rank's weights, in its order {D, C, B, A}: the engine's field weights over the name's 6.
RANK_WEIGHTS = "{0.17, 0.33, 0.67, 1.0}"
# Field -> tsvector weight label.
FIELD_LABELS = (
    ("name", "A"),
    ("tags", "B"),
    ("summary", "B"),
    ("vendor_name", "C"),
    ("technical_field_label", "C"),
    ("description", "D"),
)
# tsvector limits: positions 1..16383, at most 256 positions a lexeme.
_MAX_POSITION = 16_383
_MAX_POSITIONS_PER_LEXEME = 255
_COLUMNS = (
    "id",
    "category",
    "region",
    "technical_field",
    "verified",
    "insured",
    "price_low",
    "price_high",
    "published_at",
    "document",
)


def postgres_url(url: str | None) -> str | None:
    """``url`` as psycopg takes it, if it names PostgreSQL (``postgres://``, ``postgresql://``,
    ``postgresql+psycopg://``); else None."""
    if not url:
        return None
    for prefix in ("postgresql+psycopg://", "postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql://" + url[len(prefix) :]
    return None


def default_url() -> str | None:
    """DATABASE_URL when it points at PostgreSQL (as ``make bench-ledger`` reads it)."""
    return postgres_url(os.environ.get("DATABASE_URL"))


# -- documents ----------------------------------------------------------------------------------


def _field_texts(doc: SearchDocument) -> dict[str, list[str]]:
    # As tantivy_schema analyses them: both names one text, each tag its own.
    return {
        "name": ["\n".join(name for name in (doc.name_zh, doc.name_en) if name)],
        "tags": list(doc.tags),
        "summary": [doc.summary],
        "vendor_name": [doc.vendor_name],
        "technical_field_label": [doc.technical_field_label],
        "description": [doc.description],
    }


def _lexeme(term: str) -> str:
    return "'" + term.replace("\\", "\\\\").replace("'", "''") + "'"


def tsvector_literal(doc: SearchDocument) -> str:
    """The listing's terms as a ``tsvector`` literal, each position labelled by its field."""
    positions: dict[str, list[str]] = {}
    position = 0
    texts = _field_texts(doc)
    for field, label in FIELD_LABELS:
        for text in texts[field]:
            for term in terms(text):
                position = min(position + 1, _MAX_POSITION)
                marks = positions.setdefault(term, [])
                if len(marks) < _MAX_POSITIONS_PER_LEXEME:
                    marks.append(f"{position}{label}")
    return " ".join(f"{_lexeme(term)}:{','.join(marks)}" for term, marks in positions.items())


def row_of(doc: SearchDocument) -> tuple[Any, ...]:
    # As the engine prices a listing: one bound is a price of that one value.
    prices = [p for p in (doc.price_min_fen, doc.price_max_fen) if p is not None]
    return (
        doc.id,
        doc.category,
        doc.region or None,
        doc.technical_field or None,
        doc.verified,
        doc.insured,
        min(prices) if prices else None,
        max(prices) if prices else None,
        doc.published_at,
        tsvector_literal(doc),
    )


# -- queries ------------------------------------------------------------------------------------


def _group(group: TermGroup) -> str:
    lexemes = [_lexeme(term) for term in group.terms]
    if len(lexemes) == 1:
        return lexemes[0]
    if group.minimum_match >= len(lexemes):
        return "(" + " & ".join(lexemes) + ")"
    if group.minimum_match <= 1:
        return "(" + " | ".join(lexemes) + ")"
    combinations = itertools.combinations(lexemes, group.minimum_match)
    return "(" + " | ".join("(" + " & ".join(c) + ")" for c in combinations) + ")"


def _all_of(groups: Sequence[TermGroup]) -> str:
    return "(" + " & ".join(_group(group) for group in groups) + ")"


def tsquery_literal(text: str) -> str | None:
    """The engine's matching rule for ``text`` as a ``tsquery`` literal (None: no terms)."""
    slots = expand(text)
    if not slots:
        return None
    parts = []
    for slot in slots:
        choices = [slot.typed_groups, *(groups for groups, _ in slot.alternative_groups())]
        parts.append("(" + " | ".join(_all_of(groups) for groups in choices) + ")")
    return " & ".join(parts)


@dataclass(frozen=True)
class Statement:
    text: sql.Composed
    params: tuple[Any, ...]


def statement(schema: str, query: SearchQuery) -> Statement:
    """The top page and the total of ``query`` (text and filters; facets are not asked)."""
    tsquery = tsquery_literal(query.text)
    conditions: list[sql.Composable] = []
    params: list[Any] = []
    if tsquery is not None:
        conditions.append(sql.SQL("document @@ %s::tsquery"))
        params.append(tsquery)
    filters = query.filters
    for column, values in (
        ("category", filters.category),
        ("region", filters.region),
        ("technical_field", filters.technical_field),
    ):
        if values:
            conditions.append(sql.SQL("{} = ANY(%s)").format(sql.Identifier(column)))
            params.append(sorted(values))
    if filters.verified_only:
        conditions.append(sql.SQL("verified"))
    if filters.insured:
        conditions.append(sql.SQL("insured"))
    # Price ranges overlap when each starts before the other ends (as the engine's filter).
    if filters.price_min_fen is not None:
        conditions.append(sql.SQL("price_high >= %s"))
        params.append(filters.price_min_fen)
    if filters.price_max_fen is not None:
        conditions.append(sql.SQL("price_low <= %s"))
        params.append(filters.price_max_fen)
    if query.sort is Sort.NEWEST or tsquery is None:
        rank, order = sql.SQL("NULL::real"), sql.SQL("published_at DESC, id")
    else:
        rank = sql.SQL("ts_rank(%s::real[], document, %s::tsquery)")
        params[:0] = [RANK_WEIGHTS, tsquery]
        order = sql.SQL("rank DESC, id")
    where = sql.SQL(" AND ").join(conditions) if conditions else sql.SQL("true")
    # The matches are ranked in a subquery kept apart from the outer one (OFFSET 0), so that the
    # total's window buffers narrow rows: over the whole rows it carried every match's tsvector
    # along and spilled them to disk (160 ms for 材料's 25,000 matches).
    text = sql.SQL(
        "SELECT id, rank, count(*) OVER () AS total FROM ("
        "SELECT id, {rank} AS rank, published_at FROM {table} WHERE {where} OFFSET 0"
        ") AS matched ORDER BY {order} LIMIT %s OFFSET %s"
    ).format(rank=rank, table=sql.Identifier(schema, "listing"), where=where, order=order)
    return Statement(text, (*params, query.per_page, query.offset))


# -- the run -----------------------------------------------------------------------------------


class Baseline:
    """A scratch schema in a PostgreSQL database, holding the listings; dropped on ``close``."""

    def __init__(self, url: str) -> None:
        self.schema = f"bench_search_{os.getpid()}"
        # Planned per execution, as an ORM's ad-hoc query is: a generic plan cannot see how
        # selective a tsquery is.
        self.connection = psycopg.connect(url, autocommit=True, prepare_threshold=None)
        self._execute("DROP SCHEMA IF EXISTS {} CASCADE")
        self._execute("CREATE SCHEMA {}")
        self.connection.execute(
            sql.SQL(
                "CREATE TABLE {}.listing (id text PRIMARY KEY, category text NOT NULL, "
                "region text, technical_field text, verified boolean NOT NULL, "
                "insured boolean NOT NULL, price_low bigint, price_high bigint, "
                "published_at timestamptz NOT NULL, document tsvector NOT NULL)"
            ).format(sql.Identifier(self.schema))
        )

    def _execute(self, template: str) -> None:
        self.connection.execute(sql.SQL(template).format(sql.Identifier(self.schema)))

    def load(self, docs: Iterable[SearchDocument], echo: Callable[[str], None], count: int) -> None:
        """COPY the listings in, then build the GIN index and the planner's statistics."""
        step = max(count // 10, 1)
        columns = sql.SQL(", ").join(map(sql.Identifier, _COLUMNS))
        copy = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(self.schema, "listing"), columns
        )
        with self.connection.cursor() as cursor, cursor.copy(copy) as copying:
            for number, doc in enumerate(docs, start=1):
                copying.write_row(row_of(doc))
                if number % step == 0 and count >= 10_000:
                    echo(f"      {number:,} rows copied…")
        echo("      building the GIN index…")
        self.connection.execute(
            sql.SQL("CREATE INDEX ON {} USING gin (document)").format(
                sql.Identifier(self.schema, "listing")
            )
        )
        self.connection.execute(
            sql.SQL("VACUUM ANALYZE {}").format(sql.Identifier(self.schema, "listing"))
        )

    def size_bytes(self) -> int:
        found = self.connection.execute(
            "SELECT pg_total_relation_size(%s::regclass)", (f"{self.schema}.listing",)
        ).fetchone()
        return int(found[0]) if found else 0

    def search(self, query: SearchQuery) -> tuple[int, list[str]]:
        """The total and the page's ids."""
        prepared = statement(self.schema, query)
        rows = self.connection.execute(prepared.text, prepared.params).fetchall()
        return (int(rows[0][2]) if rows else 0), [row[0] for row in rows]

    def timed_search(self, query: SearchQuery) -> tuple[float, int]:
        began = time.perf_counter()
        total, _ = self.search(query)
        return (time.perf_counter() - began) * 1000, total

    def close(self) -> None:
        try:
            self._execute("DROP SCHEMA IF EXISTS {} CASCADE")
        finally:
            self.connection.close()
