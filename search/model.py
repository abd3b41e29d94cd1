"""What goes into a search backend and what comes out: documents, queries, results, the protocol.

These are plain values so that ``market`` can build them without knowing the backend, and so the
same contract tests can drive every backend.
"""

from __future__ import annotations

import enum
from collections.abc import Iterable, Mapping, Sequence
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import Any, NamedTuple, Protocol

# A page larger than this is a scrape, not a reader: the backend clamps ``per_page`` to it.
MAX_PER_PAGE = 100
DEFAULT_PER_PAGE = 20
# Hits beyond this rank are not served (Elasticsearch's index.max_result_window default): a deep
# page costs as much as all the pages before it. ``total`` still counts every match.
MAX_RESULT_WINDOW = 10_000
# Buckets returned per facet; a value the user has chosen is always among them.
FACET_SIZE = 50
# Prices are 64-bit integers in every backend's index; a bound beyond them is clamped to them,
# which changes no answer (no price lies beyond) and never reaches a backend as an overflow.
_PRICE_LIMITS = (-(2**63), 2**63 - 1)


class SearchError(Exception):
    """Base class of the errors a backend raises."""


class IndexBusy(SearchError):
    """Another writer held the index for longer than the backend was willing to wait."""


class IndexOutdated(SearchError):
    """The index was built with another schema version; run a rebuild (``flask search reindex``)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchDocument:
    """One published listing as the search engine sees it; ``market`` builds these.

    Codes (``category``, ``region``, ``technical_field``, ``designation_kinds``, ``vendor_id``)
    are what filters and facets use; the texts are what the query matches, with these weights:
    name > tags > summary > vendor name > technical field label > description.
    """

    id: str
    name_zh: str
    name_en: str = ""
    tags: Sequence[str] = ()
    summary: str = ""
    vendor_id: str
    vendor_name: str
    technical_field: str = ""
    technical_field_label: str = ""
    description: str = ""
    category: str
    region: str = ""
    designation_kinds: Sequence[str] = ()
    verified_designation: bool = False
    verified_test_report: bool = False
    insured: bool = False
    price_min_fen: int | None = None
    price_max_fen: int | None = None
    published_at: datetime
    trial_successes: int = 0
    # Extra phrases offered as completions, besides both names (e.g. a model number).
    suggest: Sequence[str] = ()
    # What the caller wants back with each hit (what a result shows of the listing), as JSON
    # values: stored as given, never searched. Left out of the hash (a dict has none).
    payload: Mapping[str, Any] = field(default_factory=dict, hash=False)

    def __post_init__(self) -> None:
        if not self.id:
            raise ValueError("a search document needs an id")
        if self.published_at.tzinfo is None:
            raise ValueError("published_at must be timezone-aware")
        if (
            self.price_min_fen is not None
            and self.price_max_fen is not None
            and self.price_min_fen > self.price_max_fen
        ):
            raise ValueError("price_min_fen is above price_max_fen")
        # Tuples, so a document is hashable and nobody mutates it after handing it over.
        for name in ("tags", "designation_kinds", "suggest"):
            values = getattr(self, name)
            if isinstance(values, str):  # would silently become a tuple of characters
                raise TypeError(f"{name} must be a sequence of strings, not a string")
            object.__setattr__(self, name, tuple(values))

    @property
    def verified(self) -> bool:
        """Has verified evidence: the ``verified_only`` filter keeps these."""
        return self.verified_designation or self.verified_test_report

    @property
    def tried(self) -> bool:
        """Tried successfully: the ``tried`` filter keeps these."""
        return self.trial_successes > 0


class Sort(enum.StrEnum):
    RELEVANCE = "relevance"
    NEWEST = "newest"
    # Most successful trials first (the accepted green channel trials on record).
    TRIALS = "trials"


class Facet(enum.StrEnum):
    """A facet name is also the name of the ``Filters`` field that narrows by it."""

    CATEGORY = "category"
    TECHNICAL_FIELD = "technical_field"
    REGION = "region"
    DESIGNATION_KINDS = "designation_kinds"
    VENDOR = "vendor"


class Flag(enum.StrEnum):
    """The yes/no filters. A search may count, for each, how many of its hits have it: the total
    the same search would have with that filter switched on."""

    VERIFIED = "verified"
    INSURED = "insured"
    TRIED = "tried"  # tried successfully: at least one accepted trial on record


@dataclass(frozen=True, slots=True, kw_only=True)
class Filters:
    """Narrowing conditions, ANDed together; the values within one facet are ORed."""

    category: AbstractSet[str] = frozenset()
    technical_field: AbstractSet[str] = frozenset()
    region: AbstractSet[str] = frozenset()
    # Any of these designation kinds.
    designation_kinds: AbstractSet[str] = frozenset()
    # Vendor ids.
    vendor: AbstractSet[str] = frozenset()
    # Only listings with a verified designation or a verified test report.
    verified_only: bool = False
    # Only insured listings.
    insured: bool = False
    # Only listings tried successfully (an accepted trial on record).
    tried: bool = False
    # Listings whose price range overlaps [price_min_fen, price_max_fen]; a listing without a
    # price never matches a price filter. Prices are for buyers only: the caller decides who may
    # filter by price.
    price_min_fen: int | None = None
    price_max_fen: int | None = None

    def __post_init__(self) -> None:
        for facet in Facet:
            values = getattr(self, facet.value)
            # One value may be given bare: Filters(category="material").
            chosen = frozenset([values] if isinstance(values, str) else values)
            object.__setattr__(self, facet.value, chosen)
        low, high = _PRICE_LIMITS
        for name in ("price_min_fen", "price_max_fen"):
            bound = getattr(self, name)
            if bound is not None:
                object.__setattr__(self, name, min(max(bound, low), high))

    def values(self, facet: Facet) -> frozenset[str]:
        return getattr(self, facet.value)  # type: ignore[no-any-return]

    def without(self, facet: Facet) -> Filters:
        """These filters minus the one on ``facet``: how that facet's counts are taken."""
        return replace(self, **{facet.value: frozenset()})


