"""A vendor renamed under the same credit code asks for its new names on My organisation; the
operator checks them against the registration and approves (the names change everywhere, search
included) or declines with a reason the vendor's admins see. One request waits at a time."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from market.accounts.models import NameChangeRequest, NameChangeStatus, OrgKind, Role
from market.core.audit import AuditEvent
from market.core.db import db
from tests.conftest import reload

NEW_ZH = "苏州精工智能装备有限公司"
NEW_EN = "Suzhou Jinggong Intelligent Equipment Co., Ltd."
NOTE = "Suzhou AMR registered the change on 2026-11-20; notice 苏市监变字〔2026〕88号."


@pytest.fixture
def vendor(make_org):
    return make_org(kind=OrgKind.VENDOR, name="Suzhou Old Name CNC")


@pytest.fixture
def vendor_admin(make_user, vendor):
    return make_user(vendor, roles=(Role.ADMIN,))


def ask(client, org, **body):
    return client.post(f"/api/v1/organisations/{org.id}/name-change-requests", json=body)


def decide(client, change_id, **body):
    return client.post(
        f"/api/v1/organisations/name-change-requests/{change_id}/decision", json=body
    )


def test_an_approved_request_renames_the_organisation(
    api_client, vendor, vendor_admin, operator_admin
):
    old_en = vendor.name_en
    asked = ask(api_client(vendor_admin), vendor, name_zh=NEW_ZH, name_en=NEW_EN, note=NOTE)

    assert asked.status_code == 201, asked.text
    assert asked.json["status"] == "pending"
    assert reload(vendor).name_en == old_en  # nothing changes until the operator approves
    again = ask(api_client(vendor_admin), vendor, name_en="Another Name Co., Ltd.", note=NOTE)
    assert again.status_code == 409

    approved = decide(api_client(operator_admin), asked.json["id"], action="approve")

    assert approved.status_code == 200, approved.text
    assert approved.json["status"] == "approved"
    assert (reload(vendor).name_zh, vendor.name_en) == (NEW_ZH, NEW_EN)
    renamed = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.verb == "organisation.renamed")
    ).one()
    assert renamed.before["name_en"] == old_en
    assert NOTE in renamed.after["reason"]
    assert decide(api_client(operator_admin), asked.json["id"], action="approve").status_code == 409


def test_a_declined_request_says_why_and_another_may_follow(
    api_client, as_user, vendor, vendor_admin, operator_admin
):
    asked = ask(api_client(vendor_admin), vendor, name_en=NEW_EN, note=NOTE)

    no_reason = decide(api_client(operator_admin), asked.json["id"], action="decline")
    assert no_reason.status_code == 422
    declined = decide(
        api_client(operator_admin),
        asked.json["id"],
        action="decline",
        reason="The notice names a different credit code.",
    )

    assert declined.json["status"] == "declined"
    assert reload(vendor).name_en != NEW_EN
    page = as_user(vendor_admin).get(f"/organisations/{vendor.id}/members").text
    assert "The notice names a different credit code." in page
    assert ask(api_client(vendor_admin), vendor, name_en=NEW_EN, note=NOTE).status_code == 201


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name_en": NEW_EN}, "note"),
        ({"name_en": NEW_EN, "note": "  "}, "note"),
        ({"name_zh": "", "note": NOTE}, "name_zh"),
        ({"note": NOTE}, "name_en"),  # the present names again
    ],
)
def test_a_request_needs_new_names_and_a_note(api_client, vendor, vendor_admin, body, field):
    response = ask(api_client(vendor_admin), vendor, **body)

    assert response.status_code == 422
    assert field in response.json["error"]["fields"]
    assert db.session.scalars(sa.select(NameChangeRequest)).all() == []


@pytest.mark.parametrize(
    ("who", "asking", "deciding", "listing"),
    [
        ("vendor_staff", 403, 404, 403),
        ("other_admin", 404, 404, 404),
        ("reviewer", 404, 404, 404),
        ("operator_admin", 404, 200, 200),  # decides, but does not ask for others
    ],
)
def test_who_asks_who_decides(
    api_client, make_org, make_user, operator_admin, vendor, vendor_admin,
    who, asking, deciding, listing,
):  # fmt: skip
    users = {
        "vendor_staff": lambda: make_user(vendor, roles=(Role.STAFF,)),
        "other_admin": lambda: make_user(make_org(kind=OrgKind.VENDOR), roles=(Role.ADMIN,)),
        "reviewer": lambda: make_user(make_org(kind=OrgKind.OPERATOR), roles=(Role.REVIEWER,)),
        "operator_admin": lambda: operator_admin,
    }
    waiting = ask(api_client(vendor_admin), vendor, name_en=NEW_EN, note=NOTE).json["id"]
    client = api_client(users[who]())

    assert ask(client, vendor, name_zh=NEW_ZH, note=NOTE).status_code == asking
    assert decide(client, waiting, action="approve").status_code == deciding
    listed = client.get(f"/api/v1/organisations/{vendor.id}/name-change-requests")
    assert listed.status_code == listing
    assert ask(api_client(None), vendor, name_en=NEW_EN, note=NOTE).status_code == 401
    assert (reload(vendor).name_en == NEW_EN) == (deciding == 200)


def test_the_admin_asks_and_the_operator_approves_on_the_pages(
    as_user, vendor, vendor_admin, operator_admin
):
    admin = as_user(vendor_admin)
    members = admin.get(f"/organisations/{vendor.id}/members").text
    url = f"/organisations/{vendor.id}/name-change"
    assert url in members

    refused = admin.post(url, data={"name_zh": NEW_ZH, "name_en": NEW_EN, "note": ""})
    assert refused.status_code == 422
    assert "This field is required." in refused.text
    asked = admin.post(
        url, data={"name_zh": NEW_ZH, "name_en": NEW_EN, "note": NOTE}, follow_redirects=True
    )
    assert "Your request is with the platform operator." in asked.text
    assert "Name change waiting for the operator" in asked.text

    operator = as_user(operator_admin)
    queue = operator.get("/operator/organisations").text
    change = db.session.scalars(sa.select(NameChangeRequest)).one()
    assert NOTE in queue
    approve = f"/operator/name-changes/{change.id}/approve"
    assert approve in queue
    assert admin.post(approve).status_code == 404  # the vendor cannot approve its own

    done = operator.post(approve, follow_redirects=True)

    assert f"The names are saved: {NEW_ZH} ({NEW_EN})." in done.text
    assert reload(change).status == NameChangeStatus.APPROVED
    assert (reload(vendor).name_zh, vendor.name_en) == (NEW_ZH, NEW_EN)


def test_the_name_change_page_is_403_to_members_and_404_outside(
    as_user, make_org, make_user, vendor
):
    url = f"/organisations/{vendor.id}/name-change"

    assert as_user(make_user(vendor, roles=(Role.STAFF,))).get(url).status_code == 403
    assert as_user(make_user(make_org(), roles=(Role.ADMIN,))).get(url).status_code == 404


def test_two_admins_asking_at_once_get_one_request_and_a_409(
    api_client, monkeypatch, vendor, vendor_admin
):
    assert ask(api_client(vendor_admin), vendor, name_en=NEW_EN, note=NOTE).status_code == 201
    # The second asked before the first committed: its look for a waiting request saw none.
    monkeypatch.setattr("market.accounts.name_changes.pending_name_change", lambda org: None)

    second = ask(api_client(vendor_admin), vendor, name_zh=NEW_ZH, note=NOTE)

    assert second.status_code == 409
    assert len(db.session.scalars(sa.select(NameChangeRequest)).all()) == 1


def test_the_operator_declines_on_the_page_only_with_a_reason(
    api_client, as_user, vendor, vendor_admin, operator_admin
):
    ask(api_client(vendor_admin), vendor, name_en=NEW_EN, note=NOTE)
    change = db.session.scalars(sa.select(NameChangeRequest)).one()
    url = f"/operator/name-changes/{change.id}/decline"
    operator = as_user(operator_admin)

    blank = operator.post(url, data={"reason": ""}, follow_redirects=True)
    assert "Give a reason to decline a name change." in blank.text
    assert reload(change).status == NameChangeStatus.PENDING

    done = operator.post(url, data={"reason": "Not the registered name."}, follow_redirects=True)

    assert "is declined." in done.text
    assert reload(change).status == NameChangeStatus.DECLINED
    assert reload(change).decline_reason == "Not the registered name."
    assert 'id="name-changes"' not in done.text  # the queue is empty again
