"""A buyer's search, shared by the page and the API: parsing what was asked, asking the
backend, and joining the hits with what the database says now."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from typing import Any

from flask import current_app
from flask_babel import gettext as _
from markupsafe import Markup, escape

from market.catalog.taxonomy import PROVINCES, Category, DesignationKind, TechnicalField
from market.core.db import business_today
from market.core.errors import ServiceUnavailable
from market.core.paging import MAX_PAGE
from market.discovery.cards import Card, cards_for
from market.discovery.sync import get_backend
from search.model import (
    DEFAULT_PER_PAGE,
    MAX_PER_PAGE,
    Facet,
    FacetCount,
    Filters,
    SearchError,
    SearchQuery,
    SearchResult,
    Sort,
)

# URL parameter -> the facet it narrows, and the values it accepts (others are ignored).
FACET_PARAMS: dict[str, Facet] = {
    "category": Facet.CATEGORY,
    "field": Facet.TECHNICAL_FIELD,
    "region": Facet.REGION,
    "kind": Facet.DESIGNATION_KINDS,
}
ALLOWED_VALUES: dict[str, frozenset[str]] = {
    "category": frozenset(Category),
    "field": frozenset(TechnicalField),
    "region": frozenset(PROVINCES),
    "kind": frozenset(DesignationKind),
}
FLAG_PARAMS = ("verified", "insured", "tried")
MAX_QUERY_CHARS = 200
# Listings of these vendors only (ids, ORed), as a product page links to: not a facet, since a
# list of every vendor's count would be long and say little.
VENDOR_PARAM = "vendor"
MAX_VENDORS = 10


@dataclass(frozen=True)
class Ask:
    """What the user asked, as the URL carries it."""

    text: str = ""
    chosen: dict[str, tuple[str, ...]] = field(default_factory=dict)
    verified: bool = False
    insured: bool = False
    tried: bool = False  # tried successfully: an accepted green channel trial on record
    price_min_yuan: int | None = None
    price_max_yuan: int | None = None
    vendors: tuple[str, ...] = ()
    sort: Sort = Sort.RELEVANCE
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE

    @classmethod
    def parse(cls, args: Any) -> Ask:
        """From request arguments (a MultiDict or a dict of lists); bad values are dropped."""

        def values(name: str) -> list[str]:
            raw = args.getlist(name) if hasattr(args, "getlist") else args.get(name) or []
            return [raw] if isinstance(raw, str) else list(raw)

        def number(name: str) -> int | None:
            raw = (values(name) or [None])[0]
            try:
                return int(raw) if raw not in (None, "") else None
            except (TypeError, ValueError):
                return None

        chosen = {
            name: tuple(dict.fromkeys(v for v in values(name) if v in ALLOWED_VALUES[name]))
            for name in FACET_PARAMS
        }
        sort = (values("sort") or ["relevance"])[0]
        return cls(
            text=((values("q") or [""])[0] or "").strip()[:MAX_QUERY_CHARS],
            chosen={name: v for name, v in chosen.items() if v},
            verified=_flag(values("verified")),
            insured=_flag(values("insured")),
            tried=_flag(values("tried")),
            price_min_yuan=_not_negative(number("price_min")),
            price_max_yuan=_not_negative(number("price_max")),
            vendors=_vendor_ids(values(VENDOR_PARAM)),
            sort=Sort(sort) if sort in {Sort.RELEVANCE, Sort.NEWEST} else Sort.RELEVANCE,
            page=min(max(number("page") or 1, 1), MAX_PAGE),
            per_page=min(max(number("per_page") or DEFAULT_PER_PAGE, 1), MAX_PER_PAGE),
        )

    def filters(self) -> Filters:
        return Filters(
            **{FACET_PARAMS[name].value: frozenset(v) for name, v in self.chosen.items()},
            verified_only=self.verified,
            insured=self.insured,
            tried=self.tried,
            price_min_fen=None if self.price_min_yuan is None else self.price_min_yuan * 100,
            price_max_fen=None if self.price_max_yuan is None else self.price_max_yuan * 100,
            vendor=frozenset(self.vendors),
        )

    @property
    def filtered(self) -> bool:
        """Whether anything but the words narrows this search."""
        return self.filters() != Filters()

    def query(self) -> SearchQuery:
        return SearchQuery(
            text=self.text,
            filters=self.filters(),
            sort=self.sort,
            page=self.page,
            per_page=self.per_page,
            facets=frozenset(FACET_PARAMS.values()),
            count_flags=True,
        )

    def url_args(self, **overrides: Any) -> dict[str, Any]:
        """The whole query as URL arguments (lists for facets), page 1 unless overridden."""
        args: dict[str, Any] = {"q": self.text} if self.text else {}
        args |= {name: list(v) for name, v in self.chosen.items()}
        args |= {name: "1" for name in FLAG_PARAMS if getattr(self, name)}
        if self.price_min_yuan is not None:
            args["price_min"] = self.price_min_yuan
        if self.price_max_yuan is not None:
            args["price_max"] = self.price_max_yuan
        if self.vendors:
            args[VENDOR_PARAM] = list(self.vendors)
        if self.sort != Sort.RELEVANCE:
            args["sort"] = self.sort.value
        if self.per_page != DEFAULT_PER_PAGE:
            args["per_page"] = self.per_page
        args |= overrides
        return {key: value for key, value in args.items() if value not in (None, "", [])}

    def without(self, name: str, value: str | None = None) -> Ask:
        """This search less one chosen value (or one whole parameter), from page 1."""
        if name in FLAG_PARAMS:
            return replace(self, **{name: False}, page=1)
        if name == "q":
            return replace(self, text="", page=1)
        if name in ("price_min", "price_max"):
            return replace(self, **{f"{name}_yuan": None}, page=1)
        if name == VENDOR_PARAM:
            kept = tuple(v for v in self.vendors if value is not None and v != value)
            return replace(self, vendors=kept, page=1)
        kept = tuple(v for v in self.chosen.get(name, ()) if value is not None and v != value)
        chosen = {k: v for k, v in self.chosen.items() if k != name}
        if kept:
            chosen[name] = kept
        return replace(self, chosen=chosen, page=1)

    def without_filters(self) -> Ask:
        return Ask(text=self.text, sort=self.sort, per_page=self.per_page)

    def toggled(self, name: str, value: str) -> Ask:
        """This search with ``value`` chosen in ``name`` if it was not, else without it."""
        if value in self.chosen.get(name, ()):
            return self.without(name, value)
        values = (*self.chosen.get(name, ()), value)
        return replace(self, chosen=self.chosen | {name: values}, page=1)


def _flag(values: list[str]) -> bool:
    return bool(values) and values[0].strip().lower() in {"1", "true", "yes", "on"}


def _not_negative(value: int | None) -> int | None:
    return None if value is None or value < 0 else value


def _vendor_ids(values: list[Any]) -> tuple[str, ...]:
    """The values that are ids, in the index's spelling (lower case, hyphens), once each."""
    ids: dict[str, None] = {}
    for value in values:
        try:
            ids[str(uuid.UUID(str(value)))] = None
        except ValueError:
            continue
    return tuple(ids)[:MAX_VENDORS]


