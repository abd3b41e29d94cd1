"""Products (listings) and their immutable versions.

A product is the vendor's listing and its workflow state; everything a buyer relies on lives in a
``ProductVersion``. A published version never changes again: an edit starts a new draft version,
which is reviewed while the published one stays live (see ``market.catalog.immutability``).
"""

from __future__ import annotations

import enum
import uuid
from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from market.catalog.taxonomy import Category, DeploymentModel, TechnicalField
from market.core.db import UUIDPrimaryKey, Versioned, db, enum_column, utcnow
from market.core.states import StateMachine, Transition

if TYPE_CHECKING:
    from market.accounts.models import Organisation
    from market.catalog.evidence import (
        Designation,
        Document,
        InsurancePolicy,
        IPRight,
        ReferenceDeployment,
        TestReport,
    )


class ListingState(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    CHANGES_REQUESTED = "changes_requested"
    PUBLISHED = "published"
    SUSPENDED = "suspended"
    EXPIRED = "expired"
    WITHDRAWN = "withdrawn"
    DELISTED = "delisted"


_S = ListingState

# States in which the listing has a live version that buyers may see.
LIVE_STATES = frozenset({_S.PUBLISHED, _S.SUSPENDED, _S.EXPIRED})


class VersionStatus(enum.StrEnum):
    DRAFT = "draft"
    SUBMITTED = "submitted"
    CHANGES_REQUESTED = "changes_requested"
    PUBLISHED = "published"  # the live version
    SUPERSEDED = "superseded"  # was live; a later version replaced it
    DISCARDED = "discarded"  # a draft the listing left behind (withdrawn, delisted)


_V = VersionStatus
# Moved only inside the listing's verbs (``market.catalog.states``), never on its own: no
# transition has a permit of its own.
VERSION_STATES: StateMachine[VersionStatus, ProductVersion] = StateMachine(
    "version",
    "status",
    (
        Transition("submit", frozenset({_V.DRAFT, _V.CHANGES_REQUESTED}), _V.SUBMITTED),
        Transition("request_changes", frozenset({_V.SUBMITTED}), _V.CHANGES_REQUESTED),
        Transition("publish", frozenset({_V.SUBMITTED}), _V.PUBLISHED),
        Transition("supersede", frozenset({_V.PUBLISHED}), _V.SUPERSEDED),
        Transition(
            "discard", frozenset({_V.DRAFT, _V.SUBMITTED, _V.CHANGES_REQUESTED}), _V.DISCARDED
        ),
    ),
)

FROZEN_VERSION_STATUSES = frozenset({_V.PUBLISHED, _V.SUPERSEDED})
EDITABLE_VERSION_STATUSES = frozenset({_V.DRAFT, _V.CHANGES_REQUESTED})


class PriceVisibility(enum.StrEnum):
    PUBLIC = "public"
    BUYERS = "buyers"  # shown to signed-in buyers (and the vendor and operator) only


class Product(UUIDPrimaryKey, Versioned, db.Model):
    """A listing. Versioned: two reviewers acting on one listing at once cannot both win."""

    __tablename__ = "products"

    vendor_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    category: Mapped[Category] = mapped_column(enum_column(Category, "category"))
    state: Mapped[ListingState] = mapped_column(enum_column(ListingState, "state"), index=True)
    live_version_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("product_versions.id", use_alter=True, ondelete="SET NULL")
    )
    working_version_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("product_versions.id", use_alter=True, ondelete="SET NULL")
    )
    # Why the operator suspended or delisted the listing; shown to the vendor.
    state_reason: Mapped[str | None] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    vendor: Mapped[Organisation] = relationship()
    live_version: Mapped[ProductVersion | None] = relationship(
        foreign_keys=[live_version_id], post_update=True
    )
    working_version: Mapped[ProductVersion | None] = relationship(
        foreign_keys=[working_version_id], post_update=True
    )
    versions: Mapped[list[ProductVersion]] = relationship(
        foreign_keys="ProductVersion.product_id",
        back_populates="product",
        order_by="ProductVersion.number",
    )

    __table_args__ = (
        sa.CheckConstraint(
            "state NOT IN ('published', 'suspended', 'expired') OR live_version_id IS NOT NULL",
            name="live_states_have_a_live_version",
        ),
        sa.CheckConstraint(
            "state NOT IN ('suspended', 'delisted') OR state_reason IS NOT NULL",
            name="operator_actions_have_a_reason",
        ),
    )

    @property
    def current_version(self) -> ProductVersion:
        """The version the vendor works on, else the live one (what the vendor sees first); a
        listing withdrawn or delisted before it went live has neither, only its last draft."""
        version = self.working_version or self.live_version
        if version is None and self.versions:
            version = self.versions[-1]
        assert version is not None, "every product has at least one version"
        return version

    @property
    def display_name(self) -> str:
        return self.current_version.display_name

    def __repr__(self) -> str:
        return f"<Product {self.id} {self.state}>"


def listing_name(name_zh: str, name_en: str) -> str:
    """How a listing is named on every page: both names (an imported draft may have only its
    Chinese one until the vendor completes it)."""
    return f"{name_zh} / {name_en}" if name_en else name_zh


# Where a version may be incomplete: a draft imported from a published list holds what the
# list gives (names, a field, a line of description) until the vendor completes it. Submitting
# checks completeness (catalog.states, CONTENT_COMPLETE); the CHECKs below hold the rest.
INCOMPLETE_ALLOWED_SQL = "status IN ('draft', 'changes_requested', 'discarded')"


