"""``flask seed-demo`` fills the catalog: some 330 bilingual listings in every category, field and
state, moved there by the real workflow, and a second run adds nothing."""

import re
from datetime import date

import sqlalchemy as sa

from market.accounts.models import User
from market.catalog.evidence import Designation, Document, IPRight, StoredFile, TestReport
from market.catalog.models import ListingState, Product, ProductVersion
from market.catalog.queries import public_listings, review_queue
from market.catalog.rules import designations_lapsed
from market.catalog.taxonomy import Category, TechnicalField
from market.core.audit import AuditEvent
from market.core.db import business_today, db
from market.demo.catalog.generate import plan_catalog

CHINESE = re.compile(r"[\u4e00-\u9fff]")
SPREAD = {
    ListingState.DRAFT,
    ListingState.SUBMITTED,
    ListingState.CHANGES_REQUESTED,
    ListingState.PUBLISHED,
    ListingState.SUSPENDED,
    ListingState.EXPIRED,
    ListingState.WITHDRAWN,
}


def count(model):
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_seed_demo_builds_the_demo_catalog_once(app, db_session, document_storage):
    runner = app.test_cli_runner()

    first = runner.invoke(args=["seed-demo", "--quiet"])

    assert first.exit_code == 0, first.output
    assert "catalog: 30/" in first.output
    products = list(db.session.scalars(sa.select(Product)))
    assert len(products) >= 300
    assert f"{len(products)} listings created" in first.output
    assert {p.state for p in products} >= SPREAD

    today = business_today()
    published = [p for p in products if p.state == ListingState.PUBLISHED]
    assert len(published) > len(products) // 2
    live = [p.live_version for p in published]
    assert {v.technical_field for v in live} == set(TechnicalField)
    assert {v.category for v in live} == set(Category)
    for version in live:
        evidence = [*version.designations, *version.test_reports]
        assert any(claim.is_verified for claim in evidence), version.display_name
        assert not designations_lapsed(version, today), version.display_name
    # Every published listing is what the public catalogue shows.
    assert db.session.scalar(
        sa.select(sa.func.count()).select_from(public_listings(today=today).subquery())
    ) == len(published)

    expired = [p for p in products if p.state == ListingState.EXPIRED]
    assert expired
    for product in expired:
        assert product.live_version.designations
        assert designations_lapsed(product.live_version, today)

    versions = list(db.session.scalars(sa.select(ProductVersion)))
    for version in versions:
        assert CHINESE.search(version.name_zh), version.name_zh
        assert re.search("[A-Za-z]", version.name_en), version.name_en
        assert not CHINESE.search(version.name_en), version.name_en
        text = " ".join((version.name_zh, version.name_en, version.summary, version.description_md))
        assert "lorem" not in text.lower()
        assert len(version.summary) <= 500
    names = [(p.current_version.name_zh, p.current_version.name_en) for p in products]
    assert len(set(names)) == len(names)

    # The real workflow wrote the history: versions after an edit, a review queue, evidence.
    assert any(p.live_version and p.live_version.number == 2 for p in published)
    assert any(p.working_version for p in published)
    assert db.session.scalars(review_queue()).first() is not None
    assert count(Designation) > len(products)
    assert count(TestReport) > len(products) // 2
    ip_numbers = db.session.scalars(sa.select(IPRight.number)).all()
    assert any(re.fullmatch(r"ZL\d{12}\.[\dX]", n) for n in ip_numbers)
    assert any(re.fullmatch(r"\d{4}SR\d{7}", n) for n in ip_numbers)
    reviewer = db.session.scalar(sa.select(User).where(User.email == "reviewer@operator.demo"))
    published_events = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.verb == "product.published")
    ).all()
    assert {e.actor_user_id for e in published_events} == {reviewer.id}
    published_versions = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(ProductVersion)
        .where(ProductVersion.published_at.isnot(None))
    )
    assert len(published_events) == published_versions
    stored = db.session.scalars(sa.select(StoredFile)).all()
    assert stored
    assert {f.media_type for f in stored} == {"application/pdf"}
    assert count(Document) >= len(stored)
    assert any(document_storage.rglob(stored[0].sha256))

    before = (count(Product), count(ProductVersion), count(AuditEvent))
    second = runner.invoke(args=["seed-demo", "--quiet"])

    assert second.exit_code == 0, second.output
    assert "demo data present" in second.output
    assert "catalog:" not in second.output
    assert (count(Product), count(ProductVersion), count(AuditEvent)) == before


def test_the_demo_catalog_is_the_same_every_time():
    day = date(2026, 3, 1)

    first, second = plan_catalog(day), plan_catalog(day)

    def catalog(plans):
        return [(p.content, p.state, p.story, [c.data for c in p.claims]) for p in plans]

    assert catalog(first) == catalog(second)