@dataclass(frozen=True, slots=True, kw_only=True)
class SearchQuery:
    """A search as a user asked it. Out-of-range paging is clamped, never an error."""

    text: str = ""
    filters: Filters = field(default_factory=Filters)
    sort: Sort = Sort.RELEVANCE
    page: int = 1
    per_page: int = DEFAULT_PER_PAGE
    facets: AbstractSet[Facet] = frozenset()
    # Count the hits having each ``Flag`` (``SearchResult.flags``).
    count_flags: bool = False

    def __post_init__(self) -> None:
        object.__setattr__(self, "sort", Sort(self.sort))
        object.__setattr__(self, "page", max(1, self.page))
        object.__setattr__(self, "per_page", min(max(1, self.per_page), MAX_PER_PAGE))
        object.__setattr__(self, "facets", frozenset(Facet(name) for name in self.facets))

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.per_page


class FacetCount(NamedTuple):
    value: str
    count: int


@dataclass(frozen=True, slots=True)
class Hit:
    id: str
    # The relevance score (with evidence boosts); None when sorted by a column instead.
    score: float | None
    # Field name -> HTML-safe text with <mark>…</mark> around the matched original text. Only
    # fields with a match appear: name_zh, name_en, tags, summary, vendor_name,
    # technical_field_label, description.
    highlights: dict[str, str]
    # The document's ``payload``, as indexed.
    payload: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SearchResult:
    total: int
    hits: list[Hit]
    # Facet name -> (value, count) by count descending, then value. A facet's counts ignore that
    # facet's own filter, so a chosen value keeps its siblings' counts (Elasticsearch's
    # post_filter); every chosen value is listed, with 0 if nothing matches it.
    facets: dict[str, list[FacetCount]]
    page: int
    per_page: int
    # Flag name -> how many hits (under every filter) have it, when the query asked.
    flags: dict[str, int] = field(default_factory=dict)


class Backend(Protocol):
    """What ``market`` calls; every backend passes the contract suite in ``tests/search``.

    Writes are idempotent by ``id``: indexing a document again replaces it. A write made while
    ``rebuild`` runs may land in the index being replaced: the caller replays changes made since
    the rebuild started (the outbox drain does).
    """

    def index_many(self, docs: Iterable[SearchDocument]) -> int:
        """Add or replace documents; visible to this process's searches on return. Returns how
        many were written. Raises ``IndexBusy`` if another writer does not let go in time."""
        ...

    def delete_many(self, ids: Iterable[str]) -> None:
        """Remove documents by id; unknown ids are ignored. Raises ``IndexBusy`` like
        ``index_many``."""
        ...

    def search(self, query: SearchQuery) -> SearchResult:
        """Never raises for anything a user can type."""
        ...

    def suggest(self, prefix: str, limit: int = 10) -> list[str]:
        """Up to ``limit`` names or suggestion phrases with a word starting with ``prefix``."""
        ...

    def rebuild(self, docs: Iterable[SearchDocument]) -> int:
        """Replace the whole index with ``docs`` without a gap: searches see the old index until
        the new one is complete. Returns the number of distinct documents indexed (of an id
        given twice, the last one counts)."""
        ...

    def stats(self) -> dict[str, Any]:
        """At least ``backend`` (its name) and ``documents`` (how many are searchable)."""
        ...

    def close(self) -> None:
        """Release files, threads and connections."""
        ...


def flag_filters(filters: Filters) -> tuple[tuple[Flag, bool], ...]:
    """Each yes/no filter and whether the search asks for it (both backends read this)."""
    return (
        (Flag.VERIFIED, filters.verified_only),
        (Flag.INSURED, filters.insured),
        (Flag.TRIED, filters.tried),
    )
