"""Evidence attached to a product version: claims a reviewer verifies, and documents.

Every claim (designation, test report, IP right, reference deployment, insurance policy) carries
its own review status. Claims belong to one version; a new draft copies them, review status
included, and editing a copied claim sends it back to ``unverified``.
"""

from __future__ import annotations

import enum
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any, ClassVar, Protocol

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from market.catalog.models import ProductVersion
from market.catalog.taxonomy import DesignationKind, IPKind
from market.core.db import UUIDPrimaryKey, db, enum_column, utcnow


class ReviewStatus(enum.StrEnum):
    UNVERIFIED = "unverified"
    VERIFIED = "verified"
    REJECTED = "rejected"


def within(valid_from: date | None, valid_until: date | None, day: date) -> bool:
    """Whether ``day`` falls in a validity period; a missing bound is open."""
    return (valid_from is None or valid_from <= day) and (valid_until is None or day <= valid_until)


class ClaimValidity(Protocol):
    """What badges and the lapse rule read of a claim."""

    @property
    def valid_until(self) -> date | None: ...

    @property
    def is_verified(self) -> bool: ...

    def is_valid_on(self, day: date) -> bool: ...


class EvidenceOf(Protocol):
    """A version's claims as badges and the lapse rule read them: a ``ProductVersion``, or an
    ``EvidenceStanding`` read without loading the claims."""

    @property
    def designations(self) -> Sequence[ClaimValidity]: ...

    @property
    def test_reports(self) -> Sequence[ClaimValidity]: ...

    @property
    def insurance_policies(self) -> Sequence[ClaimValidity]: ...


@dataclass(frozen=True, slots=True)
class ClaimStanding:
    """A claim's review status and validity, read as plain values (test reports have no
    validity: both bounds are None)."""

    review_status: ReviewStatus
    valid_from: date | None
    valid_until: date | None

    @property
    def is_verified(self) -> bool:
        return self.review_status == ReviewStatus.VERIFIED

    def is_valid_on(self, day: date) -> bool:
        return within(self.valid_from, self.valid_until, day)


@dataclass(frozen=True, slots=True)
class EvidenceStanding:
    designations: list[ClaimStanding]
    test_reports: list[ClaimStanding]
    insurance_policies: list[ClaimStanding]


class DocumentVisibility(enum.StrEnum):
    PUBLIC = "public"
    BUYERS = "buyers"


class Claim(UUIDPrimaryKey):
    """Columns and behaviour shared by every reviewable claim."""

    # The name used in URLs and the API ("designations", "test-reports", ...).
    kind_slug: ClassVar[str]
    # Columns the vendor fills; copying and diffing use them.
    content_fields: ClassVar[tuple[str, ...]]

    @declared_attr
    def version_id(cls) -> Mapped[uuid.UUID]:
        return mapped_column(sa.ForeignKey("product_versions.id", ondelete="CASCADE"), index=True)

    @declared_attr
    def review_status(cls) -> Mapped[ReviewStatus]:
        return mapped_column(
            enum_column(ReviewStatus, "review_status"), default=ReviewStatus.UNVERIFIED
        )

    review_note: Mapped[str | None] = mapped_column(sa.Text)

    @declared_attr
    def reviewed_by_id(cls) -> Mapped[uuid.UUID | None]:
        return mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))

    reviewed_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    @declared_attr
    def version(cls) -> Mapped[ProductVersion]:
        return relationship(back_populates=cls.version_backref)

    @declared_attr.directive
    def __table_args__(cls) -> tuple[Any, ...]:
        return (
            sa.CheckConstraint(
                "review_status <> 'rejected' OR review_note IS NOT NULL",
                name="rejection_has_a_reason",
            ),
            *cls.extra_constraints,
        )

    version_backref: ClassVar[str]
    extra_constraints: ClassVar[tuple[Any, ...]] = ()

    @property
    def is_verified(self) -> bool:
        return self.review_status == ReviewStatus.VERIFIED

    def content(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.content_fields}

    def copy_to(self, version: ProductVersion) -> Claim:
        """The same claim on another version, with its review."""
        review = {
            "review_status": self.review_status,
            "review_note": self.review_note,
            "reviewed_by_id": self.reviewed_by_id,
            "reviewed_at": self.reviewed_at,
        }
        return type(self)(version=version, **self.content(), **review)


