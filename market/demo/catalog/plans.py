"""What the demo catalog generator decides for each listing; ``seed`` carries it out."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from market.catalog.evidence import DocumentVisibility, ReviewStatus
from market.catalog.models import ListingState
from market.catalog.taxonomy import Category
from market.demo.catalog.templates import FieldTemplates, Kind


@dataclass
class PlannedClaim:
    slug: str  # "designations", "test-reports", ...
    data: dict[str, Any]
    review: ReviewStatus = ReviewStatus.VERIFIED
    note: str = ""


@dataclass(frozen=True)
class DocumentPlan:
    """A one-page PDF the vendor attaches."""

    filename: str
    title: str
    visibility: DocumentVisibility
    lines: list[str]


@dataclass
class ListingPlan:
    vendor: str  # DemoOrg key
    login: str  # which of the vendor's people acts ("staff" or "admin")
    category: Category
    content: dict[str, Any]
    claims: list[PlannedClaim]
    state: ListingState
    # Where the listing came from, for later chapters of its story.
    templates: FieldTemplates = field(repr=False)
    kind: Kind = field(repr=False)
    rows: list[tuple[str, str, str]] = field(repr=False)  # specifications: (zh, en, value)
    story: str = ""
    publish_on: date | None = None  # the day it was published, when not today
    feedback: str = ""
    reason: str = ""
    revision: dict[str, Any] = field(default_factory=dict)
    revision_claim: PlannedClaim | None = None
    document: DocumentPlan | None = None
