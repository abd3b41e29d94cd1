"""What a listing's evidence must hold to be submitted, published or stay published: the rules
the workflow's guards (``market.catalog.states``) and the search index read."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask_babel import gettext as _

from market.catalog.evidence import Designation, EvidenceOf, ReviewStatus
from market.catalog.models import ProductVersion


def has_core_evidence(version: ProductVersion) -> bool:
    """At least one designation or test report, verified or not: what publishing rests on, so
    what submitting needs too (verifying it is the reviewer's part)."""
    return bool(version.designations or version.test_reports)


def publication_problems(version: ProductVersion, today: date) -> list[str]:
    """Why ``version`` cannot be published yet; empty when it can."""
    problems = []
    if not has_core_evidence(version):
        problems.append(_("A listing needs at least one designation or test report."))
    elif not any(c.is_verified for c in [*version.designations, *version.test_reports]):
        problems.append(_("Verify at least one designation or test report first."))
    unreviewed = [c for c in version.claims if c.review_status == ReviewStatus.UNVERIFIED]
    if unreviewed:
        problems.append(
            _("Verify or reject every claim first (%(n)d not reviewed).", n=len(unreviewed))
        )
    if designations_lapsed(version, today):
        problems.append(_("Every designation of this version has lapsed."))
    return problems


def designations_lapsed(version: EvidenceOf, today: date) -> bool:
    """True when the version has designations and every one has ended before ``today``."""
    return bool(version.designations) and all(
        d.valid_until is not None and d.valid_until < today for d in version.designations
    )


def lapsed_clause(today: date) -> sa.ColumnElement[bool]:
    """SQL twin of ``designations_lapsed`` for the version joined as ProductVersion."""
    has_any = sa.exists().where(Designation.version_id == ProductVersion.id)
    has_valid = sa.exists().where(
        Designation.version_id == ProductVersion.id,
        sa.or_(Designation.valid_until.is_(None), Designation.valid_until >= today),
    )
    return sa.and_(has_any, ~has_valid)