class ProductVersion(UUIDPrimaryKey, db.Model):
    __tablename__ = "product_versions"

    product_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("products.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    status: Mapped[VersionStatus] = mapped_column(enum_column(VersionStatus, "status"))
    # Copied from the product so each version is complete on its own record.
    category: Mapped[Category] = mapped_column(enum_column(Category, "category"))

    name_zh: Mapped[str] = mapped_column(sa.String(200))
    name_en: Mapped[str] = mapped_column(sa.String(200))
    summary: Mapped[str] = mapped_column(sa.String(500))
    description_md: Mapped[str] = mapped_column(sa.Text, default="")
    technical_field: Mapped[TechnicalField] = mapped_column(
        enum_column(TechnicalField, "technical_field")
    )
    tags: Mapped[list[str]] = mapped_column(sa.JSON, default=list)
    region: Mapped[str] = mapped_column(sa.String(6))
    price_min_fen: Mapped[int | None] = mapped_column(sa.BigInteger)
    price_max_fen: Mapped[int | None] = mapped_column(sa.BigInteger)
    price_visibility: Mapped[PriceVisibility] = mapped_column(
        enum_column(PriceVisibility, "price_visibility"), default=PriceVisibility.PUBLIC
    )
    first_sale_date: Mapped[date | None]
    trial_months: Mapped[int | None]
    performance_guarantee: Mapped[str | None] = mapped_column(sa.Text)
    support_terms: Mapped[str | None] = mapped_column(sa.Text)

    # equipment (首台套)
    unit_value_fen: Mapped[int | None] = mapped_column(sa.BigInteger)
    unit_ordinal: Mapped[int | None]
    # material (首批次)
    variety_spec: Mapped[str | None] = mapped_column(sa.String(300))
    minimum_batch: Mapped[str | None] = mapped_column(sa.String(100))
    # software (首版次)
    version_number: Mapped[str | None] = mapped_column(sa.String(40))
    first_release_date: Mapped[date | None]
    deployment_model: Mapped[DeploymentModel | None] = mapped_column(
        enum_column(DeploymentModel, "deployment_model")
    )

    created_by_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    submitted_at: Mapped[datetime | None]
    published_at: Mapped[datetime | None]
    review_feedback: Mapped[str | None] = mapped_column(sa.Text)

    product: Mapped[Product] = relationship(foreign_keys=[product_id], back_populates="versions")
    designations: Mapped[list[Designation]] = relationship(
        back_populates="version", cascade="all, delete-orphan", order_by="Designation.valid_from"
    )
    test_reports: Mapped[list[TestReport]] = relationship(
        back_populates="version", cascade="all, delete-orphan", order_by="TestReport.issued_on"
    )
    ip_rights: Mapped[list[IPRight]] = relationship(
        back_populates="version", cascade="all, delete-orphan", order_by="IPRight.number"
    )
    references: Mapped[list[ReferenceDeployment]] = relationship(
        back_populates="version", cascade="all, delete-orphan", order_by="ReferenceDeployment.year"
    )
    insurance_policies: Mapped[list[InsurancePolicy]] = relationship(
        back_populates="version",
        cascade="all, delete-orphan",
        order_by="InsurancePolicy.valid_from",
    )
    documents: Mapped[list[Document]] = relationship(
        back_populates="version", cascade="all, delete-orphan", order_by="Document.created_at"
    )

    __table_args__ = (
        sa.UniqueConstraint("product_id", "number"),
        sa.CheckConstraint(
            "(price_min_fen IS NULL OR price_min_fen >= 0)"
            " AND (price_max_fen IS NULL OR price_max_fen >= 0)",
            name="prices_not_negative",
        ),
        sa.CheckConstraint(
            "price_min_fen IS NULL OR price_max_fen IS NULL OR price_min_fen <= price_max_fen",
            name="price_range_in_order",
        ),
        sa.CheckConstraint(
            f"{INCOMPLETE_ALLOWED_SQL} OR category <> 'equipment'"
            " OR (unit_value_fen IS NOT NULL AND unit_ordinal IS NOT NULL)",
            name="equipment_has_unit_value_and_ordinal",
        ),
        sa.CheckConstraint(
            "(unit_value_fen IS NULL OR unit_value_fen >= 0)"
            " AND (unit_ordinal IS NULL OR unit_ordinal BETWEEN 1 AND 3)",
            name="unit_value_and_ordinal_in_range",
        ),
        sa.CheckConstraint(
            f"{INCOMPLETE_ALLOWED_SQL} OR category <> 'material' OR variety_spec IS NOT NULL",
            name="material_has_variety",
        ),
        sa.CheckConstraint(
            f"{INCOMPLETE_ALLOWED_SQL} OR category <> 'software'"
            " OR (version_number IS NOT NULL AND deployment_model IS NOT NULL)",
            name="software_has_version_and_deployment",
        ),
        sa.CheckConstraint(
            f"{INCOMPLETE_ALLOWED_SQL} OR (name_en <> '' AND summary <> '' AND region <> '')",
            name="submitted_versions_are_complete",
        ),
        sa.CheckConstraint(
            "(status IN ('published', 'superseded')) = (published_at IS NOT NULL)",
            name="published_versions_have_a_date",
        ),
        sa.CheckConstraint(
            "trial_months IS NULL OR trial_months > 0", name="trial_months_positive"
        ),
    )

    @property
    def display_name(self) -> str:
        return listing_name(self.name_zh, self.name_en)

    @property
    def short_name(self) -> str:
        """The one name a breadcrumb or a title has room for."""
        return self.name_en or self.name_zh

    @property
    def is_frozen(self) -> bool:
        return self.status in FROZEN_VERSION_STATUSES

    @property
    def claims(self) -> list:
        """Every reviewable claim of this version."""
        return [
            *self.designations,
            *self.test_reports,
            *self.ip_rights,
            *self.references,
            *self.insurance_policies,
        ]

    def __repr__(self) -> str:
        return f"<ProductVersion {self.product_id} v{self.number} {self.status}>"
