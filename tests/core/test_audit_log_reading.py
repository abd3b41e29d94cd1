"""The audit log reads as words (issue 13, item 7): changes as "field: old → new" in the page's
language, Chinese as Chinese, objects linked where the reader may open them, times in Beijing
time, named, and day filters on Beijing days; a fixed number of queries a page."""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime

import sqlalchemy as sa

from market.accounts import services
from market.accounts.models import OrgKind, OrgStatus, Role
from market.catalog.models import ListingState
from market.core.audit import Actor, AuditEvent
from market.core.db import db


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_a_change_reads_field_old_new_in_english_and_chinese(as_user, make_org, make_user):
    operator_admin = make_user(make_org(kind=OrgKind.OPERATOR), roles=(Role.ADMIN,))
    vendor_org = make_org(kind=OrgKind.VENDOR, status=OrgStatus.PENDING, name="Pump Maker")
    services.approve_organisation(vendor_org, Actor(user=operator_admin))
    browser = as_user(operator_admin)

    english = text_of(browser.get("/operator/audit?verb=organisation.approve").text)
    browser.get("/language/zh")
    chinese = browser.get("/operator/audit?verb=organisation.approve").text

    assert "Organisation approved" in english
    assert "Status Pending review → Active" in english
    assert '"status"' not in english  # no raw JSON
    assert "批准组织" in chinese
    assert "待审核</del> → <ins" in chinese
    assert "有效</ins>" in chinese


def test_chinese_values_are_shown_as_chinese_not_escapes(as_user, make_org, make_user):
    operator_admin = make_user(make_org(kind=OrgKind.OPERATOR), roles=(Role.ADMIN,))
    org = make_org(kind=OrgKind.BUYER, name="Renamed Buyer")
    services.rename_organisation(
        org,
        name_zh="国家能源投资集团有限责任公司",
        name_en="China Energy Investment Corporation",
        reason="营业执照变更",
        actor=Actor(user=operator_admin),
    )

    page = as_user(operator_admin).get("/operator/audit?verb=organisation.renamed").text

    assert "国家能源投资集团有限责任公司" in page
    assert "\\u56fd" not in page


def test_objects_link_to_their_pages_only_where_the_reader_may_open_them(
    as_user, make_org, make_user, make_product, vendor, vendor_staff
):
    operator_admin = make_user(make_org(kind=OrgKind.OPERATOR), roles=(Role.ADMIN,))
    vendor_admin = make_user(vendor, roles=(Role.ADMIN,))
    published = make_product(state=ListingState.PUBLISHED, name_en="Published pump")
    draft = make_product(state=ListingState.DRAFT, name_en="Secret draft pump")

    vendor_page = as_user(vendor_admin).get(f"/organisations/{vendor.id}/audit").text
    operator_page = as_user(operator_admin).get("/operator/audit?verb=product.created").text

    assert f'href="/products/{published.id}"' in vendor_page
    assert f'href="/products/{draft.id}"' in vendor_page  # the vendor's own draft
    assert f'href="/products/{published.id}"' in operator_page
    assert f'href="/products/{draft.id}"' not in operator_page  # never submitted: 404 for them
    assert "Secret draft pump" in operator_page  # named, as the event itself names it
    assert f'href="/organisations/{vendor.id}/members"' in vendor_page  # its members, for its admin


def _event_at(moment: datetime, org_id: uuid.UUID) -> None:
    db.session.add(
        AuditEvent(
            verb="organisation.suspend",
            object_type="Organisation",
            object_id=str(org_id),
            organisation_id=org_id,
            occurred_at=moment,
            before={"status": "active"},
            after={"status": "suspended", "reason": "检查"},
        )
    )
    db.session.commit()


def test_times_are_beijing_time_named_and_days_are_beijing_days(as_user, make_org, make_user):
    operator_admin = make_user(make_org(kind=OrgKind.OPERATOR), roles=(Role.ADMIN,))
    org = make_org(kind=OrgKind.VENDOR)
    # 17:30 UTC on the 5th is 01:30 on the 6th in Beijing.
    _event_at(datetime(2026, 12, 5, 17, 30, tzinfo=UTC), org.id)
    browser = as_user(operator_admin)

    page = browser.get("/operator/audit?verb=organisation.suspend").text
    on_the_6th = browser.get("/operator/audit?verb=organisation.suspend&since=2026-12-06").text
    on_the_5th = browser.get(
        "/operator/audit?verb=organisation.suspend&since=2026-12-05&until=2026-12-05"
    ).text

    assert "2026-12-06 01:30:00" in page
    assert 'datetime="2026-12-05T17:30:00Z"' in page
    assert "Beijing time (UTC+8)" in page
    assert "1 event" in on_the_6th
    assert "No events match." in on_the_5th


def test_the_listing_history_names_the_zone_too(as_user, make_product, vendor_staff):
    product = make_product(state=ListingState.PUBLISHED)

    page = as_user(vendor_staff).get(f"/products/{product.id}").text

    assert "Times are Beijing time (UTC+8)." in page
    assert "<time datetime=" in page


def test_a_page_of_events_takes_the_same_queries_for_5_events_as_for_40(
    as_user, make_org, make_user
):
    operator_admin = make_user(make_org(kind=OrgKind.OPERATOR), roles=(Role.ADMIN,))
    browser = as_user(operator_admin)

    def statements_for_page_with(count: int) -> int:
        while (
            db.session.scalar(
                sa.select(sa.func.count())
                .select_from(AuditEvent)
                .where(AuditEvent.verb == "user.created")
            )
            < count
        ):
            org = make_org(kind=OrgKind.BUYER)
            make_user(org, roles=(Role.ADMIN,))
        seen: list[str] = []
        listener = lambda *args: seen.append(args[2])  # noqa: E731
        connection = db.session.get_bind()  # the tests' one connection, which requests share
        sa.event.listen(connection, "before_cursor_execute", listener)
        try:
            response = browser.get("/operator/audit?verb=user.created")
        finally:
            sa.event.remove(connection, "before_cursor_execute", listener)
        assert response.status_code == 200
        assert response.text.count('class="list-group-item audit-event') >= count
        return len(seen)

    assert statements_for_page_with(5) == statements_for_page_with(40)