@dataclass
class Found:
    ask: Ask
    result: SearchResult
    cards: list[Card]
    highlights: dict[str, dict[str, Markup]]

    @property
    def total(self) -> int:
        return self.result.total

    @property
    def pages(self) -> int:
        return max((self.result.total + self.ask.per_page - 1) // self.ask.per_page, 1)

    @property
    def flag_counts(self) -> dict[str, int]:
        """For "verified", "insured" and "tried": how many listings ticking the box would
        leave."""
        return self.result.flags

    def facet(self, name: str) -> list[FacetCount]:
        return self.result.facets.get(FACET_PARAMS[name].value, [])


def find(ask: Ask) -> Found:
    """Run ``ask``; hits are joined with the listings as they are now, and a hit whose listing
    is no longer searchable (the index lags by one drain) is left out."""
    try:
        result = get_backend().search(ask.query())
    except SearchError as error:
        # An index being rebuilt to a new layout, or a cluster that is down: say so, not 500.
        current_app.logger.warning("search unavailable: %s", error)
        raise ServiceUnavailable(
            _("Search is unavailable for a moment. Please try again shortly.")
        ) from error
    return Found(
        ask=ask,
        result=result,
        cards=cards_for(result.hits, business_today()),
        highlights={hit.id: _safe(hit.highlights) for hit in result.hits},
    )


def _safe(highlights: dict[str, str]) -> dict[str, Markup]:
    # search.highlight HTML-escapes all of the text and adds only its own <mark> tags, so the
    # highlights are safe HTML as they come.
    return {name: Markup(html) for name, html in highlights.items()}  # noqa: S704


def shown(found: Found, card: Card, name: str) -> Markup:
    """A field of the card: highlighted when it matched, else the plain text escaped."""
    marked = found.highlights.get(card.id, {}).get(name)
    if marked is not None:
        return marked
    return escape(getattr(card, name, "") or "")