class Designation(Claim, db.Model):
    """A catalogue listing or recognition: MIIT catalogue, SAMR evaluation, provincial, ..."""

    __tablename__ = "designations"
    kind_slug = "designations"
    version_backref = "designations"
    content_fields = (
        "kind",
        "authority",
        "document_number",
        "catalogue_edition",
        "valid_from",
        "valid_until",
    )
    extra_constraints = (
        sa.CheckConstraint(
            "valid_until IS NULL OR valid_until >= valid_from", name="validity_in_order"
        ),
    )

    kind: Mapped[DesignationKind] = mapped_column(enum_column(DesignationKind, "kind"))
    authority: Mapped[str] = mapped_column(sa.String(200))
    document_number: Mapped[str] = mapped_column(sa.String(100))
    catalogue_edition: Mapped[str | None] = mapped_column(sa.String(100))
    valid_from: Mapped[date]
    valid_until: Mapped[date | None]

    def is_valid_on(self, day: date) -> bool:
        return within(self.valid_from, self.valid_until, day)


class TestReport(Claim, db.Model):
    __tablename__ = "test_reports"
    __test__ = False  # not a pytest test class, despite the name
    kind_slug = "test-reports"
    version_backref = "test_reports"
    content_fields = ("institution", "standard", "report_number", "issued_on", "conclusion")

    institution: Mapped[str] = mapped_column(sa.String(200))
    standard: Mapped[str] = mapped_column(sa.String(200))
    report_number: Mapped[str] = mapped_column(sa.String(100))
    issued_on: Mapped[date]
    conclusion: Mapped[str] = mapped_column(sa.Text)


class IPRight(Claim, db.Model):
    __tablename__ = "ip_rights"
    kind_slug = "ip-rights"
    version_backref = "ip_rights"
    content_fields = ("kind", "number", "title")

    kind: Mapped[IPKind] = mapped_column(enum_column(IPKind, "kind"))
    number: Mapped[str] = mapped_column(sa.String(60))
    title: Mapped[str] = mapped_column(sa.String(300))


class ReferenceDeployment(Claim, db.Model):
    __tablename__ = "reference_deployments"
    kind_slug = "references"
    version_backref = "references"
    content_fields = ("customer", "year", "outcome")
    extra_constraints = (sa.CheckConstraint("year BETWEEN 1949 AND 2100", name="year_plausible"),)

    customer: Mapped[str] = mapped_column(sa.String(200))
    year: Mapped[int]
    outcome: Mapped[str] = mapped_column(sa.Text)


class InsurancePolicy(Claim, db.Model):
    """First-set / first-batch insurance (首台套/首批次保险): the basis of the "insured" badge."""

    __tablename__ = "insurance_policies"
    kind_slug = "insurance"
    version_backref = "insurance_policies"
    content_fields = ("insurer", "policy_number", "coverage", "valid_from", "valid_until")
    extra_constraints = (sa.CheckConstraint("valid_until >= valid_from", name="cover_in_order"),)

    insurer: Mapped[str] = mapped_column(sa.String(200))
    policy_number: Mapped[str] = mapped_column(sa.String(100))
    coverage: Mapped[str] = mapped_column(sa.String(300))
    valid_from: Mapped[date]
    valid_until: Mapped[date]

    def is_valid_on(self, day: date) -> bool:
        return within(self.valid_from, self.valid_until, day)


CLAIM_TYPES: dict[str, type[Claim]] = {
    cls.kind_slug: cls
    for cls in (Designation, TestReport, IPRight, ReferenceDeployment, InsurancePolicy)
}


class StoredFile(db.Model):
    """File bytes, stored once by their SHA-256 (``market.catalog.storage``)."""

    __tablename__ = "stored_files"

    sha256: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    size: Mapped[int] = mapped_column(sa.BigInteger)
    media_type: Mapped[str] = mapped_column(sa.String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)


class Document(UUIDPrimaryKey, db.Model):
    """A file attached to a version, with the name it was uploaded under and who may read it."""

    __tablename__ = "documents"

    version_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("product_versions.id", ondelete="CASCADE"), index=True
    )
    sha256: Mapped[str] = mapped_column(sa.ForeignKey("stored_files.sha256", ondelete="RESTRICT"))
    filename: Mapped[str] = mapped_column(sa.String(200))
    title: Mapped[str] = mapped_column(sa.String(200))
    visibility: Mapped[DocumentVisibility] = mapped_column(
        enum_column(DocumentVisibility, "visibility"), default=DocumentVisibility.PUBLIC
    )
    uploaded_by_id: Mapped[uuid.UUID | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    version: Mapped[ProductVersion] = relationship(back_populates="documents")
    file: Mapped[StoredFile] = relationship()

    content_fields: ClassVar[tuple[str, ...]] = ("sha256", "filename", "title", "visibility")

    def copy_to(self, version: ProductVersion) -> Document:
        return Document(version=version, uploaded_by_id=self.uploaded_by_id, **self.content())

    def content(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in self.content_fields}
